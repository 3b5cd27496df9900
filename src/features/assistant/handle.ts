// Free text from a person → the assistant's replies, whatever the surface (DM, mention, thread reply, the
// Assistant panel). Routes to the interview, the note flow or Q&A; turns failures into clear messages. The
// identity is the surface's verified actor; this module never takes a workspace, user or team from text.
import { looksLikeQuestion } from "./question-words.js";
import { t, type Locale } from "../../i18n/index.js";
import { resolveScope, type Actor, type Scope } from "../teams/scope.js";
import type { ServiceDeps } from "../deps.js";
import type { SlackMessage } from "../../ui/types.js";
import { textMessage } from "../../ui/text.js";
import { proposalMessage, skippedText } from "./ui/proposal.js";
import {
  accountChoiceMessage,
  accountNotFoundMessage,
  answerMessage,
  failureMessage,
  nothingMessage,
  offMessage,
} from "./ui/replies.js";
import { emptyState, loadThread, saveThread, type ThreadKey, type ThreadState } from "./conversation.js";
import { isSkip, isStop, nextQuestion } from "./interview.js";
import { CallBudget, isAssistantFailure } from "./llm/retry.js";
import { proposeFromNote, type NoteOutcome } from "./notes/flow.js";
import { segmentNothingMessage, segmentProposalMessage } from "./ui/segment-proposal.js";
import { answerQuestion } from "./qa/loop.js";
import { toolLabel } from "./qa/tools.js";
import { receivedRefs, safeText } from "./safety/escape.js";
import { asksAboutInstructions, recitesPrompt } from "./safety/instructions.js";
import { EXTRACTION_SYSTEM_PROMPT } from "./extraction/prompt.js";
import { qaSystemPrompt } from "./qa/prompt.js";
import type { Assistant } from "./setup.js";
import { visibleAccount } from "./visible.js";

export interface FreeTextInput {
  deps: ServiceDeps;
  assistant: Assistant;
  /** Verified by the surface (signed Slack request or the console). */
  actor: Actor;
  locale: Locale;
  text: string;
  /** The thread replies go to (Slack); null on surfaces without threads. */
  thread: ThreadKey | null;
  /** Link to the person's message, carried into the audit rows of a confirmed proposal. */
  sourceRef: string | null;
  /** Permalink to show on a proposal (https://…slack.com/…), if the surface has one. */
  sourceUrl?: string | null;
  /** Shown while the model works (the Assistant panel's status line). */
  setStatus?: (status: string) => Promise<void>;
}

export interface Reply {
  message: SlackMessage;
  /** The proposal this message shows: the surface records where it posted it. */
  proposalId?: string;
}

export interface HandleResult {
  replies: Reply[];
  /** Model round trips this message cost (the bench's "calls per note / per question"). */
  calls: number;
  modelMs: number;
  kind: "note" | "question" | "interview" | "off" | "failure" | "stop";
}

