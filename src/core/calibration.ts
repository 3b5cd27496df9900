// METHOD §6.3 stage calibration scores: Brier score and Brier skill score against the base rate (§7.7).

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
  const reference = brierScore(outcomes.map(() => base), outcomes);
  return { brier, reference, base_rate: base, skill: reference === 0 ? null : 1 - brier / reference };
}
