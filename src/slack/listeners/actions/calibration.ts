// The Adopt / Keep buttons of a calibration report and the Revert buttons of the versions screen (Adopt and Revert
// carry Slack's confirm dialog). Ack first; the service re-checks that the presser is a manager, as a message can
// be forwarded or seen by someone else. The report stays; the answer comes below it (a second Adopt finds the
// version changed and says so).
import { cleanInput } from "../../../commands/parse.js";
import { decideCalibration, revertModel } from "../../../features/calibration/commands.js";
import type { Locale } from "../../../i18n/index.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { pressedBy, type ButtonArgs } from "./button.js";

export function calibrationDecision(rt: SlackRuntime, decision: "adopt" | "keep" | "revert") {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    let locale: Locale = rt.defaultLocale;
    await afterAck(
      rt,
      action.action_id,
      async () => {
        const env = await commandEnv(rt, client, { ...pressedBy(body), source: "slash" });
        locale = env.locale;
        const value = cleanInput(action.value ?? "");
        const message =
          decision === "revert" ? await revertModel(env, value) : await decideCalibration(env, decision, value);
        await respond({
          response_type: "ephemeral",
          replace_original: false,
          text: message.text,
          blocks: message.blocks,
        });
      },
      (m) => respond({ response_type: "ephemeral", replace_original: false, text: m.text, blocks: m.blocks }),
      () => locale,
    );
  };
}
