// `import path.csv` in the local console (issue 11.6): the same dry run as a file sent to the bot in Slack, with
// the Import button as a numbered choice; choosing it imports; `stages …` sets the stage map those imports read. Driven in-process through runConsole's streams on a
// real SQLite database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleSession } from "../support/console.js";
import { openHarness, type Harness } from "../services/harness.js";
import { englishWords } from "../support/language.js";

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await openHarness("sqlite");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-console-import-"));
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the console over `lines` (typed one after another) and returns everything it printed. */
const session = (lines: string[], defaultLocale: "en" | "zh-CN" = "en"): Promise<string> =>
  consoleSession(h.deps, lines, defaultLocale);

describe("import in the console", () => {
  it("shows the dry run, writes nothing until the Import choice, then imports", async () => {
    const file = path.join(dir, "crm.csv");
    fs.writeFileSync(file, "客户编号,客户名称,行业,近12月收入\nXSY-9,东江省水利厅,政务,300万\n");
    const dry = await session([`import ${file}`]);
    expect(dry).toContain(`Dry run of ${file} into`);
    expect(dry).toContain("New: 1 account");
    expect(dry).toMatch(/\[(\d+)\] Import/);
    expect(await h.store.db.account.count({ where: { crmId: "XSY-9" } })).toBe(0);

    const n = /\[(\d+)\] Import/.exec(dry)?.[1] ?? "";
    const real = await session([`/kvalue import ${file}`, n]);
    expect(real).toContain(`Imported ${file} into`);
    const row = await h.store.db.account.findFirstOrThrow({ where: { crmId: "XSY-9" } });
    expect(row.revenueTtm).toBe(3_000_000n);
    const audit = await h.store.db.factChange.findMany({ where: { accountId: row.id } });
    expect(audit.every((a) => a.source === "import" && a.sourceRef === file)).toBe(true);
  });

  it("says that a missing file cannot be read", async () => {
    const out = await session([`import ${path.join(dir, "nope.csv")}`]);
    expect(out).toContain("nope.csv: no such file. Nothing was imported");
  });

  it("says every problem of a bad file, and a missing one, in Chinese for a zh-CN user (issue 13.12)", async () => {
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(
      file,
      JSON.stringify([
        { id: "X1", name: "东江省水利厅", budget_status: "maybe", revenu_ttm: 1 },
        { id: "X2", name: "临海市交通局", revenue_ttm: -5 },
      ]),
    );
    const accounts = await h.store.db.account.count();
    const out = await session([`import ${file}`], "zh-CN");
    expect(out).toContain("[0].budget_status：应为以下之一：none|planned|approved（实际是 “maybe”）");
    expect(out).toContain("[0].revenu_ttm：未知字段“revenu_ttm”；是不是“revenue_ttm”？");
    expect(out).toContain("[1].revenue_ttm：必须 ≥ 0（实际是 -5）");
    expect(out).toContain("3 个问题；未导入任何数据");
    const said = out.slice(out.indexOf("[0].budget_status"));
    expect(englishWords(said, [file, "none", "planned", "approved", "maybe"])).toEqual([]);
    expect(await h.store.db.account.count()).toBe(accounts);

    const missing = await session([`import ${path.join(dir, "nope.csv")}`], "zh-CN");
    expect(missing).toContain(`${path.join(dir, "nope.csv")}：没有这个文件。没有导入任何数据`);
  });
});

describe("empty cells in a parts file", () => {
  it('are said to be empty, not "expected a number (got null)", without the stage-map hint', async () => {
    const file = path.join(dir, "empty-cells.csv");
    fs.writeFileSync(
      file,
      "客户名称,商机编号,商机名称,阶段,金额\n东江省大数据管理局,E-1,甲,S2,\n东江省大数据管理局,E-2,乙,,80万\n",
    );
    const en = await session([`import ${file}`]);
    expect(en).toContain("row 2, column 金额: is empty; every row needs its 金额");
    expect(en).toContain("row 3, column 阶段: is empty; every row needs its 阶段");
    expect(en).not.toContain("null");
    expect(en).not.toContain("Stage names of the CRM's own");
    const zh = await session([`import ${file}`], "zh-CN");
    expect(zh).toContain("第 2 行，金额：为空；每一行都要填金额");
  });
});

