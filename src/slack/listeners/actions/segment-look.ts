// A segment's look buttons (one per look, one for 三定): open that look's form as a modal. The trigger_id is valid
// 3 s; a team outside the presser's scope opens nothing and says so.
import { cleanInput } from "../../../commands/parse.js";
import { segmentErrorMessage, segmentForm } from "../../../features/segments/commands.js";
import type { Locale } from "../../../i18n/index.js";
import { SEGMENT_LOOK_ACTION_PREFIX } from "../../../ui/ids.js";
import type { SlackMessage } from "../../../ui/types.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { pressedBy, type ButtonArgs } from "./button.js";

export function openSegmentLook(rt: SlackRuntime) {
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
        const look = action.action_id.slice(SEGMENT_LOOK_ACTION_PREFIX.length);
        try {
          const view = await segmentForm(env, look, cleanInput(action.value ?? ""));
          await client.views.open({ trigger_id: body.trigger_id, view });
        } catch (e) {
          await tell(segmentErrorMessage(e, env.locale));
        }
      },
      tell,
      () => locale,
    );
  };
}
