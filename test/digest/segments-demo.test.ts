// The demo's digest preview shows the segment part (issue 10 item 5): the demo's three segments of the year — the
// two chosen first, the one not chosen after them — and the accounts in none under Other, between the matrix (⑧) and
// the velocity (⑨), in the console in both languages; and the groups add up to the whole digest's figures. The demo's
// first preview compares two weeks: last week's snapshot is what the demo's own stage history says stood then.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleSession } from "../support/console.js";
import { composeDigest } from "../../src/features/digest/compose.js";
import { flowTotals } from "../../src/features/digest/flows.js";
import { weekOf } from "../../src/features/digest/week.js";
import { openHarness, type Harness } from "../services/harness.js";

describe("the demo's digest", () => {
  let h: Harness;
  let zh = "";
  let en = "";
  beforeAll(async () => {
    h = await openHarness("sqlite", () => new Date());
    const out = await consoleSession(h.deps, ["digest preview", "lang en", "digest preview"]);
    const cut = out.indexOf("== Digest preview");
    zh = out.slice(0, cut);
    en = out.slice(cut);
  });
  afterAll(async () => h?.close());

  const between = (text: string, from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to));

  it("lists the chosen segments first, then the one not chosen, then Other, after the matrix part", () => {
    const part = between(zh, "按细分市场", "⑨ 销售速度");
    expect(zh.indexOf("⑧ 价值矩阵")).toBeLessThan(zh.indexOf("按细分市场"));
    const heads = part.split("\n").filter((l) => /· \d+ 个客户$/.test(l));
    expect(heads.map((l) => l.split(/ ?· /)[0])).toEqual([
      "政务",
      "医疗",
      "制造",
      "其他（不属于 2026 年任何细分市场）",
    ]);
    expect(heads[0]).toContain("已选定");
    expect(heads[2]).toContain("已评估，未选定");
    expect(part).toContain("竞争：华云数科、东信软件、省属国资云公司（强度高）");
    expect(part).toMatch(/目标 4,000万 · 已赢单 [\d,.]+万 · 尚差 [\d,.]+万 · 加权 [\d,.]+万（覆盖 [\d.]+%）/);
    const enPart = between(en, "By market segment", "9 · Sales velocity");
    expect(enPart).toContain("E-government · 330000 · 2026 · Chosen (target segment)");
    expect(enPart).toContain("Other (in no 2026 segment)");
    expect(enPart).not.toMatch(/按细分市场|个客户|尚差|竞争/);
  });

  it("adds up to the whole digest: accounts, the open pipeline per stage and the year's wins", async () => {
    const team = await h.store.db.team.findFirstOrThrow();
    const week = weekOf(h.deps.now(), "Asia/Shanghai");
    const d = await composeDigest(h.deps, { ...team }, week.periodKey, { charts: false });
    const part = d?.segments;
    if (!d || !part) throw new Error("no segment part");
    expect(part.groups.map((g) => g.segment?.industry ?? "other")).toEqual([
      "e_gov",
      "healthcare",
      "manufacturing",
      "other",
    ]);
    expect(part.groups.reduce((s, g) => s + g.accounts, 0)).toBe(await h.store.db.account.count());
    // The demo's target period is the calendar year, so the segments' year pipeline is the digest's.
    for (const row of d.stages) {
      const groups = part.groups.map((g) => g.stages.find((s) => s.stage === row.stage));
      expect(
        groups.reduce((s, x) => s + (x?.count ?? 0), 0),
        row.stage,
      ).toBe(row.count.now);
      expect(
        groups.reduce((s, x) => s + (x?.amount ?? 0), 0),
        row.stage,
      ).toBeCloseTo(row.amount.now, 2);
    }
    expect(part.groups.reduce((s, g) => s + g.won, 0)).toBeCloseTo(d.headline.wonToDate.now, 2);
    expect(part.groups.reduce((s, g) => s + g.open.weighted, 0)).toBeCloseTo(d.funnel.weighted_amount, 2);
  });

  it("compares with last week as the demo's stage history tells it: new deals, advances, the bridge", async () => {
    const team = await h.store.db.team.findFirstOrThrow();
    const week = weekOf(h.deps.now(), "Asia/Shanghai");
    const d = await composeDigest(h.deps, { ...team }, week.periodKey, { charts: false });
    const since = d?.previousAsOf;
    if (!d || !since) throw new Error("no previous snapshot");
    expect(zh).not.toContain("首份周报");
    const open = await h.store.db.opportunity.findMany({
      where: { account: { teamId: team.id }, stage: { in: ["S0", "S1", "S2", "S3", "S4", "S5"] } },
      include: { stageHistory: true },
    });
    const created = open.filter((o) => o.createdDate >= since);
    const advanced = open.filter((o) => o.createdDate < since && o.stageHistory.some((h) => h.enteredDate >= since));
    expect(created.length + advanced.length).toBeGreaterThan(0);
    const flows = d.flows ?? [];
    expect(flows.reduce((s, f) => s + f.created, 0)).toBe(created.length);
    // An advance over two stages in the week counts once per stage passed.
    expect(flows.reduce((s, f) => s + f.advanced, 0)).toBeGreaterThanOrEqual(advanced.length);
    // Each bridge line is one of those deals or one closed since; the bridge adds up.
    const closedSince = await h.store.db.opportunity.findMany({
      where: { account: { teamId: team.id }, stage: { in: ["W", "L", "A"] }, closedDate: { gte: since } },
    });
    const moved = new Set([...created, ...advanced, ...closedSince].map((o) => o.id));
    for (const r of d.bridge?.rows ?? []) expect(moved.has(r.id), r.id).toBe(true);
    expect((d.bridge?.before ?? 0) + (d.bridge?.net ?? 0)).toBeCloseTo(d.bridge?.after ?? -1, 2);
    // A deal the demo closed during the week was open last Monday: the flows count it as the headline does.
    const closed = flowTotals(flows);
    const { count, lost, abandoned } = d.headline.wonWeek;
    expect(count + lost + abandoned).toBeGreaterThan(0);
    expect([closed.won, closed.lost, closed.abandoned]).toEqual([count, lost, abandoned]);
  });
});
