// Submissions of the account forms (facts, contact, opportunity, note). Field errors go back in the ack
// (`response_action: "errors"`), so the modal stays open and says what is wrong; valid input is acked at once,
// then written (audited, re-scored) and confirmed.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { errorMessage } from "../../../commands/reply.js";
import { submitForm, validateForm, type FormKind } from "../../../features/accounts/forms.js";
import { parseModalMetadata } from "../../../features/accounts/ui/submissions.js";
import { t } from "../../../i18n/index.js";
import type { SlackMessage, ViewStateValues } from "../../../ui/types.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { userLocale } from "../../user-locale.js";

// Before the ack (3 s), the language for field errors may wait only briefly for users.info.
const PRE_ACK_LOOKUP_MS = 500;

export type SubmitArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

/** Ephemeral in the channel the modal came from, else a DM from the app. */
export async function notify(
  client: WebClient,
  userId: string,
  channelId: string | undefined,
  message: SlackMessage,
): Promise<void> {
  if (channelId) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user: userId, text: message.text, blocks: message.blocks });
      return;
    } catch {
      /* not in that channel any more: fall back to a DM */
    }
  }
  await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
}

const firstBlockId = (blocks: readonly { block_id?: string }[]) => blocks.find((b) => b.block_id)?.block_id ?? "note";

export function accountFormSubmission(rt: SlackRuntime, kind: FormKind) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const workspaceId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const locale = await userLocale(rt, client, workspaceId, userId, PRE_ACK_LOOKUP_MS);
    const meta = parseModalMetadata(view.private_metadata);
    if (!meta) {
      await ack({ response_action: "errors", errors: { [firstBlockId(view.blocks)]: t(locale, "error.metadata") } });
      return;
    }
    const values = view.state.values as ViewStateValues;
    const checked = validateForm(kind, values, locale);
    if (!checked.ok) {
      await ack({ response_action: "errors", errors: checked.errors });
      return;
    }
    await ack();
    await afterAck(
      rt,
      view.callback_id,
      async () => {
        const env = await commandEnv(rt, client, {
          workspaceId,
          userId,
          ...(meta.channelId ? { channelId: meta.channelId } : {}),
          source: "modal",
        });
        let message: SlackMessage;
        try {
          message = await submitForm(env, meta, checked.form);
        } catch (e) {
          message = errorMessage(e, locale);
        }
        await notify(client, userId, meta.channelId, message);
      },
      (m) => notify(client, userId, meta.channelId, m),
      () => locale,
    );
  };
}
