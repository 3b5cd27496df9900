// Scoring of the evaluation: a note's extraction and its expectation become sets of comparable tuples
// ("the account is X", "wallet_annual = 65,000,000", "李主任 attitude +2", "an opportunity of 30,000,000
// closing 2026-09-30"), and precision/recall are counted over all notes together (micro-averaged).
import { parseCloseDate } from "../src/features/assistant/extraction/dates.js";
import { comparable } from "../src/features/assistant/extraction/validate.js";
import type { ValidatedNote } from "../src/features/assistant/extraction/validate.js";
import type { NoteCase } from "./cases.js";

export type Tuple = string;

const contactKey = (name: string) => comparable(name).replace(/^(mr|ms|mrs|dr|prof)/, "");

export function expectedTuples(c: NoteCase, accountId: string | null, today: string): Set<Tuple> {
  const out = new Set<Tuple>();
  if (accountId) out.add(`account:${accountId}`);
  if (c.intent === "question") out.add("intent:question");
  for (const [field, value] of Object.entries(c.facts ?? {})) out.add(`fact:${field}=${String(value)}`);
  for (const p of c.contacts ?? []) {
    const k = contactKey(p.name);
    out.add(`contact:${k}`);
    for (const attr of ["role", "attitude", "influence", "relationship_strength"] as const) {
      if (p[attr] !== undefined) out.add(`contact:${k}:${attr}=${String(p[attr])}`);
    }
  }
  for (const o of c.opportunities ?? []) {
    if (o.amount !== undefined) out.add(`opportunity:amount=${o.amount}`);
    if (o.close !== undefined) out.add(`opportunity:close=${parseCloseDate(o.close, today) ?? o.close}`);
    if (o.stage !== undefined) out.add(`opportunity:stage=${o.stage}`);
  }
  for (const n of c.needs ?? []) out.add(`need:${n}`);
  return out;
}

export function predictedTuples(v: ValidatedNote, accountId: string | null): Set<Tuple> {
  const out = new Set<Tuple>();
  if (accountId) out.add(`account:${accountId}`);
  if (v.intent === "question") out.add("intent:question");
  for (const f of v.changes.facts) out.add(`fact:${f.field}=${String(f.value)}`);
  for (const p of v.changes.contacts) {
    const k = contactKey(p.name);
    out.add(`contact:${k}`);
    for (const attr of ["role", "attitude", "influence", "relationship_strength"] as const) {
      if (p[attr] !== null) out.add(`contact:${k}:${attr}=${String(p[attr])}`);
    }
  }
  for (const o of v.changes.opportunities) {
    if (o.amount !== null) out.add(`opportunity:amount=${o.amount}`);
    if (o.close !== null) out.add(`opportunity:close=${o.close}`);
    if (o.stage !== null) out.add(`opportunity:stage=${o.stage}`);
  }
  for (const n of v.changes.needs) if (n.category) out.add(`need:${n.category}`);
  return out;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export function compare(expected: Set<Tuple>, predicted: Set<Tuple>): Counts & { missed: Tuple[]; extra: Tuple[] } {
  const missed = [...expected].filter((t) => !predicted.has(t));
  const extra = [...predicted].filter((t) => !expected.has(t));
  return { tp: expected.size - missed.length, fp: extra.length, fn: missed.length, missed, extra };
}

export function precisionRecall(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Whether the tools called cover each required group (one of each inner list). */
export const toolsOk = (required: readonly (readonly string[])[], called: readonly string[]): boolean =>
  required.every((anyOf) => anyOf.some((t) => called.includes(t)));
