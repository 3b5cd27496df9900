// The codes the core's results carry (METHOD §3.2 components, §3.5 red flags, §4.3 actions, §10.3 bridge labels).
// Each list is the single source: the result types below are derived from it, and the i18n vocabularies and
// table labels are records keyed by these types, so a new code without a name in every language fails to compile.

/** §3.2 components of the four sub-scores, in sub-score order (CV, PT, SF, RA). */
export const COMPONENTS = [
  "S_rev",
  "S_gm",
  "S_ten", // CV
  "S_head",
  "industry_outlook",
  "market_position",
  "development_trend", // PT
  "S_need",
  "budget_status",
  "segment_match",
  "reference_value", // SF
  "M",
  "C", // RA: influence-weighted stance, role coverage
] as const;
export type Component = (typeof COMPONENTS)[number];

/** §3.5 red flags with their §10.1 codes, in the fixed output order. */
export const RED_FLAGS = [
  "no_contacts",
  "eb_missing",
  "eb_opposed",
  "eb_weak_relationship",
  "eb_response_mode",
  "no_coach",
  "role_uncovered:technical_buyer",
  "role_uncovered:user_buyer",
  "high_influence_opposed",
  "contact_stale",
  "late_stage_unqualified",
  "no_budget_late_stage",
] as const;
export type RedFlag = (typeof RED_FLAGS)[number];

/** §4.3 recommended actions as codes; surfaces word them per language. */
export const ACTION_CODES = [
  "deepen_expand",
  "invest_grow",
  "protect_share",
  "monitor_selective", // per quadrant
  "access_breakthrough",
  "find_coach_identify_ub_raise_eb",
  "repair_eb_before_renewal", // RA < 50 add-on
  "guide_customer_budget", // budget_status planned: push 标前引导 into the customer's 立项
  "collect_facts_first", // provisional: not tiered until κ ≥ 0.5
] as const;
export type ActionCode = (typeof ACTION_CODES)[number];

/** §10.3 labels of the weekly bridge rows, in report order. */
export const BRIDGE_LABELS = [
  "advanced",
  "regressed",
  "amount_changed",
  "won",
  "lost",
  "abandoned",
  "slipped",
  "removed",
  "pulled_in",
  "new",
] as const;
export type BridgeLabel = (typeof BRIDGE_LABELS)[number];
