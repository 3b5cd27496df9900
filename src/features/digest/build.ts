// The weekly digest builder (METHOD §5.7): gathered data in, the nine parts out. Pure — no clock, no I/O — and every
// number comes from the core: funnelOfTotals for both weeks (§5.3–§5.6), bridge for the weighted-pipeline bridge
// (§5.7 item 3), conversionRates for the team's rates and the rolling trend (§5.2).
import {
  bridge,
  ceilCount,
  funnelOfTotals,
  MODEL_VERSION,
  OPEN_STAGES,
  q9,
  stageProbabilities,
} from "../../core/index.js";
import type { BridgeLabel, FunnelResult, StageRates, StageTotals } from "../../core/index.js";
import { BRIDGE_LABELS } from "../../i18n/vocabulary.js";
import type { DigestData } from "./data.js";
import type { SnapshotStats } from "./stats.js";
import { FALLBACK_CYCLE_DAYS } from "../funnel/service.js";
import { flowsByStage } from "./flows.js";
import { matrixChanges } from "./matrix-changes.js";
import { segmentGroups } from "./segment-groups.js";
import type { Assumption, Change, Digest, DigestBridge, StageRow } from "./types.js";

/** Rows of the bridge the digest lists by name; the per-label totals cover them all. */
export const BRIDGE_ROWS_SHOWN = 8;
/** Used only while a team has no won deal and no open pipeline to size one from (services/funnel.ts does the same). */
const FALLBACK_DEAL_SIZE = 1_000_000;

const change = (now: number, before: number | null | undefined): Change =>
  before === null || before === undefined ? { now, before: null, delta: null } : { now, before, delta: now - before };

const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);

/** §5.4 inputs the team's history may not have yet, with the same fallbacks as `/kvalue funnel` (services/funnel.ts). */
function funnelInputs(
  data: DigestData,
  rates: SnapshotStats["conversion"],
): { avgWon: number; cycle: number; assumptions: Assumption[] } {
  const assumptions: Assumption[] = [];
  if (rates.cohort === 0) assumptions.push("default_rates");
  let avgWon = rates.avg_won_size;
  if (avgWon === null) {
    const t = data.totals.current,
      n = sum(t.count);
    avgWon = n > 0 ? sum(t.amount) / n : FALLBACK_DEAL_SIZE;
    assumptions.push("avg_won_from_pipeline");
  }
  let cycle = rates.cycle_days;
  if (cycle === null) {
    cycle = FALLBACK_CYCLE_DAYS;
    assumptions.push("default_cycle");
  }
  return { avgWon, cycle, assumptions };
}

function stageRows(now: FunnelResult, before: FunnelResult | null): StageRow[] {
  return now.stages.map((s, i) => {
    const b = before?.stages[i];
    return {
      stage: s.stage,
      count: change(s.open_count, b?.open_count),
      amount: change(s.open_amount, b?.open_amount),
      weighted: change(s.weighted_amount, b?.weighted_amount),
      expectedWins: change(s.expected_wins, b?.expected_wins),
    };
  });
}

function digestBridge(data: DigestData, rates: StageRates, before: FunnelResult, after: FunnelResult): DigestBridge {
  const prev = data.previous;
  // Only changed opportunities were fetched: an unchanged one adds A·p − A·p = 0, so the rows and their sum are those
  // of the full bridge; the totals come from the full stage totals of both snapshots. Deals that left by closing are
  // on the current side as W/L/A, which is how the bridge labels them won/lost/abandoned.
  const result = bridge({
    period_end: data.period.end,
    rates,
    previous: {
      as_of: prev?.asOf ?? data.current.asOf,
      opportunities: data.changes.flatMap((c) => (c.previous ? [{ id: c.id, ...c.previous }] : [])),
    },
    current: {
      as_of: data.current.asOf,
      opportunities: data.changes.flatMap((c) => {
        const now = c.current ?? c.closed;
        return now ? [{ id: c.id, ...now }] : [];
      }),
    },
  });
  const names = new Map(data.changes.map((c) => [c.id, { name: c.name, account: c.account, accountId: c.accountId }]));
  const byLabel = new Map<BridgeLabel, { count: number; delta: number }>();
  for (const r of result.rows) {
    const e = byLabel.get(r.label) ?? { count: 0, delta: 0 };
    byLabel.set(r.label, { count: e.count + 1, delta: e.delta + r.delta });
  }
  const published = data.totals.previousPublishedWeighted;
  const rateEffect = published === null ? null : before.weighted_amount - published;
  return {
    before: before.weighted_amount,
    after: after.weighted_amount,
    net: after.weighted_amount - before.weighted_amount,
    publishedBefore: published,
    // Shown only when it is at least a cent (§2.1 display precision).
    rateEffect: rateEffect !== null && Math.abs(q9(rateEffect)) >= 0.005 ? rateEffect : null,
    byLabel: BRIDGE_LABELS.filter((l) => byLabel.has(l)).map((label) => ({
      label,
      ...(byLabel.get(label) ?? { count: 0, delta: 0 }),
    })),
    rows: result.rows
      .slice(0, BRIDGE_ROWS_SHOWN)
      .map((r) => ({ ...r, ...(names.get(r.id) ?? { name: r.id, account: "", accountId: "" }) })),
    rowCount: result.rows.length,
  };
}

