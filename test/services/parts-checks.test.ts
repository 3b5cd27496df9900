// Checks on a parts file before anything is written (issue 11.3, bad input changes nothing): a row whose CRM id and
// name are two accounts, or whose name is an account under another CRM id; a stage change dated before the stage
// the deal is in now, or after today. On a real database (SQLite, and PostgreSQL when it answers).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile, type FileImportResult } from "../../src/features/import-export/service.js";
import {
  importProblemText,
  importResultLines,
  importSummaryLines,
} from "../../src/features/import-export/ui/summary.js";
import type { Actor, TeamRef } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import type { Provider } from "../../src/store/index.js";
import { openHarness, PROVIDERS, type Harness } from "./harness.js";

const actor: Actor = { workspaceId: "T0CHECKS", userId: "U0MGR", source: "import" };
const bytes = (text: string) => new TextEncoder().encode(text);
function done(r: FileImportResult) {
  if (r.status !== "done") throw new Error(JSON.stringify(r));
  return r.summary;
}

const ACCOUNTS = ["客户编号,客户名称", "DJ-JT,东江交通投资集团", "DJ-NS,东江农商银行"].join("\n");
const OPPS = ["客户编号,商机编号,商机名称,阶段,金额", "DJ-JT,O-1,智慧高速,S2,300万"].join("\n");

