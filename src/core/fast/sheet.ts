// The assessAll fast path of METHOD §3.2 (plain version: ../subscores.ts): the four sub-scores written into a
// ScoreSheet rather than returned as objects, so that scoring a portfolio reuses one sheet and allocates nothing.
import { COMPONENTS as COMPONENT_CODES, type Component } from "../codes.js";
import { CORE_ROLES, SUB_SCORES } from "../enums.js";
import type { AccountFacts } from "../facts.js";
import { contactFlagBits } from "./red-flag-bits.js";
import { EB_BIT, coveredCount, roleBit } from "./role-bits.js";
import { contactStance, headroomOf, isExisting, painScore } from "../subscores.js";
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
} from "../normalise.js";
import {
  CV_W,
  GM_ANCHORS,
  HEAD_ANCHORS,
  NEUTRAL,
  PT_W,
  RA_EB_CAP,
  REV_ANCHORS,
  SF_W,
  TEN_ANCHORS,
} from "../weights.js";

/** §3.2 S_rev and S_head scales. */
const revenueScale = makeLogscale(REV_ANCHORS.L, REV_ANCHORS.H);
const headroomScale = makeLogscale(HEAD_ANCHORS.L, HEAD_ANCHORS.H);

/** Component keys in sheet order; sub-score k owns the index range SUB_RANGE[k]. */
export const COMPONENTS: readonly Component[] = COMPONENT_CODES;

/** Sub-score indices of ScoreSheet.score/completeness (positions in SUB_SCORES). */
export const CV_I = SUB_SCORES.indexOf("CV"),
  PT_I = SUB_SCORES.indexOf("PT");
export const SF_I = SUB_SCORES.indexOf("SF"),
  RA_I = SUB_SCORES.indexOf("RA");
/** Component indices of ScoreSheet.value/points (positions in COMPONENTS). */
const at = (c: Component): number => COMPONENTS.indexOf(c);
export const REV = at("S_rev"),
  GM = at("S_gm"),
  TEN = at("S_ten");
export const HEAD = at("S_head"),
  OUTLOOK = at("industry_outlook"),
  POSITION = at("market_position"),
  TREND = at("development_trend");
export const NEED = at("S_need"),
  BUDGET = at("budget_status"),
  SEGMENT = at("segment_match"),
  REFERENCE = at("reference_value");
export const M_I = at("M"),
  C_I = at("C");
/** [first, end) component indices of CV, PT, SF, RA (SUB_SCORES order). */
export const SUB_RANGE: readonly (readonly [number, number])[] = [
  [REV, HEAD],
  [HEAD, NEED],
  [NEED, M_I],
  [M_I, COMPONENTS.length],
];

/** Scratch results of one account's scoring. NaN in `value` marks an unknown component. */
export class ScoreSheet {
  /** S_c, the normalised component value 0–100 (C is the coverage share ×100). */
  readonly value = new Float64Array(COMPONENTS.length);
  /** ω_c·S_c, the points a component adds before shrinkage; RA splits RA_raw into 0.5·M and 0.5·M·C. */
  readonly points = new Float64Array(COMPONENTS.length);
  /** CV, PT, SF, RA. */
  readonly score = new Float64Array(SUB_SCORES.length);
  /** κ_CV, κ_PT, κ_SF, κ_RA. */
  readonly completeness = new Float64Array(SUB_SCORES.length);
  /** Index in `needs` of the pain that set S_need, or −1. */
  needIndex = -1;
  /** §10.1 ra_capped: an economic buyer's known attitude is ≤ −1 (the §3.2 cap). */
  raCapped = false;
  /** Σ w_i over all contacts (the denominator of the collect-next contact weights). */
  weightSum = 0;
  /** Bit set of covered core roles (role-bits.ts). */
  coveredRoles = 0;
  /** Last-contact dates before this are stale (red-flags.ts `staleBefore`), or null; set by the caller. */
  staleCutoff: string | null = null;
  /** Red-flag bits raised by single contacts (red-flags.ts), collected in the RA pass. */
  contactFlags = 0;
}

const set = (s: ScoreSheet, i: number, value: number, weight: number): number => {
  s.value[i] = value;
  s.points[i] = weight * value;
  return weight;
};
const unknown = (s: ScoreSheet, i: number): number => {
  s.value[i] = NaN;
  s.points[i] = 0;
  return 0;
};

/** §3.4 S_k = κ·S_obs + (1 − κ)·50, written as Σ ω_c·S_c + (1 − κ)·50 (the same value without the division). */
function shrink(s: ScoreSheet, k: number, from: number, to: number, kappa: number): void {
  let sum = 0;
  for (let i = from; i < to; i++) sum += s.points[i] ?? 0;
  s.score[k] = sum + (1 - kappa) * NEUTRAL;
  s.completeness[k] = kappa;
}

