// Submissions of the deal forms: lost (a reason from the list) and change close date (a date picker). A missing
// choice goes back in the ack, so the form stays open and says so; valid input is acked, written and confirmed.
import { DEAL_FORM_BLOCK, readDealForm, submitDealForm, type DealFormKind } from "../../../features/deals/commands.js";
import { parseDealFormMeta } from "../../../features/deals/ui/deal.js";
import { t } from "../../../i18n/index.js";
import type { ViewStateValues } from "../../../ui/types.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { userLocale } from "../../user-locale.js";
import { notify, type SubmitArgs } from "./account-form.js";

// Before the ack (3 s), the language for the error may wait only briefly for users.info.
const PRE_ACK_LOOKUP_MS = 500;

export function dealFormSubmission(rt: SlackRuntime, kind: DealFormKind) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const workspaceId = body.team?.id ?? body.user.team_id ?? "";
    const userId = body.user.id;
    const locale = await userLocale(rt, client, workspaceId, userId, PRE_ACK_LOOKUP_MS);
    const blockId = DEAL_FORM_BLOCK[kind];
    const meta = parseDealFormMeta(view.private_metadata);
    if (!meta) {
      await ack({ response_action: "errors", errors: { [blockId]: t(locale, "error.metadata") } });
      return;
    }
    const patch = readDealForm(kind, view.state.values as ViewStateValues);
    if (!patch) {
      await ack({ response_action: "errors", errors: { [blockId]: t(locale, "deal.form.required") } });
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
        await notify(client, userId, meta.channelId, await submitDealForm(env, meta.dealId, patch));
      },
      (m) => notify(client, userId, meta.channelId, m),
      () => locale,
    );
  };
}
