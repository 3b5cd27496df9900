// The pure digest builder and its Block Kit rendering, on METHOD §7.5–§7.6 (the golden bridge input: the §7.5 pipeline
// on Monday 30 June 2025 and the week to 7 July) and on data made to stress Slack's limits.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_RATES, OPEN_STAGES, stageTotals, type BridgeInput } from "../../src/core/index.js";
import { buildDigest } from "../../src/features/digest/build.js";
import { dualFunnelData, valueMatrixData } from "../../src/features/digest/charts-data.js";
import { matrixChanges } from "../../src/features/digest/matrix-changes.js";
import { digestMessage } from "../../src/features/digest/render.js";
import type { StaticSelect } from "@slack/types";
import type { ChangedOpportunity, DigestData, RiskItem, RiskList, ScorePoint } from "../../src/features/digest/data.js";
import { cohortStats, type SnapshotStats } from "../../src/features/digest/stats.js";
import { checkBlocks } from "../support/slack-limits.js";
import { textOf } from "../support/fake-slack.js";

const golden = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../golden/${name}`, import.meta.url), "utf8"));
const input = golden("bridge-2025w28.input.json") as BridgeInput;
const expected = golden("bridge-2025w28.expected.json") as {
  weighted_before: number;
  weighted_after: number;
  net: number;
  rows: { id: string; label: string; delta: number }[];
};

const isOpenStage = (s: string) => (OPEN_STAGES as readonly string[]).includes(s);

/** What the SQL returns for two snapshots: only the rows that differ, closed deals as their W/L/A row. */
function changesOf(
  prev: BridgeInput["previous"]["opportunities"],
  cur: BridgeInput["current"]["opportunities"],
): ChangedOpportunity[] {
  const p = new Map(prev.map((o) => [o.id, o])),
    c = new Map(cur.filter((o) => isOpenStage(o.stage)).map((o) => [o.id, o]));
  const closed = new Map(cur.filter((o) => !isOpenStage(o.stage)).map((o) => [o.id, o]));
  const out: ChangedOpportunity[] = [];
  const row = (o: { stage: string; amount: number; expected_close_date: string } | undefined) =>
    o ? { stage: o.stage as "S0", amount: o.amount, expected_close_date: o.expected_close_date } : null;
  for (const id of new Set([...p.keys(), ...c.keys()])) {
    const a = p.get(id),
      b = c.get(id);
    if (a && b && a.stage === b.stage && a.amount === b.amount && a.expected_close_date === b.expected_close_date)
      continue;
    out.push({
      id,
      name: `商机 ${id}`,
      account: "某省大数据管理局",
      accountId: `acc-${id}`,
      previous: row(a),
      current: row(b),
      closed: !b ? row(closed.get(id)) : null,
      created: !a,
      closedFrom: null,
    });
  }
  return out;
}

const noRisk: RiskList = { total: 0, amount: 0, items: [] };

/** §7.5/§7.6 inputs: T = 30,000,000, won 6,000,000 before the week and 9,000,000 after (O-102 signed 3,000,000),
 *  A_won = 2,000,000, D_cyc = 180, the §5.2 default rates. */
function goldenWeek(stats: Partial<SnapshotStats["conversion"]> = {}): DigestData {
  const base = cohortStats([], "2025-07-07");
  return {
    team: { id: "team-1", name: "华东政企一部" },
    periodKey: "2025-W28",
    current: { periodKey: "2025-W28", asOf: "2025-07-07", takenAt: new Date("2025-07-06T16:00:00Z"), stats: null },
    previous: { periodKey: "2025-W27", asOf: "2025-06-30", takenAt: new Date("2025-06-29T16:00:00Z"), stats: null },
    builtOn: "2025-07-07",
    period: { key: "2025", start: "2025-01-01", end: "2025-12-31" },
    target: 30_000_000,
    won: {
      toDate: 9_000_000,
      toDatePrevious: 6_000_000,
      weekCount: 1,
      weekAmount: 3_000_000,
      lostWeek: 0,
      abandonedWeek: 0,
    },
    totals: {
      current: stageTotals(
        input.current.opportunities.filter((o) => isOpenStage(o.stage)),
        input.period_end,
      ),
      previous: stageTotals(input.previous.opportunities, input.period_end),
      previousPublishedWeighted: 22_260_000,
    },
    changes: changesOf(input.previous.opportunities, input.current.opportunities),
    stats: {
      ...base,
      conversion: { cohort: 12, won: 6, rates: DEFAULT_RATES, avg_won_size: 2_000_000, cycle_days: 180, ...stats },
    },
    risks: { stalled: noRisk, overdue: noRisk, redFlags: noRisk, unqualified: noRisk },
    sources: [],
    matrix: { counts: [], changes: [], changeTotal: 0, facts: {}, points: [] },
    segments: null,
  };
}

describe("digest builder on METHOD §7.6 (weekly bridge 2025-07-07 vs 2025-06-30)", () => {
  const d = buildDigest(goldenWeek());

  it("has the golden bridge: rows, labels, effects and totals, adding up exactly", () => {
    const b = d.bridge;
    if (!b) throw new Error("no bridge");
    expect(b.before).toBeCloseTo(expected.weighted_before, 2);
    expect(b.after).toBeCloseTo(expected.weighted_after, 2);
    expect(b.net).toBeCloseTo(expected.net, 2);
    expect(b.rows.map((r) => [r.id, r.label, Math.round(r.delta)])).toEqual(
      expected.rows.map((r) => [r.id, r.label, r.delta]),
    );
    const o101 = b.rows.find((r) => r.id === "O-101");
    expect(o101?.amount_effect).toBeCloseTo(-240_000, 2);
    expect(o101?.stage_effect).toBeCloseTo(540_000, 2);
    expect(b.byLabel.reduce((s, l) => s + l.delta, 0)).toBeCloseTo(b.net, 2);
    expect(b.rateEffect).toBeNull(); // last week's digest used the same rates
  });

  it("has the §7.6 headline: gap, E_amt, coverage change, E_n, the amount shortfall and the passed lead deadline", () => {
    const h = d.headline;
    expect(h.wonWeek).toMatchObject({ count: 1, amount: 3_000_000 });
    expect(h.gap).toEqual({ now: 21_000_000, before: 24_000_000, delta: -3_000_000 });
    expect(h.weighted.now).toBeCloseTo(20_130_000, 2);
    expect(h.weighted.before).toBeCloseTo(22_260_000, 2);
    expect(h.coverage.now).toBeCloseTo(0.958571, 5);
    expect(h.coverage.deltaPoints).toBeCloseTo(0.958571 - 0.9275, 5);
    expect(h.expectedWins.now).toBeCloseTo(10.96, 9);
    expect(h.requiredWins).toBeCloseTo(10.5, 9);
    expect(d.funnel.shortfall).toMatchObject({ wins: 0, binding: "amount" });
    expect(d.funnel.shortfall.amount).toBeCloseTo(870_000, 2);
    expect(h.leadsNeeded).toBe(11);
    expect(d.funnel).toMatchObject({ lead_deadline: "2025-07-04", lead_deadline_passed: true });
    const s5 = d.funnel.stages.find((s) => s.stage === "S5"),
      s4 = d.funnel.stages.find((s) => s.stage === "S4");
    expect(s5?.equivalent_amount).toBeCloseTo(1_160_000, 2);
    expect(s4?.equivalent_amount).toBeCloseTo(2_900_000, 2);
  });

  it("has the stage table of §7.6 with week-over-week changes", () => {
    const table = d.stages.map((s) => [s.stage, s.count.now, s.amount.now]);
    expect(table).toEqual([
      ["S0", 40, 100_000_000],
      ["S1", 21, 55_000_000],
      ["S2", 9, 24_000_000],
      ["S3", 7, 10_000_000],
      ["S4", 6, 21_000_000],
      ["S5", 2, 3_000_000],
    ]);
    expect(d.stages.map((s) => s.count.delta)).toEqual([0, 1, -1, -1, 1, -1]);
    expect(d.stages.find((s) => s.stage === "S4")?.weighted.delta).toBeCloseTo(21_000_000 * 0.3 - 12_000_000 * 0.3, 2);
  });

  it("counts the week's flows at last week's stage", () => {
    const byStage = Object.fromEntries((d.flows ?? []).map((f) => [f.stage, f]));
    expect(byStage.S3).toMatchObject({ advanced: 1 });
    expect(byStage.S5).toMatchObject({ won: 1 });
    expect(byStage.S2).toMatchObject({ slipped: 1, advanced: 0 });
    expect(byStage.S1).toMatchObject({ created: 1 });
  });

  it("says it in Chinese and in English, within Slack's limits", () => {
    const zh = digestMessage(d, { locale: "zh-CN", chartsBelow: true });
    const en = digestMessage(d, { locale: "en", chartsBelow: true });
    for (const m of [zh, en]) {
      expect(checkBlocks(m.blocks, "message")).toEqual([]);
      expect(m.blocks.length).toBeLessThanOrEqual(50);
    }
    const zhText = textOf(zh.blocks),
      enText = textOf(en.blocks);
    expect(zhText).toContain("2,013万（-213万）");
    expect(zhText).toContain("2,100万（上周 2,400万）");
    expect(zhText).toContain("95.86%（+3.11 个百分点）");
    expect(zhText).toContain("2025年7月4日 已过 3 天");
    expect(zhText).toContain("S5 谈判 +116万 或 S4 投标 +290万");
    expect(zhText).toContain("赢单 · 商机 O-102（某省大数据管理局）-225万");
    expect(enText).toContain("95.86% (+3.11 pp)");
    expect(enText).toContain("*Won this week*\n1 deal · ¥3M");
    expect(enText).toContain("S5 negotiation +¥1.16M or S4 bid +¥2.9M");
    expect(zh.text).toContain("华东政企一部 周报 2025-W28");
  });

  it("shows a recalibration of last week's pipeline when the rates moved", () => {
    const data = goldenWeek();
    data.totals.previousPublishedWeighted = 22_000_000;
    const b = buildDigest(data).bridge;
    expect(b?.rateEffect).toBeCloseTo(260_000, 2);
    expect(textOf(digestMessage(buildDigest(data), { locale: "zh-CN", chartsBelow: false }).blocks)).toContain(
      "上周周报按当时转化率为 2,200万；按本周转化率重算差 +26万",
    );
  });

  it("builds a first digest (no previous snapshot) without week-over-week parts", () => {
    const data = { ...goldenWeek(), previous: null, changes: [] };
    data.totals = { ...data.totals, previous: null, previousPublishedWeighted: null };
    const first = buildDigest(data);
    expect(first.bridge).toBeNull();
    expect(first.flows).toBeNull();
    expect(first.headline.gap).toEqual({ now: 21_000_000, before: null, delta: null });
    expect(textOf(digestMessage(first, { locale: "zh-CN", chartsBelow: false }).blocks)).toContain("首份周报");
  });

  it("falls back like /kvalue funnel while the team has no won deal yet, and says so", () => {
    const d2 = buildDigest(goldenWeek({ cohort: 0, won: 0, avg_won_size: null, cycle_days: null }));
    expect(d2.assumptions).toEqual(["default_rates", "avg_won_from_pipeline", "default_cycle"]);
    expect(textOf(digestMessage(d2, { locale: "en", chartsBelow: false }).blocks)).toContain(
      "No closed deals yet: default conversion rates",
    );
  });
});

describe("digest of a team with nothing yet", () => {
  it("renders a first digest of an empty team with no target, within limits", () => {
    const empty = (): ReturnType<typeof stageTotals> => ({ count: new Float64Array(6), amount: new Float64Array(6) });
    const data: DigestData = {
      ...goldenWeek({ cohort: 0, won: 0, avg_won_size: null, cycle_days: null }),
      previous: null,
      target: null,
      changes: [],
      won: { toDate: 0, toDatePrevious: 0, weekCount: 0, weekAmount: 0, lostWeek: 0, abandonedWeek: 0 },
      totals: { current: empty(), previous: null, previousPublishedWeighted: null },
    };
    const d = buildDigest(data);
    expect(d.headline.coverage.now).toBeNull();
    for (const locale of ["zh-CN", "en"] as const) {
      const m = digestMessage(d, { locale, chartsBelow: false });
      expect(checkBlocks(m.blocks, "message")).toEqual([]);
      expect(textOf(m.blocks)).toContain(locale === "zh-CN" ? "还没有设定 2025 的目标" : "No target set for 2025");
    }
  });
});

describe("matrix changes name the driver that changed", () => {
  const point = (p: Partial<ScorePoint>): ScorePoint => ({
    cv: 60,
    pt: 60,
    sf: 40,
    ra: 50,
    x: 60,
    y: 52,
    v: 54,
    quadrant: "strategic",
    tier: "strategic",
    confidence: "high",
    completeness: 0.9,
    completenessCv: 1,
    completenessPt: 1,
    completenessSf: 0.5,
    completenessRa: 1,
    modelVersion: "v1-default",
    ...p,
  });

  it("blames the Y axis on the sub-score that moved it (0.6·PT vs 0.4·SF)", () => {
    const [row] = matrixChanges(
      [
        {
          accountId: "a",
          name: "甲",
          before: point({}),
          after: point({ sf: 30, y: 48, quadrant: "maintain", tier: "key" }),
        },
      ],
      { a: ["budget_status"] },
    );
    expect(row).toMatchObject({
      kinds: ["quadrant", "tier"],
      driver: { sub: "SF", measure: "score", before: 40, after: 30 },
      facts: ["budget_status"],
    });
  });

  it("blames the X axis on CV", () => {
    const [row] = matrixChanges(
      [{ accountId: "a", name: "甲", before: point({}), after: point({ cv: 45, x: 45, quadrant: "develop" }) }],
      {},
    );
    expect(row?.driver).toMatchObject({ sub: "CV", before: 60, after: 45 });
    expect(row?.model).toBeNull();
  });

  it("names an adopt or a revert between the two snapshots as a cause", () => {
    const [row] = matrixChanges(
      [
        {
          accountId: "a",
          name: "甲",
          before: point({}),
          after: point({ y: 48, quadrant: "maintain", modelVersion: "v2-2026Q4" }),
        },
      ],
      {},
    );
    expect(row?.model).toEqual({ before: "v1-default", after: "v2-2026Q4" });
  });

  it("blames a confidence change on the completeness that changed most", () => {
    const [row] = matrixChanges(
      [
        {
          accountId: "a",
          name: "甲",
          before: point({ confidence: "medium", completenessRa: 0.2 }),
          after: point({ confidence: "high", completenessRa: 1 }),
        },
      ],
      {},
    );
    expect(row).toMatchObject({
      kinds: ["confidence"],
      driver: { sub: "RA", measure: "completeness", before: 0.2, after: 1 },
    });
  });
});

describe("digest rendering stays inside Slack's limits whatever the data", () => {
  it("fits a digest with long names, full risk lists and many changes, in both languages", () => {
    const long = "某某省某某市某某区某某某某某某某某某某有限责任公司第一分公司".repeat(3);
    const items = Array.from({ length: 8 }, (_, i) => ({
      id: `o${i}`,
      name: `${long}${i}`,
      account: long,
      stage: "S4" as const,
      amount: 123_456_789,
      date: "2025-01-01",
      flags: ["eb_missing", "eb_opposed", "late_stage_unqualified", "no_budget_late_stage"],
    }));
    // Each list names its own 8 accounts (and one twice), so the risk part's card menu has 4 × 8 distinct ones.
    const listOf = (k: string, flags?: string[]): RiskList => ({
      total: 5_000,
      amount: 9_876_543_210,
      items: [
        ...items.map((x, i) => ({ ...x, accountId: `${k}${i}`, ...(flags ? { flags } : {}) })),
        { ...items[0], id: `${k}-again`, accountId: `${k}0` } as RiskItem,
      ],
    });
    const data = goldenWeek();
    data.risks = {
      stalled: listOf("s"),
      overdue: listOf("o"),
      redFlags: listOf("f"),
      unqualified: listOf("u", ["qualification:3"]),
    };
    data.changes = [
      ...data.changes,
      ...Array.from(
        { length: 400 },
        (_, i): ChangedOpportunity => ({
          id: `N${String(i).padStart(3, "0")}`,
          name: `${long}`,
          account: long,
          accountId: `n${i}`,
          previous: null,
          current: { stage: "S1", amount: 1_000_000 + i, expected_close_date: "2025-12-01" },
          closed: null,
          created: true,
          closedFrom: null,
        }),
      ),
    ];
    data.sources = [
      "industry_report",
      "exhibition_event",
      "social_circle",
      "government_policy",
      "industry_association",
      "consultant_institute",
      "ecosystem_partner",
      "customer_referral",
      "other",
      "unknown",
    ].map((source, i) => ({ source: source as "other", count: i + 1, amount: (i + 1) * 1e7 }));
    const sp = (q: ScorePoint["quadrant"], c: string, modelVersion = "v1-default"): ScorePoint => ({
      cv: 10,
      pt: 20,
      sf: 30,
      ra: 40,
      x: 10,
      y: 20,
      v: 25,
      quadrant: q,
      tier: "general",
      confidence: c,
      completeness: 0.5,
      completenessCv: 0.5,
      completenessPt: 0.5,
      completenessSf: 0.5,
      completenessRa: 0.5,
      modelVersion,
    });
    data.matrix = {
      counts: [{ quadrant: "strategic", provisional: false, current: 1000, previous: 990 }],
      changes: Array.from({ length: 8 }, (_, i) => ({
        accountId: `a${i}`,
        name: long,
        before: sp("develop", "low"),
        // One moved by a model adopted in the week alone: its sub-scores did not change.
        after: sp("strategic", "high", i === 1 ? "v2-2026Q4" : "v1-default"),
      })),
      changeTotal: 300,
      facts: { a0: ["revenue_ttm", "wallet_annual", "budget_status", "contacts", "needs"] },
      points: Array.from({ length: 400 }, (_, i) => ({
        name: long,
        x: (i * 7) % 100,
        y: (i * 13) % 100,
        quadrant: "strategic" as const,
        provisional: false,
      })),
    };
    const d = buildDigest(data);
    for (const locale of ["zh-CN", "en"] as const) {
      const m = digestMessage(d, { locale, chartsBelow: true });
      expect(checkBlocks(m.blocks, "message"), locale).toEqual([]);
      const chars = JSON.stringify(m.blocks).length;
      expect(chars, locale).toBeLessThan(40_000);
      const text = textOf(m.blocks);
      expect(text).toContain(locale === "zh-CN" ? "…及另外" : "…and");
      expect(text).toContain(locale === "zh-CN" ? "⑨ 销售速度" : "9 · Sales velocity");
      // The facts behind a change are named as the card names them, not by their codes.
      if (locale === "zh-CN") expect(text).toContain("本周更新：我方近12月收入、客户年度相关预算、客户预算状态");
      expect(text).not.toContain("revenue_ttm");
      expect(text).toContain(
        locale === "zh-CN" ? "原因：模型版本 v1-default → v2-2026Q4" : "model version v1-default → v2-2026Q4",
      );
      // Every account line of the matrix part opens that account's card (a button: see matrixBlocks).
      const cards = (m.blocks as { accessory?: { type: string; action_id: string; value: string } }[])
        .map((b) => b.accessory)
        .filter((a) => a?.type === "button" && a.action_id === "kv_open_card");
      expect(cards.map((a) => a?.value)).toEqual(d.matrix.changes.map((c) => c.accountId));
      expect(cards).toHaveLength(8);
      // The bridge and risk parts each carry one card menu (same action) listing the accounts of their lines.
      const menus = (m.blocks as { accessory?: StaticSelect }[])
        .map((b) => b.accessory)
        .filter((a): a is StaticSelect => a?.type === "static_select" && a.action_id === "kv_open_card");
      expect(menus).toHaveLength(2);
      const [bridgeMenu, riskMenu] = menus.map((x) => (x.options ?? []).map((o) => o.value));
      expect(bridgeMenu).toEqual([...new Set(d.bridge?.rows.map((r) => r.accountId))].filter((x) => x !== ""));
      expect(bridgeMenu?.length).toBeGreaterThan(1);
      expect(riskMenu).toEqual(["s", "o", "f", "u"].flatMap((k) => Array.from({ length: 8 }, (_, i) => `${k}${i}`)));
      expect(m.blocks.length).toBeLessThanOrEqual(50);
    }
    // Chart data are well formed for the renderer (labels in the subscription's language).
    expect(dualFunnelData(d, "zh-CN").stages.map((s) => s.label)).toEqual([
      "S0 线索",
      "S1 商机",
      "S2 立项",
      "S3 方案",
      "S4 投标",
      "S5 谈判",
    ]);
    expect(valueMatrixData(d, "en").points).toHaveLength(400);
  });
});
