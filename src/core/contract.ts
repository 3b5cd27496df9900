// METHOD §10 output objects from full-precision results: scores and money 2 dp; completeness,
// probabilities, ratios and expected wins 4 dp; counts are integers (ceiling after quantizing to 6 dp).
import type {
  Assessment,
  BridgeLabel,
  BridgeResult,
  CalibrateResult,
  FunnelResult,
  FunnelStage,
  RankingCheck,
  Refit,
  StageCalibration,
} from "./results.js";
import { ceilCount, round2, round4, roundHalfUp } from "./numerics.js";
import { MODEL_VERSION } from "./weights.js";

/** Ratios that can be undefined (nothing weighted, no cycle) print as null rather than Infinity/NaN. */
const finite = (x: number, round: (v: number) => number): number | null => (Number.isFinite(x) ? round(x) : null);
const money = round2;

/** §10.1 account output: the assessment without its explanation, rounded. */
export type AccountOutput = Omit<Assessment, "explanation">;
export interface AssessOutput {
  model_version: string;
  accounts: AccountOutput[];
}

/** §10.1 one account. */
export function accountOutput(a: Assessment): AccountOutput {
  const s = a.scores,
    k = a.completeness;
  return {
    id: a.id,
    scores: {
      CV: round2(s.CV),
      PT: round2(s.PT),
      SF: round2(s.SF),
      RA: round2(s.RA),
      X: round2(s.X),
      Y: round2(s.Y),
      V: round2(s.V),
    },
    completeness: {
      CV: round4(k.CV),
      PT: round4(k.PT),
      SF: round4(k.SF),
      RA: round4(k.RA),
      overall: round4(k.overall),
    },
    confidence: a.confidence,
    quadrant: a.quadrant,
    provisional: a.provisional,
    tier: a.tier,
    priority: a.priority,
    ra_capped: a.ra_capped,
    red_flags: [...a.red_flags],
    collect_next: a.collect_next.map((c) => ({ field: c.field, weight: round4(c.weight) })),
  };
}

/** §10.1 output of `kvalue assess`. */
export function assessOutput(assessments: readonly Assessment[]): AssessOutput {
  return { model_version: MODEL_VERSION, accounts: assessments.map(accountOutput) };
}

/** Same fields as the full-precision stage; counts are ceilings, the rest rounded (§10). */
export type FunnelStageOutput = FunnelStage;
export interface FunnelOutput {
  gap: number;
  required_wins: number;
  stages: FunnelStageOutput[];
  expected_wins: number;
  weighted_amount: number;
  shortfall: {
    wins: number;
    amount: number;
    new_leads_count_basis: number;
    new_leads_amount_basis: number;
    binding: "count" | "amount" | "none";
  };
  coverage: {
    raw: number;
    required_raw: number | null;
    weighted: number;
    late_raw: number;
    late_weighted: number;
  } | null;
  velocity_per_day: number | null;
  lead_deadline: string;
  lead_deadline_passed: boolean;
}

/** §10.2 output of `kvalue funnel`. */
export function funnelOutput(r: FunnelResult): FunnelOutput {
  return {
    gap: money(r.gap),
    required_wins: round4(r.required_wins),
    stages: r.stages.map((s) => ({
      stage: s.stage,
      p_count: round4(s.p_count),
      p_amount: round4(s.p_amount),
      required_count: ceilCount(s.required_count),
      required_amount: money(s.required_amount),
      open_count: s.open_count,
      open_amount: money(s.open_amount),
      expected_wins: round4(s.expected_wins),
      weighted_amount: money(s.weighted_amount),
      equivalent_count: ceilCount(s.equivalent_count),
      equivalent_amount: money(s.equivalent_amount),
    })),
    expected_wins: round4(r.expected_wins),
    weighted_amount: money(r.weighted_amount),
    shortfall: {
      wins: round4(r.shortfall.wins),
      amount: money(r.shortfall.amount),
      new_leads_count_basis: ceilCount(r.shortfall.new_leads_count_basis),
      new_leads_amount_basis: ceilCount(r.shortfall.new_leads_amount_basis),
      binding: r.shortfall.binding,
    },
    coverage: r.coverage && {
      raw: round4(r.coverage.raw),
      required_raw: finite(r.coverage.required_raw, round4),
      weighted: round4(r.coverage.weighted),
      late_raw: round4(r.coverage.late_raw),
      late_weighted: round4(r.coverage.late_weighted),
    },
    velocity_per_day: finite(r.velocity_per_day, money),
    lead_deadline: r.lead_deadline,
    lead_deadline_passed: r.lead_deadline_passed,
  };
}

