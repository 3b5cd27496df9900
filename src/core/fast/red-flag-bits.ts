// The assessAll fast path of METHOD §3.5 (plain version: ../red-flags.ts): the flags as bits, collected in the
// single RA pass over the contacts. Bit i is RED_FLAGS[i] of ../codes.ts.
import type { AccountFacts, ContactFacts } from "../facts.js";
import { RED_FLAGS, type RedFlag } from "../codes.js";
import { COACH_BIT, EB_BIT, TB_BIT, UB_BIT } from "./role-bits.js";

const bit = (code: RedFlag): number => 1 << RED_FLAGS.indexOf(code);
const NO_CONTACTS = bit("no_contacts"),
  EB_MISSING = bit("eb_missing"),
  EB_OPPOSED = bit("eb_opposed");
const EB_WEAK = bit("eb_weak_relationship"),
  EB_MODE = bit("eb_response_mode"),
  NO_COACH = bit("no_coach");
const NO_TB = bit("role_uncovered:technical_buyer"),
  NO_UB = bit("role_uncovered:user_buyer");
const HIGH_OPPOSED = bit("high_influence_opposed"),
  STALE = bit("contact_stale");
const LATE_UNQUALIFIED = bit("late_stage_unqualified"),
  NO_BUDGET_LATE = bit("no_budget_late_stage");

/** The red-flag bits one contact raises by itself; `staleCutoff` (from `staleBefore`, or null without an
 *  as-of date) enables staleness. Called from the single RA pass over the contacts (subscores.ts). */
export function contactFlagBits(c: ContactFacts, staleCutoff: string | null): number {
  let bits = 0;
  if (c.role === "economic_buyer") {
    if (c.attitude != null && c.attitude <= -1) bits |= EB_OPPOSED;
    if (c.relationship_strength != null && c.relationship_strength <= 1) bits |= EB_WEAK;
    if (c.response_mode === "even_keel" || c.response_mode === "overconfident") bits |= EB_MODE;
  } else if (c.influence === "high" && c.attitude != null && c.attitude <= -1) {
    bits |= HIGH_OPPOSED;
  }
  if (staleCutoff !== null && c.last_contact_date != null && c.last_contact_date < staleCutoff) bits |= STALE;
  return bits;
}

/** The §10.1 red-flag bit set of an account, from the contact bits and covered core roles of its RA pass
 *  (role-bits.ts) and its opportunities. */
export function redFlagBits(a: AccountFacts, contactBits: number, coveredRoles: number): number {
  let bits = 0;
  if (!a.contacts || a.contacts.length === 0) {
    bits |= NO_CONTACTS; // and then none of the contact flags
  } else {
    bits |= contactBits;
    if ((coveredRoles & EB_BIT) === 0) bits |= EB_MISSING;
    if ((coveredRoles & COACH_BIT) === 0) bits |= NO_COACH;
    if ((coveredRoles & TB_BIT) === 0) bits |= NO_TB;
    if ((coveredRoles & UB_BIT) === 0) bits |= NO_UB;
  }
  const opps = a.opportunities;
  if (opps) {
    for (let i = 0; i < opps.length; i++) {
      const o = opps[i];
      if (!o) continue;
      const late = o.stage === "S4" || o.stage === "S5";
      if (late && (o.meddpicc?.economic_buyer === false || o.meddpicc?.champion === false)) bits |= LATE_UNQUALIFIED;
      // "at S3 or later" means an open pursuit at S3–S5; closed W/L/A deals no longer need a budget.
      if (a.budget_status === "none" && (late || o.stage === "S3")) bits |= NO_BUDGET_LATE;
    }
  }
  return bits;
}

/** The codes of a red-flag bit set, in §10.1 order. */
export function redFlagCodes(bits: number): RedFlag[] {
  const out: RedFlag[] = [];
  if (bits === 0) return out;
  for (let i = 0; bits >> i !== 0; i++) {
    const code = RED_FLAGS[i];
    if ((bits >> i) & 1 && code !== undefined) out.push(code);
  }
  return out;
}