describe("a team's stage map in the console", () => {
  it("is set with `stages name=stage …`, and `import PATH` of the CRM's opportunities export reads it", async () => {
    const file = path.join(dir, "opps.csv");
    fs.writeFileSync(
      file,
      "客户名称,商机编号,商机名称,阶段,金额\n东江省大数据管理局,SLT-1,数据治理咨询,商务洽谈,80万\n",
    );
    const refused = await session([`import ${file}`]);
    expect(refused).toContain("row 2, column 阶段: “商务洽谈” is not allowed");
    expect(refused).toContain("Stage names of the CRM's own can be mapped once for the team");

    const set = await session(["stages 商务洽谈=S2 赢单=W"]);
    expect(set).toContain("Saved: the stage map of");
    expect(set).toContain("商务洽谈 → S2 Internal go");
    const dry = await session([`import ${file}`]);
    expect(dry).toContain("New: 1 opportunity");
    const n = /\[(\d+)\] Import/.exec(dry)?.[1] ?? "";
    await session([`import ${file}`, n]);
    const deal = await h.store.db.opportunity.findFirstOrThrow({ where: { crmId: "SLT-1" } });
    expect([deal.stage, deal.amount]).toEqual(["S2", 800_000n]);
    expect(await session(["stages"])).toContain("6 CRM stage names its opportunities imports read as kvalue stages");
  });
});

describe("the example CRM export", () => {
  it("examples/crm-opportunities-week.csv dry-runs against the demo: its stage names through the demo's stage map", async () => {
    const file = fileURLToPath(new URL("../../examples/crm-opportunities-week.csv", import.meta.url));
    const out = await session([`import ${file}`], "zh-CN");
    for (const line of [
      "警告：第 1 行，最后跟进时间：未知列“最后跟进时间”，已跳过",
      "新增：1 个商机",
      "变更：4 个商机，4 个字段",
      "  东江农商银行 · 信创替代（核心外围系统）：阶段 S5 谈判 → W 赢单",
      "  东江大学 · 智慧校园数据中台：金额 1,100万 → 1,200万",
      "按阶段映射（/kvalue stages）读取 CRM 自己的阶段名称：7 行",
      "未变：3",
    ])
      expect(out).toContain(line);
    expect(out).toMatch(/记录阶段变化（日期 \d{4}-\d{2}-\d{2}）：3/);
    // Winning a deal and advancing others is progress: nothing to warn about.
    expect(out).not.toContain("已结商机");
    expect(out).not.toContain("退回更早的阶段");
  });

  it("a re-export that turns the win into a loss says so above the changes, with each stage and amount before → after", async () => {
    const week = fileURLToPath(new URL("../../examples/crm-opportunities-week.csv", import.meta.url));
    const first = await session([`import ${week}`], "zh-CN");
    await session([`import ${week}`, /\[(\d+)\] 导入/.exec(first)?.[1] ?? ""], "zh-CN");
    const file = path.join(dir, "re-export.csv");
    fs.writeFileSync(
      file,
      [
        "客户编号,客户名称,商机编号,商机名称,销售阶段,商机金额（万元）",
        "DJ-NSH,东江农商银行,O-NSH-01,信创替代（核心外围系统）,输单,1300",
        "DJ-DSJ,东江省大数据管理局,O-DSJ-01,一网通办平台三期,需求分析,1500",
      ].join("\n"),
    );
    const zh = (await session([`import ${file}`], "zh-CN")).split("\n");
    const at = (text: string) => zh.findIndex((l) => l.includes(text));
    const reversed =
      "警告：1 个已结商机会被改判或重新打开，请核对后再导入：东江农商银行 · 信创替代（核心外围系统）（W 赢单 → L 输单）";
    const back = "警告：1 个在途商机会退回更早的阶段：东江省大数据管理局 · 一网通办平台三期（S3 方案 → S2 立项）";
    expect(zh).toContain(reversed);
    expect(zh).toContain(back);
    expect(zh).toContain("  东江农商银行 · 信创替代（核心外围系统）：阶段 W 赢单 → L 输单");
    expect(zh).toContain("  东江省大数据管理局 · 一网通办平台三期：阶段 S3 方案 → S2 立项、金额 1,800万 → 1,500万");
    // Above the list of changes, under its count, where the manager approving the import reads first.
    expect(at("变更：2 个商机")).toBeLessThan(at(reversed));
    expect(at(back)).toBeLessThan(at("  东江农商银行 · 信创替代"));

    const en = await session([`import ${file}`], "en");
    expect(en).toContain(
      "warning: 1 closed deal would be reversed or reopened; check before importing: 东江农商银行 · 信创替代（核心外围系统） (W Won → L Lost)",
    );
    expect(en).toContain("amount ¥18M → ¥15M");
  });
});

