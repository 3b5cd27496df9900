// Checks on a parts file before anything is written (issue 11.3, bad input changes nothing): a row whose CRM id and
// name are two accounts, or whose name is an account under another CRM id; a stage change dated before the stage
// the deal is in now, or after today. On a real database (SQLite, and PostgreSQL when it answers).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile, type FileImportResult } from "../../src/features/import-export/service.js";
import { importProblemText, importSummaryLines } from "../../src/features/import-export/ui/summary.js";
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
