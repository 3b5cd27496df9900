// Import of CRM exports through the service layer: all or nothing, audited, scored; the same on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFactValue } from "../../src/features/accounts/write-rows.js";
import { parseImportFile } from "../../src/features/import-export/import-parse.js";
import { syntheticAccountsCsv } from "../../src/features/import-export/synthetic.js";
import { importAccounts } from "../../src/features/import-export/service.js";
import { lookupAccount } from "../../src/features/accounts/service.js";
import { teamPortfolio } from "../../src/features/accounts/portfolio.js";
import { resolveScope, type Actor } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import type { Provider } from "../../src/store/index.js";
import { openHarness, PROVIDERS, type Harness } from "./harness.js";

/** The summary's changed rows by name and changed field names (their values are checked where they matter). */
const fieldNames = (changed: readonly { name: string; changes: readonly { field: string }[] }[]) =>
  changed.map((c) => ({ name: c.name, fields: c.changes.map((f) => f.field) }));

const actor: Actor = { workspaceId: "T0IMPORT", userId: "U0REP", source: "import", sourceRef: "crm.csv" };

const CSV = [
  "客户编号,客户名称,客户类型,行政级别,行业,近12月收入,毛利率,年度相关预算,预算状态,别名",
  "CRM-001,东江省大数据管理局,政府机关,省级,政务,300万,30%,2000万,规划中,大数据局；DSJ",
  'CRM-002,临海市人民医院,事业单位,地市级,医疗,"200,000",20,3亿,已立项,',
].join("\r\n");

