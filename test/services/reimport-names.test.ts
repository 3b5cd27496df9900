// Re-imports that name an account the way people do (issue 11.1): by a short name or its pinyin, which find the
// account without renaming it; and a JSON file whose stored account carries nested contacts, needs or
// opportunities, which is compared with what is stored: unchanged passes, a new or changed part refuses the file,
// where it used to be dropped without a word. On a real database (SQLite, and PostgreSQL when it answers).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportParts, importFile, type FileImportResult } from "../../src/features/import-export/service.js";
import { partsCsv } from "../../src/features/import-export/accounts-csv.js";
import { importProblemText } from "../../src/features/import-export/ui/summary.js";
import { resolveScope, type Actor, type TeamRef } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import type { Provider } from "../../src/store/index.js";
import { openHarness, PROVIDERS, type Harness } from "./harness.js";

/** The summary's changed rows by name and changed field names (their values are checked where they matter). */
const fieldNames = (changed: readonly { name: string; changes: readonly { field: string }[] }[]) =>
  changed.map((c) => ({ name: c.name, fields: c.changes.map((f) => f.field) }));

const actor: Actor = { workspaceId: "T0NAMES", userId: "U0MGR", source: "import" };
const bytes = (text: string) => new TextEncoder().encode(text);
function done(r: FileImportResult) {
  if (r.status !== "done") throw new Error(JSON.stringify(r));
  return r.summary;
}

const ACCOUNT = {
  id: "DE-QP",
  name: "德尔曼汽车零部件（临海）有限公司",
  aliases: ["德尔曼临海"],
  revenue_ttm: 100_000,
  contacts: [{ id: "C-1", name: "张三", role: "coach", influence: "high" }],
  opportunities: [{ id: "O-1", name: "工业网络安全加固", stage: "S3", amount: 900_000 }],
};
const json = (account: Record<string, unknown>) => JSON.stringify({ accounts: [account] });

function suite(provider: Provider): void {
  let h: Harness;
  let team: TeamRef;
  const run = (text: string, fileName: string) => importFile(h.deps, actor, team, { bytes: bytes(text), fileName });
  const stored = () => h.store.db.account.findFirstOrThrow({ where: { workspaceId: actor.workspaceId } });
  const auditCount = () => h.store.db.factChange.count({ where: { workspaceId: actor.workspaceId } });

  beforeAll(async () => {
    h = await openHarness(provider);
    ({ team } = await createTeam(h.deps, actor, { channelId: "C0NAMES", name: "华东一部", members: [actor.userId] }));
    done(await run(json(ACCOUNT), "first.json"));
  });
  afterAll(async () => h?.close());

  it("an account found by its short name or pinyin initials gets its facts, and keeps its name", async () => {
    const s = done(await run("客户名称,近12月收入\n德尔曼临海,120000", "short.csv"));
    expect(fieldNames(s.changed)).toEqual([{ name: ACCOUNT.name, fields: ["revenue_ttm"] }]);
    const initials = done(await run("客户名称,近12月收入\ndemqclbjlhyxgs,130000", "pinyin.csv"));
    expect(initials.changed.map((c) => c.changes.map((f) => f.field))).toEqual([["revenue_ttm"]]);
    const row = await stored();
    expect([row.name, row.revenueTtm]).toEqual([ACCOUNT.name, 130_000n]);
    // A new name given with its CRM id is a rename in the CRM: still taken.
    const renamed = done(await run("客户编号,客户名称\nDE-QP,德尔曼汽车零部件（临海）股份公司", "rename.csv"));
    expect(fieldNames(renamed.changed)).toEqual([{ name: ACCOUNT.name, fields: ["name"] }]);
    done(await run(`客户编号,客户名称\nDE-QP,${ACCOUNT.name}`, "rename-back.csv"));
  });

  it("a JSON file with the stored account's parts unchanged imports; a new or changed part refuses the file", async () => {
    const again = done(await run(json({ ...ACCOUNT, revenue_ttm: 130_000 }), "same.json"));
    expect([again.changed, again.unchanged, again.auditRows]).toEqual([[], 1, 0]);

    const audit = await auditCount();
    const edited = {
      ...ACCOUNT,
      revenue_ttm: 123_456,
      opportunities: [{ ...ACCOUNT.opportunities[0], amount: 950_000 }],
      contacts: [...ACCOUNT.contacts, { id: "C-NEW", name: "王五", role: "coach", influence: "low" }],
    };
    const r = await run(json(edited), "edited.json");
    if (r.status !== "refused") throw new Error(JSON.stringify(r));
    expect(r.problems.map((p) => importProblemText("en", p))).toEqual([
      `accounts[0]: ${ACCOUNT.name} is already stored, and a JSON file does not change a stored account's contacts, needs or opportunities (C-NEW (new); O-1: amount); import those as a flat file (kvalue export --kind opportunities shows its columns)`,
    ]);
    // Nothing written: not the account's own fact either.
    expect([(await stored()).revenueTtm, await auditCount()]).toEqual([130_000n, audit]);
  });

  it("a contact's negative attitude, exported as '-1 against spreadsheet formulas, reads back as −1: 0 changes", async () => {
    done(await run("客户编号,联系人编号,姓名,角色,影响力,态度\nDE-QP,C-2,李四,gatekeeper,high,-1", "contacts.csv"));
    const { rows } = await exportParts(h.deps, await resolveScope(h.deps, actor), { team: team.name }, "contacts");
    for (const locale of ["zh-CN", "en"] as const) {
      const csv = partsCsv("contacts", rows, locale);
      expect(csv).toContain(",'-1");
      const s = done(await run(csv, `contacts.${locale}.csv`));
      expect([locale, s.contacts, s.changed, s.unchanged]).toEqual([locale, 0, [], 2]);
    }
  });
}

for (const provider of PROVIDERS)
  describe(`re-import by other names, JSON parts on ${provider}`, () => suite(provider));