function sourceShares(rows: DigestData["sources"]): Digest["sources"] {
  const total = rows.reduce((t, r) => ({ count: t.count + r.count, amount: t.amount + r.amount }), {
    count: 0,
    amount: 0,
  });
  const share = (code: string) =>
    total.count === 0 ? null : (rows.find((r) => r.source === code)?.count ?? 0) / total.count;
  return { rows, total, otherShare: share("other"), unknownShare: share("unknown") };
}

function matrixCounts(data: DigestData): Digest["matrix"]["counts"] {
  const keys = ["strategic", "develop", "maintain", "opportunistic", "provisional"] as const;
  return keys.map((key) => {
    // The matrix's rule (`/kvalue matrix`): a provisional (待评估) account is counted apart and in no quadrant, so the
    // two always show the same numbers.
    const cells = data.matrix.counts.filter((c) =>
      key === "provisional" ? c.provisional : !c.provisional && c.quadrant === key,
    );
    return {
      quadrant: key,
      now: cells.reduce((s, c) => s + c.current, 0),
      before: data.previous ? cells.reduce((s, c) => s + c.previous, 0) : null,
    };
  });
}

export function buildDigest(data: DigestData): Digest {
  const asOf = data.current.asOf;
  // §5.2: the team's own closed history of the trailing 4 quarters, smoothed toward the defaults, as of the snapshot.
  const conversion = data.stats.conversion;
  const { avgWon, cycle, assumptions } = funnelInputs(data, conversion);
  const common = {
    period_end: data.period.end,
    // The core needs a number; without a target its gap figures are computed on 0 and the renderer leaves them out.
    target: data.target ?? 0,
    avg_won_size: avgWon,
    cycle_days: cycle,
    rates: conversion.rates,
  };
  const funnel = funnelOfTotals(data.totals.current, { ...common, as_of: asOf, won_to_date: data.won.toDate });
  // Last week's pipeline at this week's rates, so every week-over-week Δ (stages, headline, bridge) adds up.
  const prevTotals: StageTotals | null = data.totals.previous;
  const previousFunnel =
    data.previous && prevTotals
      ? funnelOfTotals(prevTotals, { ...common, as_of: data.previous.asOf, won_to_date: data.won.toDatePrevious })
      : null;

  const trend = data.stats.trend;
  const sf = funnel.shortfall;
  const coverageNow = funnel.coverage?.weighted ?? null;
  const coverageBefore = previousFunnel ? (previousFunnel.coverage?.weighted ?? null) : null;

  return {
    team: data.team,
    periodKey: data.periodKey,
    asOf,
    previousAsOf: data.previous?.asOf ?? null,
    builtOn: data.builtOn,
    period: data.period,
    target: data.target,
    modelVersion: data.current.modelVersion ?? MODEL_VERSION,
    rates: {
      rates: conversion.rates,
      probabilities: stageProbabilities(conversion.rates),
      cohort: conversion.cohort,
      won: conversion.won,
    },
    assumptions,
    funnel,
    previousFunnel,
    headline: {
      wonWeek: {
        count: data.won.weekCount,
        amount: data.won.weekAmount,
        lost: data.won.lostWeek,
        abandoned: data.won.abandonedWeek,
      },
      wonToDate: change(data.won.toDate, previousFunnel ? data.won.toDatePrevious : null),
      gap: change(funnel.gap, previousFunnel?.gap),
      expectedWins: change(funnel.expected_wins, previousFunnel?.expected_wins),
      requiredWins: funnel.required_wins,
      weighted: change(funnel.weighted_amount, previousFunnel?.weighted_amount),
      coverage: {
        now: coverageNow,
        before: coverageBefore,
        deltaPoints: coverageNow !== null && coverageBefore !== null ? coverageNow - coverageBefore : null,
      },
      // §5.4 step 6: the binding funnel needs the larger number of new leads.
      leadsNeeded: Math.max(ceilCount(sf.new_leads_count_basis), ceilCount(sf.new_leads_amount_basis)),
    },
    stages: stageRows(funnel, previousFunnel),
    bridge: previousFunnel ? digestBridge(data, conversion.rates, previousFunnel, funnel) : null,
    flows: data.previous ? flowsByStage(data.changes, data.period.end) : null,
    conversions: {
      windowWeeks: trend.windowWeeks,
      lagWeeks: trend.lagWeeks,
      closedNow: trend.now.cohort,
      closedBefore: trend.before.cohort,
      rows: OPEN_STAGES.map((k) => ({
        stage: k,
        count: change(trend.now.rates.count[k], trend.before.rates.count[k]),
        amount: change(trend.now.rates.amount[k], trend.before.rates.amount[k]),
        observed: trend.now.observed[k],
      })),
    },
    risks: {
      ...data.risks,
      medianDays: Object.fromEntries(
        OPEN_STAGES.map((k) => [k, data.stats.stageDays[k].median]),
      ) as Digest["risks"]["medianDays"],
    },
    sources: sourceShares(data.sources),
    matrix: {
      counts: matrixCounts(data),
      changes: matrixChanges(data.matrix.changes, data.matrix.facts),
      changeTotal: data.matrix.changeTotal,
    },
    segments: data.segments ? segmentGroups(data.segments, stageProbabilities(conversion.rates).amount) : null,
    velocity: change(funnel.velocity_per_day, previousFunnel?.velocity_per_day),
    charts: {
      funnel: funnel.stages.map((s) => ({ stage: s.stage, count: s.open_count, amount: s.open_amount })),
      points: data.matrix.points,
    },
  };
}
