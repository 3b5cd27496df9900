// Buttons on kvalue messages. Ack first; modals open with the trigger_id (valid 3 s), so they open before any
// slower work. Every button re-checks access: a message can be forwarded or seen by someone else.
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { accountCard, createAndShow, errorMessage } from "../../commands/run.js";
import { cleanInput } from "../../commands/parse.js";
import { formFor, type FormKind } from "../../features/accounts/forms.js";
import type { Locale } from "../../i18n/index.js";
import { ACTION_IDS } from "../../ui/ids.js";
import { type SlackMessage } from "../../ui/types.js";
import { afterAck, commandEnv, type SlackRuntime } from "../runtime.js";

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

function ids(body: BlockAction) {
  const workspaceId = body.team?.id ?? body.user.team_id ?? "";
  const channelId = body.channel?.id ?? body.container?.channel_id;
  return { workspaceId, userId: body.user.id, ...(typeof channelId === "string" ? { channelId } : {}) };
}

/** Picks an account from the choices list, or creates the one offered: the answer replaces the prompt. */
export function pickOrCreate(rt: SlackRuntime, create: boolean) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    let locale: Locale = rt.defaultLocale;
    await afterAck(rt, action.action_id, async () => {
      const env = await commandEnv(rt, client, { ...ids(body), source: "slash" });
      locale = env.locale;
      const value = cleanInput(action.value ?? "");
      const message = create ? await createAndShow(env, value) : await accountCard(env, value);
      await respond({ replace_original: true, text: message.text, blocks: message.blocks });
    }, (m) => respond({ response_type: "ephemeral", replace_original: false, text: m.text, blocks: m.blocks }), () => locale);
  };
}

export function openModal(rt: SlackRuntime, kind: FormKind) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const who = ids(body);
    let locale: Locale = rt.defaultLocale;
    const tell = (m: SlackMessage) => respond({ response_type: "ephemeral", replace_original: false, text: m.text, blocks: m.blocks });
    await afterAck(rt, action.action_id, async () => {
      const env = await commandEnv(rt, client, { ...who, source: "modal" });
      locale = env.locale;
      let modal;
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
    }, tell, () => locale);
  };
}

export function register(app: App, rt: SlackRuntime): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.pickAccount, pickOrCreate(rt, false));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.createAccount, pickOrCreate(rt, true));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.updateFacts, openModal(rt, "facts"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.addContact, openModal(rt, "contact"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.addOpportunity, openModal(rt, "opportunity"));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.logNote, openModal(rt, "note"));
}
