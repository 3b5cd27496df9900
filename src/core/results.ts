// Result shapes of the core. Numbers are full precision; `contract.ts` rounds them for §10 output and
// the surfaces round for display (METHOD §2.1).
import type { Confidence, OpenStage, Priority, Quadrant, SubScore, Tier } from "./enums.js";
import type { ActionCode, BridgeLabel, Component, RedFlag } from "./codes.js";

export type { ActionCode, BridgeLabel, Component, RedFlag };

export type Scores = Record<SubScore | "X" | "Y" | "V", number>;
export type Completeness = Record<SubScore | "overall", number>;

/** A missing fact and its overall weight (§3.4). `field` is an account field, `needs`, `contacts`
 *  or `contacts[<id>].attitude|relationship_strength`. */
export interface CollectNext {
  field: string;
  weight: number;
}

/** One of the two largest drivers of a sub-score, stated as the facts behind it (§3.6 item 3). */
export interface Driver {
  sub: SubScore;
  component: Component;
  /** Points this component adds to the sub-score (ω_c·S_c, before shrinkage). For RA, M adds 0.5·M and
   *  C adds 0.5·M·C: the two parts of RA_raw = M·(0.5 + 0.5·C). */
  points: number;
  /** The normalised component value S_c, 0–100. */
  value: number;
  /** The facts it was computed from, e.g. { wallet_annual: 20000000, revenue_ttm: 3000000, headroom: 17000000 }. */
  facts: Record<string, number | string | boolean | null>;
}

export interface Explanation {
  /** §3.6 item 2: 0.30·CV, 0.30·PT, 0.20·SF, 0.20·RA, sorted descending (ties by sub-score order). */
  contributions: { sub: SubScore; points: number }[];
  /** §3.6 item 3: per sub-score its two largest drivers. */
  drivers: Driver[];
  /** §3.6 item 4: X − 50 and Y − 50; negative means below the boundary (ties are high). */
  boundary: { x: number; y: number };
  /** The nearest quadrant across one boundary and how far (in points) the axis must move. */
  nearest: { quadrant: Quadrant; axis: "X" | "Y"; distance: number };
  actions: ActionCode[];
  /** §3.7, only when retention and discount are known. */
  clv: number | null;
}

export interface Assessment {
  id: string;
  scores: Scores;
  completeness: Completeness;
  confidence: Confidence;
  quadrant: Quadrant;
  provisional: boolean;
  tier: Tier | null;
  priority: Priority | null;
  ra_capped: boolean;
  red_flags: RedFlag[];
  collect_next: CollectNext[];
  explanation: Explanation;
}

// ---- funnel (§5) -------------------------------------------------------------------------------

export interface StageRates {
  count: Record<OpenStage, number>;
  amount: Record<OpenStage, number>;
}
export interface StageProbabilities {
  count: Record<OpenStage, number>;
  amount: Record<OpenStage, number>;
}

export interface FunnelStage {
  stage: OpenStage;
  p_count: number;
  p_amount: number;
  required_count: number;
  required_amount: number;
  open_count: number;
  open_amount: number;
  expected_wins: number;
  weighted_amount: number;
  equivalent_count: number;
  equivalent_amount: number;
}

export interface FunnelResult {
  gap: number;
  required_wins: number;
  expected_wins: number;
  weighted_amount: number;
  stages: FunnelStage[];
  shortfall: {
    wins: number;
    amount: number;
    new_leads_count_basis: number;
    new_leads_amount_basis: number;
    binding: "count" | "amount" | "none";
  };
  coverage: { raw: number; required_raw: number; weighted: number; late_raw: number; late_weighted: number } | null;
  velocity_per_day: number;
  lead_deadline: string;
  lead_deadline_passed: boolean;
}

export interface BridgeRow {
  id: string;
  label: BridgeLabel;
  amount_effect: number | null;
  stage_effect: number | null;
  delta: number;
}
export interface BridgeResult {
  weighted_before: number;
  weighted_after: number;
  net: number;
  rows: BridgeRow[];
}

// ---- calibrate (§6, §10.4) ------------------------------------------------------------------------

/** One equal-count bin of the stage reliability table: mean predicted P_count against the realised win rate. */
export interface StageBin {
  n: number;
  mean_p: number;
  win_rate: number;
}
export interface StageReliabilityRow extends StageBin {
  stage: OpenStage;
}

/** §6.3 stage calibration; every statistic is null (and the lists empty) without observations. */
export interface StageCalibration {
  n: number;
  base_rate: number | null;
  brier: number | null;
  brier_ref: number | null;
  /** null when brier_ref is 0 (every outcome the same). */
  bss: number | null;
  flag: "worse_than_base_rate" | null;
  per_stage: StageReliabilityRow[];
  bins: StageBin[];
}

export interface RankingBin {
  n: number;
  v_min: number;
  v_max: number;
  won_rate: number;
  mean_won_amount: number;
}

/** §6.4 score ranking check over all account observations. */
export interface RankingCheck {
  n: number;
  bins: RankingBin[];
  /** null without rows. */
  monotone: boolean | null;
  /** 0-based bin pairs [b, b+1] where the won rate falls. */
  violations: [number, number][];
  lift: number | null;
  auc: number | null;
}

/** Why a refit is not adopted, in the fixed §10.4 order. */
export type RefitReason =
  | "too_few_observations"
  | "too_few_positives"
  | "no_positive_weight"
  | "no_holdout"
  | "auc_gain_below_0.01";

/** §6.5 weight refit over the weight keys K (CV/PT/SF/RA, or PT/SF for the matrix Y). */
export interface Refit<K extends string> {
  n: number;
  positives: number;
  /** Intercept first, then one coefficient per key; null when no fit was run. */
  beta: number[] | null;
  iterations: number;
  proposed: Record<K, number> | null;
  blended: Record<K, number> | null;
  auc_old: number | null;
  auc_new: number | null;
  adopt: boolean;
  reasons: RefitReason[];
}

export interface CalibrateResult {
  stage: StageCalibration;
  ranking: RankingCheck;
  refit: Refit<SubScore>;
  y_refit: Refit<"PT" | "SF">;
}
