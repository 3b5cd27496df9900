// Submission of a segment look's modal: bad values go back in the ack (`response_action: "errors"`, each field named
// in the user's language) and nothing is written; a valid one is acked at once, then saved (audited, the accounts it
// feeds re-scored) and the segment shown to the user.
import { submitSegmentForm, validateSegmentForm } from "../../../features/segments/commands.js";
import { parseSegmentModalMeta } from "../../../features/segments/ui/modals.js";
import { t } from "../../../i18n/index.js";
import type { SlackMessage, ViewStateValues } from "../../../ui/types.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { userLocale } from "../../user-locale.js";
import { notify, type SubmitArgs } from "./account-form.js";

const PRE_ACK_LOOKUP_MS = 500;

export function segmentFormSubmission(rt: SlackRuntime) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const workspaceId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const locale = await userLocale(rt, client, workspaceId, userId, PRE_ACK_LOOKUP_MS);
    const meta = parseSegmentModalMeta(view.private_metadata);
    if (!meta) {
      const first = view.blocks.find((b) => b.block_id)?.block_id ?? "segment";
      await ack({ response_action: "errors", errors: { [first]: t(locale, "error.metadata") } });
      return;
    }
    const checked = validateSegmentForm(meta.look, view.state.values as ViewStateValues, locale);
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
        const message: SlackMessage = await submitSegmentForm(env, meta, checked.fields);
        await notify(client, userId, meta.channelId, message);
      },
      (m) => notify(client, userId, meta.channelId, m),
      () => locale,
    );
  };
}
