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

/** Micro-averaged scores. Nothing predicted means precision is undefined (null), never 1: an extractor that
 *  returns nothing must not look precise. F1 treats an undefined score as 0. */
export function precisionRecall(c: Counts): { precision: number | null; recall: number | null; f1: number } {
  const precision = c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? null : c.tp / (c.tp + c.fn);
  const p = precision ?? 0,
    r = recall ?? 0;
  const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  return { precision, recall, f1 };
}

/** A score for a line of output: "—" when undefined. */
export const fmt = (x: number | null): string => (x === null ? "—" : x.toFixed(3));

// An answer refuses when it says it cannot see, has no data or will not do it (zh or en).
const REFUSAL =
  /无法|不能|没有权限|无权|看不到|查不到|找不到|不在.{0,8}范围|没有.{0,6}(数据|信息|权限)|不提供|不会|can(?:no|')t|unable|not able|no access|do(?:es)?n[o']?t have|not (?:visible|available|allowed|found)|won[o']?t/iu;
export const refuses = (answer: string): boolean => REFUSAL.test(answer);

export interface Thresholds {
  /** Extraction recall and F1 over all notes (micro-averaged): the headline. */
  recall: number;
  f1: number;
  /** Share of questions answered right (tools, figures from the tools or the right refusal). */
  questions: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { recall: 0.7, f1: 0.7, questions: 0.8 };

/** Thresholds from flags (--min-recall 0.8, --min-f1=0.75, --min-questions 0.9) over env
 *  (KVALUE_EVAL_MIN_RECALL, KVALUE_EVAL_MIN_F1, KVALUE_EVAL_MIN_QUESTIONS) over the defaults. */
export function thresholdsFrom(argv: readonly string[], env: NodeJS.ProcessEnv): Thresholds {
  const pick = (flag: string, name: string, fallback: number): number => {
    let raw: string | undefined = env[name];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] ?? "";
      if (a === `--${flag}`) raw = argv[i + 1];
      else if (a.startsWith(`--${flag}=`)) raw = a.slice(flag.length + 3);
    }
    if (raw === undefined || raw === "") return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0 || v > 1)
      throw new Error(`--${flag} / ${name} must be a number from 0 to 1, not "${raw}"`);
    return v;
  };
  return {
    recall: pick("min-recall", "KVALUE_EVAL_MIN_RECALL", DEFAULT_THRESHOLDS.recall),
    f1: pick("min-f1", "KVALUE_EVAL_MIN_F1", DEFAULT_THRESHOLDS.f1),
    questions: pick("min-questions", "KVALUE_EVAL_MIN_QUESTIONS", DEFAULT_THRESHOLDS.questions),
  };
}

/** The thresholds a report falls below, as lines; empty means it passes. */
export function belowThresholds(
  r: { extraction: { recall: number | null; f1: number }; questions: { total: number; right: number } },
  t: Thresholds,
): string[] {
  const out: string[] = [];
  const recall = r.extraction.recall ?? 0;
  if (recall < t.recall) out.push(`extraction recall ${recall.toFixed(3)} < ${t.recall}`);
  if (r.extraction.f1 < t.f1) out.push(`extraction F1 ${r.extraction.f1.toFixed(3)} < ${t.f1}`);
  const share = r.questions.total === 0 ? 0 : r.questions.right / r.questions.total;
  if (share < t.questions)
    out.push(`questions right ${r.questions.right}/${r.questions.total} (${share.toFixed(3)}) < ${t.questions}`);
  return out;
}

/** Whether the tools called cover each required group (one of each inner list). */
export const toolsOk = (required: readonly (readonly string[])[], called: readonly string[]): boolean =>
  required.every((anyOf) => anyOf.some((t) => called.includes(t)));
