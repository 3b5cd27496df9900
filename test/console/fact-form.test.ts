// The console's 更新信息 form (issue 13, item 9): a wrong answer is asked again with the reason and the field keeps
// its value, money is shown in the card's unit (万) and read in any form `set` reads, the form ends with the
// "V a → b" line `set` prints, and leaving the form (end of input, Ctrl-D on a terminal) writes nothing.
// The real `npm start` process (dist/src/main.js) with no Slack credentials, from a pipe and from a terminal.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Session, TtySession, withStore } from "./session.js";

const DSJ = "东江省大数据管理局";
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-fact-form-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory (the demo loads on first start), the card of DSJ, and its 更新信息 choice taken. */
async function openForm(s: Session): Promise<string> {
  await s.prompt(90_000); // the first start loads the demo, slow on a loaded machine
  s.type(DSJ);
  const card = await s.prompt();
  expect(card).toContain("我方近12月收入 680万");
  s.type(/\[(\d+)\] 更新信息/.exec(card)?.[1] ?? "");
  const first = await s.prompt();
  expect(first).toContain("== 更新客户信息 ==");
  return first;
}

const facts = (cwd: string) =>
  withStore(cwd, async ({ db }) => {
    const row = await db.account.findFirstOrThrow({ where: { name: DSJ } });
    const audit = await db.factChange.count({ where: { accountId: row.id, source: "console" } });
    return { customerType: row.customerType, revenue: row.revenueTtm, margin: row.grossMarginPct, audit };
  });

describe("the console's update-facts form", () => {
  it("asks a wrong answer again with the reason, shows money in 万, reads 7.5百万 and ends with the V line", async () => {
    const cwd = fs.mkdtempSync(path.join(dir, "typo-"));
    const s = new Session(cwd);
    let prompt = await openForm(s);
    // 客户类型: "abc" is not an option; it is asked again and the current value stays selected.
    expect(prompt).toMatch(/客户类型\n[\s\S]*政府机关 {2}←[\s\S]* {2}> $/);
    s.type("abc");
    prompt = await s.prompt();
    expect(prompt).toMatch(/! 请输入 1–\d+ 的编号或选项的文字/);
    expect(prompt).toMatch(/客户类型\n[\s\S]*政府机关 {2}←[\s\S]* {2}> $/);
    s.type("事业单位"); // an option's text works as well as its number
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      prompt = await s.prompt();
      seen.push(prompt);
      if (/kvalue> $/.test(prompt)) break;
      if (/近12月收入[^\n]*: $/.test(prompt)) s.type(prompt.includes("! ") ? "7.5百万" : "abc");
      else if (/毛利率[^\n]*: $/.test(prompt)) s.type(prompt.includes("! ") ? "35" : "140");
      else s.type("");
    }
    const all = seen.join("");
    // Money in the unit the card shows, and a wrong amount asked again at once with the reason.
    expect(all).toMatch(/我方近12月收入 \[680万\]: +! 我方近12月收入: [^\n]*300万[^\n]*\n我方近12月收入 \[680万\]: /);
    expect(all).toMatch(/! 毛利率（%）: [^\n]*\n毛利率（%） \[32\]: /);
    expect(all).not.toContain("(?)");
    // The same line as `set`, then the card.
    expect(all).toMatch(
      /已更新 东江省大数据管理局：客户类型 政府机关 → 事业单位，我方近12月收入 680万 → 750万，毛利率 32% → 35%\n价值分 V 83\.94 → \d+\.\d\d/,
    );
    expect(all).toContain(`== ${DSJ} ==`);
    s.type("exit");
    expect(await s.exited).toBe(0);
    expect(await facts(cwd)).toEqual({ customerType: "public_inst", revenue: 7_500_000n, margin: 35, audit: 3 });
  }, 180_000);

  it("keeps every value when Enter is pressed through the whole form (300万 shown, 300万 kept)", async () => {
    const cwd = fs.mkdtempSync(path.join(dir, "keep-"));
    const s = new Session(cwd);
    let prompt = await openForm(s);
    for (let i = 0; i < 60 && !/kvalue> $/.test(prompt); i++) {
      s.type("");
      prompt = await s.prompt();
    }
    expect(prompt).toContain("没有变化");
    s.type("exit");
    expect(await s.exited).toBe(0);
    expect((await facts(cwd)).audit).toBe(0);
  }, 180_000);

  it("writes nothing when the input ends inside the form, says so and exits 0", async () => {
    const cwd = fs.mkdtempSync(path.join(dir, "eof-"));
    const s = new Session(cwd);
    await openForm(s);
    s.type("3"); // 客户类型 → 事业单位, not yet written
    await s.prompt();
    s.child.stdin.end();
    expect(await s.exited).toBe(0);
    expect(s.out).toContain("已离开表单，没有写入任何内容。");
    expect(await facts(cwd)).toEqual({ customerType: "gov", revenue: 6_800_000n, margin: 32, audit: 0 });
  }, 180_000);

  const hasScript = process.platform === "linux" && spawnSync("script", ["--version"]).status === 0;
  it.skipIf(!hasScript)(
    "on a terminal, Ctrl-D leaves the form writing nothing and the console goes on",
    async () => {
      const cwd = fs.mkdtempSync(path.join(dir, "tty-"));
      const s = new TtySession(cwd);
      await openForm(s);
      s.type("3");
      await s.prompt();
      s.ctrlD();
      const after = await s.prompt();
      expect(after).toContain("已离开表单，没有写入任何内容。");
      expect(after).toMatch(/kvalue> $/);
      s.type("top 3");
      expect(await s.prompt()).toContain("Top 3");
      s.type("exit");
      expect(await s.exited).toBe(0);
      expect(await facts(cwd)).toEqual({ customerType: "gov", revenue: 6_800_000n, margin: 32, audit: 0 });
    },
    180_000,
  );
});
