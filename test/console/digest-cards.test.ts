// The console's digest preview offers the same account cards as Slack's (issue 14, item 6): the risk part's card
// menu becomes numbered choices, and a number shows that account's card through the same service as the Slack pick.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConsole } from "../../src/console/console.js";
import { openHarness, type Harness } from "../services/harness.js";

describe("digest preview in the console", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness("sqlite", () => new Date());
  });
  afterAll(async () => h?.close());

  async function session(lines: string[]): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = "";
    output.setEncoding("utf8").on("data", (d: string) => {
      out += d;
    });
    input.end([...lines, "exit", ""].join("\n"));
    await runConsole({ deps: h.deps, input, output, defaultLocale: "zh-CN", overview: false });
    return out;
  }

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
});
