// The release bundle (issue 12 item 3): `npm run release`'s tarball, unpacked in a temporary folder and run with
// only `node` on PATH. Built once here (about 1–2 minutes), or taken from KVALUE_RELEASE_TARBALL (.ci/run builds it
// first and passes it in).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRelease, releaseName } from "../../scripts/release.js";
import {
  httpModeEnv,
  kvalueIn,
  signedUrlVerification,
  startBundle,
  unpackRelease,
  type Unpacked,
} from "../../scripts/release-smoke.js";
import { signRequest } from "../support/slack-request.js";

const golden = (name: string) => fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
let bundle: Unpacked;

beforeAll(() => {
  const tarball = process.env.KVALUE_RELEASE_TARBALL || buildRelease();
  expect(path.basename(tarball)).toBe(`${releaseName()}.tar.gz`);
  bundle = unpackRelease(tarball);
}, 900_000);

// removing ~600 MB of unpacked dependencies takes a while on a busy disk
afterAll(() => bundle?.remove(), 300_000);

describe("the release bundle", () => {
  it("holds the compiled code, production dependencies only, the migrations, the data model and the offline engine", () => {
    const has = (p: string) => fs.existsSync(path.join(bundle.dir, p));
    for (const p of [
      "start",
      "kvalue",
      "bin/kvalue.js",
      "dist/src/main.js",
      "dist/src/cli/main.js",
      "docs/kvalue.service",
      "prisma/sqlite/migrations/migration_lock.toml",
      "prisma/postgresql/migrations/migration_lock.toml",
      "prisma/sqlite/generated/datamodel.json",
      "prisma/postgresql/generated/datamodel.json",
      "prisma/engine/schema-engine.mjs",
      "node_modules/@prisma/schema-engine-wasm",
      "node_modules/@prisma/client",
      "node_modules/better-sqlite3/build/Release/better_sqlite3.node",
    ]) {
      expect(has(p), p).toBe(true);
    }
    // dev dependencies and sources stay out
    for (const p of ["node_modules/vitest", "node_modules/@biomejs/biome", "node_modules/tsx", "src", "test"]) {
      expect(has(p), p).toBe(false);
    }
    expect(fs.statSync(path.join(bundle.dir, "start")).mode & 0o111).not.toBe(0);
  });

  // Each step starts a fresh Node process on a cold bundle: generous timeouts for a loaded machine.

  it("runs kvalue assess on a golden file with node alone", () => {
    const r = kvalueIn(bundle, ["assess", golden("assess-abc.input.json")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toStrictEqual(JSON.parse(fs.readFileSync(golden("assess-abc.expected.json"), "utf8")));
  }, 120_000);

  it("migrates a new SQLite database, and knows it is up to date afterwards", () => {
    const env = { DATABASE_URL: `file:${path.join(bundle.scratch, "migrate.db")}` };
    const first = kvalueIn(bundle, ["migrate"], env);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const names = fs.readdirSync(path.join(bundle.dir, "prisma/sqlite/migrations")).filter((n) => /^\d+_/.test(n));
    expect(first.stdout).toBe(`applied ${names.sort().join(", ")}\n`);
    expect(kvalueIn(bundle, ["migrate"], env).stdout).toBe("the database is up to date\n");
  }, 240_000);

  it("starts the HTTP server against a temporary SQLite file; it answers signed Slack requests and stops on SIGTERM", async () => {
    const secret = "bundle-test-secret";
    const running = await startBundle(bundle, httpModeEnv(bundle, secret));
    try {
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
      // The database answers and every migration shipped in the bundle is applied; Slack (a discard port here) has
      // not verified the bot token, which is all that keeps it from ready.
      const ready = await fetch(`${running.url}/readyz`);
      expect({ status: ready.status, body: await ready.json() }).toEqual({
        status: 503,
        body: { status: "slack_unverified" },
      });
      const ok = await signedUrlVerification(running.url, secret, "c-42");
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("c-42");
      // a request signed with another secret is refused: the signature check is live in the bundle
      const body = JSON.stringify({ type: "url_verification", challenge: "x" });
      const forged = await fetch(`${running.url}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/json", ...signRequest("not-the-secret", body) },
        body,
      });
      expect(forged.status).toBe(401);
    } finally {
      expect(await running.stop()).toBe(0);
    }
    expect(fs.existsSync(path.join(bundle.scratch, "server.db"))).toBe(true);
  }, 240_000);
});
