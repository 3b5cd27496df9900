// The assessAll fast path of METHOD §3.5 (plain version: ../red-flags.ts): the flags as bits, collected in the
// single RA pass over the contacts. Bit i is RED_FLAGS[i] of ../codes.ts.
import type { AccountFacts, ContactFacts } from "../facts.js";
import { RED_FLAGS, type RedFlag } from "../codes.js";

const NO_CONTACTS = 1 << 0, EB_MISSING = 1 << 1, EB_OPPOSED = 1 << 2, EB_WEAK = 1 << 3, EB_MODE = 1 << 4;
const NO_COACH = 1 << 5, NO_TB = 1 << 6, NO_UB = 1 << 7, HIGH_OPPOSED = 1 << 8, STALE = 1 << 9;
const LATE_UNQUALIFIED = 1 << 10, NO_BUDGET_LATE = 1 << 11;

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
 *  (bits EB 1, TB 2, UB 4, Coach 8) and its opportunities. */
export function redFlagBits(a: AccountFacts, contactBits: number, coveredRoles: number): number {
  let bits = 0;
  if (!a.contacts || a.contacts.length === 0) {
    bits |= NO_CONTACTS; // and then none of the contact flags
  } else {
    bits |= contactBits;
    if ((coveredRoles & 1) === 0) bits |= EB_MISSING;
    if ((coveredRoles & 8) === 0) bits |= NO_COACH;
    if ((coveredRoles & 2) === 0) bits |= NO_TB;
    if ((coveredRoles & 4) === 0) bits |= NO_UB;
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
