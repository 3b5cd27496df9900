// The card's buttons that open a form (facts, contact, opportunity, note) as a modal. The trigger_id is valid
// 3 s, so the modal opens before any slower work; an account out of the presser's scope opens nothing.
import type { View } from "@slack/types";
import { cleanInput } from "../../../commands/parse.js";
import { errorMessage } from "../../../commands/reply.js";
import { formFor, type FormKind } from "../../../features/accounts/forms.js";
import type { Locale } from "../../../i18n/index.js";
import type { SlackMessage } from "../../../ui/types.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { pressedBy, type ButtonArgs } from "./button.js";

export function openForm(rt: SlackRuntime, kind: FormKind) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const who = pressedBy(body);
    let locale: Locale = rt.defaultLocale;
    const tell = (m: SlackMessage) =>
      respond({ response_type: "ephemeral", replace_original: false, text: m.text, blocks: m.blocks });
    await afterAck(
      rt,
      action.action_id,
      async () => {
        const env = await commandEnv(rt, client, { ...who, source: "modal" });
        locale = env.locale;
        let modal: View;
        try {
          modal = await formFor(env, kind, cleanInput(action.value ?? ""));
        } catch (e) {
          await tell(errorMessage(e, env.locale)); // not in scope (or gone): said as "not found", nothing opened
          return;
        }
        // The channel rides along so the confirmation is posted where the button was pressed.
        const meta = JSON.parse(modal.private_metadata ?? "{}") as Record<string, unknown>;
        modal.private_metadata = JSON.stringify({ ...meta, ...(who.channelId ? { channelId: who.channelId } : {}) });
        await client.views.open({ trigger_id: body.trigger_id, view: modal });
      },
      tell,
      () => locale,
    );
  };
}