describe("import in the console: the path as a terminal pastes it, the CLI's options, a bare import", () => {
  const opps = (name: string, stage = "S3") => {
    const file = path.join(dir, name);
    fs.writeFileSync(
      file,
      `客户名称,商机编号,商机名称,阶段,金额\n东江省大数据管理局,UX-1,政务数据目录,${stage},50万\n`,
    );
    return file;
  };

  it("reads a path in double or single quotes, or with backslash-escaped spaces (a file dragged into the terminal)", async () => {
    const file = opps("opp space.csv");
    const spaced = file.replace(/ /g, "\\ ");
    for (const typed of [`import "${file}"`, `import '${file}'`, `import ${spaced}`, `import ${file}`]) {
      const out = await session([typed]);
      expect(out, typed).toContain(`Dry run of ${file} into`);
      expect(out, typed).toContain("New: 1 opportunity");
    }
  });

  it("takes --as-of and --kind after the path, for the dry run and the import the choice runs", async () => {
    const file = opps("opp-asof.csv", "S2");
    const dry = await session([`import ${file} --as-of 2026-03-01 --kind opportunities`]);
    expect(dry).toContain(`Dry run of ${file} into`);
    expect(dry).toContain("Stage changes recorded as of 2026-03-01");
    const n = /\[(\d+)\] Import/.exec(dry)?.[1] ?? "";
    expect(await session([`import "${file}" --as-of=2026-03-01`, n])).toContain(`Imported ${file} into`);
    fs.writeFileSync(file, "客户名称,商机编号,商机名称,阶段,金额\n东江省大数据管理局,UX-1,政务数据目录,S3,50万\n");
    const moved = await session([`import ${file} --as-of 2026-04-01`]);
    const m = /\[(\d+)\] Import/.exec(moved)?.[1] ?? "";
    await session([`import ${file} --as-of 2026-04-01`, m]);
    const deal = await h.store.db.opportunity.findFirstOrThrow({ where: { crmId: "UX-1" } });
    const history = await h.store.db.stageChange.findMany({ where: { opportunityId: deal.id } });
    expect(history.map((c) => [c.stage, c.enteredDate])).toContainEqual(["S3", "2026-04-01"]);
  });

  it("says what is wrong with an option, in English and Chinese, and imports nothing", async () => {
    const file = opps("opp-bad.csv");
    const deals = await h.store.db.opportunity.count();
    const bad = await session([
      `import ${file} --as-of 2026-13-01`,
      `import ${file} --as-of`,
      `import ${file} --kind deals`,
      `import ${file} --dry-run`,
    ]);
    expect(bad).toContain("--as-of is a date YYYY-MM-DD, not 2026-13-01. Nothing was imported");
    expect(bad).toContain("--as-of needs a value after it. Nothing was imported");
    expect(bad).toContain("--kind is accounts, contacts, needs, opportunities or segments, not deals.");
    expect(bad).toContain("Unknown option --dry-run: import PATH takes --as-of YYYY-MM-DD and --kind");
    expect(bad).not.toContain("no such file");
    expect(await session([`import ${file} --as-of 12/01/2026`], "zh-CN")).toContain(
      "--as-of 应为日期 YYYY-MM-DD，不是 12/01/2026。没有导入任何数据",
    );
    expect(await h.store.db.opportunity.count()).toBe(deals);
  });

  it("answers a bare `import` with how to name a file here, not with Slack's send-me-the-file", async () => {
    const en = await session(["import"]);
    expect(en).toContain("type import PATH");
    expect(en).not.toContain("direct message");
    const zh = await session(["/kvalue import"], "zh-CN");
    expect(zh).toContain("输入 import 路径");
    expect(zh).not.toContain("私信");
  });
});

describe("a file with a header and no rows", () => {
  it("is said to have no data rows, in the dry run's summary, in English and Chinese", async () => {
    const file = path.join(dir, "template.csv");
    fs.writeFileSync(file, "客户编号,客户名称,行业,近12月收入\n");
    const en = await session([`import ${file}`]);
    expect(en).toContain(`${file} has no data rows (only its header, or an empty list): there is nothing to import.`);
    expect(en).not.toContain("the file matches what kvalue has");
    expect(en).not.toContain("Not in the file");
    expect(en).not.toMatch(/Imported|Dry run/);
    const zh = await session([`import ${file}`], "zh-CN");
    expect(zh).toContain(`${file} 没有数据行（只有表头，或是空列表）：没有可导入的内容。`);
    expect(zh).not.toContain("文件内容与 kvalue 中的一致");
    expect(zh).not.toMatch(/已导入|试导入/);
  });
});
