// METHOD §3.2 sub-scores CV, PT, SF, RA with the §3.4 completeness κ and shrinkage toward neutral, each a plain
// function from the account's facts to a plain result that keeps its components for the §3.6 explanation.
import { CORE_ROLES, type CoreRole } from "./enums.js";
import { extend } from "./extend.js";
import type { AccountFacts, ContactFacts, NeedFacts } from "./facts.js";
import type { Component } from "./codes.js";
import {
  BUDGET_SCORE,
  influenceWeight,
  OUTLOOK_SCORE,
  POSITION_SCORE,
  REFERENCE_SCORE,
  TREND_SCORE,
  linear,
  makeLogscale,
  segmentScore,
} from "./normalise.js";
import {
  CV_W,
  GM_ANCHORS,
  HEAD_ANCHORS,
  NEUTRAL,
  PT_W,
  RA_CS_W,
  RA_EB_CAP,
  REV_ANCHORS,
  SF_W,
  TEN_ANCHORS,
} from "./weights.js";

/** One component c of a sub-score: its weight ω_c, its normalised value S_c (null when unknown, §3.4) and the
 *  points ω_c·S_c it adds before shrinkage (0 when unknown). */
export interface ComponentScore {
  component: Component;
  weight: number;
  value: number | null;
  points: number;
}

/** A sub-score S_k (0–100), its completeness κ_k (0–1) and its components in §3.2 order. */
export interface SubScoreResult {
  score: number;
  completeness: number;
  components: ComponentScore[];
}

/** SF and the pain that set S_need (its index in `needs`), or null when no pain is eligible. */
export interface NeedFit extends SubScoreResult {
  need: number | null;
}

/** RA and what the explanation and collect-next read from the contacts. */
export interface Relationship extends SubScoreResult {
  /** §3.2 cap applied: an economic buyer's known attitude is ≤ −1 (§10.1 ra_capped). */
  capped: boolean;
  /** Σ w_i over all contacts. */
  weightSum: number;
  /** Core roles with at least one contact, in CORE_ROLES order. */
  covered: CoreRole[];
}

export interface SubScores {
  CV: SubScoreResult;
  PT: SubScoreResult;
  SF: NeedFit;
  RA: Relationship;
}

/** §3.2 S_rev and S_head scales. */
const revenueScale = makeLogscale(REV_ANCHORS.L, REV_ANCHORS.H);
const headroomScale = makeLogscale(HEAD_ANCHORS.L, HEAD_ANCHORS.H);

const component = (c: Component, weight: number, value: number | null): ComponentScore => ({
  component: c,
  weight,
  value,
  points: value === null ? 0 : weight * value,
});

/** §3.4 κ_k = Σ ω_c over known components, S_k = κ·S_obs + (1 − κ)·50, written as Σ ω_c·S_c + (1 − κ)·50. */
function shrunk(components: ComponentScore[]): SubScoreResult {
  let completeness = 0,
    points = 0;
  for (const c of components) {
    if (c.value !== null) completeness += c.weight;
    points += c.points;
  }
  return { score: points + (1 - completeness) * NEUTRAL, completeness, components };
}

/** True unless the fact is explicitly false: §10.1 treats a null `is_existing_customer` as existing. */
export const isExisting = (a: AccountFacts): boolean => a.is_existing_customer !== false;

/** §3.2 CV 当前价值 = 0.70·S_rev + 0.20·S_gm + 0.10·S_ten; a prospect has CV = 0 with κ_CV = 1. */
export function currentValue(a: AccountFacts): SubScoreResult {
  if (!isExisting(a)) {
    const components = [
      component("S_rev", CV_W.rev, 0),
      component("S_gm", CV_W.gm, 0),
      component("S_ten", CV_W.ten, 0),
    ];
    return { score: 0, completeness: 1, components };
  }
  const rev = a.revenue_ttm,
    gm = a.gross_margin_pct,
    ten = a.relationship_years;
  return shrunk([
    component("S_rev", CV_W.rev, rev == null ? null : revenueScale(rev)),
    component("S_gm", CV_W.gm, gm == null ? null : linear(gm, GM_ANCHORS.L, GM_ANCHORS.H)),
    component("S_ten", CV_W.ten, ten == null ? null : linear(ten, TEN_ANCHORS.L, TEN_ANCHORS.H)),
  ]);
}

/** §3.2 headroom = max(0, wallet − revenue); §10.1: known only when both are (a prospect's revenue is 0). */
export function headroomOf(a: AccountFacts): number | null {
  const revenue = isExisting(a) ? a.revenue_ttm : 0;
  if (a.wallet_annual == null || revenue == null) return null;
  return Math.max(0, a.wallet_annual - revenue);
}

/** §3.2 PT 客户潜力 = 0.50·S_head + 0.20·map(outlook) + 0.15·map(position) + 0.15·map(trend). */
export function potential(a: AccountFacts): SubScoreResult {
  const head = headroomOf(a);
  return shrunk([
    component("S_head", PT_W.head, head == null ? null : headroomScale(head)),
    component("industry_outlook", PT_W.outlook, a.industry_outlook == null ? null : OUTLOOK_SCORE[a.industry_outlook]),
    component("market_position", PT_W.position, a.market_position == null ? null : POSITION_SCORE[a.market_position]),
    component("development_trend", PT_W.trend, a.development_trend == null ? null : TREND_SCORE[a.development_trend]),
  ]);
}

