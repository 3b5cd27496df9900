// The interview: after an account is created or updated, ask in the thread for the most valuable missing fact
// (the core's collect_next, METHOD §3.4) in one short question. The answer goes through the normal note flow;
// "skip" moves to the next fact; "stop" ends it; it ends by itself when nothing valuable is missing.
import { assess } from "../../core/index.js";
import { collectNextQuestion, type Locale } from "../../i18n/index.js";
import { today, type ServiceDeps } from "../deps.js";
import { loadAccount } from "../accounts/repository.js";

/** Facts worth asking for: below this overall weight (§3.4) a question costs the rep more than it adds. */
export const MIN_WEIGHT = 0.02;
/** A rep answers a few questions in a row at most; after that the thread goes quiet. */
export const MAX_QUESTIONS = 6;

const STOP = /^(stop|enough|no more|that'?s all|done|later|不用了?|够了|先这样|停|算了|结束|以后再说|没了)[\s。.!！~]*$/i;
const SKIP = /^(skip|pass|next|don'?t know|no idea|unknown|跳过|不知道|不清楚|下一个|不确定)[\s。.!！~]*$/i;

export const isStop = (text: string): boolean => STOP.test(text.trim());
export const isSkip = (text: string): boolean => SKIP.test(text.trim());

export interface NextQuestion { field: string; question: string; accountName: string }

/** The most valuable missing fact not yet asked in this thread, or null when nothing worth asking is left. */
export async function nextQuestion(
  deps: ServiceDeps, workspaceId: string, accountId: string, asked: readonly string[], locale: Locale,
): Promise<NextQuestion | null> {
  if (asked.length >= MAX_QUESTIONS) return null;
  const aggregate = await loadAccount(deps.db, { workspaceId, accountId });
  if (!aggregate) return null;
  const a = assess(aggregate.facts, { asOf: today(deps) });
  const next = a.collect_next.find((c) => c.weight >= MIN_WEIGHT && !asked.includes(c.field));
  if (!next) return null;
  return {
    field: next.field,
    question: collectNextQuestion(locale, next.field, aggregate.facts.contacts ?? []),
    accountName: aggregate.facts.name ?? accountId,
  };
}
