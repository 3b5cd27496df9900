// METHOD §3.6 explanation shown to the rep (contributions, drivers as facts, boundary distances) and the
// §3.7 optional CLV display. Actions come from matrix.ts (§4.3).
import { CORE_ROLES, SUB_SCORES, type Quadrant, type SubScore } from "./enums.js";
import type { AccountFacts } from "./facts.js";
import type { ActionCode, Driver, Explanation, Scores } from "./results.js";
import { compareQ } from "./numerics.js";
import { headroomOf, isExisting, type ComponentScore, type SubScores } from "./subscores.js";
import { AXIS_THRESHOLD, V_W } from "./weights.js";

type Facts = Driver["facts"];

/** §3.6 item 2: w·CV, w·PT, w·SF, w·RA (0.30/0.30/0.20/0.20 in v1-default; the version in force's weights, §6.6,
 *  so they add up to its V) sorted descending (ties keep sub-score order). */
export function contributions(
  scores: Scores,
  weights: Record<SubScore, number> = V_W,
): { sub: SubScore; points: number }[] {
  return SUB_SCORES.map((sub) => ({ sub, points: weights[sub] * scores[sub] })).sort((x, y) =>
    compareQ(y.points, x.points),
  );
}

/** The facts a component was computed from (§3.6 item 3), read back from the account. */
function factsOf(c: ComponentScore, a: AccountFacts, parts: SubScores): Facts {
  switch (c.component) {
    case "S_rev":
      return { revenue_ttm: a.revenue_ttm ?? null };
    case "S_gm":
      return { gross_margin_pct: a.gross_margin_pct ?? null };
    case "S_ten":
      return { relationship_years: a.relationship_years ?? null };
    case "S_head":
      return {
        wallet_annual: a.wallet_annual ?? null,
        revenue_ttm: isExisting(a) ? (a.revenue_ttm ?? null) : 0,
        headroom: headroomOf(a),
      };
    case "industry_outlook":
      return { industry_outlook: a.industry_outlook ?? null };
    case "market_position":
      return { market_position: a.market_position ?? null };
    case "development_trend":
      return { development_trend: a.development_trend ?? null };
    case "S_need": {
      const p = parts.SF.need === null ? undefined : a.needs?.[parts.SF.need];
      return p
        ? {
            need_id: p.id,
            severity: p.severity ?? null,
            urgency: p.urgency ?? null,
            our_fit: p.our_fit ?? null,
            confirmed: p.confirmed === true,
          }
        : {};
    }
    case "budget_status":
      return { budget_status: a.budget_status ?? null };
    case "segment_match":
      return { segment_match: a.segment_match ?? null };
    case "reference_value":
      return { reference_value: a.reference_value ?? null };
    case "M":
      return { contacts: a.contacts?.length ?? 0, weighted_stance: c.value ?? 0 };
    case "C": {
      const missing = CORE_ROLES.filter((r) => !parts.RA.covered.includes(r));
      return { core_roles_covered: 4 - missing.length, core_roles_missing: missing.join(",") };
    }
  }
}

/** §3.6 item 3: per sub-score its two largest known components (points desc, ties in component order); a
 *  prospect's CV is stated as "not a customer yet". */
export function drivers(a: AccountFacts, parts: SubScores): Driver[] {
  return SUB_SCORES.flatMap((sub): Driver[] => {
    if (sub === "CV" && !isExisting(a)) {
      return [{ sub, component: "S_rev", points: 0, value: 0, facts: { is_existing_customer: false } }];
    }
    return parts[sub].components
      .filter((c) => c.value !== null)
      .sort((x, y) => compareQ(y.points, x.points))
      .slice(0, 2)
      .map((c) => ({
        sub,
        component: c.component,
        points: c.points,
        value: c.value ?? 0,
        facts: factsOf(c, a, parts),
      }));
  });
}

const FLIP_X: Readonly<Record<Quadrant, Quadrant>> = {
  strategic: "develop",
  develop: "strategic",
  maintain: "opportunistic",
  opportunistic: "maintain",
};
const FLIP_Y: Readonly<Record<Quadrant, Quadrant>> = {
  strategic: "maintain",
  maintain: "strategic",
  develop: "opportunistic",
  opportunistic: "develop",
};

/** §3.6 item 4: the nearest quadrant across one boundary and how far the axis must move (X first on a tie). */
export function nearestQuadrant(X: number, Y: number, quadrant: Quadrant): Explanation["nearest"] {
  const dx = Math.abs(X - AXIS_THRESHOLD),
    dy = Math.abs(Y - AXIS_THRESHOLD);
  return compareQ(dx, dy) <= 0
    ? { quadrant: FLIP_X[quadrant], axis: "X", distance: dx }
    : { quadrant: FLIP_Y[quadrant], axis: "Y", distance: dy };
}

/** §3.7 CLV = m·r/(1 + d − r), m = revenue_ttm·gross_margin_pct/100; null unless r, d and m are known. */
export function clvOf(a: AccountFacts): number | null {
  const r = a.retention_rate,
    d = a.discount_rate;
  const revenue = isExisting(a) ? a.revenue_ttm : 0;
  if (r == null || d == null || revenue == null || (a.gross_margin_pct == null && revenue !== 0)) return null;
  const m = (revenue * (a.gross_margin_pct ?? 0)) / 100;
  return (m * r) / (1 + d - r);
}

/** §3.6 the whole explanation of a scored account. */
export function explain(
  a: AccountFacts,
  parts: SubScores,
  scores: Scores,
  quadrant: Quadrant,
  actions: ActionCode[],
  weights: Record<SubScore, number> = V_W,
): Explanation {
  return {
    contributions: contributions(scores, weights),
    drivers: drivers(a, parts),
    boundary: { x: scores.X - AXIS_THRESHOLD, y: scores.Y - AXIS_THRESHOLD }, // §3.6 item 4: negative is below (ties high)
    nearest: nearestQuadrant(scores.X, scores.Y, quadrant),
    actions,
    clv: clvOf(a),
  };
}
