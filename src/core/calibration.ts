// METHOD §6.3 stage calibration scores: Brier score and Brier skill score against the base rate (§7.7);
// §6.4/§10.4 the shared pieces of the ranking check: equal-count bins and the AUC with ties counted 0.5.
import { q9 } from "./numerics.js";

export type Outcome = 0 | 1 | boolean;
const y01 = (y: Outcome): number => (y === true || y === 1 ? 1 : 0);

/** §6.3 BS = mean((p − y)²). */
export function brierScore(predictions: readonly number[], outcomes: readonly Outcome[]): number {
  if (predictions.length !== outcomes.length) throw new RangeError("predictions and outcomes differ in length");
  if (predictions.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < predictions.length; i++) {
    const d = (predictions[i] ?? 0) - y01(outcomes[i] ?? 0);
    sum += d * d;
  }
  return sum / predictions.length;
}

export interface BrierSkill {
  brier: number;
  /** BS_ref: the Brier score of always predicting the base rate. */
  reference: number;
  base_rate: number;
  /** BSS = 1 − BS/BS_ref; null when BS_ref = 0 (every outcome the same). Negative: worse than the base rate. */
  skill: number | null;
}

/** §6.3 Brier skill score against a constant prediction of the overall win rate. */
export function brierSkill(predictions: readonly number[], outcomes: readonly Outcome[]): BrierSkill {
  const brier = brierScore(predictions, outcomes);
  const base = outcomes.reduce<number>((s, y) => s + y01(y), 0) / outcomes.length;
  const reference = brierScore(
    outcomes.map(() => base),
    outcomes,
  );
  return { brier, reference, base_rate: base, skill: reference === 0 ? null : 1 - brier / reference };
}

/** §10.4 number of equal-count bins for n rows: 10 from 100 rows, 5 from 25, 3 from 3, else 1. */
export function binCount(n: number): number {
  if (n >= 100) return 10;
  if (n >= 25) return 5;
  if (n >= 3) return 3;
  return 1;
}

/** §10.4 equal-count bins of rows already sorted by the predictor: bin b holds rows
 *  floor(b·n/B) … floor((b+1)·n/B) − 1. No rows, no bins. */
export function equalCountBins<T>(sorted: readonly T[]): T[][] {
  const n = sorted.length;
  if (n === 0) return [];
  const B = binCount(n);
  const bins: T[][] = [];
  for (let b = 0; b < B; b++) bins.push(sorted.slice(Math.floor((b * n) / B), Math.floor(((b + 1) * n) / B)));
  return bins;
}

/** AUC of a score for a 0/1 outcome (the Mann–Whitney statistic), ties counted 0.5. Scores are compared
 *  quantized to 9 decimals (§2.1); null when the outcomes are all equal (or there are none). */
export function auc(scores: readonly number[], outcomes: readonly Outcome[]): number | null {
  if (scores.length !== outcomes.length) throw new RangeError("scores and outcomes differ in length");
  const q = scores.map(q9);
  const order = q.map((_, i) => i).sort((a, b) => (q[a] ?? 0) - (q[b] ?? 0));
  let negBelow = 0,
    positives = 0,
    wins = 0;
  // Walk groups of equal score: each positive beats every lower negative and ties half of the group's.
  for (let i = 0; i < order.length; ) {
    const v = q[order[i] ?? 0];
    let pos = 0,
      neg = 0;
    for (; i < order.length && q[order[i] ?? 0] === v; i++) {
      if (y01(outcomes[order[i] ?? 0] ?? 0) === 1) pos++;
      else neg++;
    }
    wins += pos * negBelow + 0.5 * pos * neg;
    negBelow += neg;
    positives += pos;
  }
  const negatives = negBelow;
  return positives === 0 || negatives === 0 ? null : wins / (positives * negatives);
}
