// Segments through the service layer on SQLite and PostgreSQL: created and changed with audit rows, their defaults
// reaching the card and the score without being stored on the account, a rep's own fact winning, a change
// re-scoring exactly the accounts it feeds, and bad input naming its field and writing nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateFacts, viewAccount } from "../../src/features/accounts/service.js";
import { cardMessage } from "../../src/features/accounts/views.js";
import { importAccounts, importFile } from "../../src/features/import-export/service.js";
import { importResultLines } from "../../src/features/import-export/ui/summary.js";
import { segmentDecisionMessage } from "../../src/features/assistant/ui/segment-proposal.js";
import { textOf } from "../support/fake-slack.js";
import { importAccountSchema } from "../../src/features/import-export/records.js";
import { SegmentInputError, saveSegment, type SegmentRaw } from "../../src/features/segments/service.js";
import { loadDemo } from "../../src/features/demo/service.js";
import { resolveScope, type Actor, type Scope } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import type { Provider } from "../../src/store/index.js";
import { openHarness, PROVIDERS, type Harness } from "../services/harness.js";

const actor: Actor = { workspaceId: "T0SEG", userId: "U0REP", source: "console" };
const KEY = { industry: "healthcare", region_code: "330000", year: 2026 };

const accounts = [
  // takes outlook, wallet, segment_match and a need's fit from the segment
  {
    id: "A",
    name: "临海市人民医院",
    industry: "healthcare",
    region_code: "330102",
    needs: [{ id: "A-n1", description: "智慧医院平台", our_fit: null }],
  },
  // in the segment, but knows everything the segment could feed
  {
    id: "B",
    name: "江川市中医院",
    industry: "healthcare",
    region_code: "330200",
    industry_outlook: "decline",
    wallet_annual: 5_000_000,
    segment_match: false,
  },
  // another industry, another province, no region
  { id: "C", name: "临海市第一中学", industry: "education", region_code: "330102" },
  { id: "D", name: "邻省医院", industry: "healthcare", region_code: "320102" },
  { id: "E", name: "青溪县卫生院", industry: "healthcare" },
  // in the segment, only its outlook unknown
  {
    id: "F",
    name: "云溪县人民医院",
    industry: "healthcare",
    region_code: "330110",
    wallet_annual: 1_000_000,
    segment_match: true,
  },
];

