// The wins a target still needs, on the funnel screen and in the weekly digest's headline: one figure, shown the same
// way in both, as whole deals rounded up (a deal cannot be won in part); expected wins and amounts as they were.
import { describe, expect, it } from "vitest";
import { DEFAULT_RATES, stageTotals } from "../../src/core/index.js";
import { buildDigest } from "../../src/features/digest/build.js";
import type { DigestData, RiskList } from "../../src/features/digest/data.js";
import { digestMessage } from "../../src/features/digest/render.js";
import { cohortStats } from "../../src/features/digest/stats.js";
import { funnelMessage } from "../../src/features/funnel/ui/funnel.js";
import type { Locale } from "../../src/i18n/locale.js";
import { allText } from "../blocks/slack-limits-checker.js";
import { textOf } from "../support/fake-slack.js";

const noRisk: RiskList = { total: 0, amount: 0, items: [] };
const open = [
  { stage: "S4" as const, amount: 4_000_000, expected_close_date: "2025-11-30" },
  { stage: "S5" as const, amount: 3_000_000, expected_close_date: "2025-10-31" },
];

/** T = 30,000,000, won 9,000,000, A_won = 2,000,000: N_req = 10.5 wins; two late deals expect well under one. */
function week(): DigestData {
  const totals = stageTotals(open, "2025-12-31");
  return {
    team: { id: "team-1", name: "华东政企一部" },
    periodKey: "2025-W28",
    current: { periodKey: "2025-W28", asOf: "2025-07-07", takenAt: new Date("2025-07-06T16:00:00Z"), stats: null },
    previous: null,
    builtOn: "2025-07-07",
    period: { key: "2025", start: "2025-01-01", end: "2025-12-31" },
    target: 30_000_000,
    won: { toDate: 9_000_000, toDatePrevious: 9_000_000, weekCount: 0, weekAmount: 0, lostWeek: 0, abandonedWeek: 0 },
    totals: { current: totals, previous: null, previousPublishedWeighted: null },
    changes: [],
    stats: {
      ...cohortStats([], "2025-07-07"),
      conversion: { cohort: 12, won: 6, rates: DEFAULT_RATES, avg_won_size: 2_000_000, cycle_days: 180 },
    },
    risks: { stalled: noRisk, overdue: noRisk, redFlags: noRisk, unqualified: noRisk },
    sources: [],
    matrix: { counts: [], changes: [], changeTotal: 0, facts: {}, points: [] },
    segments: null,
  };
}

describe("wins still needed, on the funnel screen and in the digest", () => {
  const d = buildDigest(week());
  const screen = (locale: Locale) =>
    allText(
      funnelMessage({
        teamName: "华东政企一部",
        periodLabel: "2025",
        periodEnd: "2025-12-31",
        asOf: "2025-07-07",
        target: 30_000_000,
        wonToDate: 9_000_000,
        result: d.funnel,
        locale,
      }).blocks,
    );
  const digest = (locale: Locale) => textOf(digestMessage(d, { locale, chartsBelow: true }).blocks);

  it("shows the 10.5 required wins as 11 deals in both, and the wins short rounded up too", () => {
    expect(d.funnel.required_wins).toBeCloseTo(10.5, 9);
    const short = d.funnel.shortfall.wins;
    expect(short % 1).not.toBe(0);
    const whole = String(Math.ceil(short));
    const expected = d.funnel.expected_wins.toFixed(2);

    expect(screen("zh-CN")).toContain("*还需赢单*\n11 单");
    expect(screen("zh-CN")).toContain(`数量漏斗：还差 ${whole} 单`);
    expect(screen("zh-CN")).toContain(`*预计赢单（数量漏斗）*\n${expected} 单`);
    expect(digest("zh-CN")).toContain(`*预计赢单 E_n*\n${expected} 单（需 11 单）`);
    expect(digest("zh-CN")).toContain(`*两个漏斗的短缺*\n数量 ${whole} 单 · 金额 1,755万`);

    expect(screen("en")).toContain("*Wins still needed*\n11");
    expect(screen("en")).toContain(`Count funnel: ${whole} wins short`);
    expect(digest("en")).toContain(`(need 11)`);
    expect(digest("en")).toContain(`count ${whole} wins · amount`);
  });
});