/** §3.2 CV: 当前价值. A prospect (not an existing customer) has CV = 0 with κ_CV = 1. */
export function currentValue(a: AccountFacts, s: ScoreSheet): void {
  if (!isExisting(a)) {
    set(s, REV, 0, CV_W.rev);
    set(s, GM, 0, CV_W.gm);
    set(s, TEN, 0, CV_W.ten);
    s.score[CV_I] = 0;
    s.completeness[CV_I] = 1;
    return;
  }
  let k = 0;
  const rev = a.revenue_ttm,
    gm = a.gross_margin_pct,
    ten = a.relationship_years;
  k += rev == null ? unknown(s, REV) : set(s, REV, revenueScale(rev), CV_W.rev);
  k += gm == null ? unknown(s, GM) : set(s, GM, linear(gm, GM_ANCHORS.L, GM_ANCHORS.H), CV_W.gm);
  k += ten == null ? unknown(s, TEN) : set(s, TEN, linear(ten, TEN_ANCHORS.L, TEN_ANCHORS.H), CV_W.ten);
  shrink(s, CV_I, REV, HEAD, k);
}

/** §3.2 PT: 客户潜力. */
export function potential(a: AccountFacts, s: ScoreSheet): void {
  let k = 0;
  const head = headroomOf(a);
  k += head == null ? unknown(s, HEAD) : set(s, HEAD, headroomScale(head), PT_W.head);
  k +=
    a.industry_outlook == null ? unknown(s, OUTLOOK) : set(s, OUTLOOK, OUTLOOK_SCORE[a.industry_outlook], PT_W.outlook);
  k +=
    a.market_position == null
      ? unknown(s, POSITION)
      : set(s, POSITION, POSITION_SCORE[a.market_position], PT_W.position);
  k += a.development_trend == null ? unknown(s, TREND) : set(s, TREND, TREND_SCORE[a.development_trend], PT_W.trend);
  shrink(s, PT_I, HEAD, NEED, k);
}

/** §3.2 SF: 需求与战略匹配. S_need = 100·max n_j over eligible pains; unknown when none is eligible. */
export function needFit(a: AccountFacts, s: ScoreSheet): void {
  let best = -1,
    bestIndex = -1;
  const needs = a.needs;
  if (needs) {
    for (let j = 0; j < needs.length; j++) {
      const p = needs[j];
      if (!p) continue;
      const n = painScore(p.severity, p.urgency, p.our_fit, p.confirmed === true);
      if (n !== null && n > best) {
        best = n;
        bestIndex = j;
      }
    }
  }
  s.needIndex = bestIndex;
  let k = 0;
  k += bestIndex < 0 ? unknown(s, NEED) : set(s, NEED, 100 * best, SF_W.need);
  k += a.budget_status == null ? unknown(s, BUDGET) : set(s, BUDGET, BUDGET_SCORE[a.budget_status], SF_W.budget);
  k += a.segment_match == null ? unknown(s, SEGMENT) : set(s, SEGMENT, segmentScore(a.segment_match), SF_W.segment);
  k +=
    a.reference_value == null
      ? unknown(s, REFERENCE)
      : set(s, REFERENCE, REFERENCE_SCORE[a.reference_value], SF_W.reference);
  shrink(s, SF_I, NEED, M_I, k);
}

/** §3.2 RA: 关系与决策链, RA_raw = M·(0.5 + 0.5·C), capped at 30 when an EB opposes; no shrinkage (§3.4). */
export function relationship(a: AccountFacts, s: ScoreSheet): void {
  const contacts = a.contacts;
  let wSum = 0,
    wcs = 0,
    wKnown = 0,
    roles = 0,
    ebOpposed = false,
    flags = 0;
  if (contacts) {
    for (let i = 0; i < contacts.length; i++) {
      const c = contacts[i];
      if (!c) continue;
      const w = influenceWeight(c.influence);
      wSum += w;
      wcs += w * contactStance(c.attitude, c.relationship_strength);
      if (c.attitude != null && c.relationship_strength != null) wKnown += w;
      const bit = roleBit(c.role);
      roles |= bit;
      if (bit === EB_BIT && c.attitude != null && c.attitude <= -1) ebOpposed = true;
      flags |= contactFlagBits(c, s.staleCutoff);
    }
  }
  s.contactFlags = flags;
  s.weightSum = wSum;
  s.coveredRoles = roles;
  if (wSum === 0) {
    // §3.2 no contacts: RA = 0 and κ_RA = 0.
    s.value[M_I] = NaN;
    s.points[M_I] = 0;
    s.value[C_I] = NaN;
    s.points[C_I] = 0;
    s.raCapped = false;
    s.score[RA_I] = 0;
    s.completeness[RA_I] = 0;
    return;
  }
  const M = wcs / wSum;
  const C = coveredCount(roles) / CORE_ROLES.length;
  s.value[M_I] = M;
  s.points[M_I] = 0.5 * M;
  s.value[C_I] = 100 * C;
  s.points[C_I] = 0.5 * M * C;
  const raw = M * (0.5 + 0.5 * C);
  s.raCapped = ebOpposed;
  s.score[RA_I] = ebOpposed ? Math.min(raw, RA_EB_CAP) : raw;
  s.completeness[RA_I] = wKnown / wSum;
}

/** Fill `s` with all four sub-scores of `a` (the plain `subScores`). */
export function scoreAll(a: AccountFacts, s: ScoreSheet): void {
  currentValue(a, s);
  potential(a, s);
  needFit(a, s);
  relationship(a, s);
}
