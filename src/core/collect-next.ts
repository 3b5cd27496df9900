// METHOD §3.4 / §10.1 "what to collect next": the three missing facts of largest overall weight
// W_sub × ω_component, ties by field name ascending.
import type { AccountFacts } from "./facts.js";
import type { CollectNext } from "./results.js";
import { influenceWeight } from "./normalise.js";
import { compareQ } from "./numerics.js";
import { isExisting } from "./subscores.js";
import { CV_W, PT_W, RA_CS_W, SF_W, V_W } from "./weights.js";

/** §10.1 overall weight of each missing account fact. */
export const FACT_WEIGHTS = {
  revenue_ttm: V_W.CV * CV_W.rev,
  gross_margin_pct: V_W.CV * CV_W.gm,
  relationship_years: V_W.CV * CV_W.ten,
  wallet_annual: V_W.PT * PT_W.head,
  industry_outlook: V_W.PT * PT_W.outlook,
  market_position: V_W.PT * PT_W.position,
  development_trend: V_W.PT * PT_W.trend,
  needs: V_W.SF * SF_W.need,
  budget_status: V_W.SF * SF_W.budget,
  segment_match: V_W.SF * SF_W.segment,
  reference_value: V_W.SF * SF_W.reference,
  contacts: V_W.RA,
} as const;
type FactField = keyof typeof FACT_WEIGHTS;

/** §3.4 whether each weighted account fact is missing; CV facts count only for an existing customer. */
function missingFacts(a: AccountFacts, needKnown: boolean): FactField[] {
  const existing = isExisting(a);
  const missing: Record<FactField, boolean> = {
    revenue_ttm: existing && a.revenue_ttm == null,
    gross_margin_pct: existing && a.gross_margin_pct == null,
    relationship_years: existing && a.relationship_years == null,
    wallet_annual: a.wallet_annual == null,
    industry_outlook: a.industry_outlook == null,
    market_position: a.market_position == null,
    development_trend: a.development_trend == null,
    needs: !needKnown,
    budget_status: a.budget_status == null,
    segment_match: a.segment_match == null,
    reference_value: a.reference_value == null,
    contacts: !a.contacts || a.contacts.length === 0,
  };
  return (Object.keys(missing) as FactField[]).filter((f) => missing[f]);
}

/** §3.4 an RA field of contact i: 0.20 × (w_i/Σw) × (0.6 for attitude, 0.4 for strength). */
function missingContactFacts(a: AccountFacts, weightSum: number): CollectNext[] {
  const out: CollectNext[] = [];
  if (weightSum <= 0) return out;
  for (const c of a.contacts ?? []) {
    const share = (FACT_WEIGHTS.contacts * influenceWeight(c.influence)) / weightSum;
    if (c.attitude == null) out.push({ field: `contacts[${c.id}].attitude`, weight: share * RA_CS_W.attitude });
    if (c.relationship_strength == null) {
      out.push({ field: `contacts[${c.id}].relationship_strength`, weight: share * RA_CS_W.strength });
    }
  }
  return out;
}

/** Weight descending (compared quantized, §2.1), then field name ascending. */
const byWeightThenField = (x: CollectNext, y: CollectNext): number =>
  compareQ(y.weight, x.weight) || (x.field < y.field ? -1 : x.field > y.field ? 1 : 0);

/** §10.1 collect_next of an account; `needKnown` (S_need known) and `weightSum` (Σ w_i) come from SF and RA. */
export function collectNext(a: AccountFacts, needKnown: boolean, weightSum: number): CollectNext[] {
  const candidates: CollectNext[] = [
    ...missingFacts(a, needKnown).map((field) => ({ field, weight: FACT_WEIGHTS[field] })),
    ...missingContactFacts(a, weightSum),
  ];
  return candidates
    .filter((c) => compareQ(c.weight, 0) > 0)
    .sort(byWeightThenField)
    .slice(0, 3);
}
