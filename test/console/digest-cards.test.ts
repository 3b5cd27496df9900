// The console's digest preview offers the same account cards as Slack's (issue 14, item 6): the risk part's card
// menu becomes numbered choices, and a number shows that account's card through the same service as the Slack pick.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleSession } from "../support/console.js";
import { openHarness, type Harness } from "../services/harness.js";

describe("digest preview in the console", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness("sqlite", () => new Date());
  });
  afterAll(async () => h?.close());

  const session = (lines: string[]): Promise<string> => consoleSession(h.deps, lines);

  it.each([
    ["zh-CN", [], "打开客户卡片", "价值分 V"],
    ["en", ["lang en"], "Open an account card", "Value score V"],
  ] as const)(
    "%s: lists the risk lines' accounts by number, and a number shows that card",
    async (_l, pre, menu, v) => {
      const out = await session([...pre, "digest preview", "2"]);
      // One menu per part with account lines (the bridge's, then the risks'), numbered on from one to the next.
      const lines = [...out.matchAll(new RegExp(`^ {2}${menu}: (.+)$`, "gm"))].map((m) => m[1] ?? "");
      const picksOf = (line: string) =>
        [...line.matchAll(/\[(\d+)\] (.+?)(?= {2}\[|$)/g)].map((m) => ({ n: Number(m[1]), name: m[2] ?? "" }));
      expect(lines).toHaveLength(2);
      expect(picksOf(lines.at(-1) ?? "").length).toBeGreaterThan(1); // the risk lines' accounts
      const picks = lines.flatMap(picksOf);
      expect(picks.map((p) => p.n)).toEqual(picks.map((_, i) => i + 1));
      const second = picks.find((p) => p.n === 2);
      expect(second).toBeDefined();
      // What follows the digest: the card of the account picked by number.
      const card = out.slice(out.indexOf("\n", out.lastIndexOf(menu)));
      expect(card).toContain(`== ${second?.name ?? "?"} ==`);
      expect(card).toContain(v);
    },
  );

  // The demo's deals move within the last week whatever the weekday: the first preview's bridge is never empty (it
  // was from Monday to Wednesday, when the last moves lay 10–12 days back, before last week's snapshot).
  it.each([7, 8, 9, 10, 11, 12, 13])("on 2026-12-%i the demo's first preview has deals in the bridge", async (day) => {
    const at = await openHarness("sqlite", () => new Date(Date.UTC(2026, 11, day, 2)));
    try {
      const out = await consoleSession(at.deps, ["lang en", "digest preview"]);
      expect(out).toContain("Snapshot 7 Dec 2026 vs 30 Nov 2026");
      expect(out).not.toContain("No deal in this period's pipeline changed.");
      expect(out).toMatch(/Advanced \d+ \+¥/);
    } finally {
      await at.close();
    }
  });
});
