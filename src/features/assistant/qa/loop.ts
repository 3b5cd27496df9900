// Manager Q&A: a bounded tool-calling loop over the services, then the figure check. At most 4 tool rounds per
// question (a fifth model call must answer in text), at most 4 calls per round, tool results cut to a fixed
// size, a short history: the tokens a question can cost are bounded. An answer with a figure no tool returned
// is corrected once (sharing the question's single retry) or replaced by the tool facts themselves.
import { t } from "../../../i18n/index.js";
import { today } from "../../deps.js";
import type { ChatMessage, LlmPort, ToolCall } from "../llm/port.js";
import { AssistantFailure, callModel, type CallBudget } from "../llm/retry.js";
import { namesIn, unsupportedFigures } from "./numbers.js";
import { plainToolFacts } from "./plain.js";
import { figureCorrectionPrompt, qaSystemPrompt } from "./prompt.js";
import { QA_TOOL_DEFS, isToolError, runTool, type ToolContext } from "./tools.js";

export const MAX_TOOL_ROUNDS = 4;
export const MAX_CALLS_PER_ROUND = 4;
/** Characters of one tool result the model sees (about 1,500 tokens of JSON). */
export const MAX_TOOL_RESULT_CHARS = 6_000;
const MAX_ANSWER_TOKENS = 700;

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

export interface QaResult {
  /** The text to send (not yet escaped for Slack). */
  text: string;
  /** "model": checked model answer; "corrected": after one correction; "plain": the tool facts themselves. */
  source: "model" | "corrected" | "plain";
  tools: string[];
  toolRounds: number;
  /** The serialised tool results and the question: what the answer may quote (mentions, links, numbers). */
  received: string[];
  /** Figures that were caught (for logs and tests). */
  caught: string[];
}

function answerOf(content: string | null, calls: ToolCall[]): string | null {
  if (calls.length > 0) return null;
  const text = content?.trim() ?? "";
  return text === "" ? null : text;
}

export async function answerQuestion(
  llm: LlmPort,
  ctx: ToolContext,
  question: string,
  history: readonly ChatTurn[],
  budget: CallBudget,
): Promise<QaResult> {
  const messages: ChatMessage[] = [
    {
      role: "system",
      content: qaSystemPrompt({
        today: today(ctx.deps),
        language: ctx.locale,
        teams: ctx.scope.teams.map((t) => t.name),
      }),
    },
    ...history.map((h) => ({ role: h.role, content: h.content.slice(0, 600) }) as ChatMessage),
    { role: "user", content: question },
  ];
  const results: { name: string; result: unknown; text: string }[] = [];
  let rounds = 0;
  let unknownTools = 0;
  let text: string | null = null;

  for (;;) {
    const last = rounds >= MAX_TOOL_ROUNDS;
    const response = await callModel(
      llm,
      {
        purpose: "qa",
        messages,
        tools: QA_TOOL_DEFS,
        toolChoice: last ? "none" : "auto",
        maxTokens: MAX_ANSWER_TOKENS,
      },
      budget,
    );
    text = answerOf(response.content, response.toolCalls);
    if (text !== null || last || response.toolCalls.length === 0) break;
    rounds++;
    const calls = response.toolCalls;
    messages.push({ role: "assistant", content: response.content, toolCalls: calls });
    for (const [i, call] of calls.entries()) {
      const outcome =
        i < MAX_CALLS_PER_ROUND
          ? await runTool(ctx, call.name, call.arguments)
          : {
              ok: false as const,
              name: call.name,
              unknownTool: false,
              result: { error: "too_many_calls_in_one_round" },
            };
      if (!outcome.ok && outcome.unknownTool && ++unknownTools > 1) {
        throw new AssistantFailure("unknown_tool", `model called unknown tools twice (${call.name})`);
      }
      const content = JSON.stringify(outcome.result).slice(0, MAX_TOOL_RESULT_CHARS);
      if (outcome.ok) results.push({ name: call.name, result: outcome.result, text: content });
      messages.push({ role: "tool", toolCallId: call.id, content });
    }
  }

  const received = [question, ...results.map((r) => r.text)];
  // The "figures from" line names tools that gave figures: a lookup that found nothing gave none.
  const tools = [...new Set(results.filter((r) => !isToolError(r.result)).map((r) => r.name))];
  const names = namesIn(results.map((r) => r.result));
  const plain = (caught: string[]): QaResult => ({
    text: results.length > 0 ? plainToolFacts(ctx.locale, results) : t(ctx.locale, "assistant.qa.no_facts"),
    source: "plain",
    tools,
    toolRounds: rounds,
    received,
    caught,
  });

  if (text === null) {
    if (results.length > 0) return plain([]);
    throw new AssistantFailure("empty_answer", "the model gave no answer");
  }
  const caught = unsupportedFigures(text, received, names);
  if (caught.length === 0) return { text, source: "model", tools, toolRounds: rounds, received, caught };
  if (!budget.retry()) return plain(caught);

  messages.push({ role: "assistant", content: text }, { role: "user", content: figureCorrectionPrompt(caught) });
  const retry = await callModel(
    llm,
    { purpose: "qa", messages, tools: QA_TOOL_DEFS, toolChoice: "none", maxTokens: MAX_ANSWER_TOKENS },
    budget,
  );
  const second = answerOf(retry.content, retry.toolCalls);
  if (second !== null && unsupportedFigures(second, received, names).length === 0) {
    return { text: second, source: "corrected", tools, toolRounds: rounds, received, caught };
  }
  return plain(caught);
}
