// The weekly CRM re-import (issue 11.1, 11.2) and the export that carries the facts (issue 13.8), through the
// import-export service on a real database (SQLite, and PostgreSQL when it answers): match by CRM id, else name;
// only changed fields written, each audited; nothing deleted; a dry run writes nothing; ambiguous files are refused
// whole; export → import restores the facts and export → re-import reports 0 changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assess } from "../../src/core/index.js";
import { exportAccounts, importFile, type FileImportResult } from "../../src/features/import-export/service.js";
import { accountsCsv, accountsJson } from "../../src/features/import-export/accounts-csv.js";
import { importResultLines } from "../../src/features/import-export/ui/summary.js";
import { resolveScope, type Actor, type TeamRef } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import type { Provider } from "../../src/store/index.js";
import { openHarness, PROVIDERS, type Harness } from "./harness.js";

/** The summary's changed rows by name and changed field names (their values are checked where they matter). */
const fieldNames = (changed: readonly { name: string; changes: readonly { field: string }[] }[]) =>
  changed.map((c) => ({ name: c.name, fields: c.changes.map((f) => f.field) }));

const actor: Actor = { workspaceId: "T0REIMPORT", userId: "U0MGR", source: "import" };
const bytes = (text: string) => new TextEncoder().encode(text);

const WEEK1 = [
  "客户编号,客户名称,客户类型,行业,近12月收入,毛利率,年度相关预算,预算状态,客户经理,创建时间",
  "XSY-2024-0019,东江省大数据管理局,政府机关,政务,300万,30%,2000万,规划中,周立,2024-01-02",
  "XSY-2024-0020,临海市人民医院,事业单位,医疗,200000,20,3亿,已立项,林晓,2024-01-03",
  "XSY-2024-0021,江川市财政局,政府机关,政务,,,,,,2024-01-04",
].join("\r\n");

function done(r: FileImportResult) {
  if (r.status !== "done") throw new Error(JSON.stringify(r));
  return r.summary;
}

