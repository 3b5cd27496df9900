// An account's scores around each recorded change (`/kvalue history`): the audit trail says what each change wrote
// (before → after per field), so walking it from the newest change backwards turns today's facts into the facts as
// they were before each change. Pure: the caller reads the trail and today's facts; dates are arguments.
import { assess, type ModelWeights } from "./assess.js";
import { ACCOUNT_FACT_FIELDS, accountSchema, CONTACT_FACT_FIELDS, type AccountFacts } from "./facts.js";
import type { Quadrant } from "./enums.js";
import { applySegmentDefaults, yearOf, type SegmentRecord } from "./segments.js";

/** One field a change wrote, as the audit trail records it (`*` = the entity was created). */
export interface RecordedChange {
  /** account | contact | opportunity | need (other entities do not move an account's score) */
  entity: string;
  entityId: string;
  field: string;
  /** the value before (null = unknown, or the entity did not exist) */
  before: unknown;
  after: unknown;
}

/** The facts an account's creation row (`*`) records: its `after` holds them beside the name and the CRM import id
 *  (one row per new account; older creations wrote a row per fact instead). */
export function createdFacts(after: unknown): string[] {
  if (after === null || typeof after !== "object") return [];
  return Object.keys(after).filter((k) => k !== "name" && k !== "import_id");
}

/** The changes of one act (one command, form, confirm or import), with the business date it happened on. */
export interface ChangeStep {
  asOf: string;
  changes: readonly RecordedChange[];
}

export interface TrailScore {
  v: number;
  quadrant: Quadrant;
  provisional: boolean;
}

// The part fields that scoring reads; others (closed date, loss reason, CRM ids…) are recorded but change no score.
const PART_FIELDS: Record<string, readonly string[]> = {
  contact: CONTACT_FACT_FIELDS,
  opportunity: ["name", "stage", "amount", "expected_close_date", "source"],
  need: ["description", "category", "severity", "urgency", "our_fit", "confirmed", "metric"],
};
const PART_LIST = { contact: "contacts", opportunity: "opportunities", need: "needs" } as const;
const ACCOUNT_FIELDS: ReadonlySet<string> = new Set(ACCOUNT_FACT_FIELDS);

type Part = Record<string, unknown> & { id: string };

/**
 * The facts before `changes`, given the facts after them; null when the account did not exist before (its
 * creation is among the changes). Parts created by the changes are removed, changed fields get their old values.
 */
export function rewind(after: AccountFacts | null, changes: readonly RecordedChange[]): AccountFacts | null {
  if (after === null) return null;
  if (changes.some((c) => c.entity === "account" && c.field === "*")) return null;
  const out: Record<string, unknown> = { ...after };
  const lists: Record<string, Part[]> = {};
  const listOf = (entity: keyof typeof PART_LIST): Part[] => {
    const key = PART_LIST[entity];
    lists[key] ??= ((out[key] as Part[] | null | undefined) ?? []).map((p) => ({ ...p }));
    return lists[key];
  };
  for (const c of changes) {
    if (c.entity === "account") {
      if (ACCOUNT_FIELDS.has(c.field)) out[c.field] = c.before ?? null;
      continue;
    }
    if (!(c.entity in PART_LIST)) continue;
    const entity = c.entity as keyof typeof PART_LIST;
    const list = listOf(entity);
    const i = list.findIndex((p) => p.id === c.entityId);
    if (c.field === "*") {
      if (c.before === null && i >= 0) list.splice(i, 1);
      continue;
    }
    const part = list[i];
    if (part && PART_FIELDS[entity]?.includes(c.field)) part[c.field] = c.before ?? null;
  }
  Object.assign(out, lists);
  return out as AccountFacts;
}

function scoreOf(
  facts: AccountFacts | null,
  asOf: string,
  model: ModelWeights | undefined,
  segments: readonly SegmentRecord[],
): TrailScore | null {
  if (facts === null) return null;
  // A trail that rewinds to facts outside the contract (e.g. an audit row from an older schema) has no score,
  // rather than a wrong one.
  const parsed = accountSchema.safeParse(facts);
  if (!parsed.success) return null;
  const withDefaults = segments.length ? applySegmentDefaults(parsed.data, segments, yearOf(asOf)).facts : parsed.data;
  const a = assess(withDefaults, { asOf, model });
  return { v: a.scores.V, quadrant: a.quadrant, provisional: a.provisional };
}

/**
 * V and the quadrant before and after each step, newest step first as given; `current` is the account's own facts
 * now (segment defaults are applied to every state, as of that step's year). Each step is scored as of its own date.
 */
export function scoreTrail(
  current: AccountFacts,
  steps: readonly ChangeStep[],
  options: { model?: ModelWeights | undefined; segments?: readonly SegmentRecord[] } = {},
): { before: TrailScore | null; after: TrailScore | null }[] {
  const segments = options.segments ?? [];
  let facts: AccountFacts | null = current;
  return steps.map((step) => {
    const after = scoreOf(facts, step.asOf, options.model, segments);
    facts = rewind(facts, step.changes);
    return { before: scoreOf(facts, step.asOf, options.model, segments), after };
  });
}
