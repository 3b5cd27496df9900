// METHOD §6.5 / §10.4 weight refit: an L2-penalised logistic regression of `won` on the sub-scores, fitted by
// Newton/IRLS from β = 0; its positive coefficients become proposed weights, blended half-and-half with the
// weights in force and bounded to [0.05, 0.60]. Adopted only on enough data and an out-of-time AUC gain.
import type { CalibrationAccount } from "./facts.js";
import type { Refit, RefitReason } from "./results.js";
import type { SubScore } from "./enums.js";
import { auc } from "./calibration.js";
import { atLeast, q9 } from "./numerics.js";

/** §6.5 L2 penalty on the non-intercept coefficients. */
export const REFIT_LAMBDA = 1;
/** §6.5 stop when max|Δβ| falls below this, or after REFIT_MAX_STEPS Newton steps. */
export const REFIT_TOLERANCE = 1e-8;
export const REFIT_MAX_STEPS = 100;
/** §6.5 every blended weight ends in [lo, hi]. */
export const WEIGHT_BOUNDS = { lo: 0.05, hi: 0.6 } as const;
/** §6.5 adoption thresholds: training rows, training positives, holdout AUC gain. */
export const ADOPT_MIN = { n: 200, positives: 30, aucGain: 0.01 } as const;

/** Solve A·x = b by Gaussian elimination with partial pivoting (A is small: 3×3 or 5×5). */
export function solveLinear(A: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i] ?? 0]);
  const at = (r: number, c: number): number => m[r]?.[c] ?? 0;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(at(r, c)) > Math.abs(at(pivot, c))) pivot = r;
    if (at(pivot, c) === 0) throw new RangeError("singular system in the logistic refit");
    [m[c], m[pivot]] = [m[pivot] ?? [], m[c] ?? []];
    for (let r = c + 1; r < n; r++) {
      const f = at(r, c) / at(c, c);
      const row = m[r] ?? [];
      for (let k = c; k <= n; k++) row[k] = at(r, k) - f * at(c, k);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = at(r, n);
    for (let k = r + 1; k < n; k++) s -= at(r, k) * (x[k] ?? 0);
    x[r] = s / at(r, r);
  }
  return x;
}

/** The logistic function, written so that large |η| never overflows. */
function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

export interface LogisticFit {
  beta: number[];
  iterations: number;
}

/** §10.4 Newton steps β ← β + (XᵀWX + Λ)⁻¹(Xᵀ(y − p) − Λβ), Λ = diag(0, λ, …, λ), from β = 0.
 *  `iterations` counts the steps taken, the last included. Column 0 of X is the intercept. */
export function fitLogistic(
  X: readonly (readonly number[])[],
  y: readonly (0 | 1)[],
  lambda = REFIT_LAMBDA,
): LogisticFit {
  const d = X[0]?.length ?? 0;
  const beta = new Array<number>(d).fill(0);
  let iterations = 0;
  while (iterations < REFIT_MAX_STEPS) {
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const g = new Array<number>(d).fill(0);
    X.forEach((x, i) => {
      let eta = 0;
      for (let a = 0; a < d; a++) eta += (x[a] ?? 0) * (beta[a] ?? 0);
      const p = sigmoid(eta);
      const w = p * (1 - p),
        r = (y[i] ?? 0) - p;
      for (let a = 0; a < d; a++) {
        const xa = x[a] ?? 0;
        g[a] = (g[a] ?? 0) + xa * r;
        const Ha = H[a] ?? [];
        for (let c = 0; c <= a; c++) Ha[c] = (Ha[c] ?? 0) + w * xa * (x[c] ?? 0);
      }
    });
    for (let a = 0; a < d; a++) {
      const Ha = H[a] ?? [];
      for (let c = 0; c < a; c++) (H[c] ?? [])[a] = Ha[c] ?? 0; // mirror the lower triangle
      if (a > 0) {
        Ha[a] = (Ha[a] ?? 0) + lambda;
        g[a] = (g[a] ?? 0) - lambda * (beta[a] ?? 0);
      }
    }
    const delta = solveLinear(H, g);
    let largest = 0;
    delta.forEach((dk, k) => {
      beta[k] = (beta[k] ?? 0) + dk;
      largest = Math.max(largest, Math.abs(dk));
    });
    iterations++;
    if (q9(largest) < REFIT_TOLERANCE) break;
  }
  return { beta, iterations };
}

/** §6.5 w'_k = max(β_k, 0)/Σ max(β_j, 0) over the non-intercept coefficients; null when no β is positive. */
export function proposedWeights<K extends string>(
  beta: readonly number[],
  keys: readonly K[],
): Record<K, number> | null {
  const positive = keys.map((_, i) => Math.max(beta[i + 1] ?? 0, 0));
  const sum = positive.reduce((s, v) => s + v, 0);
  if (q9(sum) === 0) return null;
  return record(
    keys,
    positive.map((v) => v / sum),
  );
}

/** §10.4 bound to [lo, hi]: a weight outside is set to the bound it crossed and held there, the free weights
 *  are rescaled in proportion so that all sum to 1, and this repeats until none is outside. */