export interface BridgeRowOutput {
  id: string;
  label: BridgeLabel;
  amount_effect: number | null;
  stage_effect: number | null;
  delta: number;
}
export interface BridgeOutput {
  weighted_before: number;
  weighted_after: number;
  net: number;
  rows: BridgeRowOutput[];
}

const moneyOrNull = (x: number | null): number | null => (x === null ? null : money(x));

/** §10.3 output of `kvalue bridge`. */
export function bridgeOutput(r: BridgeResult): BridgeOutput {
  return {
    weighted_before: money(r.weighted_before),
    weighted_after: money(r.weighted_after),
    net: money(r.net),
    rows: r.rows.map((row) => ({
      id: row.id,
      label: row.label,
      amount_effect: moneyOrNull(row.amount_effect),
      stage_effect: moneyOrNull(row.stage_effect),
      delta: money(row.delta),
    })),
  };
}

// ---- §10.4 calibrate ----------------------------------------------------------------------------

const ratioOrNull = (x: number | null): number | null => (x === null ? null : round4(x));
/** §10.4: regression coefficients to 6 decimals. */
const round6 = (x: number): number => roundHalfUp(x, 6);

function weightsOutput<K extends string>(w: Record<K, number> | null): Record<K, number> | null {
  if (w === null) return null;
  return Object.fromEntries(Object.entries<number>(w).map(([k, v]) => [k, round4(v)])) as Record<K, number>;
}

export type StageCalibrationOutput = StageCalibration;
export type RankingCheckOutput = RankingCheck;
export type RefitOutput<K extends string> = Refit<K>;
export interface CalibrateOutput {
  model_version: string;
  stage: StageCalibrationOutput;
  ranking: RankingCheckOutput;
  refit: RefitOutput<"CV" | "PT" | "SF" | "RA">;
  y_refit: RefitOutput<"PT" | "SF">;
}

function stageCalibrationOutput(s: StageCalibration): StageCalibrationOutput {
  const bin = <B extends { n: number; mean_p: number; win_rate: number }>(b: B): B => ({
    ...b,
    mean_p: round4(b.mean_p),
    win_rate: round4(b.win_rate),
  });
  return {
    n: s.n,
    base_rate: ratioOrNull(s.base_rate),
    brier: ratioOrNull(s.brier),
    brier_ref: ratioOrNull(s.brier_ref),
    bss: ratioOrNull(s.bss),
    flag: s.flag,
    per_stage: s.per_stage.map(bin),
    bins: s.bins.map(bin),
  };
}

function rankingCheckOutput(r: RankingCheck): RankingCheckOutput {
  return {
    n: r.n,
    bins: r.bins.map((b) => ({
      n: b.n,
      v_min: round2(b.v_min),
      v_max: round2(b.v_max),
      won_rate: round4(b.won_rate),
      mean_won_amount: money(b.mean_won_amount),
    })),
    monotone: r.monotone,
    violations: r.violations.map(([a, b]) => [a, b]),
    lift: ratioOrNull(r.lift),
    auc: ratioOrNull(r.auc),
  };
}

function refitOutput<K extends string>(r: Refit<K>): RefitOutput<K> {
  return {
    n: r.n,
    positives: r.positives,
    beta: r.beta && r.beta.map(round6),
    iterations: r.iterations,
    proposed: weightsOutput(r.proposed),
    blended: weightsOutput(r.blended),
    auc_old: ratioOrNull(r.auc_old),
    auc_new: ratioOrNull(r.auc_new),
    adopt: r.adopt,
    reasons: [...r.reasons],
  };
}

/** §10.4 output of `kvalue calibrate`: §10 rounding, plus β to 6 decimals and weights to 4. */
export function calibrateOutput(r: CalibrateResult): CalibrateOutput {
  return {
    model_version: MODEL_VERSION,
    stage: stageCalibrationOutput(r.stage),
    ranking: rankingCheckOutput(r.ranking),
    refit: refitOutput(r.refit),
    y_refit: refitOutput(r.y_refit),
  };
}