export async function handleFreeText(input: FreeTextInput): Promise<HandleResult> {
  const { deps, assistant, locale } = input;
  const text = input.text.trim();
  if (!assistant.llm) return { replies: [{ message: offMessage(locale) }], calls: 0, modelMs: 0, kind: "off" };
  if (asksAboutInstructions(text)) return instructionsReply(locale);
  const budget = new CallBudget(assistant.retries);
  const scope = await resolveScope(deps, input.actor);
  const thread = input.thread ? await loadThread(deps, input.thread) : null;
  const state: ThreadState = thread?.state ?? emptyState();
  const interview = state.interview && !state.interview.done ? state.interview : null;
  // A question asked in the middle of an interview is answered; the interview waits for the next note.
  let kind: HandleResult["kind"] = looksLikeQuestion(text) ? "question" : interview ? "interview" : "note";
  try {
    if (interview && isStop(text)) {
      await save(input, { ...state, interview: { ...interview, done: true } }, "interview");
      return {
        replies: [{ message: textMessage(t(locale, "assistant.interview.stopped")) }],
        calls: 0,
        modelMs: 0,
        kind: "stop",
      };
    }
    if (interview && isSkip(text)) {
      return {
        replies: await askNext(input, scope, state, interview.accountId, interview.asked),
        calls: 0,
        modelMs: 0,
        kind: "interview",
      };
    }
    let replies: Reply[];
    if (kind === "question") {
      replies = await question(input, scope, state, budget);
    } else {
      await input.setStatus?.(t(locale, "assistant.status.reading"));
      const accountId = interview?.accountId ?? state.accountId;
      const account = accountId ? await accountRef(deps, scope, accountId) : null;
      const outcome = await proposeFromNote(
        assistant.llm,
        {
          deps,
          actor: input.actor,
          scope,
          note: text,
          sourceRef: input.sourceRef,
          account,
          question: interview?.question ?? null,
          allowQuestion: !interview,
        },
        budget,
      );
      if (outcome.kind === "question") {
        kind = "question";
        replies = await question(input, scope, state, budget);
      } else {
        replies = await noteReplies(input, state, outcome);
      }
    }
    return { replies, calls: budget.calls, modelMs: budget.modelMs, kind };
  } catch (e) {
    if (!isAssistantFailure(e)) throw e;
    assistant.log.warn({ kind: e.kind, err: e.message }, "assistant could not answer");
    return {
      replies: [{ message: failureMessage(locale, e.kind, assistant.timeoutMs) }],
      calls: budget.calls,
      modelMs: budget.modelMs,
      kind: "failure",
    };
  }
}

/** The prompts' fixed lines (the Q&A prompt's date and teams vary; its rules do not). */
const PROMPTS = [EXTRACTION_SYSTEM_PROMPT, qaSystemPrompt({ today: "", language: "en", teams: [] })];

/** The fixed answer to questions about the bot's instructions: no model call, no model words. */
const instructionsReply = (locale: Locale): HandleResult => ({
  replies: [{ message: textMessage(t(locale, "assistant.instructions")) }],
  calls: 0,
  modelMs: 0,
  kind: "question",
});

/** The thread's account, if the person may still see it (access follows the team channel). */
async function accountRef(
  deps: ServiceDeps,
  scope: Scope,
  accountId: string,
): Promise<{ id: string; name: string } | null> {
  const view = await visibleAccount(deps, scope, accountId);
  return view ? { id: accountId, name: view.aggregate.facts.name ?? accountId } : null;
}

async function save(input: FreeTextInput, state: ThreadState, kind: string): Promise<string | null> {
  return input.thread ? saveThread(input.deps, input.thread, input.actor.userId, kind, state) : null;
}

async function question(input: FreeTextInput, scope: Scope, state: ThreadState, budget: CallBudget): Promise<Reply[]> {
  const { deps, locale } = input;
  await input.setStatus?.(t(locale, "assistant.status.thinking"));
  const result = await answerQuestion(input.assistant.llm!, { deps, scope, locale }, input.text, state.history, budget);
  if (result.caught.length > 0)
    input.assistant.log.warn({ caught: result.caught, source: result.source }, "answer had figures no tool returned");
  if (recitesPrompt(result.text, PROMPTS)) {
    input.assistant.log.warn({ tools: result.tools }, "answer recited the prompt; fixed text sent instead");
    return instructionsReply(locale).replies;
  }
  const refs = receivedRefs(result.received);
  const text = safeText(result.text, {
    allowedUserIds: refs.userIds,
    allowedUrls: refs.urls,
    linkRemoved: t(locale, "assistant.link_removed"),
  });
  const message = answerMessage(
    locale,
    text,
    result.tools.map((x) => toolLabel(locale, x)),
  );
  await save(
    input,
    {
      ...state,
      history: [...state.history, { role: "user", content: input.text }, { role: "assistant", content: result.text }],
    },
    "qa",
  );
  return [{ message }];
}

