// The edit modal submitted: field errors in the ack; otherwise the new proposal replaces the old message when it
// is a normal one, else it goes to a DM.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { submitEdit, type DecisionInput, type DecisionResult } from "../../../features/assistant/decisions.js";
import { setProposalMessage } from "../../../features/assistant/proposals.js";
import { parseEditMetadata } from "../../../features/assistant/ui/edit.js";
import { t } from "../../../i18n/index.js";
import type { ViewStateValues } from "../../../ui/types.js";
import type { SlackRuntime } from "../../runtime.js";
import { userLocale } from "../../user-locale.js";
import { failed, postReplies } from "../messages/respond-to-text.js";

export function editSubmission(rt: SlackRuntime) {
  return async ({
    ack,
    body,
    view,
    client,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const workspaceId = body.team?.id ?? body.user.team_id ?? "";
    const locale = await userLocale(rt, client, workspaceId, body.user.id);
    const meta = parseEditMetadata(view.private_metadata);
    if (!meta) {
      await ack({ response_action: "errors", errors: { facts: t(locale, "error.metadata") } });
      return;
    }
    const input: DecisionInput = {
      deps: rt.deps,
      locale,
      actor: { workspaceId, userId: body.user.id, source: "assistant", sourceRef: null },
      thread:
        meta.channelId && meta.threadTs ? { workspaceId, channelId: meta.channelId, threadTs: meta.threadTs } : null,
    };
    let result: Awaited<ReturnType<typeof submitEdit>>;
    try {
      result = await submitEdit(input, meta, view.state.values as ViewStateValues);
    } catch (e) {
      await ack();
      await notify(rt, client, body.user.id, meta, { replies: [{ message: failed(rt, e, locale) }] });
      return;
    }
    if ("errors" in result) {
      await ack({ response_action: "errors", errors: result.errors });
      return;
    }
    await ack();
    await notify(rt, client, body.user.id, meta, result);
  };
}

async function notify(
  rt: SlackRuntime,
  client: WebClient,
  userId: string,
  meta: ReturnType<typeof parseEditMetadata>,
  result: DecisionResult,
): Promise<void> {
  const [first] = result.replies;
  if (!first) return;
  if (meta?.channelId && meta.messageTs && !result.ephemeral) {
    await client.chat.update({
      channel: meta.channelId,
      ts: meta.messageTs,
      text: first.message.text,
      blocks: first.message.blocks,
    });
    if (first.proposalId) await setProposalMessage(rt.deps, first.proposalId, `${meta.channelId}:${meta.messageTs}`);
    return;
  }
  await postReplies(rt, client, userId, undefined, [first]);
}