function importSuite(provider: Provider): void {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(provider);
    await createTeam(h.deps, actor, { channelId: "C0TEAM", name: "华东一部", members: [actor.userId] });
  });
  afterAll(async () => h?.close());

  it("imports a Chinese-header CSV with one audit row holding the known facts and a score per account", async () => {
    const parsed = parseImportFile(CSV, "csv");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const scope = await resolveScope(h.deps, actor);
    const team = scope.teams[0];
    if (!team) throw new Error("no team");
    const r = await importAccounts(h.deps, actor, team, parsed.accounts);
    expect(r.accounts).toBe(2);
    const acct = await h.store.db.account.findFirstOrThrow({ where: { name: "东江省大数据管理局" } });
    expect(Number(acct.revenueTtm)).toBe(3_000_000);
    expect(Number(acct.walletAnnual)).toBe(20_000_000);
    expect(acct.budgetStatus).toBe("planned");
    const audit = await h.store.db.factChange.findMany({ where: { accountId: acct.id } });
    // One creation row holding the name and every known fact: customer_type, admin_level, industry, revenue,
    // margin, wallet, budget.
    expect(audit.map((a) => a.field)).toEqual(["*"]);
    expect(Object.keys(decodeFactValue(audit[0]?.after ?? null) as object).sort()).toEqual([
      "admin_level",
      "budget_status",
      "customer_type",
      "gross_margin_pct",
      "import_id",
      "industry",
      "name",
      "revenue_ttm",
      "wallet_annual",
    ]);
    expect(audit.every((a) => a.source === "import" && a.sourceRef === "crm.csv")).toBe(true);
    expect(await h.store.db.scoreSnapshot.count({ where: { accountId: acct.id } })).toBe(1);
  });

  it("finds an imported account by alias, pinyin and initials", async () => {
    const scope = await resolveScope(h.deps, actor);
    for (const q of ["大数据局", "dsj", "dongjiangshengdashujuguanliju", "DJSDSJGLJ"]) {
      const r = await lookupAccount(h.deps, scope, q);
      expect(r.kind, q).toBe("found");
      if (r.kind === "found") expect(r.account.name).toBe("东江省大数据管理局");
    }
  });

  it("updates an account already in the team (matched by name) instead of refusing the file", async () => {
    const parsed = parseImportFile(
      ["客户编号,客户名称,行业", "CRM-100,新客户甲,金融", "CRM-001,东江省 大数据管理局,政务"].join("\n"),
      "csv",
    );
    if (!parsed.ok) throw new Error("parse");
    const scope = await resolveScope(h.deps, actor);
    const r = await importAccounts(h.deps, actor, scope.teams[0]!, parsed.accounts, { places: parsed.places });
    // Same lookup key, so the same account; the CRM's spelling of the name is taken, audited as a rename.
    expect([r.accounts, fieldNames(r.changed), r.unchanged]).toEqual([
      1,
      [{ name: "东江省大数据管理局", fields: ["name"] }],
      0,
    ]);
    expect(r.notInFile.map((a) => a.name)).toEqual(["临海市人民医院"]);
    expect(await h.store.db.account.count({ where: { name: "新客户甲", crmId: "CRM-100" } })).toBe(1);
  });

  it("imports 2,000 synthetic CRM rows in one transaction", async () => {
    const parsed = parseImportFile(syntheticAccountsCsv(2000, 7), "csv");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
    const scope = await resolveScope(h.deps, actor);
    const r = await importAccounts(h.deps, actor, scope.teams[0]!, parsed.accounts);
    expect(r.accounts).toBe(2000);
    expect(await h.store.db.account.count({ where: { workspaceId: actor.workspaceId } })).toBe(2003);
  });

  it("scores a team of 2,003 accounts as one matrix (relations read in pages under SQLite's parameter limit)", async () => {
    const scope = await resolveScope(h.deps, actor);
    const { entries } = await teamPortfolio(h.deps, scope, { team: null, channelId: "C0TEAM" });
    expect(entries).toHaveLength(2003);
    expect(new Set(entries.map((e) => e.aggregate.facts.id)).size).toBe(2003);
  });

  it("writes nothing when a row of a later chunk is bad, found while the chunk before it is being written", async () => {
    const parsed = parseImportFile(syntheticAccountsCsv(4_500, 11), "csv");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
    // A value the parser would refuse, given past it: the repository's own check stops the transaction.
    const records = parsed.accounts.map((a, i) =>
      i === 4_100 ? { ...a, budget_status: "maybe" as unknown as typeof a.budget_status } : a,
    );
    const before = await h.store.db.factChange.count();
    const scope = await resolveScope(h.deps, actor);
    await expect(importAccounts(h.deps, actor, scope.teams[0]!, records)).rejects.toMatchObject({
      code: "invalid_data",
      path: expect.stringMatching(/^accounts\[\d{4}\]\.changes\.budget_status$/),
    });
    expect(await h.store.db.account.count({ where: { workspaceId: actor.workspaceId } })).toBe(2003);
    expect(await h.store.db.factChange.count()).toBe(before);
  });

  it("reports progress after each written step, and nothing on a dry run", async () => {
    const parsed = parseImportFile(syntheticAccountsCsv(4_500, 13), "csv");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
    const { team } = await createTeam(h.deps, actor, {
      channelId: "C0PROGRESS",
      name: "进度",
      members: [actor.userId],
    });
    const progress: [number, number][] = [];
    const onProgress = (written: number, total: number) => progress.push([written, total]);
    await importAccounts(h.deps, actor, team, parsed.accounts, { dryRun: true, onProgress });
    expect(progress).toEqual([]);
    const r = await importAccounts(h.deps, actor, team, parsed.accounts, { onProgress });
    expect(r.accounts).toBe(4_500);
    expect(progress).toEqual([
      [2_000, 4_500],
      [4_000, 4_500],
      [4_500, 4_500],
    ]);
  });

  it("re-imports 4,500 accounts compared a step of 2,000 at a time: a change in the first and in the last step found, the rest unchanged", async () => {
    const parsed = parseImportFile(syntheticAccountsCsv(4_500, 17), "csv");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
    const { team } = await createTeam(h.deps, actor, { channelId: "C0STEPS", name: "分步", members: [actor.userId] });
    await importAccounts(h.deps, actor, team, parsed.accounts);
    const records = parsed.accounts.map((r, i) => (i === 10 || i === 4_400 ? { ...r, revenue_target: 1_234_000 } : r));
    const r = await importAccounts(h.deps, actor, team, records);
    expect([r.accounts, r.unchanged, r.notInFile.length]).toEqual([0, 4_498, 0]);
    expect(fieldNames(r.changed)).toEqual([
      { name: records[10]?.name, fields: ["revenue_target"] },
      { name: records[4_400]?.name, fields: ["revenue_target"] },
    ]);
    const stored = await h.store.db.account.findFirstOrThrow({
      where: { teamId: team.id, name: records[4_400]?.name },
    });
    expect(Number(stored.revenueTarget)).toBeGreaterThan(0);
  });
}

for (const provider of PROVIDERS) describe(`import on ${provider}`, () => importSuite(provider));
