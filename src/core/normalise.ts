// METHOD §3.1 normalisation functions and enum maps (0–100).
import type {
  BudgetStatus,
  DevelopmentTrend,
  Influence,
  IndustryOutlook,
  MarketPosition,
  ReferenceValue,
} from "./enums.js";

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** §3.1 logscale(·; L, H) with its logarithms taken once: 0 at or below L, 100 at or above H, log-linear between. */
export function makeLogscale(L: number, H: number): (x: number) => number {
  const lo = Math.log10(L),
    span = Math.log10(H) - lo;
  return (x) => 100 * clamp01((Math.log10(Math.max(x, L)) - lo) / span);
}

/** §3.1 logscale(x; L, H). */
export const logscale = (x: number, L: number, H: number): number => makeLogscale(L, H)(x);

/** §3.1 linear(x; L, H). */
export function linear(x: number, L: number, H: number): number {
  return 100 * clamp01((x - L) / (H - L));
}

/** §3.1 map(industry_outlook). */
export const OUTLOOK_SCORE: Readonly<Record<IndustryOutlook, number>> = {
  strong_growth: 100,
  growth: 75,
  flat: 50,
  decline: 25,
  strong_decline: 0,
};
/** §3.1 map(market_position). */
export const POSITION_SCORE: Readonly<Record<MarketPosition, number>> = {
  national_leader: 100,
  regional_leader: 75,
  backbone: 50,
  ordinary: 25,
};
/** §3.1 map(development_trend). */
export const TREND_SCORE: Readonly<Record<DevelopmentTrend, number>> = { expanding: 100, stable: 50, contracting: 0 };
/** §3.1 map(budget_status). */
export const BUDGET_SCORE: Readonly<Record<BudgetStatus, number>> = { approved: 100, planned: 60, none: 20 };
/** §3.1 map(segment_match). */
export const segmentScore = (match: boolean): number => (match ? 100 : 0);
/** §3.1 map(reference_value). */
export const REFERENCE_SCORE: Readonly<Record<ReferenceValue, number>> = {
  national: 100,
  provincial: 70,
  prefecture: 40,
  none: 0,
};
/** §3.2 influence weight w_i of the RA mean: high 3, medium 2, low 1. (A comparison chain rather than a
 *  keyed lookup: it runs per contact in the hot path.) */
export const influenceWeight = (i: Influence): number => (i === "high" ? 3 : i === "medium" ? 2 : 1);