export function boundWeights(
  w: readonly number[],
  lo: number = WEIGHT_BOUNDS.lo,
  hi: number = WEIGHT_BOUNDS.hi,
): number[] {
  const out = [...w];
  const held = out.map(() => false);
  // Each pass holds at least one more weight, so this ends after at most one pass per weight.
  for (;;) {
    const free = out.flatMap((_, i) => (held[i] ? [] : [i]));
    const above = free.filter((i) => q9(out[i] ?? 0) > hi);
    const outside = [...above, ...free.filter((i) => q9(out[i] ?? 0) < lo)];
    if (outside.length === 0) break;
    // Holding every free weight would leave none to take up the difference (two weights, one above and one
    // below): hold the ones above first, the rescaling then lifts the rest.
    const hold = outside.length === free.length && above.length > 0 ? above : outside;
    for (const i of hold) {
      out[i] = above.includes(i) ? hi : lo;
      held[i] = true;
    }
    rescaleFree(out, held);
  }
  return out;
}

/** Scale the weights not held so that all weights sum to 1. Free weights that are all 0 (a zero weight in
 *  force and no positive coefficient) have no proportion to keep: they share the rest equally. */
function rescaleFree(w: number[], held: readonly boolean[]): void {
  let fixed = 0,
    loose = 0,
    count = 0;
  w.forEach((v, i) => {
    if (held[i]) fixed += v;
    else {
      loose += v;
      count++;
    }
  });
  if (count === 0) return;
  const k = (1 - fixed) / loose;
  w.forEach((v, i) => {
    if (!held[i]) w[i] = loose === 0 ? (1 - fixed) / count : v * k;
  });
}

/** §6.5 blend 0.5·w_old + 0.5·w', then bound to [0.05, 0.60]. */
export function blendWeights<K extends string>(
  old: Record<K, number>,
  proposed: Record<K, number>,
  keys: readonly K[],
): Record<K, number> {
  return record(keys, boundWeights(keys.map((k) => 0.5 * old[k] + 0.5 * proposed[k])));
}

function record<K extends string>(keys: readonly K[], values: readonly number[]): Record<K, number> {
  return Object.fromEntries(keys.map((k, i) => [k, values[i] ?? 0])) as Record<K, number>;
}

/** A weighted sum of sub-scores: V under the §3.3 weights, or Y under the matrix weights. */
export function weightedScore<K extends SubScore>(
  scores: Record<SubScore, number>,
  weights: Record<K, number>,
  keys: readonly K[],
): number {
  let s = 0;
  for (const k of keys) s += weights[k] * scores[k];
  return s;
}

const byIdThenDate = (a: CalibrationAccount, b: CalibrationAccount): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : a.scored_on < b.scored_on ? -1 : a.scored_on > b.scored_on ? 1 : 0;

/** AUC on the holdout of the score under the given weights; null without weights or without both outcomes. */
function holdoutAuc<K extends SubScore>(
  rows: readonly CalibrationAccount[],
  weights: Record<K, number> | null,
  keys: readonly K[],
): number | null {
  if (weights === null) return null;
  return auc(
    rows.map((r) => weightedScore(r.scores, weights, keys)),
    rows.map((r) => r.won),
  );
}

/** §10.4 the reasons not to adopt, in their fixed order; adopt exactly when there are none. */
function refitReasons(
  n: number,
  positives: number,
  blended: unknown,
  holdout: number,
  aucOld: number | null,
  aucNew: number | null,
): RefitReason[] {
  const reasons: RefitReason[] = [];
  if (n < ADOPT_MIN.n) reasons.push("too_few_observations");
  if (positives < ADOPT_MIN.positives) reasons.push("too_few_positives");
  if (blended === null) reasons.push("no_positive_weight");
  if (holdout === 0) reasons.push("no_holdout");
  else if (blended !== null && (aucOld === null || aucNew === null || !atLeast(aucNew - aucOld, ADOPT_MIN.aucGain))) {
    reasons.push("auc_gain_below_0.01");
  }
  return reasons;
}

/** §10.4 refit of `weights` (over `keys`) on the rows scored before `holdoutFrom`, judged on the rest. */
export function refitWeights<K extends SubScore>(
  rows: readonly CalibrationAccount[],
  keys: readonly K[],
  weights: Record<K, number>,
  holdoutFrom: string,
): Refit<K> {
  const training = rows.filter((r) => r.scored_on < holdoutFrom).sort(byIdThenDate);
  const holdout = rows.filter((r) => r.scored_on >= holdoutFrom);
  const positives = training.reduce((s, r) => s + r.won, 0);
  const fit =
    positives === 0 || positives === training.length
      ? null // no fit on one outcome only (or no rows): the likelihood has no finite optimum to learn from
      : fitLogistic(
          training.map((r) => [1, ...keys.map((k) => r.scores[k] / 100)]),
          training.map((r) => r.won),
        );
  const proposed = fit && proposedWeights(fit.beta, keys);
  const blended = proposed && blendWeights(weights, proposed, keys);
  const aucOld = holdoutAuc(holdout, weights, keys);
  const aucNew = holdoutAuc(holdout, blended, keys);
  const reasons = refitReasons(training.length, positives, blended, holdout.length, aucOld, aucNew);
  return {
    n: training.length,
    positives,
    beta: fit?.beta ?? null,
    iterations: fit?.iterations ?? 0,
    proposed,
    blended,
    auc_old: aucOld,
    auc_new: aucNew,
    adopt: reasons.length === 0,
    reasons,
  };
}