/** §3.2 n_j of one pain; null when severity, urgency or fit is unknown (the pain is then ineligible, §3.4). */
export function painScore(
  severity: number | null | undefined,
  urgency: number | null | undefined,
  fit: number | null | undefined,
  confirmed: boolean,
): number | null {
  if (severity == null || urgency == null || fit == null) return null;
  return ((0.5 * (severity - 1)) / 4 + (0.5 * (urgency - 1)) / 4) * (fit / 3) * (confirmed ? 1 : 0.5);
}

/** §3.2 the eligible pain of largest n_j (the first on a tie), or null. */
export function strongestPain(needs: readonly NeedFacts[] | null | undefined): { index: number; n: number } | null {
  let best: { index: number; n: number } | null = null;
  for (const [index, p] of (needs ?? []).entries()) {
    const n = painScore(p.severity, p.urgency, p.our_fit, p.confirmed === true);
    if (n !== null && (best === null || n > best.n)) best = { index, n };
  }
  return best;
}

/** §3.2 SF 需求与战略匹配 = 0.45·S_need + 0.25·map(budget) + 0.15·map(segment) + 0.15·map(reference),
 *  S_need = 100·max n_j (unknown when no pain is eligible). */
export function needFit(a: AccountFacts): NeedFit {
  const pain = strongestPain(a.needs);
  const sf = shrunk([
    component("S_need", SF_W.need, pain === null ? null : 100 * pain.n),
    component("budget_status", SF_W.budget, a.budget_status == null ? null : BUDGET_SCORE[a.budget_status]),
    component("segment_match", SF_W.segment, a.segment_match == null ? null : segmentScore(a.segment_match)),
    component("reference_value", SF_W.reference, a.reference_value == null ? null : REFERENCE_SCORE[a.reference_value]),
  ]);
  return extend(sf, { need: pain === null ? null : pain.index });
}

/** §3.2 cs_i = 100·(0.6·(attitude + 2)/4 + 0.4·strength/4); unknowns are imputed as 0 (§3.4). */
export function contactStance(attitude: number | null | undefined, strength: number | null | undefined): number {
  return 100 * ((RA_CS_W.attitude * ((attitude ?? 0) + 2)) / 4 + (RA_CS_W.strength * (strength ?? 0)) / 4);
}

/** §3.2 the core roles {EB, TB, UB, Coach} with at least one contact, in CORE_ROLES order. */
export const coveredRoles = (contacts: readonly ContactFacts[]): CoreRole[] =>
  CORE_ROLES.filter((role) => contacts.some((c) => c.role === role));

/** §3.2 the EB cap applies: an economic buyer's known attitude is ≤ −1. */
export const ebOpposed = (c: ContactFacts): boolean =>
  c.role === "economic_buyer" && c.attitude != null && c.attitude <= -1;

/** §3.2 RA 关系与决策链: M = Σ w_i·cs_i / Σ w_i, C = covered core roles / 4, RA_raw = M·(0.5 + 0.5·C), capped at 30
 *  when an EB opposes. No shrinkage: κ_RA = Σ w_i over contacts with attitude and strength known / Σ w_i (§3.4).
 *  Components: M adds 0.5·M and C adds 0.5·M·C, the two parts of RA_raw. */
export function relationship(a: AccountFacts): Relationship {
  const contacts = a.contacts ?? [];
  let weightSum = 0,
    weightedStance = 0,
    knownWeight = 0;
  for (const c of contacts) {
    const w = influenceWeight(c.influence);
    weightSum += w;
    weightedStance += w * contactStance(c.attitude, c.relationship_strength);
    if (c.attitude != null && c.relationship_strength != null) knownWeight += w;
  }
  const covered = coveredRoles(contacts);
  if (weightSum === 0) {
    // §3.2 no contacts: RA = 0 and κ_RA = 0
    const components = [component("M", 0.5, null), component("C", 0.5, null)];
    return { score: 0, completeness: 0, components, capped: false, weightSum, covered };
  }
  const M = weightedStance / weightSum;
  const C = covered.length / 4;
  const raw = M * (0.5 + 0.5 * C);
  const capped = contacts.some(ebOpposed);
  return {
    score: capped ? Math.min(raw, RA_EB_CAP) : raw,
    completeness: knownWeight / weightSum,
    components: [
      { component: "M", weight: 0.5, value: M, points: 0.5 * M },
      { component: "C", weight: 0.5, value: 100 * C, points: 0.5 * M * C },
    ],
    capped,
    weightSum,
    covered,
  };
}

/** §3.2 all four sub-scores of an account. */
export function subScores(a: AccountFacts): SubScores {
  return { CV: currentValue(a), PT: potential(a), SF: needFit(a), RA: relationship(a) };
}
