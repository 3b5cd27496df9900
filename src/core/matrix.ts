// METHOD §4 value matrix: quadrant, tier, priority and the §4.3 recommended actions; §3.4 confidence.
import type { BudgetStatus, Confidence, Priority, Quadrant, Tier } from "./enums.js";
import type { ActionCode } from "./results.js";
import { atLeast } from "./numerics.js";
import { AXIS_THRESHOLD, CONFIDENCE_HIGH, CONFIDENCE_MEDIUM, KEY_TIER_V, RA_ACTION_THRESHOLD } from "./weights.js";

/** §4.2 quadrant from X and Y; both thresholds are 50 and ties go high. */
export function quadrantOf(X: number, Y: number): Quadrant {
  const highX = atLeast(X, AXIS_THRESHOLD),
    highY = atLeast(Y, AXIS_THRESHOLD);
  if (highY) return highX ? "strategic" : "develop";
  return highX ? "maintain" : "opportunistic";
}

/** §4.2 tier: Q1 战略客户; Q2 or Q3 with V ≥ 40 重点客户; otherwise 普通客户. */
export function tierOf(quadrant: Quadrant, V: number): Tier {
  if (quadrant === "strategic") return "strategic";
  if ((quadrant === "develop" || quadrant === "maintain") && atLeast(V, KEY_TIER_V)) return "key";
  return "general";
}

/** §4.3 priority follows the quadrant. */
export const PRIORITY_OF: Readonly<Record<Quadrant, Priority>> = {
  strategic: "P1",
  develop: "P2",
  maintain: "P3",
  opportunistic: "P4",
};

/** §3.4 confidence label of the overall completeness κ. */
export function confidenceOf(kappa: number): Confidence {
  if (atLeast(kappa, CONFIDENCE_HIGH)) return "high";
  return atLeast(kappa, CONFIDENCE_MEDIUM) ? "medium" : "low";
}

/** §3.4 κ < 0.5: the quadrant is provisional and the account is not auto-tiered. */
export const isProvisional = (kappa: number): boolean => !atLeast(kappa, CONFIDENCE_MEDIUM);

/** §4.3 strategy per quadrant. */
const QUADRANT_ACTION: Readonly<Record<Quadrant, ActionCode>> = {
  strategic: "deepen_expand",
  develop: "invest_grow",
  maintain: "protect_share",
  opportunistic: "monitor_selective",
};
/** §4.3 RA < 50 add-on per quadrant (none for opportunistic accounts). */
const ACCESS_ADD_ON: Readonly<Record<Quadrant, ActionCode | null>> = {
  strategic: "access_breakthrough",
  develop: "find_coach_identify_ub_raise_eb",
  maintain: "repair_eb_before_renewal",
  opportunistic: null,
};

/** §4.3 recommended actions: the quadrant's strategy, the RA < 50 add-on, and 标前引导 into a planned
 *  customer budget (§7.1). A provisional account gets "collect facts first" instead of a strategy. */
export function actionsFor(
  quadrant: Quadrant,
  RA: number,
  budget: BudgetStatus | null | undefined,
  provisional: boolean,
): ActionCode[] {
  const actions: ActionCode[] = [];
  if (provisional) {
    actions.push("collect_facts_first");
  } else {
    actions.push(QUADRANT_ACTION[quadrant]);
    const addOn = ACCESS_ADD_ON[quadrant];
    if (addOn !== null && !atLeast(RA, RA_ACTION_THRESHOLD)) actions.push(addOn);
  }
  if (budget === "planned") actions.push("guide_customer_budget");
  return actions;
}
