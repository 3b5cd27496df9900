// The assistant's other replies: switched off, failures, "which account?", results of Confirm/Discard, the
// interview question and Q&A answers. Pure builders; the answer text arrives already checked and escaped.
import type { KnownBlock } from "@slack/types";
import { textMessage } from "../../../ui/text.js";
import { formatScore, quadrantLabel, t, type Locale } from "../../../i18n/index.js";
import type { AccountMatch } from "../../accounts/service.js";
import type { ConfirmResult, ProposalStatus } from "../proposals.js";
import { button, context, fallback, section } from "../../../ui/blocks.js";
import { SLACK_LIMITS, fitMessage, truncateMrkdwn } from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";
import type { FailureKind } from "../llm/retry.js";
import { AI_ACTION_IDS } from "./ids.js";
import { changeCount } from "./proposal.js";
import { shown } from "./values.js";

export const offMessage = (locale: Locale): SlackMessage => textMessage(t(locale, "assistant.off"));

export function failureMessage(locale: Locale, kind: FailureKind, timeoutMs: number): SlackMessage {
  switch (kind) {
    case "timeout":
      return textMessage(t(locale, "assistant.fail.timeout", { s: Math.round(timeoutMs / 1000) }));
    case "rate_limited":
      return textMessage(t(locale, "assistant.fail.rate_limited"));
    case "unavailable":
      return textMessage(t(locale, "assistant.fail.unavailable"));
    case "rejected":
      return textMessage(t(locale, "assistant.fail.rejected"));
    case "auth":
      return textMessage(t(locale, "assistant.fail.auth"));
    case "not_configured":
      return offMessage(locale);
    case "unknown_tool":
      return textMessage(t(locale, "assistant.fail.unknown_tool"));
    case "empty_answer":
      return textMessage(t(locale, "assistant.fail.empty"));
    case "malformed_response":
      return textMessage(t(locale, "assistant.fail.malformed_response"));
    case "malformed_json":
    case "schema_invalid":
      return textMessage(t(locale, "assistant.fail.bad_output"));
  }
}

export function accountChoiceMessage(
  locale: Locale,
  query: string,
  matches: readonly AccountMatch[],
  conversationId: string,
): SlackMessage {
  const blocks: KnownBlock[] = [section(t(locale, "assistant.choices", { query: shown(query, 60) }))];
  for (const m of matches.slice(0, 10)) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*${shown(m.name, 120)}*` },
      accessory: button(t(locale, "choices.button"), AI_ACTION_IDS.pick, `${conversationId}|${m.id}`),
    });
  }
  return fitMessage(
    { text: fallback(t(locale, "assistant.choices", { query: shown(query, 60) })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

export function accountNotFoundMessage(locale: Locale, query: string, conversationId: string): SlackMessage {
  const text = t(locale, "assistant.not_found", { query: shown(query, 60) });
  return {
    text: fallback(text),
    blocks: [
      section(text),
      {
        type: "actions",
        block_id: "kv_ai_create",
        elements: [button(t(locale, "assistant.button.create"), AI_ACTION_IDS.create, conversationId, "primary")],
      },
    ],
  };
}

export const nothingMessage = (locale: Locale, accountName: string, skipped: string): SlackMessage => {
  const text = t(locale, "assistant.nothing", { name: shown(accountName, 120) });
  return skipped ? { text: fallback(text), blocks: [section(text), context(skipped)] } : textMessage(text);
};

export function confirmedMessage(locale: Locale, r: Extract<ConfirmResult, { kind: "written" }>): SlackMessage {
  return textMessage(
    t(locale, "assistant.confirmed", {
      name: shown(r.accountName, 120),
      n: changeCount(r.resolved),
      vBefore: formatScore(r.before.scores.V),
      vAfter: formatScore(r.after.scores.V),
      qBefore: quadrantLabel(locale, r.before.quadrant, r.before.provisional),
      qAfter: quadrantLabel(locale, r.after.quadrant, r.after.provisional),
    }),
  );
}

export function decidedMessage(locale: Locale, status: ProposalStatus): SlackMessage {
  return textMessage(t(locale, `assistant.decided.${status}`));
}

/** A checked, escaped answer and the tools its figures came from. */
export function answerMessage(locale: Locale, answer: string, tools: readonly string[]): SlackMessage {
  const full = answer.trim() || " ";
  const body = truncateMrkdwn(full, SLACK_LIMITS.sectionText);
  const blocks: KnownBlock[] = [section(body)];
  // A cut answer says so: otherwise its "…" reads as the model trailing off, not as text left out.
  if (body !== full) blocks.push(context(t(locale, "assistant.qa.cut")));
  if (tools.length > 0)
    blocks.push(context(t(locale, "assistant.qa.sources", { tools: tools.join(t(locale, "common.list_separator")) })));
  return { text: fallback(body.slice(0, 300)), blocks };
}