function suite(provider: Provider): void {
  let h: Harness;
  let team: TeamRef;
  // The harness's clock: 2026-11-26.
  const run = (text: string, fileName: string, asOf?: string) =>
    importFile(h.deps, actor, team, { bytes: bytes(text), fileName, ...(asOf ? { asOf } : {}) });
  const refused = async (text: string, asOf?: string): Promise<string[]> => {
    const r = await run(text, "week.csv", asOf);
    if (r.status !== "refused") throw new Error(JSON.stringify(r));
    return r.problems.map((p) => importProblemText("en", p));
  };
  const deal = () => h.store.db.opportunity.findFirstOrThrow({ where: { crmId: "O-1" } });

  beforeAll(async () => {
    h = await openHarness(provider);
    ({ team } = await createTeam(h.deps, actor, { channelId: "C0CHECKS", name: "华东一部", members: [actor.userId] }));
    done(await run(ACCOUNTS, "accounts.csv"));
    done(await run(OPPS, "opps.csv", "2026-11-10"));
  });
  afterAll(async () => h?.close());

  it("refuses a row whose CRM id and name are two accounts, or whose name has another CRM id", async () => {
    const file = [
      "客户编号,客户名称,商机编号,阶段,金额",
      "DJ-JT,东江农商银行,O-2,S1,10万",
      "NOPE-1,东江交通投资集团,O-3,S1,10万",
    ];
    expect(await refused(file.join("\n"))).toEqual([
      "row 2: CRM id DJ-JT is 东江交通投资集团 (DJ-JT), but the name 东江农商银行 is another account (东江农商银行 (DJ-NS)); a row names one account",
      "row 3: 东江交通投资集团 is already in the team with CRM id DJ-JT, but the file says NOPE-1",
    ]);
    expect(await h.store.db.opportunity.count()).toBe(1);
    // The same keys agreeing, or a name the team does not know (a rename the accounts file has not brought yet),
    // name one account.
    const agreeing = [
      "客户编号,客户名称,商机编号,阶段,金额",
      "DJ-JT,东江交通投资集团,O-2,S1,10万",
      "DJ-NS,东江农商银行（新名）,O-3,S1,10万",
    ];
    expect(done(await run(agreeing.join("\n"), "agreeing.csv", "2026-11-20")).opportunities).toBe(2);
  });

  it("refuses a deal the file puts under another account than kvalue keeps it (it would count twice)", async () => {
    const before = await h.store.db.opportunity.count();
    const moved = ["客户编号,商机编号,商机名称,阶段,金额", "DJ-NS,O-1,智慧高速,S2,300万"].join("\n");
    const [problem, ...more] = await refused(moved);
    expect(more).toEqual([]);
    expect(problem).toMatch(/^row 2: O-1 belongs to 东江交通投资集团 in kvalue, the file puts it under 东江农商银行/);
    expect(await h.store.db.opportunity.count()).toBe(before);
    expect((await deal()).accountId).toBe(
      (await h.store.db.account.findFirstOrThrow({ where: { crmId: "DJ-JT" } })).id,
    );
  });

  it("lists the open deals an export leaves out first, saying they still count in the funnel", async () => {
    const file = ["客户编号,商机编号,商机名称,阶段,金额", "DJ-NS,O-9,新项目,S1,10万"].join("\n");
    const r = await importFile(h.deps, actor, team, { bytes: bytes(file), fileName: "week.csv", dryRun: true });
    const s = done(r);
    expect(s.notInFile.length).toBeGreaterThan(0);
    expect(s.notInFile.every((p) => p.open)).toBe(true);
    const lines = importSummaryLines("en", s, { file: "week.csv", team: "华东一部" }).join("\n");
    expect(lines).toContain(`${s.notInFile.length} of them are deals still open in kvalue and still in the funnel`);
  });

  it("refuses a stage change dated before the deal's current stage, or after today; the export's date moves it", async () => {
    const won = ["客户编号,商机编号,阶段,金额", "DJ-JT,O-1,赢单,300万"].join("\n");
    expect(await refused(won, "2020-01-01")).toEqual([
      "row 2: 智慧高速 entered its current stage on 2026-11-10, after 2020-01-01: the stage change would be dated before it. Give --as-of the export's date (on or after 2026-11-10)",
    ]);
    expect(await refused(won, "2027-01-01")).toEqual([
      "--as-of 2027-01-01 is after today (2026-11-26): a stage change is recorded as of the export's date",
    ]);
    expect((await deal()).stage).toBe("S2");
    const s = done(await run(won, "won.csv", "2026-11-25"));
    expect(s.stageChanges).toBe(1);
    expect([(await deal()).stage, (await deal()).closedDate]).toEqual(["W", "2026-11-25"]);
  });

  it("says how many new deals had no 创建日期 and the date they start on, dry run and import; not for updates", async () => {
    const lines = async (text: string, locale: "en" | "zh-CN", dryRun: boolean) => {
      const r = await importFile(h.deps, actor, team, {
        bytes: bytes(text),
        fileName: "w.csv",
        asOf: "2026-11-20",
        dryRun,
      });
      return importResultLines(locale, r, { file: "w.csv", team: "华东一部" }).lines;
    };
    const dated = [
      "客户编号,商机编号,商机名称,阶段,金额,创建日期",
      "DJ-JT,U-1,甲项目,S1,10万,2026-10-01",
      "DJ-NS,U-2,乙项目,S1,20万,",
      "DJ-NS,U-3,丙项目,S2,30万,",
    ].join("\n");
    const dry = await lines(dated, "en", true);
    expect(dry).toContain(
      "warning: 2 new deals have no creation date (创建日期): they would start on 2026-11-20, the import's date, which shortens their sales cycles and speeds up funnel velocity. Add the 创建日期 (created_date) column, or fill its empty cells, before importing.",
    );
    expect(await lines(dated, "zh-CN", true)).toContain(
      "警告：2 个新商机没有创建日期，将以导入日期 2026-11-20 作为创建日期，这会让销售周期偏短、漏斗速度偏快。导入前请在文件中加上“创建日期”列（或补全空白的单元格）。",
    );
    const real = await lines(dated, "zh-CN", false);
    expect(real).toContain(
      "警告：2 个新商机没有创建日期，已以导入日期 2026-11-20 作为创建日期，这会让销售周期偏短、漏斗速度偏快。请在 CRM 导出中加上“创建日期”列，以后导入的新商机就会按 CRM 里的日期记录。",
    );
    const created = await h.store.db.opportunity.findMany({
      where: { crmId: { in: ["U-1", "U-2", "U-3"] } },
      orderBy: { crmId: "asc" },
    });
    expect(created.map((o) => o.createdDate)).toEqual(["2026-10-01", "2026-11-20", "2026-11-20"]);
    // Deals already stored are updated, not created: a file without the column warns only of its new deals.
    const undated = ["客户编号,商机编号,商机名称,阶段,金额", "DJ-NS,U-2,乙项目,S1,25万", "DJ-NS,U-4,丁项目,S1,5万"];
    expect((await lines(undated.join("\n"), "en", false)).filter((l) => l.startsWith("warning: "))).toEqual([
      "warning: 1 new deal had no creation date (创建日期) and starts on 2026-11-20, the import's date, which shortens its sales cycle and speeds up funnel velocity. Add the 创建日期 (created_date) column to the CRM export so that new deals keep the CRM's dates.",
    ]);
    expect((await lines(undated.join("\n"), "en", true)).some((l) => l.includes("creation date"))).toBe(false);
  });

  it("says so of a new account's deals without a creation date or history in a JSON file, dated today", async () => {
    const json = JSON.stringify({
      accounts: [
        {
          id: "DJ-SW",
          name: "东江水务集团",
          opportunities: [
            { id: "J-1", stage: "S1", amount: 100_000 },
            { id: "J-2", stage: "S1", amount: 100_000, created_date: "2026-09-01" },
            {
              id: "J-3",
              stage: "S2",
              amount: 100_000,
              stage_history: [{ stage: "S2", entered_date: "2026-10-01", amount_at_entry: 100_000 }],
            },
          ],
        },
      ],
    });
    const r = await importFile(h.deps, actor, team, { bytes: bytes(json), fileName: "a.json", dryRun: true });
    expect(done(r).undatedDeals).toBe(1);
    expect(importResultLines("en", r, { file: "a.json", team: "华东一部" }).lines).toContain(
      "warning: 1 new deal has no creation date (创建日期): it would start on 2026-11-26, the import's date, which shortens its sales cycle and speeds up funnel velocity. Add the 创建日期 (created_date) column, or fill its empty cells, before importing.",
    );
  });

  it("warns of a row whose CRM id is an account kvalue stores under another name, and imports it there unrenamed", async () => {
    const file = [
      "客户编号,客户名称,商机编号,商机名称,阶段,金额,创建日期",
      "DJ-JT,东江交通投资集团,N-1,甲,S1,10万,2026-10-01",
      "DJ-NS,东江农商行,N-2,乙,S1,10万,2026-10-01",
      "DJ-NS,东江农商行,N-3,丙,S1,10万,2026-10-01",
      "DJ-JT,ＤＪ交投,N-4,丁,S1,10万,2026-10-01",
      // The stored name but for spacing and width: the same name.
      "DJ-JT,东江 交通投资集团,N-6,己,S1,10万,2026-10-01",
    ];
    const said = [
      "warning: rows 3, 4: CRM id DJ-NS is “东江农商银行” in kvalue, but the file names it “东江农商行”; imported under “东江农商银行” by its CRM id, not renamed (if the CRM renamed the account, import the accounts file to rename it)",
      "warning: row 5: CRM id DJ-JT is “东江交通投资集团” in kvalue, but the file names it “ＤＪ交投”; imported under “东江交通投资集团” by its CRM id, not renamed (if the CRM renamed the account, import the accounts file to rename it)",
    ];
    const warnings = async (text: string, locale: "en" | "zh-CN", dryRun: boolean) => {
      const r = await importFile(h.deps, actor, team, {
        bytes: bytes(text),
        fileName: "n.csv",
        asOf: "2026-11-20",
        dryRun,
      });
      return importResultLines(locale, r, { file: "n.csv", team: "华东一部" }).lines.filter((l) =>
        /^(warning|警告)/.test(l),
      );
    };
    // Every row keyed by a CRM id the team has (matched a page at a time), and one row keyed by name alone (the whole
    // team's keys): the same warnings.
    expect(await warnings(file.join("\n"), "en", true)).toEqual(said);
    const byName = [...file, ",东江交通投资集团,N-5,戊,S1,10万,2026-10-01"].join("\n");
    expect(await warnings(byName, "en", true)).toEqual(said);
    expect((await warnings(byName, "zh-CN", true))[0]).toBe(
      "警告：第 3、4 行：客户编号 DJ-NS 在 kvalue 中是“东江农商银行”，文件中的客户名称却是“东江农商行”；已按客户编号计入“东江农商银行”，没有改名（若客户已在 CRM 中改名，导入客户文件即可同步名称）",
    );
    expect(await warnings(byName, "en", false)).toEqual(said);
    const ns = await h.store.db.account.findFirstOrThrow({ where: { crmId: "DJ-NS" } });
    expect(ns.name).toBe("东江农商银行");
    const deals = await h.store.db.opportunity.findMany({ where: { crmId: { in: ["N-2", "N-3"] } } });
    expect(deals.map((d) => d.accountId)).toEqual([ns.id, ns.id]);
  });

  it("says what the headers show when --kind contradicts them, writing nothing", async () => {
    const r = await importFile(h.deps, actor, team, { bytes: bytes(OPPS), fileName: "opps.csv", kind: "accounts" });
    if (r.status !== "invalid") throw new Error(JSON.stringify(r));
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([
      [
        1,
        "the headers are those of opportunities, not accounts (--kind accounts); leave --kind out to read the file as opportunities",
      ],
    ]);
    expect(await h.store.db.account.count()).toBe(2);
    // An accounts file said to be contacts: its account columns show it (unknown headers would read as accounts too).
    const accounts = "客户编号,客户名称,近12月收入,毛利率,负责人\nC-9,新客户,300万,25,王磊\n";
    const said = await importFile(h.deps, actor, team, { bytes: bytes(accounts), fileName: "a.csv", kind: "contacts" });
    if (said.status !== "invalid") throw new Error(JSON.stringify(said));
    expect(said.errors.map((e) => e.message)).toEqual([
      "the headers are those of accounts, not contacts (--kind contacts); leave --kind out to read the file as accounts",
    ]);
    // A contacts file with one column kvalue does not know is still read as contacts, the column warned about.
    const odd = "客户编号,联系人编号,姓名,角色,影响力,爱好\nC-1,P-1,张三,coach,high,钓鱼\n";
    const contacts = await importFile(h.deps, actor, team, {
      bytes: bytes(odd),
      fileName: "c.csv",
      kind: "contacts",
      dryRun: true,
    });
    expect(contacts.status === "invalid" && contacts.errors.some((e) => e.message.includes("headers are those"))).toBe(
      false,
    );
    expect(await h.store.db.account.count()).toBe(2);
  });
}

for (const provider of PROVIDERS) describe(`parts file checks on ${provider}`, () => suite(provider));
