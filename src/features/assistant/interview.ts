// The interview: after an account is created or updated, ask in the thread for the most valuable missing fact
// (the core's collect_next, METHOD §3.4) in one short question. The answer goes through the normal note flow;
// "skip" moves to the next fact; "stop" ends it; it ends by itself when nothing valuable is missing.
import { collectNextQuestion, type Locale } from "../../i18n/index.js";
import type { ServiceDeps } from "../deps.js";
import type { Scope } from "../teams/scope.js";
import { visibleAccount } from "./visible.js";

/** Facts worth asking for: below this overall weight (§3.4) a question costs the rep more than it adds. */
export const MIN_WEIGHT = 0.02;
/** A rep answers a few questions in a row at most; after that the thread goes quiet. */
export const MAX_QUESTIONS = 6;

const STOP =
  /^(stop|enough|no more|that'?s all|done|later|不用了?|够了|先这样|停|算了|结束|以后再说|没了)[\s。.!！~]*$/i;
const SKIP = /^(skip|pass|next|don'?t know|no idea|unknown|跳过|不知道|不清楚|下一个|不确定)[\s。.!！~]*$/i;

export const isStop = (text: string): boolean => STOP.test(text.trim());
export const isSkip = (text: string): boolean => SKIP.test(text.trim());

export interface NextQuestion {
  field: string;
  question: string;
}

/** Where the interview stands on an account the person may see; null when they may not (moved to a team they
 *  are not in, another workspace): then nothing about it is said, not even its name. */
export interface InterviewStep {
  accountName: string;
  next: NextQuestion | null;
}

/** The most valuable missing fact not yet asked in this thread (next: null when nothing worth asking is left). */
export async function nextQuestion(
  deps: ServiceDeps,
  scope: Scope,
  accountId: string,
  asked: readonly string[],
  locale: Locale,
): Promise<InterviewStep | null> {
  const view = await visibleAccount(deps, scope, accountId);
  if (!view) return null;
  const facts = view.aggregate.facts;
  const accountName = facts.name ?? accountId;
  if (asked.length >= MAX_QUESTIONS) return { accountName, next: null };
  const next = view.assessment.collect_next.find((c) => c.weight >= MIN_WEIGHT && !asked.includes(c.field));
  if (!next) return { accountName, next: null };
  return {
    accountName,
    next: { field: next.field, question: collectNextQuestion(locale, next.field, facts.contacts ?? []) },
  };
}
