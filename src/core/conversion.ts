// METHOD §5.2 conversion rates from the closed cohort's stage history, with §5.2 smoothing, plus the
// §5.4 inputs A_won (mean W final amount) and D_cyc (median days S0 entry → W).
//
// Counting rules (§5.1): an opportunity's highest stage reached counts (backward moves do not undo it);
// skipped stages count as passed with amount_at_entry = the amount of the next recorded entry; W reaches
// every stage. A stage entered twice keeps its first entry.
import { OPEN_STAGES, type OpenStage } from "./enums.js";
import type { OpportunityHistory } from "./facts.js";
import type { StageProbabilities, StageRates } from "./results.js";
import { addMonths, daysBetween } from "./dates.js";
import { DEFAULT_RATES, stageIndex, stageProbabilities } from "./rates.js";

/** §5.2 smoothing strength α: pseudo-observations at the default rate. */
export const SMOOTHING_ALPHA = 20;
/** §5.2 trailing window of the closed cohort, in months (4 quarters). */
export const COHORT_MONTHS = 12;

/** §5.2 ĉ = (x + α·c_default)/(n + α). */
export const smooth = (x: number, n: number, prior: number, alpha: number = SMOOTHING_ALPHA): number =>
  (x + alpha * prior) / (n + alpha);

export interface ConversionOptions {
  /** Snapshot date: the cohort is the opportunities closed in [as_of − 12 months, as_of). */
  asOf: string;
  defaults?: StageRates;
  alpha?: number;
}

/** Observed flows at one stage: n = reached k, x = reached k+1 (W for S5); amounts likewise. */
export interface StageObservation {
  n: number;
  x: number;
  amount_n: number;
  amount_x: number;
}

export interface ConversionResult {
  /** Closed opportunities in the window (W, L and A). */
  cohort: number;
  won: number;
  observed: Record<OpenStage, StageObservation>;
  /** Smoothed ĉ_k and â_k. */
  rates: StageRates;
  probabilities: StageProbabilities;
  /** False when no cohort entry records an amount: then P_amt = P_count (§5.2). */
  amount_history: boolean;
  /** The unit of the amount smoothing: median deal size of the cohort (W final amount, else amount). */
  median_deal_size: number | null;
  /** §5.4 A_won and D_cyc; null without a W cohort. */
  avg_won_size: number | null;
  cycle_days: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? (v[mid] ?? null) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}

/** What one closed opportunity contributes. */
interface Path {
  highest: number; // highest open stage index reached (5 for W), −1 if none
  won: boolean;
  amounts: number[]; // amount_at_entry per open stage 0…highest (skips filled forward)
  finalAmount: number; // W: final signed amount
  start: string; // S0 entry date (first recorded entry)
  closed: string; // date of the closing entry
  recordedAmount: boolean;
}

function pathOf(o: OpportunityHistory): Path | null {
  if (o.stage !== "W" && o.stage !== "L" && o.stage !== "A") return null;
  let closed: string | null = null,
    closeAmount: number | null = null,
    start: string | null = null;
  let highest = -1,
    recordedAmount = false;
  const firstDate: (string | null)[] = [null, null, null, null, null, null];
  const firstAmount: (number | null)[] = [null, null, null, null, null, null];
  for (const e of o.stage_history) {
    if (start === null || e.entered_date < start) start = e.entered_date;
    if (e.stage === o.stage && (closed === null || e.entered_date >= closed)) {
      closed = e.entered_date;
      closeAmount = e.amount_at_entry ?? null;
    }
    const i = stageIndex(e.stage);
    if (i < 0 || i > 5) continue;
    if (i > highest) highest = i;
    const seen = firstDate[i];
    if (seen == null || e.entered_date < seen) {
      firstDate[i] = e.entered_date;
      firstAmount[i] = e.amount_at_entry ?? null;
    }
    if (e.amount_at_entry != null) recordedAmount = true;
  }
  if (closed === null || start === null) return null; // an undated close cannot be placed in the window
  const won = o.stage === "W";
  if (won) highest = 5;
  const finalAmount = o.final_amount ?? closeAmount ?? o.amount;
  const amounts: number[] = [];
  let next = won ? finalAmount : o.amount; // the amount of the next recorded entry, filled backwards
  for (let i = 5; i >= 0; i--) {
    const a = firstAmount[i];
    if (a != null) next = a;
    if (i <= highest) amounts[i] = next;
  }
  return { highest, won, amounts, finalAmount, start, closed, recordedAmount };
}

/** §5.2 conversion rates of the closed cohort before `asOf`, smoothed toward the defaults. */
export function conversionRates(opps: readonly OpportunityHistory[], opts: ConversionOptions): ConversionResult {
  const defaults = opts.defaults ?? DEFAULT_RATES;
  const alpha = opts.alpha ?? SMOOTHING_ALPHA;
  const from = addMonths(opts.asOf, -COHORT_MONTHS);
  const obs = OPEN_STAGES.map(() => ({ n: 0, x: 0, amount_n: 0, amount_x: 0 }));
  const dealSizes: number[] = [],
    wonAmounts: number[] = [],
    cycles: number[] = [];
  let cohort = 0,
    amountHistory = false;

  for (const o of opps) {
    const path = pathOf(o);
    if (!path || path.closed < from || path.closed >= opts.asOf) continue;
    cohort++;
    amountHistory ||= path.recordedAmount;
    dealSizes.push(path.won ? path.finalAmount : o.amount);
    if (path.won) {
      wonAmounts.push(path.finalAmount);
      cycles.push(daysBetween(path.start, path.closed));
    }
    for (let k = 0; k <= path.highest; k++) {
      const s = obs[k];
      if (!s) continue;
      s.n++;
      s.amount_n += path.amounts[k] ?? 0;
      if (k < path.highest) {
        s.x++;
        s.amount_x += path.amounts[k + 1] ?? 0;
      } else if (k === 5 && path.won) {
        s.x++;
        s.amount_x += path.finalAmount;
      }
    }
  }

  const m = median(dealSizes);
  const count = { ...defaults.count },
    amount = { ...defaults.amount };
  const observed = {} as Record<OpenStage, StageObservation>;
  OPEN_STAGES.forEach((k, i) => {
    const s = obs[i] ?? { n: 0, x: 0, amount_n: 0, amount_x: 0 };
    observed[k] = s;
    count[k] = smooth(s.x, s.n, defaults.count[k], alpha);
    // Amounts are smoothed in units of the median deal size, so α weighs like α typical deals.
    if (m !== null && m > 0) amount[k] = smooth(s.amount_x / m, s.amount_n / m, defaults.amount[k], alpha);
  });
  const rates: StageRates = { count, amount: cohort > 0 && !amountHistory ? { ...count } : amount };
  const wonTotal = wonAmounts.reduce((a, b) => a + b, 0);
  return {
    cohort,
    won: wonAmounts.length,
    observed,
    rates,
    probabilities: stageProbabilities(rates),
    amount_history: amountHistory,
    median_deal_size: m,
    avg_won_size: wonAmounts.length > 0 ? wonTotal / wonAmounts.length : null,
    cycle_days: median(cycles),
  };
}
