// The buttons of a lookup with several matches (pick one) or none (create it): the card replaces the prompt.
// Ack first; every button re-checks access, as a message can be forwarded or seen by someone else.
import { cleanInput } from "../../../commands/parse.js";
import type { CommandEnv } from "../../../commands/registry.js";
import { createAndShow, pickAndSet, showAccount, showHistory } from "../../../features/accounts/commands.js";
import type { Locale } from "../../../i18n/index.js";
import type { SlackMessage } from "../../../ui/types.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { pressedBy, type ButtonArgs } from "./button.js";

function answerWith(rt: SlackRuntime, show: (env: CommandEnv, value: string) => Promise<SlackMessage>) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    let locale: Locale = rt.defaultLocale;
    await afterAck(
      rt,
      action.action_id,
      async () => {
        const env = await commandEnv(rt, client, { ...pressedBy(body), source: "slash" });
        locale = env.locale;
        const message = await show(env, cleanInput(action.value ?? ""));
        await respond({ replace_original: true, text: message.text, blocks: message.blocks });
      },
      (m) => respond({ response_type: "ephemeral", replace_original: false, text: m.text, blocks: m.blocks }),
      () => locale,
    );
  };
}

/** "This one": the card of the picked account (the button's value is its id). */
export const pickAccount = (rt: SlackRuntime) => answerWith(rt, showAccount);

/** "Create it": creates the account named in the button's value, then shows its card. */
export const createAccount = (rt: SlackRuntime) => answerWith(rt, createAndShow);

/** "Update this one" on the picker of an ambiguous `set`: applies the update the button carries. */
export const pickAccountSet = (rt: SlackRuntime) => answerWith(rt, pickAndSet);

/** "History of this one" on the picker of an ambiguous `history`. */
export const pickAccountHistory = (rt: SlackRuntime) => answerWith(rt, showHistory);
