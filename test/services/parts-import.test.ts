// Flat contacts, needs and opportunities files as CRMs export them (issue 11.3, 11.5), through the import-export
// service on a real database: the kind recognised from the headers, Chinese or English; re-imports write only
// changes; an opportunity at another stage gets a stage-history entry as of the export's date, with a CRM's stage
// names mapped by a small file; export --kind … then import reports 0 changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportParts, importFile, type FileImportResult } from "../../src/features/import-export/service.js";
import { partsCsv } from "../../src/features/import-export/accounts-csv.js";
import { Handoff } from "../../src/features/import-export/handoff.js";
import { parseStageMap } from "../../src/features/import-export/stage-map.js";
import { setTeamStageMap, storedStageMap } from "../../src/features/import-export/stage-map-service.js";
import { syntheticAccountsCsv, syntheticOpportunitiesCsv } from "../../src/features/import-export/synthetic.js";
import { importResultLines } from "../../src/features/import-export/ui/summary.js";
import { resolveScope, type Actor, type TeamRef } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import { viewAccount } from "../../src/features/accounts/service.js";
import { saveSegment } from "../../src/features/segments/service.js";
import type { Provider } from "../../src/store/index.js";
import { openHarness, PROVIDERS, type Harness } from "./harness.js";

/** The summary's changed rows by name and changed field names (their values are checked where they matter). */
const fieldNames = (changed: readonly { name: string; changes: readonly { field: string }[] }[]) =>
  changed.map((c) => ({ name: c.name, fields: c.changes.map((f) => f.field) }));

const actor: Actor = { workspaceId: "T0PARTS", userId: "U0MGR", source: "import" };
const bytes = (text: string) => new TextEncoder().encode(text);
function done(r: FileImportResult) {
  if (r.status !== "done") throw new Error(JSON.stringify(r));
  return r.summary;
}

const ACCOUNTS = ["客户编号,客户名称,行业", "XSY-1,东江省大数据管理局,政务", "XSY-2,临海市人民医院,医疗"].join("\n");
const OPPS_W1 = [
  "客户编号,商机编号,商机名称,阶段,金额,预计签约日期,商机来源,负责人,创建时间,负责人部门",
  "XSY-1,OPP-1,数据共享平台,立项,300万,2027-03-31,政府部门/政策规划/预算公开,周立,2026-10-08,政务部",
  "XSY-1,OPP-2,安全运营,方案,120万,2027-01-15,展会/峰会/行业会议,周立,2026-09-01,政务部",
  ",OPP-9,智慧病房,线索,50万,,老客户转介绍/存量经营,林晓,2026-11-02,医疗部",
].join("\r\n");

