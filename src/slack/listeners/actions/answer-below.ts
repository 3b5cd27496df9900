// Buttons answered to the presser only, through a service function given the presser's own identity and access:
// - below the message, leaving it as it is: Undo on a `/kvalue history` entry, and "Card" on an account line of the
//   weekly digest (a channel message everyone reads) or an account picked in the card menu of its bridge and risk
//   parts (a static select: the value is the option's);
// - in place of the message: a switch of the alert settings (switched for the presser, never for whoever the
//   message was first shown to), which then shows the settings as they are now.
// Ack first; the service re-checks access and, for an undo, who may and whether the values are still the ones the
// change wrote, as a message can be forwarded or pressed late.
import { cleanInput } from "../../../commands/parse.js";
import type { CommandEnv } from "../../../commands/registry.js";
import type { Locale } from "../../../i18n/index.js";
import type { SlackMessage } from "../../../ui/types.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from "@slack/bolt";
import { pressedBy } from "./button.js";

export type ButtonOrSelectArgs = AllMiddlewareArgs &
  SlackActionMiddlewareArgs<BlockAction<ButtonAction | StaticSelectAction>>;

const pickedValue = (action: ButtonAction | StaticSelectAction): string =>
  (action.type === "static_select" ? action.selected_option?.value : action.value) ?? "";

type Answer = (env: CommandEnv, value: string) => Promise<SlackMessage>;

export const answerBelow = (rt: SlackRuntime, run: Answer) => answerPress(rt, run, false);
export const answerInPlace = (rt: SlackRuntime, run: Answer) => answerPress(rt, run, true);

function answerPress(rt: SlackRuntime, run: Answer, replaceOriginal: boolean) {
  return async ({ ack, body, action, client, respond }: ButtonOrSelectArgs): Promise<void> => {
    await ack();
    let locale: Locale = rt.defaultLocale;
    const answer = (m: SlackMessage) =>
      respond({ response_type: "ephemeral", replace_original: replaceOriginal, text: m.text, blocks: m.blocks });
    await afterAck(
      rt,
      action.action_id,
      async () => {
        const env = await commandEnv(rt, client, { ...pressedBy(body), source: "slash" });
        locale = env.locale;
        await answer(await run(env, cleanInput(pickedValue(action))));
      },
      answer,
      () => locale,
    );
  };
}