function suite(provider: Provider): void {
  let h: Harness;
  let team: TeamRef;
  const run = (text: string, fileName: string, dryRun = false) =>
    importFile(h.deps, actor, team, { bytes: bytes(text), fileName, dryRun });
  const auditCount = () => h.store.db.factChange.count({ where: { workspaceId: actor.workspaceId } });

  beforeAll(async () => {
    h = await openHarness(provider);
    ({ team } = await createTeam(h.deps, actor, { channelId: "C0CRM", name: "华东一部", members: [actor.userId] }));
    done(await run(WEEK1, "week1.csv"));
  });
  afterAll(async () => h?.close());

  it("keeps the CRM id as its own field, and re-importing the same file writes nothing", async () => {
    const row = await h.store.db.account.findFirstOrThrow({ where: { name: "东江省大数据管理局" } });
    expect(row.crmId).toBe("XSY-2024-0019");
    const [audit, version] = [await auditCount(), row.version];
    const s = done(await run(WEEK1, "week1-again.csv"));
    expect([s.accounts, s.changed.length, s.unchanged, s.notInFile.length, s.auditRows]).toEqual([0, 0, 3, 0, 0]);
    expect(await auditCount()).toBe(audit);
    expect((await h.store.db.account.findUniqueOrThrow({ where: { id: row.id } })).version).toBe(version);
  });

  it("a dry run reports what would change and writes nothing; the real import then prints the same summary", async () => {
    const week2 = [
      "客户编号,客户名称,近12月收入,预算状态,客户经理,负责人部门",
      // renamed in the CRM: found by its CRM id
      "XSY-2024-0019,东江省大数据局,350万,已立项,周立,政务部",
      "XSY-2024-0020,临海市人民医院,200000,已立项,林晓,医疗部",
      "XSY-2024-0099,海州市公安局,80万,,,公安部",
    ].join("\n");
    const audit = await auditCount();
    const dry = await run(week2, "week2.csv", true);
    const planned = done(dry);
    expect(planned.dryRun).toBe(true);
    expect(planned.accounts).toBe(1);
    expect(fieldNames(planned.changed)).toEqual([
      { name: "东江省大数据管理局", fields: ["name", "revenue_ttm", "budget_status"] },
    ]);
    expect(planned.unchanged).toBe(1);
    expect(planned.notInFile).toEqual([{ name: "江川市财政局", crmId: "XSY-2024-0021" }]);
    if (dry.status !== "done") throw new Error("dry");
    // The unknown column is a warning naming it, not an error.
    expect(dry.warnings.map((w) => w.column)).toEqual(["负责人部门"]);
    expect(await auditCount()).toBe(audit);
    expect(await h.store.db.account.count({ where: { name: "海州市公安局" } })).toBe(0);

    const real = done(await run(week2, "week2.csv"));
    expect({ ...real, dryRun: true }).toEqual(planned);
    const en = importResultLines("en", await run(week2, "week2.csv", true), { file: "week2.csv", team: "华东一部" });
    expect(en.lines).toContain("Changed: 0 accounts, 0 fields");
    const zh = importResultLines("zh-CN", dry, { file: "week2.csv", team: "华东一部" });
    expect(zh.lines).toEqual(
      expect.arrayContaining([
        "试导入 week2.csv 到 华东一部：未写入任何数据",
        "变更：1 个客户，3 个字段",
        "  东江省大数据管理局：客户名称 东江省大数据管理局 → 东江省大数据局、近12月收入 300万 → 350万、预算状态 规划中 → 已立项/已批复",
        "文件中没有（保留，不删除）：1",
      ]),
    );

    const row = await h.store.db.account.findFirstOrThrow({ where: { crmId: "XSY-2024-0019" } });
    expect([row.name, row.revenueTtm, row.budgetStatus, row.walletAnnual]).toEqual([
      "东江省大数据局",
      3_500_000n,
      "approved",
      20_000_000n, // absent from the file: kept
    ]);
    const changes = await h.store.db.factChange.findMany({
      where: { accountId: row.id, sourceRef: "week2.csv" },
      orderBy: { field: "asc" },
    });
    expect(changes.map((c) => [c.field, c.before, c.after, c.source])).toEqual([
      ["budget_status", '"planned"', '"approved"', "import"],
      ["name", '"东江省大数据管理局"', '"东江省大数据局"', "import"],
      ["revenue_ttm", "3000000", "3500000", "import"],
    ]);
    // Never deleted; the old name still finds it.
    expect(await h.store.db.account.count({ where: { name: "江川市财政局" } })).toBe(1);
    expect(
      await h.store.db.accountAlias.count({ where: { accountId: row.id, normalized: "东江省大数据管理局" } }),
    ).toBe(1);
    expect(await h.store.db.scoreSnapshot.count({ where: { accountId: row.id } })).toBe(2);
  });

  it("refuses a file whose key matches two accounts, or with two rows for one account, writing nothing", async () => {
    const twins = await h.store.db.account.findMany({ where: { workspaceId: actor.workspaceId }, take: 2 });
    const audit = await auditCount();
    const accounts = await h.store.db.account.count();
    // Two rows for one account: the CRM id of one and (on another row) a name that is the same account's alias.
    const two = ["客户编号,客户名称,近12月收入", "XSY-2024-0019,东江省大数据局,1", ",东江省大数据管理局,2"].join("\n");
    const r1 = await run(two, "two.csv");
    expect(r1.status).toBe("refused");
    const l1 = importResultLines("en", r1, { file: "two.csv", team: "华东一部" }).lines;
    expect(l1[0]).toBe("row 3: 东江省大数据局 (XSY-2024-0019) is already matched by row 2; one row per account");
    expect(l1.at(-1)).toBe("1 problem; nothing was imported");

    await h.store.db.account.updateMany({ where: { id: { in: twins.map((t) => t.id) } }, data: { crmId: "DUP-1" } });
    try {
      const r2 = await run(["客户编号,客户名称,行业", "DUP-1,某客户,金融", "NEW-1,新客户,金融"].join("\n"), "dup.csv");
      expect(r2.status).toBe("refused");
      const l2 = importResultLines("zh-CN", r2, { file: "dup.csv", team: "华东一部" }).lines;
      expect(l2[0]).toMatch(/^第 2 行：客户编号 DUP-1 对应多个客户：.+ \(DUP-1\), .+ \(DUP-1\)$/);
      expect(await auditCount()).toBe(audit);
      expect(await h.store.db.account.count()).toBe(accounts);
    } finally {
      for (const t of twins) await h.store.db.account.update({ where: { id: t.id }, data: { crmId: t.crmId } });
    }
  });

  it("refuses binary, empty and huge files with a message and writes nothing", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const r = await importFile(h.deps, actor, team, { bytes: png, fileName: "chart.csv" });
    expect(importResultLines("en", r, { file: "chart.csv", team: "x" }).lines).toEqual([
      "chart.csv is not a CSV or JSON text file (it holds binary data). Nothing was imported",
    ]);
    const empty = await importFile(h.deps, actor, team, { bytes: new Uint8Array(), fileName: "e.csv" });
    expect(importResultLines("zh-CN", empty, { file: "e.csv", team: "x" }).lines).toEqual([
      "e.csv 是空文件。未导入任何数据",
    ]);
  });

  it("exports every account with its facts and CRM id: import into an empty team restores them, re-import changes 0", async () => {
    done(await run("客户名称,行业,是否老客户\n无编号客户,金融,是", "no-id.csv"));
    const scope = await resolveScope(h.deps, actor);
    const { records } = await exportAccounts(h.deps, scope, { team: team.name });
    const csv = accountsCsv(records, "zh-CN");
    expect(csv.split("\r\n")[0]).toContain("客户编号,客户名称");
    // 别名: the name before the CRM renamed it, still found by it (not the CRM id or pinyin keys, derived again).
    expect(csv).toContain("XSY-2024-0019,东江省大数据局,东江省大数据管理局,,政府机关,,政务,,,3500000,30,,20000000,");
    expect(csv).toContain("\r\n,无编号客户,,,,,金融,,是,");
    // The internal id is not exported as a CRM id: the one account without a CRM id has an empty 客户编号.
    const ids = (await h.store.db.account.findMany({ where: { workspaceId: actor.workspaceId } })).map((a) => a.id);
    for (const id of ids) expect(csv).not.toContain(id);

    for (const [text, file] of [
      [csv, "roundtrip.csv"],
      [accountsCsv(records, "en"), "roundtrip-en.csv"],
      [accountsJson(records), "roundtrip.json"],
    ] as const) {
      const s = done(await run(text, file));
      expect([file, s.accounts, s.changed, s.auditRows]).toEqual([file, 0, [], 0]);
    }

    const other: Actor = { ...actor, workspaceId: "T0EMPTY" };
    const { team: empty } = await createTeam(h.deps, other, { channelId: "C0E", name: "空团队", members: ["U0MGR"] });
    done(await importFile(h.deps, other, empty, { bytes: bytes(csv), fileName: "restore.csv" }));
    const restored = await exportAccounts(h.deps, await resolveScope(h.deps, other), { team: empty.name });
    const scoreOf = (list: typeof records) =>
      list.map((r) => [r.name, assess({ ...r, id: r.name }, { asOf: "2026-11-26" }).quadrant] as const).sort();
    expect(scoreOf(restored.records)).toEqual(scoreOf(records));
    expect(restored.records.map((r) => r.id).sort()).toEqual(records.map((r) => r.id).sort());
  });
}

for (const provider of PROVIDERS) describe(`CRM re-import on ${provider}`, () => suite(provider));
