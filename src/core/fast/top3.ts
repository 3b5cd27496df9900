// The assessAll fast path of METHOD §3.4 "what to collect next" (plain version: ../collect-next.ts): the best
// three candidates kept while they are offered, nothing sorted.
import type { AccountFacts } from "../facts.js";
import type { CollectNext } from "../results.js";
import { influenceWeight } from "../normalise.js";
import { compareQ } from "../numerics.js";
import { isExisting } from "../subscores.js";
import { RA_CS_W } from "../weights.js";
import { FACT_WEIGHTS } from "../collect-next.js";

type FactField = keyof typeof FACT_WEIGHTS;

/** The best three candidates so far (weight desc, field asc), reset per account. Candidates are offered
 *  one by one and most are rejected by one comparison, so nothing is sorted; a contact's field name is
 *  built only when it is needed (to break a tie or to enter the three). */
export class Top3 {
  n = 0;
  readonly field: string[] = ["", "", ""];
  readonly weight = new Float64Array(3);

  reset(): void {
    this.n = 0;
  }

  /** Offer a missing account fact. */
  fact(field: FactField, w: number): void {
    this.insert(w, field, "", "");
  }

  /** Offer `contacts[<id>]<suffix>`. */
  contact(w: number, id: string, suffix: string): void {
    this.insert(w, null, id, suffix);
  }

  private insert(w: number, name: string | null, id: string, suffix: string): void {
    if (compareQ(w, 0) <= 0) return;
    let field = name;
    let i = this.n;
    for (; i > 0; i--) {
      const c = compareQ(this.weight[i - 1] ?? 0, w); // §2.1: weights compare quantized
      if (c > 0) break;
      if (c === 0) {
        field ??= `contacts[${id}]${suffix}`;
        if ((this.field[i - 1] ?? "") < field) break;
      }
    }
    if (i >= 3) return;
    field ??= `contacts[${id}]${suffix}`;
    for (let j = Math.min(this.n, 2); j > i; j--) {
      this.field[j] = this.field[j - 1] ?? "";
      this.weight[j] = this.weight[j - 1] ?? 0;
    }
    this.field[i] = field;
    this.weight[i] = w;
    if (this.n < 3) this.n++;
  }

  result(): CollectNext[] {
    const out: CollectNext[] = [];
    for (let i = 0; i < this.n; i++) out.push({ field: this.field[i] ?? "", weight: this.weight[i] ?? 0 });
    return out;
  }
}

/** §10.1 collect_next of an account into `top` (reused across a portfolio); `needKnown` and `weightSum` come
 *  from the RA/SF scoring. */
export function collectNext(top: Top3, a: AccountFacts, needKnown: boolean, weightSum: number): CollectNext[] {
  top.reset();
  // Each weight is read by name here (a lookup by a field-name variable was measurably slower).
  const existing = isExisting(a);
  if (existing && a.revenue_ttm == null) top.fact("revenue_ttm", FACT_WEIGHTS.revenue_ttm);
  if (a.wallet_annual == null) top.fact("wallet_annual", FACT_WEIGHTS.wallet_annual);
  if (!needKnown) top.fact("needs", FACT_WEIGHTS.needs);
  if (a.industry_outlook == null) top.fact("industry_outlook", FACT_WEIGHTS.industry_outlook);
  if (existing && a.gross_margin_pct == null) top.fact("gross_margin_pct", FACT_WEIGHTS.gross_margin_pct);
  if (a.budget_status == null) top.fact("budget_status", FACT_WEIGHTS.budget_status);
  if (a.market_position == null) top.fact("market_position", FACT_WEIGHTS.market_position);
  if (a.development_trend == null) top.fact("development_trend", FACT_WEIGHTS.development_trend);
  if (existing && a.relationship_years == null) top.fact("relationship_years", FACT_WEIGHTS.relationship_years);
  if (a.segment_match == null) top.fact("segment_match", FACT_WEIGHTS.segment_match);
  if (a.reference_value == null) top.fact("reference_value", FACT_WEIGHTS.reference_value);
  const contacts = a.contacts;
  if (!contacts || contacts.length === 0) {
    top.fact("contacts", FACT_WEIGHTS.contacts);
  } else if (weightSum > 0) {
    for (const c of contacts) {
      if (c.attitude != null && c.relationship_strength != null) continue;
      const share = (FACT_WEIGHTS.contacts * influenceWeight(c.influence)) / weightSum;
      if (c.attitude == null) top.contact(share * RA_CS_W.attitude, c.id, ".attitude");
      if (c.relationship_strength == null) top.contact(share * RA_CS_W.strength, c.id, ".relationship_strength");
    }
  }
  return top.result();
}
