// METHOD §3.5 red flags: one condition per §10.1 code, listed in the code order of codes.ts.
import type { AccountFacts, ContactFacts } from "./facts.js";
import { RED_FLAGS, type RedFlag } from "./codes.js";
import type { CoreRole } from "./enums.js";
import { addDays } from "./dates.js";
import { coveredRoles, ebOpposed } from "./subscores.js";
import { STALE_DAYS } from "./weights.js";

export { RED_FLAGS };

/** §3.5 the date before which a last contact is stale (more than 90 days before `asOf`); null without an as-of
 *  date (staleness is then not judged). ISO dates compare as strings. */
export const staleBefore = (asOf: string | undefined): string | null =>
  asOf === undefined ? null : addDays(asOf, -STALE_DAYS);

/** What the conditions read besides the account: its covered core roles and the staleness cutoff. */
interface Context {
  contacts: readonly ContactFacts[];
  covered: readonly CoreRole[];
  staleBefore: string | null;
}

const isEb = (c: ContactFacts): boolean => c.role === "economic_buyer";
const isLate = (stage: string): boolean => stage === "S4" || stage === "S5";

/** §3.5 conditions. Every flag about contacts needs at least one contact; with none only `no_contacts` is raised. */
const CONDITIONS: Readonly<Record<RedFlag, (a: AccountFacts, x: Context) => boolean>> = {
  no_contacts: (_, x) => x.contacts.length === 0,
  eb_missing: (_, x) => !x.covered.includes("economic_buyer"),
  eb_opposed: (_, x) => x.contacts.some(ebOpposed),
  eb_weak_relationship: (_, x) =>
    x.contacts.some((c) => isEb(c) && c.relationship_strength != null && c.relationship_strength <= 1),
  eb_response_mode: (_, x) =>
    x.contacts.some((c) => isEb(c) && (c.response_mode === "even_keel" || c.response_mode === "overconfident")),
  no_coach: (_, x) => !x.covered.includes("coach"),
  "role_uncovered:technical_buyer": (_, x) => !x.covered.includes("technical_buyer"),
  "role_uncovered:user_buyer": (_, x) => !x.covered.includes("user_buyer"),
  high_influence_opposed: (_, x) =>
    x.contacts.some((c) => !isEb(c) && c.influence === "high" && c.attitude != null && c.attitude <= -1),
  contact_stale: (_, { contacts, staleBefore: cutoff }) =>
    cutoff !== null && contacts.some((c) => c.last_contact_date != null && c.last_contact_date < cutoff),
  late_stage_unqualified: (a) =>
    (a.opportunities ?? []).some(
      (o) => isLate(o.stage) && (o.meddpicc?.economic_buyer === false || o.meddpicc?.champion === false),
    ),
  // "at S3 or later" means an open pursuit at S3–S5; closed W/L/A deals no longer need a budget.
  no_budget_late_stage: (a) =>
    a.budget_status === "none" && (a.opportunities ?? []).some((o) => isLate(o.stage) || o.stage === "S3"),
};
const CONTACT_FREE: ReadonlySet<RedFlag> = new Set(["no_contacts", "late_stage_unqualified", "no_budget_late_stage"]);

/** §3.5 the red flags of an account in §10.1 order; `staleBefore` from `staleBefore(asOf)`. */
export function redFlags(a: AccountFacts, staleBefore: string | null): RedFlag[] {
  const contacts = a.contacts ?? [];
  const x: Context = { contacts, covered: coveredRoles(contacts), staleBefore };
  return RED_FLAGS.filter((code) => (contacts.length > 0 || CONTACT_FREE.has(code)) && CONDITIONS[code](a, x));
}
