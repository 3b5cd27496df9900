// METHOD §6 / §10.4 the feedback loop, deterministically: stage reliability of the count funnel's P_count,
// the ranking check of V against realised wins, and the refit of the V and Y weights (calibrate-refit.ts).
// Predictors are compared quantized to 9 decimals (§2.1), so the bins do not depend on float noise.
import type { CalibrateInput, CalibrationAccount, CalibrationOpportunity } from "./facts.js";
import type {
  CalibrateResult,
  RankingBin,
  RankingCheck,
  StageBin,
  StageCalibration,
  StageRates,
  StageReliabilityRow,
} from "./results.js";
import { OPEN_STAGES, SUB_SCORES, type OpenStage } from "./enums.js";
import { auc, brierSkill, equalCountBins } from "./calibration.js";
import { refitWeights, weightedScore } from "./calibrate-refit.js";
import { compareQ, q9 } from "./numerics.js";
import { DEFAULT_RATES, stageProbabilities } from "./rates.js";
import { duplicateIds, formatPath, type PlacedIssue } from "./issues.js";

const Y_KEYS = ["PT", "SF"] as const;
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Mean of f over the rows, without an intermediate array (these run over 100,000s of observations). */
function meanBy<T>(rows: readonly T[], f: (row: T) => number): number {
  let s = 0;
  for (const r of rows) s += f(r);
  return s / rows.length;
}

/** One §6.3 observation: the predicted P_count of its stage and whether it was won. */
export interface StagePrediction {
  id: string;
  stage: OpenStage;
  p: number;
  y: 0 | 1;
}

/** §6.2 option fixed by §10.4: an A closed for `no_decision` says nothing about our chances, so it is left out. */
export const countsForCalibration = (o: CalibrationOpportunity): boolean =>
  !(o.outcome === "A" && o.close_reason === "no_decision");

/** §10.4 p = P_count(stage) under the rates in force; y = 1 for W. */
export function stagePredictions(
  opportunities: readonly CalibrationOpportunity[],
  rates: StageRates = DEFAULT_RATES,
): StagePrediction[] {
  const P = stageProbabilities(rates).count;
  return opportunities
    .filter(countsForCalibration)
    .map((o) => ({ id: o.id, stage: o.stage, p: P[o.stage], y: o.outcome === "W" ? 1 : 0 }));
}

function stageBin(rows: readonly StagePrediction[]): StageBin {
  return { n: rows.length, mean_p: meanBy(rows, (r) => r.p), win_rate: meanBy(rows, (r) => r.y) };
}

/** §6.3 stage reliability: per stage and per equal-count bin (by p, then id), the Brier score and its skill. */
export function stageReliability(predictions: readonly StagePrediction[]): StageCalibration {
  const n = predictions.length;
  if (n === 0)
    return { n, base_rate: null, brier: null, brier_ref: null, bss: null, flag: null, per_stage: [], bins: [] };
  // Everything is summed in this one order, so the input order cannot move a last digit.
  // p quantized once per row rather than once per comparison: most rows share one of six stage values.
  const sorted = predictions
    .map((r) => ({ r, qp: q9(r.p) }))
    .sort((a, b) => a.qp - b.qp || byId(a.r.id, b.r.id))
    .map((e) => e.r);
  const perStage: StageReliabilityRow[] = OPEN_STAGES.flatMap((stage) => {
    const rows = sorted.filter((r) => r.stage === stage);
    return rows.length === 0 ? [] : [{ stage, ...stageBin(rows) }];
  });
  const skill = brierSkill(
    sorted.map((r) => r.p),
    sorted.map((r) => r.y),
  );
  return {
    n,
    base_rate: skill.base_rate,
    brier: skill.brier,
    brier_ref: skill.reference,
    bss: skill.skill,
    flag: skill.skill !== null && q9(skill.skill) < 0 ? "worse_than_base_rate" : null,
    per_stage: perStage,
    bins: equalCountBins(sorted).map(stageBin),
  };
}

/** An account observation with its V (full precision and quantized for ordering). */
interface ScoredRow {
  id: string;
  scored_on: string;
  v: number;
  qv: number;
  won: 0 | 1;
  amount: number;
}

function rankingBin(rows: readonly ScoredRow[]): RankingBin {
  return {
    n: rows.length,
    v_min: rows[0]?.v ?? 0,
    v_max: rows[rows.length - 1]?.v ?? 0,
    won_rate: meanBy(rows, (r) => r.won),
    // Not won or no amount recorded counts as 0, so the mean is over every row of the bin.
    mean_won_amount: meanBy(rows, (r) => (r.won === 1 ? r.amount : 0)),
  };
}

/** §6.4 ranking check: equal-count bins by V (then id, scored_on), monotonicity, lift and AUC. */
export function rankingCheck(
  accounts: readonly CalibrationAccount[],
  weights: Record<(typeof SUB_SCORES)[number], number>,
): RankingCheck {
  const rows: ScoredRow[] = accounts.map((a) => {
    const v = weightedScore(a.scores, weights, SUB_SCORES);
    return { id: a.id, scored_on: a.scored_on, v, qv: q9(v), won: a.won, amount: a.won_amount ?? 0 };
  });
  rows.sort((a, b) => a.qv - b.qv || byId(a.id, b.id) || byId(a.scored_on, b.scored_on));
  const bins = equalCountBins(rows).map(rankingBin);
  const violations: [number, number][] = [];
  for (let b = 0; b + 1 < bins.length; b++) {
    if (compareQ(bins[b + 1]?.won_rate ?? 0, bins[b]?.won_rate ?? 0) < 0) violations.push([b, b + 1]);
  }
  const bottom = bins[0]?.won_rate ?? 0,
    top = bins[bins.length - 1]?.won_rate ?? 0;
  return {
    n: rows.length,
    bins,
    monotone: rows.length === 0 ? null : violations.length === 0,
    violations,
    lift: rows.length === 0 || q9(bottom) === 0 ? null : top / bottom,
    auc: auc(
      rows.map((r) => r.v),
      rows.map((r) => r.won),
    ),
  };
}

/** §10.4 `kvalue calibrate`: the whole quarterly/yearly feedback loop on one set of observations. */
export function calibrate(input: CalibrateInput): CalibrateResult {
  return {
    stage: stageReliability(stagePredictions(input.opportunities, input.rates ?? DEFAULT_RATES)),
    ranking: rankingCheck(input.accounts, input.weights),
    refit: refitWeights(input.accounts, SUB_SCORES, input.weights, input.holdout_from),
    y_refit: refitWeights(input.accounts, Y_KEYS, input.y_weights, input.holdout_from),
  };
}

/** Input problems the schema cannot see: an opportunity observed twice, or an account observed twice on the
 *  same scoring date (§6.2 allows one observation per account per annual scoring date). */
export function calibrateIssues(input: Pick<CalibrateInput, "opportunities" | "accounts">): PlacedIssue[] {
  const issues = duplicateIds(input.opportunities, ["opportunities"]);
  const first = new Map<string, number>();
  input.accounts.forEach((a, i) => {
    const key = `${a.id}\u0000${a.scored_on}`;
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, i);
      return;
    }
    issues.push({
      path: formatPath(["accounts", i, "scored_on"]),
      message: `account ${JSON.stringify(a.id)} observed twice on ${a.scored_on} (first at ${formatPath(["accounts", seen])})`,
    });
  });
  return issues;
}
