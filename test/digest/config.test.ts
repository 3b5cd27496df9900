// The digest's settings come through the same env parsing as src/config.ts: a bad value is one line naming it.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { loadDigestConfig } from "../../src/features/digest/config.js";

describe("digest configuration", () => {
  it("reads the defaults and the variables it is given", () => {
    const c = loadDigestConfig({
      KVALUE_DIGEST_LEASE_MS: "5000",
      KVALUE_DIGEST_CHARTS: "off",
      KVALUE_DIGEST_TEST_PAUSE: "posting:300",
    });
    expect(c).toMatchObject({
      enabled: true,
      leaseMs: 5000,
      intervalMs: 30_000,
      maxAttempts: 6,
      charts: false,
      testPause: { at: "posting", ms: 300 },
    });
  });

  it("stops on a bad value with one line naming the variable, like the app's own settings", () => {
    expect(() => loadDigestConfig({ KVALUE_DIGEST_LEASE_MS: "soon" })).toThrow(ConfigError);
    expect(() => loadDigestConfig({ KVALUE_DIGEST_LEASE_MS: "soon" })).toThrow(/^KVALUE_DIGEST_LEASE_MS: /);
    expect(() => loadDigestConfig({ KVALUE_DIGEST_TEST_PAUSE: "later" })).toThrow(
      /^KVALUE_DIGEST_TEST_PAUSE: expected claimed:<ms> or posting:<ms>$/,
    );
    expect(() => loadConfig({ PORT: "http" })).toThrow(/^PORT: /);
  });
});
