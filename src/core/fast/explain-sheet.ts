// The assessAll fast path of the METHOD §3.6 explanation (plain version: ../explain.ts), read from a ScoreSheet;
// facts of enum-valued components are shared frozen objects.
import {
  BUDGET_STATUSES,
  CORE_ROLES,
  DEVELOPMENT_TRENDS,
  INDUSTRY_OUTLOOKS,
  MARKET_POSITIONS,
  REFERENCE_VALUES,
  SUB_SCORES,
  type Quadrant,
  type SubScore,
} from "../enums.js";
import type { AccountFacts } from "../facts.js";
import type { ActionCode, Driver, Explanation } from "../results.js";
import { aboveQ } from "../numerics.js";
import {
  BUDGET,
  COMPONENTS,
  CV_I,
  C_I,
  GM,
  HEAD,
  M_I,
  NEED,
  OUTLOOK,
  POSITION,
  REFERENCE,
  REV,
  SEGMENT,
  SUB_RANGE,
  TEN,
  TREND,
  type ScoreSheet,
} from "./sheet.js";
import { ROLE_SETS } from "./role-bits.js";
import { headroomOf, isExisting } from "../subscores.js";
import { clvOf, nearestQuadrant } from "../explain.js";
import { AXIS_THRESHOLD, V_W } from "../weights.js";

const SUBS: readonly SubScore[] = SUB_SCORES;
type Facts = Driver["facts"];

// Facts of enum-, boolean- and coverage-valued components are shared frozen objects, one per value:
// that saves up to five allocations per assessed account. Frozen, since every explanation shares them.
function factsPerValue<V extends string>(key: string, values: readonly V[]): Readonly<Record<V, Facts>> {
  const out: Partial<Record<V, Facts>> = {};
  for (const v of values) out[v] = Object.freeze({ [key]: v });
  return out as Record<V, Facts>;
}
const OUTLOOK_FACTS = factsPerValue("industry_outlook", INDUSTRY_OUTLOOKS);
const POSITION_FACTS = factsPerValue("market_position", MARKET_POSITIONS);
const TREND_FACTS = factsPerValue("development_trend", DEVELOPMENT_TRENDS);
const BUDGET_FACTS = factsPerValue("budget_status", BUDGET_STATUSES);
const REFERENCE_FACTS = factsPerValue("reference_value", REFERENCE_VALUES);
const SEGMENT_FACTS: readonly Facts[] = [
  Object.freeze({ segment_match: false }),
  Object.freeze({ segment_match: true }),
];
const PROSPECT_FACTS: Facts = Object.freeze({ is_existing_customer: false });
const UNKNOWN_FACTS: Facts = Object.freeze({});
/** Per covered-role bit set (bit b is CORE_ROLES[b]): how many core roles are covered and which are missing. */
const COVERAGE_FACTS: readonly Facts[] = Array.from({ length: ROLE_SETS }, (_, bits) => {
  const missing = CORE_ROLES.filter((_, b) => (bits & (1 << b)) === 0);
  return Object.freeze({
    core_roles_covered: CORE_ROLES.length - missing.length,
    core_roles_missing: missing.join(","),
  });
});

/** §3.6 item 2: w·CV, w·PT, w·SF, w·RA with the version in force's weights (0.30/0.30/0.20/0.20 in v1-default),
 *  sorted descending (ties keep sub-score order). */
export function contributions(
  s: ScoreSheet,
  weights: Record<SubScore, number> = V_W,
): { sub: SubScore; points: number }[] {
  const out: { sub: SubScore; points: number }[] = [];
  for (let k = 0; k < SUBS.length; k++) {
    const sub = SUBS[k] ?? "CV";
    const item = { sub, points: weights[sub] * (s.score[k] ?? 0) };
    let i = out.length;
    out.push(item);
    for (; i > 0; i--) {
      const prev = out[i - 1];
      if (!prev || !aboveQ(item.points, prev.points)) break;
      out[i] = prev;
    }
    out[i] = item;
  }
  return out;
}

