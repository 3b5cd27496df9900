// The local console: a note logged from an account card becomes a proposal shown as text, and Confirm, typed
// as its number, writes it (source assistant, the note as reference). Driven in-process like a person typing.
import { PassThrough, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL, runConsole } from "../../src/console/console.js";
import { extraction, startWorld, type World } from "./support.js";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

class Screen extends Writable {
  text = "";
  private seen = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString("utf8");
    done();
  }
  /** What appeared since the last read, once a prompt waits for input. */
  async next(timeoutMs = 10_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const fresh = this.text.slice(this.seen);
      if (/(kvalue> | {2}> |: )$/.test(fresh)) {
        this.seen = this.text.length;
        return fresh;
      }
      if (Date.now() > end) throw new Error(`no prompt; screen:\n${fresh.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

const choice = (screen: string, label: string): string => new RegExp(`\\[(\\d+)\\] ${label}`).exec(screen)?.[1] ?? "?";

describe("the console", () => {
  it("turns a logged note into a proposal and writes it on the typed Confirm", async () => {
    const input = new PassThrough();
    const screen = new Screen();
    const done = runConsole({ deps: w.deps, input, output: screen, defaultLocale: "zh-CN", overview: false });
    await screen.next();
    input.write("省大数据局\n");
    const card = await screen.next();
    input.write(`${choice(card, "记录备注")}\n`);
    await screen.next();
    w.ai.script({
      json: extraction({
        account: "省大数据局",
        facts: [{ field: "reference_value", value: "national", evidence: "成了国家级标杆" }],
      }),
    });
    input.write("省大数据局的一网通办成了国家级标杆\n");
    const proposal = await screen.next();
    expect(proposal).toContain("建议更新：东江省大数据管理局");
    expect(proposal).toContain("标杆价值：省级标杆 → 国家级标杆");
    const before = await w.store.db.factChange.count({ where: { source: "assistant" } });
    expect(before).toBe(0);
    input.write(`${choice(proposal, "确认写入")}\n`);
    const result = await screen.next();
    expect(result).toContain("已写入");
    const rows = await w.store.db.factChange.findMany({
      where: { source: "assistant", workspaceId: LOCAL.workspaceId },
    });
    expect(rows.map((r) => r.field)).toEqual(["reference_value"]);
    expect(rows[0]?.sourceRef).toMatch(/^note:/);
    input.end();
    await done;
  });

  it("in English, drops a figure the note did not write (25% read as 2.5%) and says why", async () => {
    const input = new PassThrough();
    const screen = new Screen();
    const done = runConsole({ deps: w.deps, input, output: screen, defaultLocale: "en", overview: false });
    await screen.next();
    input.write("省电力\n");
    const card = await screen.next();
    input.write(`${choice(card, "Log a note")}\n`);
    await screen.next();
    w.ai.script({
      json: extraction({
        account: "省电力",
        facts: [
          { field: "gross_margin_pct", value: "2.5%", evidence: "gross margin 25%" },
          { field: "wallet_annual", value: "30万", evidence: "annual IT budget 130万" },
        ],
      }),
    });
    input.write("省电力: gross margin 25%, annual IT budget 130万\n");
    const shown = await screen.next();
    expect(shown).toContain("gross_margin_pct=2.5% (the number is not written in the note)");
    expect(shown).toContain("wallet_annual=30万 (the number is not written in the note)");
    expect(shown).not.toContain("Confirm");
    input.end();
    await done;
  });
});
