// What a team's closed history says at a week boundary (METHOD §5.2 and §5.7): core's conversion rates with A_won and
// D_cyc, the rolling 13-week trend, and how long deals historically stay in each stage (the "stalled" risk).
// Computed once, when the week's snapshot is taken, and kept with it (TeamSnapshot.stats): the digest then shows what
// was predicted that Monday (§6.1: the prediction log is immutable) and needs no pass over the closed history.
// Pure: the closed cohort in, numbers out.
import { addDays, conversionRates, daysBetween, median, OPEN_STAGES, stageIndex } from "../../core/index.js";
import type { ConversionResult, OpenStage, OpportunityHistory, StageRates } from "../../core/index.js";

/** §5.7 item 6: a deal is stalled after more than this many times the stage's historical median days. */
export const STALLED_FACTOR = 2;
/** A median from fewer observations than this judges nobody (a new team would see noise, not risk). */
export const MIN_STAGE_OBSERVATIONS = 5;
/** §5.7 item 5: rolling window of the conversion trend and how far back its comparison lies, in weeks. */
export const TREND_WINDOW_WEEKS = 13;
export const TREND_LAG_WEEKS = 4;

/** The date an opportunity closed: its latest entry into its closing stage, as core's conversion counting reads it. */
export function closingDate(o: OpportunityHistory): string | null {
  let closed: string | null = null;
  for (const e of o.stage_history)
    if (e.stage === o.stage && (closed === null || e.entered_date > closed)) closed = e.entered_date;
  return closed;
}

export interface StageDuration {
  median: number | null;
  observations: number;
}

/** Days spent in each open stage before the next recorded entry, over the closed cohort (every stage it left). */
export function stageDurations(cohort: readonly OpportunityHistory[]): Record<OpenStage, StageDuration> {
  const days: number[][] = OPEN_STAGES.map(() => []);
  for (const o of cohort) {
    const entries = [...o.stage_history].sort((a, b) =>
      a.entered_date < b.entered_date ? -1 : a.entered_date > b.entered_date ? 1 : 0,
    );
    for (let i = 0; i + 1 < entries.length; i++) {
      const here = entries[i],
        next = entries[i + 1];
      if (!here || !next) continue;
      const k = stageIndex(here.stage);
      if (k < 0 || k > 5) continue;
      days[k]?.push(daysBetween(here.entered_date, next.entered_date));
    }
  }
  const out = {} as Record<OpenStage, StageDuration>;
  OPEN_STAGES.forEach((k, i) => {
    const d = days[i] ?? [];
    out[k] = { median: d.length >= MIN_STAGE_OBSERVATIONS ? median(d) : null, observations: d.length };
  });
  return out;
}

/**
 * Per stage, the latest date a deal may have entered it and not be stalled on `today`: days in stage > 2 × median
 * ⇔ entered < today − floor(2 × median). null where the stage has too little history to judge.
 */
export function stalledBefore(
  durations: Record<OpenStage, StageDuration>,
  today: string,
): Record<OpenStage, string | null> {
  const out = {} as Record<OpenStage, string | null>;
  for (const k of OPEN_STAGES) {
    const m = durations[k].median;
    out[k] = m === null ? null : addDays(today, -Math.floor(STALLED_FACTOR * m));
  }
  return out;
}

/** §5.7 item 5: ĉ_k and â_k of the deals closed in the 13 weeks before `asOf`, and the same window 4 weeks earlier. */
export function conversionTrend(
  cohort: readonly OpportunityHistory[],
  asOf: string,
): { now: ConversionResult; before: ConversionResult } {
  const window = (end: string): ConversionResult => {
    const from = addDays(end, -7 * TREND_WINDOW_WEEKS);
    // core counts the trailing 4 quarters before its as_of; the 13-week window lies inside them, so pre-filtering the
    // cohort to the window gives core's rates for exactly that window.
    const inWindow = cohort.filter((o) => {
      const c = closingDate(o);
      return c !== null && c >= from && c < end;
    });
    return conversionRates(inWindow, { asOf: end });
  };
  return { now: window(asOf), before: window(addDays(asOf, -7 * TREND_LAG_WEEKS)) };
}

/** The numbers of a team's history kept with a weekly snapshot. */
export interface SnapshotStats {
  asOf: string;
  /** §5.2 over the trailing 4 quarters (core conversionRates) */
  conversion: {
    cohort: number;
    won: number;
    rates: StageRates;
    avg_won_size: number | null;
    cycle_days: number | null;
  };
  /** §5.7 item 5 */
  trend: {
    windowWeeks: number;
    lagWeeks: number;
    now: { cohort: number; rates: StageRates; observed: Record<OpenStage, number> };
    before: { cohort: number; rates: StageRates };
  };
  /** §5.7 item 6 */
  stageDays: Record<OpenStage, StageDuration>;
}

export function cohortStats(cohort: readonly OpportunityHistory[], asOf: string): SnapshotStats {
  const c = conversionRates(cohort, { asOf });
  const trend = conversionTrend(cohort, asOf);
  return {
    asOf,
    conversion: {
      cohort: c.cohort,
      won: c.won,
      rates: c.rates,
      avg_won_size: c.avg_won_size,
      cycle_days: c.cycle_days,
    },
    trend: {
      windowWeeks: TREND_WINDOW_WEEKS,
      lagWeeks: TREND_LAG_WEEKS,
      now: {
        cohort: trend.now.cohort,
        rates: trend.now.rates,
        observed: Object.fromEntries(OPEN_STAGES.map((k) => [k, trend.now.observed[k].n])) as Record<OpenStage, number>,
      },
      before: { cohort: trend.before.cohort, rates: trend.before.rates },
    },
    stageDays: stageDurations(cohort),
  };
}
