// A switch of the alert settings message: ack first, switch the kind for the presser (never for whoever the message
// was first shown to), then replace the message with the settings as they are now.
import { cleanInput } from "../../../commands/parse.js";
import { alertToggle } from "../../../features/alerts/commands.js";
import type { Locale } from "../../../i18n/index.js";
import type { SlackMessage } from "../../../ui/types.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { pressedBy, type ButtonArgs } from "./button.js";

export function alertToggleButton(rt: SlackRuntime) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    let locale: Locale = rt.defaultLocale;
    const replace = (m: SlackMessage) =>
      respond({ response_type: "ephemeral", replace_original: true, text: m.text, blocks: m.blocks });
    await afterAck(
      rt,
      action.action_id,
      async () => {
        const env = await commandEnv(rt, client, { ...pressedBy(body), source: "slash" });
        locale = env.locale;
        await replace(await alertToggle(env, cleanInput(action.value ?? "")));
      },
      replace,
      () => locale,
    );
  };
}