async function noteReplies(
  input: FreeTextInput,
  state: ThreadState,
  outcome: Exclude<NoteOutcome, { kind: "question" }>,
): Promise<Reply[]> {
  const part = outcome.segments;
  // The segment proposal comes first: its Confirm is independent of the account's.
  const segments: Reply[] = !part
    ? []
    : part.proposals.length === 0
      ? [{ message: segmentNothingMessage(input.locale, part.skipped) }]
      : part.proposals.map((p) => ({
          message: segmentProposalMessage({
            locale: input.locale,
            proposalId: p.proposalId,
            preview: p.preview,
            sourceUrl: input.sourceUrl ?? null,
          }),
        }));
  if (outcome.kind === "segments") return segments;
  return [...segments, ...(await accountReplies(input, state, outcome))];
}

async function accountReplies(
  input: FreeTextInput,
  state: ThreadState,
  outcome: Exclude<NoteOutcome, { kind: "question" | "segments" }>,
): Promise<Reply[]> {
  const { locale } = input;
  switch (outcome.kind) {
    case "proposal": {
      await save(
        input,
        { ...state, accountId: outcome.preview.accountId, pending: null },
        state.interview ? "interview" : "note",
      );
      return [
        {
          message: proposalMessage({
            preview: outcome.preview,
            proposalId: outcome.proposal.id,
            locale,
            sourceUrl: input.sourceUrl ?? null,
          }),
          proposalId: outcome.proposal.id,
        },
      ];
    }
    case "nothing":
      await save(input, { ...state, accountId: outcome.preview.accountId }, "note");
      return [
        {
          message: nothingMessage(
            locale,
            outcome.preview.accountName,
            skippedText(locale, outcome.preview.resolved.skipped),
          ),
        },
      ];
    case "which_account":
      return [{ message: textMessage(t(locale, "assistant.which_account")) }];
    case "choices":
    case "not_found": {
      const id = await save(
        input,
        { ...state, pending: { query: outcome.query, changes: outcome.validated.changes } },
        "note",
      );
      if (!id) return [{ message: textMessage(t(locale, "assistant.which_account")) }];
      return [
        {
          message:
            outcome.kind === "choices"
              ? accountChoiceMessage(locale, outcome.query, outcome.matches, id)
              : accountNotFoundMessage(locale, outcome.query, id),
        },
      ];
    }
  }
}

/** Posts the next interview question (or says that nothing valuable is missing) and records it in the thread.
 *  An account the person may not see (moved to another team) ends the interview without naming it. */
export async function askNext(
  input: Pick<FreeTextInput, "deps" | "actor" | "locale" | "thread">,
  scope: Scope,
  state: ThreadState,
  accountId: string,
  asked: readonly string[],
): Promise<Reply[]> {
  const running = state.interview !== null && !state.interview.done;
  const step = await nextQuestion(input.deps, scope, accountId, asked, input.locale);
  if (!step) {
    if (input.thread && running)
      await saveThread(input.deps, input.thread, input.actor.userId, "interview", {
        ...state,
        accountId: null,
        interview: null,
      });
    return running ? [{ message: textMessage(t(input.locale, "assistant.interview.stopped")) }] : [];
  }
  const { next } = step;
  const interview = {
    accountId,
    asked: next ? [...asked, next.field] : [...asked],
    current: next?.field ?? null,
    question: next?.question ?? null,
    done: next === null,
  };
  if (input.thread)
    await saveThread(input.deps, input.thread, input.actor.userId, "interview", { ...state, accountId, interview });
  const name = safeText(step.accountName);
  if (!next) {
    // Only a running interview says goodbye; after a one-off proposal silence is better than a "thanks".
    return running ? [{ message: textMessage(t(input.locale, "assistant.interview.complete", { name })) }] : [];
  }
  return [{ message: textMessage(t(input.locale, "assistant.interview.ask", { name, question: next.question })) }];
}