/** The facts a component was computed from (§3.6 item 3), read back from the account. */
function factsOf(index: number, a: AccountFacts, s: ScoreSheet): Facts {
  switch (index) {
    case REV:
      return { revenue_ttm: a.revenue_ttm ?? null };
    case GM:
      return { gross_margin_pct: a.gross_margin_pct ?? null };
    case TEN:
      return { relationship_years: a.relationship_years ?? null };
    case HEAD:
      return {
        wallet_annual: a.wallet_annual ?? null,
        revenue_ttm: isExisting(a) ? (a.revenue_ttm ?? null) : 0,
        headroom: headroomOf(a),
      };
    case OUTLOOK:
      return a.industry_outlook == null ? UNKNOWN_FACTS : OUTLOOK_FACTS[a.industry_outlook];
    case POSITION:
      return a.market_position == null ? UNKNOWN_FACTS : POSITION_FACTS[a.market_position];
    case TREND:
      return a.development_trend == null ? UNKNOWN_FACTS : TREND_FACTS[a.development_trend];
    case NEED: {
      const p = a.needs?.[s.needIndex];
      return p
        ? {
            need_id: p.id,
            severity: p.severity ?? null,
            urgency: p.urgency ?? null,
            our_fit: p.our_fit ?? null,
            confirmed: p.confirmed === true,
          }
        : UNKNOWN_FACTS;
    }
    case BUDGET:
      return a.budget_status == null ? UNKNOWN_FACTS : BUDGET_FACTS[a.budget_status];
    case SEGMENT:
      return a.segment_match == null ? UNKNOWN_FACTS : (SEGMENT_FACTS[a.segment_match ? 1 : 0] ?? UNKNOWN_FACTS);
    case REFERENCE:
      return a.reference_value == null ? UNKNOWN_FACTS : REFERENCE_FACTS[a.reference_value];
    case M_I:
      return { contacts: a.contacts?.length ?? 0, weighted_stance: s.value[M_I] ?? 0 };
    case C_I:
      return COVERAGE_FACTS[s.coveredRoles] ?? UNKNOWN_FACTS;
    default:
      return UNKNOWN_FACTS;
  }
}

function driver(sub: SubScore, i: number, a: AccountFacts, s: ScoreSheet): Driver {
  return {
    sub,
    component: COMPONENTS[i] ?? "S_rev",
    points: s.points[i] ?? 0,
    value: s.value[i] ?? 0,
    facts: factsOf(i, a, s),
  };
}

/** §3.6 item 3: per sub-score its two largest known components (points desc, ties in component order). */
export function drivers(a: AccountFacts, s: ScoreSheet): Driver[] {
  const out: Driver[] = [];
  for (let k = 0; k < SUBS.length; k++) {
    const sub = SUBS[k] ?? "CV";
    if (k === CV_I && !isExisting(a)) {
      out.push({ sub, component: "S_rev", points: 0, value: 0, facts: PROSPECT_FACTS });
      continue;
    }
    const range = SUB_RANGE[k];
    const from = range?.[0] ?? 0,
      to = range?.[1] ?? 0; // no destructuring: it runs the iterator protocol
    let first = -1,
      second = -1;
    for (let i = from; i < to; i++) {
      if (Number.isNaN(s.value[i])) continue;
      const p = s.points[i] ?? 0;
      if (first < 0 || aboveQ(p, s.points[first] ?? 0)) {
        second = first;
        first = i;
      } else if (second < 0 || aboveQ(p, s.points[second] ?? 0)) second = i;
    }
    if (first >= 0) out.push(driver(sub, first, a, s));
    if (second >= 0) out.push(driver(sub, second, a, s));
  }
  return out;
}

/** The whole §3.6 explanation of a scored account. */
export function explain(
  a: AccountFacts,
  s: ScoreSheet,
  X: number,
  Y: number,
  quadrant: Quadrant,
  actions: ActionCode[],
  weights: Record<SubScore, number> = V_W,
): Explanation {
  return {
    contributions: contributions(s, weights),
    drivers: drivers(a, s),
    boundary: { x: X - AXIS_THRESHOLD, y: Y - AXIS_THRESHOLD }, // §3.6 item 4: negative is below (ties high)
    nearest: nearestQuadrant(X, Y, quadrant),
    actions,
    clv: clvOf(a),
  };
}
