// The assistant's buttons in the local console (numbered choices): Confirm, Discard and the account pick act
// as in Slack; the console has no threads, so the interview's next question simply follows the result.
import type { CommandEnv } from "../commands/registry.js";
import { errorMessage } from "../commands/reply.js";
import { textMessage } from "../ui/text.js";
import { t } from "../i18n/index.js";
import { isServiceError } from "../features/errors.js";
import type { SlackMessage } from "../ui/types.js";
import { AI_ACTION_IDS } from "../features/assistant/ui/ids.js";
import { handleFreeText } from "../features/assistant/handle.js";
import { assistantFor } from "../features/assistant/setup.js";
import {
  confirmDecision,
  confirmSegmentDecision,
  discardDecision,
  discardSegmentDecision,
  resumeNote,
  type DecisionInput,
  type DecisionResult,
} from "../features/assistant/decisions.js";

export async function consoleAssistantAction(
  env: CommandEnv,
  actionId: string,
  value: string,
): Promise<SlackMessage[]> {
  const input: DecisionInput = { deps: env.deps, actor: env.actor, locale: env.locale, thread: null };
  let result: DecisionResult;
  try {
    switch (actionId) {
      case AI_ACTION_IDS.confirm:
        result = await confirmDecision(input, value);
        break;
      case AI_ACTION_IDS.discard:
        result = await discardDecision(input, value);
        break;
      case AI_ACTION_IDS.segmentConfirm:
        result = await confirmSegmentDecision(input, value);
        break;
      case AI_ACTION_IDS.segmentDiscard:
        result = await discardSegmentDecision(input, value);
        break;
      case AI_ACTION_IDS.pick: {
        const [conversationId = "", accountId = ""] = value.split("|");
        result = await resumeNote(input, conversationId, { accountId });
        break;
      }
      case AI_ACTION_IDS.create:
        result = await resumeNote(input, value, {
          create: true,
          ...(env.channelId ? { channelId: env.channelId } : {}),
        });
        break;
      default:
        return [textMessage(t(env.locale, "assistant.edit.console"))];
    }
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return [errorMessage(e, env.locale)];
  }
  return result.replies.map((r) => r.message);
}

/** A question typed at the prompt, answered as a direct message to the bot is (the console has no threads). */
export async function consoleQuestion(env: CommandEnv, text: string): Promise<SlackMessage[]> {
  const result = await handleFreeText({
    deps: env.deps,
    assistant: assistantFor(env.deps),
    actor: { ...env.actor, source: "assistant", sourceRef: "console" },
    locale: env.locale,
    text,
    thread: null,
    sourceRef: "console",
  });
  return result.replies.map((r) => r.message);
}