function suite(provider: Provider): void {
  let h: Harness;
  let team: TeamRef;
  const run = (text: string, fileName: string, more: Record<string, unknown> = {}) =>
    importFile(h.deps, actor, team, { bytes: bytes(text), fileName, ...more });
  const auditCount = () => h.store.db.factChange.count({ where: { workspaceId: actor.workspaceId } });
  /** A new team holding 700 synthetic accounts (CRM ids SYN-000001 …). */
  const syntheticTeam = async (channelId: string, name: string, seed: number): Promise<TeamRef> => {
    const { team: made } = await createTeam(h.deps, actor, { channelId, name, members: [actor.userId] });
    done(await importFile(h.deps, actor, made, { bytes: bytes(syntheticAccountsCsv(700, seed)), fileName: "a.csv" }));
    return made;
  };
  /** `count` opportunity rows (after the header 客户编号,客户名称,商机编号,商机名称,阶段,金额) spread over those 700. */
  const opportunityRows = (count: number, prefix: string): string[] =>
    Array.from({ length: count }, (_, i) => {
      const crmId = `SYN-${String((i % 700) + 1).padStart(6, "0")}`;
      return `${crmId},,${prefix}${i},项目${i},线索,10万`;
    });

  beforeAll(async () => {
    h = await openHarness(provider, () => new Date("2026-12-15T02:00:00Z"));
    ({ team } = await createTeam(h.deps, actor, { channelId: "C0P", name: "华东一部", members: [actor.userId] }));
    done(await run(ACCOUNTS, "accounts.csv"));
  });
  afterAll(async () => h?.close());

  it("refuses a row without its account's key, or whose account is not in the team, and writes nothing", async () => {
    const audit = await auditCount();
    const r = await run(OPPS_W1, "opps.csv");
    expect(r.status).toBe("invalid");
    expect(importResultLines("en", r, { file: "opps.csv", team: "华东一部" }).lines).toEqual([
      'warning: row 1, column 负责人部门: unknown column "负责人部门" skipped',
      "row 4: 客户编号 or 客户名称 is required",
      "1 problem; nothing was imported",
    ]);
    const missing = await run(OPPS_W1.replace(",OPP-9", "XSY-3,OPP-9"), "opps.csv");
    expect(importResultLines("zh-CN", missing, { file: "opps.csv", team: "华东一部" }).lines[1]).toBe(
      "第 4 行：团队中没有客户 XSY-3；请先导入客户文件（或检查客户编号/客户名称）",
    );
    expect(await auditCount()).toBe(audit);
    expect(await h.store.db.opportunity.count()).toBe(0);
  });

  it("lists a file's bad cells and the accounts the team lacks in one report, and writes nothing", async () => {
    // Once the cells were mended, a second attempt used to bring up the missing accounts: now both come at once.
    const file = [
      "客户编号,客户名称,商机编号,商机名称,阶段,金额",
      "XSY-1,,OPP-A,甲,立项,很多",
      "XSY-404,,OPP-B,乙,立项,10万",
      ",不存在的医院,OPP-C,丙,S9,10万",
      "XSY-2,,OPP-D,丁,线索,20万",
    ].join("\n");
    const audit = await auditCount();
    const r = await run(file, "opps-bad.csv");
    expect(r.status).toBe("invalid");
    expect(importResultLines("en", r, { file: "opps-bad.csv", team: "华东一部" }).lines).toEqual([
      "row 2, column 金额: “很多” is not an amount of money; write yuan as 3000000, 3,000,000, ¥3,000,000, 300万 or 1.2亿",
      expect.stringMatching(/^row 4, column 阶段: “S9” is not allowed; /),
      "row 3: no account XSY-404 in the team; import the accounts file first (or check 客户编号 / 客户名称)",
      "row 4: no account 不存在的医院 in the team; import the accounts file first (or check 客户编号 / 客户名称)",
      "4 problems; nothing was imported",
      expect.stringContaining("stage"),
    ]);
    expect(await auditCount()).toBe(audit);
    expect(await h.store.db.opportunity.count({ where: { crmId: { in: ["OPP-A", "OPP-D"] } } })).toBe(0);
  });

  it("refuses a file without a column every row needs once, by its header, not row by row", async () => {
    const noAmount = ["客户编号,商机编号,商机名称,阶段", "XSY-1,OPP-1,a,S1", "XSY-1,OPP-2,b,S2"].join("\n");
    const r = await run(noAmount, "opps.csv", { dryRun: true });
    expect(importResultLines("en", r, { file: "opps.csv", team: "t" }).lines).toEqual([
      "row 1: missing column 金额 / amount",
      "1 problem; nothing was imported",
    ]);
    const contacts = await run("客户编号,联系人编号,姓名,职务\nXSY-1,C-1,王主任,主任\n", "contacts.csv", {
      dryRun: true,
    });
    expect(importResultLines("zh-CN", contacts, { file: "contacts.csv", team: "t" }).lines).toEqual([
      "第 1 行：缺少“角色”列",
      "第 1 行：缺少“影响力”列",
      "2 个问题；未导入任何数据",
    ]);
  });

  it("lists the first 50 of a file's 120 problems, then how many more, and writes nothing", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `XSY-9${i},OPP-X${i},项目${i},线索,10万`);
    const r = await run(["客户编号,商机编号,商机名称,阶段,金额", ...rows].join("\n"), "wrong.csv");
    const { ok, lines } = importResultLines("en", r, { file: "wrong.csv", team: "华东一部" });
    expect([ok, lines.length, lines[0], lines[49], lines[50], lines[51]]).toEqual([
      false,
      52,
      "row 2: no account XSY-90 in the team; import the accounts file first (or check 客户编号 / 客户名称)",
      "row 51: no account XSY-949 in the team; import the accounts file first (or check 客户编号 / 客户名称)",
      "…and 70 more",
      "120 problems; nothing was imported",
    ]);
    expect(await h.store.db.opportunity.count()).toBe(0);
  });

  it("recognises an opportunities file by its headers and creates the deals with their CRM ids", async () => {
    const w1 = OPPS_W1.replace(",OPP-9", "XSY-2,OPP-9");
    const progress: [number, number][] = [];
    const onProgress = (written: number, total: number) => progress.push([written, total]);
    const s = done(await run(w1, "opps-w1.csv", { asOf: "2026-11-30", onProgress }));
    expect([s.kind, s.opportunities, s.changed.length]).toEqual(["opportunities", 3, 0]);
    expect(progress).toEqual([[3, 3]]); // one step: the three new deals
    const o = await h.store.db.opportunity.findFirstOrThrow({
      where: { crmId: "OPP-1" },
      include: { stageHistory: true },
    });
    expect([o.name, o.stage, o.amount, o.source, o.ownerUserId, o.createdDate]).toEqual([
      "数据共享平台",
      "S2",
      3_000_000n,
      "government_policy",
      "周立",
      "2026-10-08",
    ]);
    expect(o.stageHistory.map((x) => [x.stage, x.enteredDate])).toEqual([["S2", "2026-10-08"]]);
    // Re-importing the same export changes nothing.
    const again = done(await run(w1, "opps-w1.csv", { asOf: "2026-11-30", onProgress }));
    expect([again.opportunities, again.changed.length, again.unchanged, again.auditRows]).toEqual([0, 0, 3, 0]);
    expect(progress).toHaveLength(1); // nothing written, nothing reported
  });

  it("reads a CRM's own words for the source, keeping a source outside the eight methods as its detail", async () => {
    const { team: south } = await createTeam(h.deps, actor, { channelId: "C0S", name: "华南二部", members: [] });
    const into = (text: string) => importFile(h.deps, actor, south, { bytes: bytes(text), fileName: "src.csv" });
    done(await into(ACCOUNTS));
    const file = (sources: readonly string[]) =>
      [
        "客户编号,商机编号,商机名称,阶段,金额,商机来源",
        ...sources.map((src, i) => `XSY-1,SRC-${i},项目${i},线索,10万,${src}`),
      ].join("\n");
    const sources = ["展会", "行业报告", "老客户", "合作伙伴", "其他", "招投标信息", "Trade show"];
    expect(done(await into(file(sources))).opportunities).toBe(7);
    const stored = async () =>
      (
        await h.store.db.opportunity.findMany({
          where: { account: { teamId: south.id } },
          orderBy: { crmId: "asc" },
        })
      ).map((o) => [o.crmId, o.source, o.sourceDetail]);
    expect(await stored()).toEqual([
      ["SRC-0", "exhibition_event", null],
      ["SRC-1", "industry_report", null],
      ["SRC-2", "customer_referral", null],
      ["SRC-3", "ecosystem_partner", null],
      ["SRC-4", "other", null],
      ["SRC-5", "other", "招投标信息"],
      ["SRC-6", "exhibition_event", null],
    ]);
    expect(done(await into(file(sources))).changed).toEqual([]);
    // A deal whose source becomes a tender notice gets both fields, audited; the rest stay as they are.
    const audit = await auditCount();
    const moved = done(await into(file(["招标公告", ...sources.slice(1)])));
    expect(fieldNames(moved.changed)).toEqual([
      { name: "东江省大数据管理局 · 项目0", fields: ["source", "source_detail"] },
    ]);
    expect((await stored())[0]).toEqual(["SRC-0", "other", "招标公告"]);
    expect(await auditCount()).toBe(audit + 2);
    // A word for none of them stops the file, named by row and column.
    const r = await into(file([...sources, "朋友圈广告"]));
    const { lines } = importResultLines("en", r, { file: "src.csv", team: "华南二部" });
    expect(lines[0]).toMatch(/^row 9, column 商机来源: “朋友圈广告” is not allowed; use one of: industry_report/);
    expect(await h.store.db.opportunity.count({ where: { account: { teamId: south.id } } })).toBe(7);
  });

  it("records a stage change as of --as-of, maps a CRM's stage names, and reports deals not in the file", async () => {
    const map = parseStageMap("# 销售易 stages\n方案交流阶段,S3\n合同签订,W\n");
    if (!map.ok) throw new Error("map");
    const w2 = [
      "account_id,opportunity_id,opportunity_name,stage,amount",
      "XSY-1,OPP-1,数据共享平台,方案交流阶段,320万",
      "XSY-1,OPP-2,安全运营,合同签订,120万",
    ].join("\n");
    const audit = await auditCount();
    const dry = done(await run(w2, "opps-w2.csv", { asOf: "2026-12-07", stageMap: map.map, dryRun: true }));
    expect([dry.stageChanges, dry.stagesMapped, dry.changed.map((c) => c.changes.map((f) => f.field))]).toEqual([
      2,
      2,
      [["stage", "amount"], ["stage"]],
    ]);
    expect(await auditCount()).toBe(audit);

    const s = done(await run(w2, "opps-w2.csv", { asOf: "2026-12-07", stageMap: map.map }));
    expect(s.notInFile.map((n) => n.name)).toEqual(["临海市人民医院 · 智慧病房"]);
    const lines = importResultLines("zh-CN", { status: "done", summary: s, warnings: [] }, { file: "w2", team: "t" });
    expect(lines.lines).toContain("记录阶段变化（日期 2026-12-07）：2");
    expect(lines.lines).toContain("  东江省大数据管理局 · 数据共享平台：阶段 S2 立项 → S3 方案、金额 300万 → 320万");
    const o1 = await h.store.db.opportunity.findFirstOrThrow({
      where: { crmId: "OPP-1" },
      include: { stageHistory: { orderBy: { enteredDate: "asc" } } },
    });
    expect([o1.stage, o1.amount, o1.closedDate]).toEqual(["S3", 3_200_000n, null]);
    expect(o1.stageHistory.map((x) => [x.stage, x.enteredDate, x.amountAtEntry])).toEqual([
      ["S2", "2026-10-08", 3_000_000n],
      ["S3", "2026-12-07", 3_200_000n],
    ]);
    const o2 = await h.store.db.opportunity.findFirstOrThrow({ where: { crmId: "OPP-2" } });
    expect([o2.stage, o2.closedDate]).toEqual(["W", "2026-12-07"]);
    const changes = await h.store.db.factChange.findMany({
      where: { entityId: o1.id, sourceRef: "opps-w2.csv" },
      orderBy: { field: "asc" },
    });
    expect(changes.map((c) => [c.entity, c.field, c.before, c.after])).toEqual([
      ["opportunity", "amount", "3000000", "3200000"],
      ["opportunity", "stage", '"S2"', '"S3"'],
    ]);
    expect(await h.store.db.opportunity.count({ where: { crmId: "OPP-9" } })).toBe(1); // never deleted
  });

  it("applies the team's stored stage map to every import of its opportunities, with a one-off map over it", async () => {
    const w3 = ["客户编号,商机编号,商机名称,阶段,金额", "XSY-1,OPP-1,数据共享平台,招标准备,320万"].join("\n");
    const refused = await run(w3, "opps-w3.csv", { dryRun: true });
    expect(refused.status).toBe("invalid");

    const audit = await auditCount();
    const set = await setTeamStageMap(h.deps, actor, team, {
      replace: [
        ["招标准备", "S4"],
        ["合同签订", "W"],
      ],
    });
    expect([set.changed, set.before, set.map.length]).toEqual([true, [], 2]);
    expect(await storedStageMap(h.deps, team.id)).toEqual([
      ["招标准备", "S4"],
      ["合同签订", "W"],
    ]);
    // Names merge in place; a name removed goes; the same change again writes nothing.
    const merged = await setTeamStageMap(h.deps, actor, team, {
      set: [
        ["合同签订", "S5"],
        ["立项中", "S2"],
      ],
      remove: [],
    });
    expect(merged.map).toEqual([
      ["招标准备", "S4"],
      ["合同签订", "S5"],
      ["立项中", "S2"],
    ]);
    const again = await setTeamStageMap(h.deps, actor, team, { set: [["合同签订", "S5"]], remove: ["立项中"] });
    expect(again.map).toEqual([
      ["招标准备", "S4"],
      ["合同签订", "S5"],
    ]);
    expect((await setTeamStageMap(h.deps, actor, team, { set: [["合同签订", "S5"]], remove: [] })).changed).toBe(false);
    await expect(setTeamStageMap(h.deps, actor, team, { set: [], remove: ["没有这个"] })).rejects.toMatchObject({
      field: "stage_map",
      params: { names: "没有这个", known: "招标准备、合同签订" },
    });
    const rows = await h.store.db.factChange.findMany({
      where: { entity: "team", entityId: team.id, field: "import_stage_map" },
      orderBy: { id: "asc" },
    });
    expect(rows.length).toBe(3);
    expect(await auditCount()).toBe(audit + 3);
    expect(rows.map((r) => r.after)).toContain('[["招标准备","S4"],["合同签订","S5"]]');

    const dry = done(await run(w3, "opps-w3.csv", { dryRun: true, asOf: "2026-12-14" }));
    expect([dry.stageChanges, dry.stagesMapped, dry.changed.map((c) => c.changes.map((f) => f.field))]).toEqual([
      1,
      1,
      [["stage"]],
    ]);
    expect(
      importResultLines("zh-CN", { status: "done", summary: dry, warnings: [] }, { file: "w3", team: "t" }).lines,
    ).toContain("按阶段映射（`/kvalue stages`）读取 CRM 自己的阶段名称：1 行");
    // OPP-1 is at S3: a one-off map naming it S3 is read over the team's, so nothing changes.
    const oneOff = done(await run(w3, "opps-w3.csv", { dryRun: true, stageMap: [["招标准备", "S3"]] }));
    expect(fieldNames(oneOff.changed)).toEqual([]);
    // Another team's imports do not read this team's map.
    const { team: other } = await createTeam(h.deps, actor, { channelId: "C0P2", name: "华东二部", members: [] });
    expect(
      (await importFile(h.deps, actor, other, { bytes: bytes(w3), fileName: "w3.csv", dryRun: true })).status,
    ).toBe("invalid");
    await setTeamStageMap(h.deps, actor, team, { clear: true });
    expect(await storedStageMap(h.deps, team.id)).toEqual([]);
  });

  it("imports contacts and needs files with English or Chinese headers, and every kind's export imports back with 0 changes", async () => {
    const contacts = [
      "account_name,contact_id,name,title,role,influence,attitude,relationship_strength",
      "东江省大数据管理局,C-1,王主任,主任,economic_buyer,high,1,3",
      "临海市人民医院,C-2,李科长,信息科科长,technical_buyer,medium,中立,熟悉", // the scales' names: 0 and 2
    ].join("\n");
    expect(done(await run(contacts, "contacts.csv")).contacts).toBe(2);
    const needs = ["客户编号,需求编号,需求描述,严重度,紧迫度,已确认", "XSY-1,N-1,跨部门数据共享,5,4,是"].join("\n");
    expect(done(await run(needs, "needs.csv")).needs).toBe(1);
    const c1 = await h.store.db.contact.findFirstOrThrow({ where: { crmId: "C-1" } });
    expect([c1.name, c1.role, c1.influence, c1.attitude, c1.relationshipStrength]).toEqual([
      "王主任",
      "economic_buyer",
      "high",
      1,
      3,
    ]);
    const c2 = await h.store.db.contact.findFirstOrThrow({ where: { crmId: "C-2" } });
    expect([c2.attitude, c2.relationshipStrength]).toEqual([0, 2]);

    const scope = await resolveScope(h.deps, actor);
    for (const kind of ["contacts", "needs", "opportunities"] as const) {
      const { rows } = await exportParts(h.deps, scope, { team: team.name }, kind);
      for (const locale of ["zh-CN", "en"] as const) {
        const s = done(await run(partsCsv(kind, rows, locale), `${kind}.${locale}.csv`));
        expect([kind, locale, s.kind, s.changed, s.auditRows, s.notInFile]).toEqual([kind, locale, kind, [], 0, []]);
      }
    }
  });

  it("hands back the accounts a parts write touched exactly as reading them again returns them", async () => {
    // The import scores what applyPartImport hands back instead of re-reading it: both accounts hold contacts, a
    // need and deals by now; one gains a deal with two stages, the other's deal moves to a new stage and amount.
    const xsy1 = await h.store.db.account.findFirstOrThrow({ where: { crmId: "XSY-1" } });
    const xsy2 = await h.store.db.account.findFirstOrThrow({ where: { crmId: "XSY-2" } });
    const opp9 = await h.store.db.opportunity.findFirstOrThrow({ where: { crmId: "OPP-9" } });
    const ctx = { actorUserId: actor.userId, source: "import" as const, workspaceId: actor.workspaceId };
    const rollback = new Error("rollback");
    const compared = h.deps.repos.transaction(async (r) => {
      const handed = await r.accounts.applyPartImport(
        {
          kind: "opportunities",
          creates: [
            {
              accountId: xsy1.id,
              opportunity: {
                crm_id: "OPP-NEW",
                name: "政务云扩容",
                stage: "S2",
                amount: 2_000_000,
                created_date: "2026-11-01",
                closed_date: null,
                meddpicc: { champion: true },
                stage_history: [
                  { stage: "S2", entered_date: "2026-11-20", amount_at_entry: 2_000_000 },
                  { stage: "S1", entered_date: "2026-11-01", amount_at_entry: 1_500_000 },
                ],
              },
            },
          ],
          updates: [
            {
              id: opp9.id,
              accountId: xsy2.id,
              changes: { stage: "S4", amount: 800_000 },
              stageEntered: { stage: "S4", date: "2026-12-10", amount: 800_000 },
            },
          ],
          audit: [],
        },
        ctx,
      );
      const reread = await r.accounts.loadAccountsByIds(actor.workspaceId, [xsy1.id, xsy2.id]);
      expect(handed.map((a) => a.facts.opportunities?.length)).toEqual(
        reread.map((a) => a.facts.opportunities?.length),
      );
      expect(handed).toEqual(reread);
      throw rollback;
    });
    await expect(compared).rejects.toBe(rollback);
  });

  it("scores the accounts a parts file touches with their segment's defaults, as every reader does", async () => {
    const { team: seg } = await createTeam(h.deps, actor, {
      channelId: "C0PSEG",
      name: "华东医疗",
      members: [actor.userId],
    });
    const hospital = ["客户编号,客户名称,行业,行政区划代码", "XSY-H1,临海市中心医院,医疗,330102"].join("\n");
    done(await importFile(h.deps, actor, seg, { bytes: bytes(hospital), fileName: "hospital.csv" }));
    const scope = await resolveScope(h.deps, actor);
    await saveSegment(h.deps, actor, scope, {
      team: seg.name,
      key: { industry: "healthcare", region_code: "330000", year: 2026 },
      fields: { industry_outlook: "strong_growth", market_wallet: 800_000_000, market_accounts: 40, chosen: true },
    });
    const needs = ["客户编号,需求编号,需求描述,严重度,紧迫度,已确认", "XSY-H1,N-H1,互联网医院,5,5,是"].join("\n");
    done(await importFile(h.deps, actor, seg, { bytes: bytes(needs), fileName: "needs-h.csv", asOf: "2026-11-30" }));
    const account = await h.store.db.account.findFirstOrThrow({ where: { name: "临海市中心医院" } });
    const latest = await h.store.db.scoreSnapshot.findFirstOrThrow({
      where: { accountId: account.id },
      orderBy: { takenAt: "desc" },
    });
    const view = await viewAccount(h.deps, scope, account.id);
    expect(view.aggregate.segmentDefaults?.map((d) => d.field).sort()).toEqual(
      ["industry_outlook", "segment_match", "wallet_annual"].sort(),
    );
    expect(latest.v).toBeCloseTo(view.assessment.scores.V, 6);
    expect(latest.quadrant).toBe(view.assessment.quadrant);
  });

  it("snapshots exactly the accounts a parts file touches, however many accounts the workspace holds", async () => {
    // 500 touched accounts fill one page of the re-read exactly; it once went on to every later account.
    const big = await syntheticTeam("C0BIG", "大客户部", 11);
    const opportunities = syntheticOpportunitiesCsv(700, 12).split("\n").slice(0, 501).join("\n");
    const summary = done(await importFile(h.deps, actor, big, { bytes: bytes(opportunities), fileName: "o.csv" }));
    expect(summary.opportunities).toBe(500);
    // One snapshot per account from its creation, a second for each account the opportunities file touched.
    const counts = await h.store.db.scoreSnapshot.groupBy({
      by: ["accountId"],
      where: { teamId: big.id },
      _count: true,
    });
    const touched = await h.store.db.opportunity.findMany({
      where: { account: { teamId: big.id } },
      select: { accountId: true },
    });
    expect(counts).toHaveLength(700);
    expect(new Set(counts.filter((c) => c._count === 2).map((c) => c.accountId))).toEqual(
      new Set(touched.map((o) => o.accountId)),
    );
    expect(counts.filter((c) => c._count !== 1 && c._count !== 2)).toEqual([]);
  });

  // Rows are matched a page of 2,000 at a time by CRM id; a row keyed by name (here on the second page) has the
  // whole file matched again with every key of the team.
  it("matches a file of several pages by CRM id, page by page or all at once when a row is keyed by name", async () => {
    const paged = await syntheticTeam("C0PAGE", "跨页部", 21);
    const account = (crmId: string) => h.store.db.account.findFirstOrThrow({ where: { teamId: paged.id, crmId } });
    const rows = opportunityRows(2_100, "OPP-P");
    const header = "客户编号,客户名称,商机编号,商机名称,阶段,金额";
    const byCrmId = [header, ...rows].join("\n");
    // Handed over as the CLI hands them: taken by the import, not kept by the caller through its writes.
    const handed = new Handoff(bytes(byCrmId));
    const first = done(await importFile(h.deps, actor, paged, { bytes: handed, fileName: "o.csv" }));
    expect(first.opportunities).toBe(2_100);
    expect(() => handed.take()).toThrow("a handoff is taken once");
    const last = await h.store.db.opportunity.findFirstOrThrow({ where: { crmId: "OPP-P2099" } });
    expect(last.accountId).toBe((await account("SYN-000700")).id);

    const named = await account("SYN-000005");
    const withName = `${byCrmId}\n,${named.name},OPP-PN,按名称,线索,20万`;
    const second = done(await importFile(h.deps, actor, paged, { bytes: bytes(withName), fileName: "o.csv" }));
    expect([second.opportunities, second.unchanged, second.changed.length]).toEqual([1, 2_100, 0]);
    expect((await h.store.db.opportunity.findFirstOrThrow({ where: { crmId: "OPP-PN" } })).accountId).toBe(named.id);

    // By CRM id again, page by page: every row unchanged, the deal keyed by name not in the file, named.
    const third = done(await importFile(h.deps, actor, paged, { bytes: bytes(byCrmId), fileName: "o.csv" }));
    expect([third.unchanged, third.changed.length]).toEqual([2_100, 0]);
    expect(third.notInFile).toEqual([{ name: `${named.name} · 按名称`, crmId: "OPP-PN", open: true }]);
  });

  // Written in steps of about 2,000 parts, each scored once written: a step the database refuses (a trigger here,
  // on one opportunity of the second step of four) takes the steps written and scored before it with it.
  it("writes nothing when the database refuses a later step of the file", async () => {
    const failing = await syntheticTeam("C0FAIL", "回滚部", 31);
    const rows = opportunityRows(6_300, "OPP-F");
    const inTeam = { account: { teamId: failing.id } };
    const accountIds = (await h.store.db.account.findMany({ where: { teamId: failing.id }, select: { id: true } })).map(
      (a) => a.id,
    );
    const state = async () => ({
      opportunities: await h.store.db.opportunity.count({ where: inTeam }),
      snapshots: await h.store.db.scoreSnapshot.count({ where: { teamId: failing.id } }),
      audit: await h.store.db.factChange.count({ where: { accountId: { in: accountIds }, entity: "opportunity" } }),
      versions: (await h.store.db.account.aggregate({ where: { teamId: failing.id }, _sum: { version: true } }))._sum,
    });
    const before = await state();
    const refuse = `IF NEW."crmId" = 'OPP-F400' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW;`;
    const trigger =
      provider === "sqlite"
        ? [
            `CREATE TRIGGER refuse_one BEFORE INSERT ON "Opportunity" WHEN NEW."crmId" = 'OPP-F400'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
          ]
        : [
            `CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${refuse} END $$`,
            `CREATE TRIGGER refuse_one BEFORE INSERT ON "Opportunity" FOR EACH ROW EXECUTE FUNCTION refuse_one()`,
          ];
    for (const sql of trigger) await h.store.db.$executeRawUnsafe(sql);
    try {
      const file = ["客户编号,客户名称,商机编号,商机名称,阶段,金额", ...rows].join("\n");
      await expect(importFile(h.deps, actor, failing, { bytes: bytes(file), fileName: "o.csv" })).rejects.toThrow(
        /refused by the test/,
      );
      expect(await state()).toEqual(before);
      expect(before.opportunities).toBe(0);
    } finally {
      await h.store.db.$executeRawUnsafe(`DROP TRIGGER refuse_one${provider === "sqlite" ? "" : ' ON "Opportunity"'}`);
      if (provider === "postgresql") await h.store.db.$executeRawUnsafe("DROP FUNCTION refuse_one()");
    }
  });

  // A file keyed by CRM ids never reads the team's alias keys; a row without one (or with one the team does not
  // know) still finds its account by name or by a pinyin key.
  it("finds a row's account by name or pinyin; a CRM id the team lacks beside a name under another is refused", async () => {
    const head = "客户编号,客户名称,商机编号,商机名称,阶段,金额";
    const mismatch = [head, "XSY-404,东江省大数据管理局,OPP-N3,数据中台,线索,30万"].join("\n");
    const refused = await run(mismatch, "opps-mismatch.csv", { asOf: "2026-12-08" });
    expect(refused.status === "refused" && refused.problems.map((p) => p.kind)).toEqual(["crm_id_mismatch"]);
    const file = [
      head,
      ",临海市人民医院,OPP-N1,门诊系统,线索,10万",
      ",linhaishirenminyiyuan,OPP-N2,病房系统,线索,20万",
      "XSY-1,东江省大数据管理局,OPP-N3,数据中台,线索,30万",
    ].join("\n");
    expect(done(await run(file, "opps-by-name.csv", { asOf: "2026-12-08" })).opportunities).toBe(3);
    const deals = await h.store.db.opportunity.findMany({
      where: { crmId: { in: ["OPP-N1", "OPP-N2", "OPP-N3"] } },
      select: { crmId: true, account: { select: { crmId: true } } },
      orderBy: { crmId: "asc" },
    });
    expect(deals.map((d) => [d.crmId, d.account.crmId])).toEqual([
      ["OPP-N1", "XSY-2"],
      ["OPP-N2", "XSY-2"],
      ["OPP-N3", "XSY-1"],
    ]);
  });
}

for (const provider of PROVIDERS) describe(`CRM parts files on ${provider}`, () => suite(provider));
