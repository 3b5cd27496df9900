// The deal menu on pipeline lines (overflow: advance, won, lost…, change close date…) and the pick among several
// matching deals. One-click items answer in place; lost… and change close date… open their form with the trigger_id
// (valid 3 s) before anything slow. Every item re-checks access: a message can be seen by someone else.
import type { AllMiddlewareArgs, BlockAction, OverflowAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { cleanInput } from "../../../commands/parse.js";
import { errorMessage } from "../../../commands/reply.js";
import { dealForForm, dealMenuAction, pickDeal } from "../../../features/deals/commands.js";
import { dealCloseDateModal, dealLostModal } from "../../../features/deals/ui/deal.js";
import { parseDealMenuValue } from "../../../features/deals/ui/menu.js";
import { t, type Locale } from "../../../i18n/index.js";
import { textMessage } from "../../../ui/text.js";
import type { SlackMessage } from "../../../ui/types.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { pressedBy, type ButtonArgs } from "./button.js";

type OverflowArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<OverflowAction>>;

export function dealMenu(rt: SlackRuntime) {
  return async ({ ack, body, action, client, respond }: OverflowArgs): Promise<void> => {
    await ack();
    const who = pressedBy(body);
    let locale: Locale = rt.defaultLocale;
    const tell = (m: SlackMessage) =>
      respond({ response_type: "ephemeral", replace_original: false, text: m.text, blocks: m.blocks });
    await afterAck(
      rt,
      action.action_id,
      async () => {
        const env = await commandEnv(rt, client, { ...who, source: "slash" });
        locale = env.locale;
        const chosen = parseDealMenuValue(cleanInput(action.selected_option?.value ?? ""));
        if (!chosen) {
          await tell(textMessage(t(locale, "reply.no_access")));
          return;
        }
        if (chosen.action === "advance" || chosen.action === "won") {
          await tell(await dealMenuAction(env, chosen.action, chosen.dealId));
          return;
        }
        let deal: Awaited<ReturnType<typeof dealForForm>>;
        try {
          deal = await dealForForm(env, chosen.dealId);
        } catch (e) {
          await tell(errorMessage(e, locale));
          return;
        }
        const meta = { dealId: deal.id, ...(who.channelId ? { channelId: who.channelId } : {}) };
        const view =
          chosen.action === "lost" ? dealLostModal(locale, deal, meta) : dealCloseDateModal(locale, deal, meta);
        await client.views.open({ trigger_id: body.trigger_id, view });
      },
      tell,
      () => locale,
    );
  };
}

export function pickDealButton(rt: SlackRuntime) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    let locale: Locale = rt.defaultLocale;
    await afterAck(
      rt,
      action.action_id,
      async () => {
        const env = await commandEnv(rt, client, { ...pressedBy(body), source: "slash" });
        locale = env.locale;
        const message = await pickDeal(env, cleanInput(action.value ?? ""));
        await respond({ replace_original: true, text: message.text, blocks: message.blocks });
      },
      (m) => respond({ response_type: "ephemeral", replace_original: false, text: m.text, blocks: m.blocks }),
      () => locale,
    );
  };
}
