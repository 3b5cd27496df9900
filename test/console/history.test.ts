// The console reaches history and undo through the same command and functions as Slack: `history <account>` with a
// forgiving lookup (several matches → numbered picks), the entries with their Undo choices, and an undo that writes
// the old value back (audited as `undo`) — in Chinese and in English.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleSession } from "../support/console.js";
import { openHarness, type Harness } from "../services/harness.js";

describe("history and undo in the console", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness("sqlite", () => new Date());
  });
  afterAll(async () => h?.close());

  const session = (lines: string[]): Promise<string> => consoleSession(h.deps, lines);

  it("picks the account, lists its changes with V before and after, and undoes the newest one", async () => {
    // history 大数据局 → two matches; pick 1 (东江省大数据管理局); its first Undo choice is the newest change.
    const out = await session(["history 大数据局", "1", "1"]);
    expect(out).toContain("有 2 个客户匹配“大数据局”");
    expect(out).toContain("== 变更记录 · 东江省大数据管理局 ==");
    expect(out).toMatch(
      /商机 一网通办平台三期: 金额 1,500万 → 1,800万\n价值分 V \d+\.\d\d → \d+\.\d\d · [^\n]+\n {2}\[1\] 撤销/,
    );
    // 林晓's change is not the console user's and the console user is no manager here: no Undo on it.
    expect(out).toMatch(/林晓 · 表单 · 只有修改人或经理可以撤销\n[^[]*价值分/);
    expect(out).toContain("已撤销 东江省大数据管理局 的这次修改");
    expect(out).toContain("商机 一网通办平台三期: 金额 1,800万 → 1,500万");
    const deal = await h.store.db.opportunity.findFirstOrThrow({ where: { name: "一网通办平台三期" } });
    expect(deal.amount).toBe(15_000_000n);
    const audit = await h.store.db.factChange.findFirstOrThrow({ where: { entityId: deal.id, source: "undo" } });
    expect(audit).toMatchObject({ field: "amount", before: "18000000", after: "15000000", actorUserId: "U0LOCAL" });
  });

  it("in English, shows the undo and the undone change", async () => {
    const out = await session(["lang en", "history DJ Big Data Bureau"]);
    expect(out).toContain("== History · 东江省大数据管理局 ==");
    // The console's user by their system name, not the stand-in id.
    const me = os.userInfo().username;
    expect(out).toMatch(new RegExp(`@${me} · undo · undid the change of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d`));
    expect(out).toContain(`@${me} · command · undone`);
    expect(out).not.toContain("U0LOCAL");
    expect(out).toContain("Value score V");
  });

  it("names an import's changes to the account's own columns in words, with their values as people write them", async () => {
    const file = path.join(os.tmpdir(), `kvalue-history-${process.pid}.csv`);
    fs.writeFileSync(file, "客户编号,客户名称,负责人,拜访频率,客户收入目标\nDJ-JT,东江交通投资集团,李娜,每周,5000万\n");
    try {
      const dry = await session(["lang zh", `import ${file}`]);
      const n = /\[(\d+)\] 导入/.exec(dry)?.[1] ?? "";
      expect(await session([`import ${file}`, n])).toContain("已导入");
      const zh = await session(["history 东江交通投资集团"]);
      expect(zh).toMatch(/负责人 \S+ → 李娜/);
      expect(zh).toMatch(/拜访频率 \S+ → 每周/);
      expect(zh).toMatch(/客户收入目标 [\d,.]+万 → 5,000万/);
      const en = await session(["lang en", "history 东江交通投资集团", "lang auto"]);
      expect(en).toMatch(/Owner \S+ → 李娜/);
      expect(en).toMatch(/Visit cadence \S+ → Weekly/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