function segmentSuite(provider: Provider): void {
  let h: Harness;
  let scope: Scope;
  const idOf = new Map<string, string>();
  const row = (crm: string) => h.store.db.account.findUniqueOrThrow({ where: { id: idOf.get(crm) ?? "" } });

  beforeAll(async () => {
    h = await openHarness(provider);
    await createTeam(h.deps, actor, { channelId: "C0SEG", name: "华东医疗", members: [actor.userId] });
    scope = await resolveScope(h.deps, actor);
    const team = scope.teams[0];
    if (!team) throw new Error("no team");
    await importAccounts(
      h.deps,
      actor,
      team,
      accounts.map((a) => importAccountSchema.parse(a)),
    );
    for (const a of await h.store.db.account.findMany()) {
      const crm = accounts.find((x) => x.name === a.name)?.id;
      if (crm) idOf.set(crm, a.id);
    }
  });
  afterAll(async () => h?.close());

  it("creates a segment with an audit row per field and re-scores the accounts it feeds", async () => {
    const snapshotsBefore = await h.store.db.scoreSnapshot.count();
    const r = await saveSegment(h.deps, actor, scope, {
      team: null,
      key: KEY,
      fields: {
        industry_outlook: "growth",
        market_wallet: 600_000_000,
        market_accounts: 80,
        chosen: true,
        solution_fit: [{ line: "智慧医院", fit: 3 }],
        strategy: "以省级平台带动地市",
      },
    });
    expect(r.created).toBe(true);
    expect(r.rescored.map((id) => [...idOf].find(([, v]) => v === id)?.[0]).sort()).toEqual(["A", "F"]);
    // B and F have their own 是否目标细分: the decision does not give them the segment's.
    expect(r.keptOwn.map((a) => [...idOf].find(([, v]) => v === a.id)?.[0]).sort()).toEqual(["B", "F"]);
    expect(r.keptOwn.map((a) => a.name).sort()).toEqual(["云溪县人民医院", "江川市中医院"].sort());
    // The assistant's Confirm of the same decision says it too, once per account.
    const team = scope.teams[0];
    if (!team) throw new Error("no team");
    const confirmed = segmentDecisionMessage("en", {
      kind: "written",
      team,
      preview: { team, items: [], skipped: [] },
      saves: [r, r],
    });
    expect(textOf(confirmed.blocks)).toMatch(
      /\n2 accounts keep their own 是否目标细分 \(segment_match\) value, not the segment's decision \(an account's own value wins over a segment's default\): (云溪县人民医院|江川市中医院), (云溪县人民医院|江川市中医院)\. To make one follow the segment, clear its own value, e\.g\. `\/kvalue set (云溪县人民医院|江川市中医院) segment_match=unknown`$/,
    );
    expect(await h.store.db.scoreSnapshot.count()).toBe(snapshotsBefore + 2);
    const audit = await h.store.db.factChange.findMany({ where: { entity: "segment", entityId: r.segment.id } });
    expect(audit.map((a) => a.field).sort()).toEqual(
      ["*", "chosen", "industry_outlook", "market_accounts", "market_wallet", "solution_fit", "strategy"].sort(),
    );
    expect(audit.every((a) => a.accountId === null && a.actorUserId === "U0REP" && a.source === "console")).toBe(true);
  });

  it("feeds the card and the score, never the account's stored facts", async () => {
    const a = await row("A");
    expect([a.industryOutlook, a.walletAnnual, a.segmentMatch]).toEqual([null, null, null]);
    const view = await viewAccount(h.deps, scope, a.id);
    expect(view.aggregate.facts.industry_outlook).toBe("growth");
    expect(view.aggregate.facts.wallet_annual).toBe(7_500_000);
    expect(view.aggregate.facts.segment_match).toBe(true);
    expect(view.aggregate.facts.needs?.[0]?.our_fit).toBe(3);
    const zh = JSON.stringify(cardMessage(view, "zh-CN", h.deps.caches).blocks);
    expect(zh).toContain("来自细分市场 医疗 · 330000 · 2026");
    expect(zh).toContain("行业前景：增长");
    expect(zh).toContain("需求「智慧医院平台」的我方匹配度：3");
    const en = JSON.stringify(cardMessage(view, "en", h.deps.caches).blocks);
    expect(en).toContain("from segment Healthcare · 330000 · 2026");
    // B knows its own facts: nothing on its card comes from the segment
    const b = await viewAccount(h.deps, scope, (await row("B")).id);
    expect(b.aggregate.segmentDefaults).toBeUndefined();
    expect(b.aggregate.facts.industry_outlook).toBe("decline");
    expect(JSON.stringify(cardMessage(b, "en", h.deps.caches).blocks)).not.toContain("from segment");
  });

  it("lets the rep override a default with the account's own fact", async () => {
    const a = await row("A");
    await updateFacts(h.deps, actor, scope, a.id, { industry_outlook: "flat" });
    const view = await viewAccount(h.deps, scope, a.id);
    expect(view.aggregate.facts.industry_outlook).toBe("flat");
    expect(view.aggregate.segmentDefaults?.map((d) => d.field)).toEqual(["wallet_annual", "segment_match", "our_fit"]);
    expect(JSON.stringify(cardMessage(view, "zh-CN", h.deps.caches).blocks)).not.toContain("行业前景：增长");
  });

  it("re-scores exactly the accounts that use its defaults when a feeding field changes", async () => {
    const versions = async () =>
      Object.fromEntries(await Promise.all(accounts.map(async (x) => [x.id, (await row(x.id)).version])));
    const before = await versions();
    const snapshots = await h.store.db.scoreSnapshot.count();
    // A now has its own outlook but still takes wallet, match and fit; F takes the outlook; B–E take nothing.
    const r = await saveSegment(h.deps, actor, scope, {
      team: null,
      key: KEY,
      fields: { industry_outlook: "strong_growth" },
    });
    expect(r.rescored).toHaveLength(2);
    expect(new Set(r.rescored)).toEqual(new Set([idOf.get("A"), idOf.get("F")]));
    expect(r.keptOwn).toEqual([]); // no decision made
    expect(await h.store.db.scoreSnapshot.count()).toBe(snapshots + 2);
    const after = await versions();
    for (const x of accounts) expect(after[x.id] - before[x.id], x.id).toBe(x.id === "A" || x.id === "F" ? 1 : 0);
    const f = await viewAccount(h.deps, scope, (await row("F")).id);
    expect(f.aggregate.facts.industry_outlook).toBe("strong_growth"); // the cached card saw the version move
    // Clearing the outlook still moves F, which used it before the change.
    const cleared = await saveSegment(h.deps, actor, scope, {
      team: null,
      key: KEY,
      fields: { industry_outlook: null, chosen: null, market_wallet: null, solution_fit: [] },
    });
    expect(new Set(cleared.rescored)).toEqual(new Set([idOf.get("A"), idOf.get("F")]));
    expect(cleared.keptOwn).toEqual([]); // undecided: the segment gives no 是否目标细分 to keep
    // A change to notes or plans feeds no fact: audited, nothing re-scored.
    const notes = await saveSegment(h.deps, actor, scope, {
      team: null,
      key: KEY,
      fields: { strategy: "先做地市标杆" },
    });
    expect(notes.rescored).toEqual([]);
    expect(notes.changed.map((c) => c.field)).toEqual(["strategy"]);
  });

  it("says in a segments file's summary which accounts keep their own 是否目标细分 after its decision", async () => {
    const team = scope.teams[0];
    if (!team) throw new Error("no team");
    const file = "行业,行政区划代码,年份,是否选定\n医疗,330000,2026,否\n";
    const r = await importFile(h.deps, actor, team, { bytes: new TextEncoder().encode(file), fileName: "seg.csv" });
    const { lines } = importResultLines("zh-CN", r, { file: "seg.csv", team: team.name });
    expect(lines).toContain("按新的细分市场默认值重新评分的客户：1");
    const kept = lines.find((l) => l.includes("自己填了“是否目标细分”")) ?? "";
    expect(kept).toMatch(/^2 个客户自己填了“是否目标细分”，保留原值，不跟随细分市场的选定/);
    expect(kept).toContain("江川市中医院");
    expect(kept).toContain("云溪县人民医院");
    expect(kept).toMatch(/例如：`\/kvalue set (江川市中医院|云溪县人民医院) 是否目标细分=未知`$/);
  });

  it("refuses bad input naming every bad field, and writes nothing", async () => {
    const counts = async () => [
      await h.store.db.segment.count(),
      await h.store.db.factChange.count(),
      await h.store.db.scoreSnapshot.count(),
    ];
    const before = await counts();
    const cases: [SegmentRaw, Record<string, unknown>, string[]][] = [
      [{ ...KEY, industry: "medical" }, {}, ["industry"]],
      [{ ...KEY, region_code: "990000" }, {}, ["region_code"]],
      [KEY, { revenue_target: "很多" }, ["revenue_target"]],
      [KEY, { industry_outlook: "growth", solution_fit: [{ line: "政务云", fit: 4 }] }, ["solution_fit"]],
      [{ ...KEY, year: 2027 }, { revenue_target: 1.5, market_accounts: 0 }, ["revenue_target", "market_accounts"]],
    ];
    for (const [key, fields, named] of cases) {
      const e = await saveSegment(h.deps, actor, scope, { team: null, key, fields }).catch((x: unknown) => x);
      expect(e, JSON.stringify(fields)).toBeInstanceOf(SegmentInputError);
      expect((e as SegmentInputError).issues.map((i) => i.field)).toEqual(named);
      for (const f of named) expect((e as Error).message).toContain(f);
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses a change made against an older version", async () => {
    const current = await h.store.db.segment.findFirstOrThrow({ where: { industry: "healthcare" } });
    await expect(
      saveSegment(h.deps, actor, scope, {
        team: null,
        key: KEY,
        fields: { strategy: "x" },
        expectedVersion: current.version - 1,
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });
}

for (const provider of PROVIDERS) describe(`segments (${provider})`, () => segmentSuite(provider));

describe("demo segments", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness("sqlite");
  });
  afterAll(async () => h?.close());

  it("loads three segments for the demo province whose defaults reach the accounts with gaps", async () => {
    const demoActor: Actor = { workspaceId: "T0DEMO", userId: "U0DEMO", source: "console" };
    await loadDemo(h.deps, demoActor, "C0DEMO");
    const segments = await h.store.db.segment.findMany({ orderBy: { industry: "asc" } });
    expect(segments.map((s) => `${s.industry}/${s.regionCode}/${s.chosen}`)).toEqual([
      "e_gov/330000/true",
      "healthcare/330000/true",
      "manufacturing/330000/false",
    ]);
    const scope = await resolveScope(h.deps, demoActor);
    const gxq = await h.store.db.account.findFirstOrThrow({ where: { name: "江川高新技术产业开发区管理委员会" } });
    expect([gxq.walletAnnual, gxq.segmentMatch]).toEqual([null, null]);
    const view = await viewAccount(h.deps, scope, gxq.id);
    expect(view.aggregate.segmentDefaults?.map((d) => `${d.field}=${d.value}`)).toEqual([
      "wallet_annual=20000000",
      "segment_match=true",
    ]);
    expect(JSON.stringify(cardMessage(view, "zh-CN", h.deps.caches).blocks)).toContain("来自细分市场 政务 · 330000");
  });
});
