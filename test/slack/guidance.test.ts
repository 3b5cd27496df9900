// Replies that tell a user what to do next (issue 13): a funnel without a target, a typo, an ambiguous `set`, and
// errors in the user's language. Through the real Bolt app over HTTP with signed requests, on SQLite, and on
// PostgreSQL when the test server answers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "../../src/store/index.js";
import { REP, REP2, SALES, WS, postgres, startHarness, type Harness } from "./harness.js";

function guidanceSuite(provider: Provider): void {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider });
    await h.slash("lang en", { user: REP2 });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    h.slack.reset();
  });

  describe("funnel without a target", () => {
    it("says that no target is set for the period and how to set one, with no gap and no 'target reached'", async () => {
      const { text } = await h.slash("funnel 2031");
      expect(text).toContain("2031 还没有设定目标");
      expect(text).toMatch(/\/kvalue target \S+ 3000万 2031/);
      expect(text).not.toContain(":tada:");
      expect(text).not.toContain("已达成目标");
      expect(text).not.toContain("缺口 G");
      expect(text).toContain("在手商机");
    });

    it("says the same in English", async () => {
      const { text } = await h.slash("funnel 2031", { user: REP2 });
      expect(text).toContain("No target is set for 2031");
      expect(text).toMatch(/\/kvalue target \S+ 30M 2031/);
      expect(text).not.toContain("Target reached");
      expect(text).not.toContain("Gap G");
    });

    it("once the target is set, shows it and the gap", async () => {
      const team = await h.store.db.team.findFirstOrThrow({ where: { workspaceId: WS, channelId: SALES } });
      await h.slash(`target ${team.name} 3000万 2031`);
      const { text } = await h.slash("funnel 2031", { user: REP });
      expect(text).not.toContain("还没有设定目标");
      expect(text).toContain("3,000万");
      expect(text).toContain("缺口 G");
    });
  });
}

describe("on SQLite", () => guidanceSuite("sqlite"));
describe.skipIf(!postgres)("on PostgreSQL", () => guidanceSuite("postgresql"));
