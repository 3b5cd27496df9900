// The model's extraction → proposed changes, by deterministic rules: every item needs evidence that is really in
// the note; numbers (money, percentages, years) must be numbers the note wrote — whole, with their decimal point
// and scale, in digits or Chinese numerals (read-numbers.ts) — and reach the same cell parsers as `/kvalue set`
// and the CSV import as plain digits; enum values are re-checked; a person named must be named in
// the note. What fails is dropped with a reason the proposal shows — never silently "fixed".
import { parseAssignments } from "../../accounts/service.js";
import type { ProposedChanges } from "../proposals.js";
import { parseCloseDate } from "./dates.js";
import { quantityFromNote } from "../read-numbers.js";
import { inertText } from "../safety/escape.js";
import { NUMERIC_FIELDS, type Extraction } from "./schema.js";

/** Upper bounds per note: a proposal a person can still read before pressing Confirm. */
const MAX = { facts: 10, needs: 5, contacts: 8, opportunities: 5 } as const;
export const MAX_NOTE_CHARS = 4_000;

/** Comparable form: width-folded, lower case, without spaces, quotes and punctuation. */
export function comparable(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s"'“”‘’「」『』《》()（）[\]【】,，.。、;；:：!！?？…~～-]+/g, "");
}

/** Whether a quote is in the note; "a…b" quotes are checked part by part. */
export function inNote(note: string, quote: string | null | undefined): boolean {
  if (!quote) return false;
  const hay = comparable(note);
  const parts = quote
    .split(/…|\.\.\./)
    .map(comparable)
    .filter((p) => p.length > 0);
  return parts.length > 0 && parts.every((p) => hay.includes(p));
}

const clip = (s: string, n: number) => Array.from(s.trim()).slice(0, n).join("");
/** Model-written free text as it may be stored: Slack control sequences made inert, then clipped. */
const stored = (s: string, n: number) => clip(inertText(s), n);

export interface ValidatedNote {
  intent: Extraction["intent"];
  /** The account as the note names it (only if the note really contains the name). */
  accountName: string | null;
  changes: ProposedChanges;
}

export function validateExtraction(
  x: Extraction,
  note: string,
  today: string,
  sourceRef: string | null,
): ValidatedNote {
  const dropped: ProposedChanges["dropped"] = [];
  const drop = (item: string, reason: string) => dropped.push({ item: clip(item, 80), reason });

  const facts: ProposedChanges["facts"] = [];
  const seen = new Set<string>();
  for (const f of x.facts) {
    const label = `${f.field}=${f.value}`;
    if (facts.length >= MAX.facts) {
      drop(label, "too_many");
      continue;
    }
    if (!inNote(note, f.evidence)) {
      drop(label, "no_evidence");
      continue;
    }
    const quantity = NUMERIC_FIELDS.has(f.field) ? quantityFromNote(note, f.value) : null;
    if (NUMERIC_FIELDS.has(f.field) && quantity === null) {
      drop(label, "number_not_in_note");
      continue;
    }
    if (seen.has(f.field)) {
      drop(label, "duplicate");
      continue;
    }
    const { patch, errors } = parseAssignments([
      { field: f.field, value: quantity === null ? f.value : String(quantity.value) },
    ]);
    const value = (patch as Record<string, unknown>)[f.field];
    if (errors.length > 0 || value === undefined || value === null) {
      drop(label, "bad_value");
      continue;
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      drop(label, "bad_value");
      continue;
    }
    seen.add(f.field);
    facts.push({ field: f.field, value, text: clip(f.value, 60), evidence: clip(f.evidence, 300) });
  }

  const needs: ProposedChanges["needs"] = [];
  for (const n of x.needs) {
    if (needs.length >= MAX.needs) {
      drop(n.description, "too_many");
      continue;
    }
    if (!n.description.trim() || !inNote(note, n.evidence)) {
      drop(n.description, "no_evidence");
      continue;
    }
    needs.push({
      description: stored(n.description, 200),
      category: n.category,
      severity: n.severity,
      urgency: n.urgency,
      our_fit: n.our_fit,
      confirmed: n.confirmed,
      evidence: stored(n.evidence, 300),
    });
  }

  const contacts: ProposedChanges["contacts"] = [];
  for (const c of x.contacts) {
    if (contacts.length >= MAX.contacts) {
      drop(c.name, "too_many");
      continue;
    }
    // A person the note does not name is a hallucination, whatever the evidence says.
    if (!c.name.trim() || !inNote(note, c.name)) {
      drop(c.name, "name_not_in_note");
      continue;
    }
    if (!inNote(note, c.evidence)) {
      drop(c.name, "no_evidence");
      continue;
    }
    contacts.push({
      name: stored(c.name, 60),
      title: c.title && inNote(note, c.title) ? stored(c.title, 60) : null,
      org_unit: c.org_unit && inNote(note, c.org_unit) ? stored(c.org_unit, 60) : null,
      role: c.role,
      influence: c.influence,
      attitude: c.attitude,
      relationship_strength: c.relationship_strength,
      evidence: clip(c.evidence, 300),
    });
  }

  const opportunities: ProposedChanges["opportunities"] = [];
  for (const o of x.opportunities) {
    if (opportunities.length >= MAX.opportunities) {
      drop(o.name, "too_many");
      continue;
    }
    if (!o.name.trim() || !inNote(note, o.evidence)) {
      drop(o.name, "no_evidence");
      continue;
    }
    let amount: number | null = null;
    if (o.amount !== null) {
      const q = quantityFromNote(note, o.amount);
      if (q === null) drop(`${o.name}: ${o.amount}`, "number_not_in_note");
      else if (q.percent || !Number.isSafeInteger(q.value) || q.value <= 0)
        drop(`${o.name}: ${o.amount}`, "bad_amount");
      else amount = q.value;
    }
    let close: string | null = null;
    if (o.close !== null) {
      close = inNote(note, o.close) ? parseCloseDate(o.close, today) : null;
      if (close === null) drop(`${o.name}: ${o.close}`, "bad_date");
    }
    opportunities.push({
      name: stored(o.name, 100),
      stage: o.stage,
      amount,
      amountText: amount === null ? null : clip(o.amount ?? "", 40),
      close,
      closeText: close === null ? null : clip(o.close ?? "", 40),
      source: o.source,
      evidence: clip(o.evidence, 300),
    });
  }

  const accountName = x.account && inNote(note, x.account) ? stored(x.account, 100) : null;
  return {
    intent: x.intent,
    accountName,
    changes: { v: 1, note: clip(note, MAX_NOTE_CHARS), sourceRef, facts, needs, contacts, opportunities, dropped },
  };
}
