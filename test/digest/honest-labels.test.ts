// The digest never says more than it knows: without a target the gap, the coverage, the wins needed and "neither
// funnel is short" are unknown, not zero; and a digest sent after downtime compares with a snapshot weeks back, so its
// deltas name that snapshot's date instead of "last week".
import { describe, expect, it } from "vitest";
import { DEFAULT_RATES, stageTotals } from "../../src/core/index.js";
import { buildDigest } from "../../src/features/digest/build.js";
import type { DigestData, RiskList } from "../../src/features/digest/data.js";
import { digestMessage } from "../../src/features/digest/render.js";
import { cohortStats } from "../../src/features/digest/stats.js";
import type { Locale } from "../../src/i18n/locale.js";
import { textOf } from "../support/fake-slack.js";

const noRisk: RiskList = { total: 0, amount: 0, items: [] };
const close = "2027-06-30";
const before = [
  { stage: "S3" as const, amount: 5_000_000, expected_close_date: close },
  { stage: "S4" as const, amount: 4_000_000, expected_close_date: close },
];
const after = [
  { stage: "S4" as const, amount: 5_000_000, expected_close_date: close },
  { stage: "S4" as const, amount: 4_000_000, expected_close_date: close },
];

/** The 2027-W01 digest; the previous snapshot is `previousAsOf` (the week before, or 14 Dec after downtime). */
function week(target: number | null, previousAsOf: string): DigestData {
  return {
    team: { id: "team-1", name: "华东政企一部" },
    periodKey: "2027-W01",
    current: { periodKey: "2027-W01", asOf: "2027-01-04", takenAt: new Date("2027-01-03T16:00:00Z"), stats: null },
    previous: { periodKey: "2026-W51", asOf: previousAsOf, takenAt: new Date("2026-12-13T16:00:00Z"), stats: null },
    builtOn: "2027-01-05",
    period: { key: "2027", start: "2027-01-01", end: "2027-12-31" },
    target,
    won: { toDate: 0, toDatePrevious: 0, weekCount: 0, weekAmount: 0, lostWeek: 0, abandonedWeek: 0 },
    totals: {
      current: stageTotals(after, "2027-12-31"),
      previous: stageTotals(before, "2027-12-31"),
      previousPublishedWeighted: 2_000_000,
    },
    changes: [
      {
        id: "o-1",
        name: "信创替代",
        account: "东江农商银行",
        accountId: "acc-1",
        previous: before[0] ?? null,
        current: after[0] ?? null,
        closed: null,
        created: false,
        closedFrom: null,
      },
    ],
    stats: {
      ...cohortStats([], "2027-01-04"),
      conversion: { cohort: 12, won: 6, rates: DEFAULT_RATES, avg_won_size: 2_000_000, cycle_days: 180 },
    },
    risks: { stalled: noRisk, overdue: noRisk, redFlags: noRisk, unqualified: noRisk },
    sources: [],
    matrix: { counts: [], changes: [], changeTotal: 0, facts: {}, points: [] },
    segments: null,
  };
}

const render = (data: DigestData, locale: Locale) => digestMessage(buildDigest(data), { locale, chartsBelow: false });
const text = (data: DigestData, locale: Locale) => textOf(render(data, locale).blocks);
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe("a digest without a target for the period", () => {
  const data = week(null, "2026-12-28");
  const d = buildDigest(data);

  it("states no gap, coverage, wins needed or binding funnel, and says once how to set the target (zh-CN)", () => {
    const zh = text(data, "zh-CN");
    for (const unknown of ["缺口 G", "加权覆盖率", "无缺口", "两个漏斗都没有缺口", "需 0", "约束漏斗", "新线索截止日"])
      expect(zh).not.toContain(unknown);
    expect(count(zh, "还没有设定 2027 的目标")).toBe(1);
    expect(zh).toContain("缺口、覆盖率、还需赢单和所需新线索暂不计算");
    expect(zh).toContain("`/kvalue target 华东政企一部 <金额> 2027`");
    // What the pipeline alone tells stays.
    expect(zh).toMatch(new RegExp(`\\*预计赢单 E_n\\*\\n${d.funnel.expected_wins.toFixed(2)}\\S* 单\\n`));
    expect(zh).toContain("*加权金额 E_amt*");
    expect(zh).toContain("*本期已赢单*\n0元");
    expect(render(data, "zh-CN").text).not.toContain("覆盖率");
  });

  it("does the same in English", () => {
    const en = text(data, "en");
    for (const unknown of [
      "Gap G",
      "Weighted coverage",
      "no gap",
      "neither funnel is short",
      "need 0",
      "Lead deadline",
    ])
      expect(en).not.toContain(unknown);
    expect(count(en, "No target set for 2027")).toBe(1);
    expect(en).toContain("`/kvalue target 华东政企一部 <amount> 2027`");
    expect(en).toMatch(
      new RegExp(`\\*Expected wins E_n\\*\\n${d.funnel.expected_wins.toFixed(2)}[^\\n(]*( \\([^)]*\\))?\\n`),
    );
  });

  it("keeps the gap and coverage once a target is set", () => {
    const zh = text(week(30_000_000, "2026-12-28"), "zh-CN");
    expect(zh).toContain("*缺口 G*\n3,000万");
    expect(zh).toContain("*加权覆盖率*");
    expect(zh).not.toContain("还没有设定");
  });
});

describe("a digest sent after downtime", () => {
  const late = week(30_000_000, "2026-12-14");

  it("names the 14 Dec snapshot in every comparison instead of last week (zh-CN)", () => {
    const zh = text(late, "zh-CN");
    expect(zh).toContain("快照 2027年1月4日，对比 2026年12月14日");
    expect(zh).not.toContain("上周");
    expect(zh).toContain("*缺口 G*\n3,000万（12月14日 3,000万）");
    expect(zh).toContain("括号内为与12月14日相比");
    expect(zh).toContain("*12月14日以来赢单*");
    expect(zh).toMatch(/12月14日 \S+ → 本周 \S+，净变化/);
    expect(zh).toContain("12月14日快照按当时转化率为 200万");
    expect(zh).toContain("按12月14日所在阶段计数");
    // What counts from the previous snapshot says so: the new deals of ⑦ and the matrix changes of ⑧.
    expect(zh).toContain("（12月14日以来新增商机，按商机发掘八法）");
    expect(zh).toContain("12月14日以来没有新增商机。");
    expect(zh).toContain("12月14日以来没有客户的象限、分级或置信度发生变化。");
    expect(zh).not.toContain("本周新增");
  });

  it("names it in English too", () => {
    const en = text(late, "en");
    expect(en).not.toMatch(/last week/i);
    expect(en).toContain("(14 Dec: ¥30M)");
    expect(en).toContain("changes vs 14 Dec in brackets");
    expect(en).toContain("*Won since 14 Dec*");
    expect(en).toContain("counted at the stage on 14 Dec");
    expect(en).toContain("No new deals since 14 Dec.");
  });

  it("still says last week when the previous snapshot is the week before", () => {
    const zh = text(week(30_000_000, "2026-12-28"), "zh-CN");
    expect(zh).toContain("（上周 3,000万）");
    expect(zh).toContain("括号内为与上周相比");
    expect(zh).toContain("*本周赢单*");
    expect(zh).toContain("按上周所在阶段计数");
    expect(zh).toContain("本周没有新增商机。");
  });
});
