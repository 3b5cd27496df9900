// Slack's assistant panel (Bolt's `Assistant`: suggested prompts, a status line while the model works, thread
// titles) and the buttons and modal of the assistant's messages: Confirm / Edit / Discard a proposal, pick or
// create the account a note was about. Every button is acked first and re-checks who presses it: only the
// person who sent the note can decide on its proposal.
import {
  Assistant, type AllMiddlewareArgs, type App, type BlockAction, type ButtonAction, type SlackActionMiddlewareArgs,
  type SlackViewMiddlewareArgs, type ViewSubmitAction,
} from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { AI_ACTION_IDS, AI_CALLBACK_IDS } from "../../features/assistant/ui/ids.js";
import { parseEditMetadata } from "../../features/assistant/ui/edit.js";
import { loadThread } from "../../features/assistant/conversation.js";
import {
  confirmDecision, discardDecision, editView, resumeNote, submitEdit, type DecisionInput, type DecisionResult,
} from "../../features/assistant/decisions.js";
import { t } from "../../i18n/index.js";
import { setProposalMessage } from "../../features/assistant/proposals.js";
import { ensureWorkspace } from "../../features/teams/service.js";
import type { ViewStateValues } from "../../ui/types.js";
import { userLocale, type SlackRuntime } from "../runtime.js";
import { failed, postReplies, respondToText } from "./messages.js";

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Where the pressed message lives: channel, its ts, its thread, and whether only the presser sees it. */
function placeOf(body: BlockAction) {
  const container = body.container as { channel_id?: string; message_ts?: string; thread_ts?: string; is_ephemeral?: boolean } | undefined;
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const channelId = body.channel?.id ?? container?.channel_id;
  const ts = message?.ts ?? container?.message_ts;
  const ephemeral = container?.is_ephemeral === true;
  return { channelId, ts, threadTs: message?.thread_ts ?? container?.thread_ts ?? ts, ephemeral };
}

async function decisionInput(rt: SlackRuntime, client: WebClient, body: BlockAction): Promise<DecisionInput & { place: ReturnType<typeof placeOf> }> {
  const workspaceId = body.team?.id ?? body.user.team_id ?? "";
  await ensureWorkspace(rt.deps, workspaceId);
  const locale = await userLocale(rt, client, workspaceId, body.user.id);
  const place = placeOf(body);
  const thread = place.channelId && place.threadTs && !place.ephemeral
    ? { workspaceId, channelId: place.channelId, threadTs: place.threadTs } : null;
  const actor = { workspaceId, userId: body.user.id, source: "assistant" as const, sourceRef: null };
  return { deps: rt.deps, actor, locale, thread, place };
}

/** The first reply replaces the pressed message (its buttons are spent); the rest follow in the thread. */
async function deliver(rt: SlackRuntime, client: WebClient, args: ButtonArgs, input: Awaited<ReturnType<typeof decisionInput>>, result: DecisionResult): Promise<void> {
  const { respond } = args;
  const [first, ...rest] = result.replies;
  if (!first) return;
  if (result.ephemeral) {
    await respond({ response_type: "ephemeral", replace_original: false, text: first.message.text, blocks: first.message.blocks });
    return;
  }
  await respond({ replace_original: true, text: first.message.text, blocks: first.message.blocks });
  if (first.proposalId && input.place.channelId && input.place.ts && !input.place.ephemeral) {
    await setProposalMessage(rt.deps, first.proposalId, `${input.place.channelId}:${input.place.ts}`);
  }
  if (rest.length === 0) return;
  if (input.thread) await postReplies(rt, client, input.thread.channelId, input.thread.threadTs, rest);
  else for (const r of rest) await respond({ response_type: "ephemeral", replace_original: false, text: r.message.text, blocks: r.message.blocks });
}

function button(rt: SlackRuntime, run: (input: DecisionInput & { place: ReturnType<typeof placeOf> }, value: string) => Promise<DecisionResult>) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const input = await decisionInput(rt, args.client, args.body);
    let result: DecisionResult;
    try {
      result = await run(input, args.action.value ?? "");
    } catch (e) {
      result = { replies: [{ message: failed(rt, e, input.locale) }], ephemeral: true };
    }
    await deliver(rt, args.client, args, input, result);
  };
}

export function editButton(rt: SlackRuntime) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const input = await decisionInput(rt, args.client, args.body);
    const { place } = input;
    const meta = {
      proposalId: args.action.value ?? "",
      ...(place.channelId && place.ts && !place.ephemeral ? { channelId: place.channelId, messageTs: place.ts, ...(place.threadTs ? { threadTs: place.threadTs } : {}) } : {}),
    };
    let opened: Awaited<ReturnType<typeof editView>>;
    try {
      opened = await editView(input, meta.proposalId, meta);
    } catch (e) {
      opened = { replies: [{ message: failed(rt, e, input.locale) }], ephemeral: true };
    }
    if ("view" in opened) {
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: opened.view });
      return;
    }
    await deliver(rt, args.client, args, input, opened);
  };
}

export function editSubmission(rt: SlackRuntime) {
  return async ({ ack, body, view, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const workspaceId = body.team?.id ?? body.user.team_id ?? "";
    const locale = await userLocale(rt, client, workspaceId, body.user.id);
    const meta = parseEditMetadata(view.private_metadata);
    if (!meta) {
      await ack({ response_action: "errors", errors: { facts: t(locale, "error.metadata") } });
      return;
    }
    const input: DecisionInput = {
      deps: rt.deps, locale, actor: { workspaceId, userId: body.user.id, source: "assistant", sourceRef: null },
      thread: meta.channelId && meta.threadTs ? { workspaceId, channelId: meta.channelId, threadTs: meta.threadTs } : null,
    };
    let result: Awaited<ReturnType<typeof submitEdit>>;
    try {
      result = await submitEdit(input, meta, view.state.values as ViewStateValues);
    } catch (e) {
      await ack();
      await notify(rt, client, body.user.id, meta, { replies: [{ message: failed(rt, e, locale) }] });
      return;
    }
    if ("errors" in result) {
      await ack({ response_action: "errors", errors: result.errors });
      return;
    }
    await ack();
    await notify(rt, client, body.user.id, meta, result);
  };
}

/** After an edit: the new proposal replaces the old message when it is a normal one, else it goes to a DM. */
async function notify(rt: SlackRuntime, client: WebClient, userId: string, meta: ReturnType<typeof parseEditMetadata>, result: DecisionResult): Promise<void> {
  const [first] = result.replies;
  if (!first) return;
  if (meta?.channelId && meta.messageTs && !result.ephemeral) {
    await client.chat.update({ channel: meta.channelId, ts: meta.messageTs, text: first.message.text, blocks: first.message.blocks });
    if (first.proposalId) await setProposalMessage(rt.deps, first.proposalId, `${meta.channelId}:${meta.messageTs}`);
    return;
  }
  await postReplies(rt, client, userId, undefined, [first]);
}

/** The assistant panel. Its thread context lives in our Conversation rows, so no conversations.replies is needed. */
export function assistantPanel(rt: SlackRuntime): Assistant {
  return new Assistant({
    threadContextStore: { get: async () => ({}), save: async () => undefined },
    threadStarted: async ({ event, body, client, setSuggestedPrompts }) => {
      const thread = event.assistant_thread;
      const workspaceId = body.team_id;
      await ensureWorkspace(rt.deps, workspaceId);
      const locale = await userLocale(rt, client, workspaceId, thread.user_id);
      await client.chat.postMessage({ channel: thread.channel_id, thread_ts: thread.thread_ts, text: t(locale, "assistant.greeting") });
      await setSuggestedPrompts({
        title: t(locale, "assistant.suggest.title"),
        prompts: (["priorities", "why", "funnel", "note"] as const).map((k) => ({
          title: t(locale, `assistant.suggest.${k}.title`), message: t(locale, `assistant.suggest.${k}.message`),
        })),
      });
    },
    userMessage: async ({ message, body, client, setStatus, setTitle }) => {
      const m = message as { user?: string; text?: string; ts: string; thread_ts?: string; channel: string; subtype?: string; bot_id?: string };
      if (m.subtype !== undefined || m.bot_id || !m.user || !m.text?.trim()) return;
      const workspaceId = (body as { team_id: string }).team_id;
      const threadTs = m.thread_ts ?? m.ts;
      // A new thread gets its first question as its title.
      if (!(await loadThread(rt.deps, { workspaceId, channelId: m.channel, threadTs }))) {
        await setTitle(m.text.replace(/\s+/g, " ").slice(0, 60)).catch(() => undefined);
      }
      await respondToText(rt, client, { workspaceId, userId: m.user, channelId: m.channel, ts: m.ts, threadTs, text: m.text, setStatus });
    },
  });
}

export function register(app: App, rt: SlackRuntime): void {
  app.assistant(assistantPanel(rt));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.confirm, button(rt, (input, id) => confirmDecision(input, id)));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.discard, button(rt, (input, id) => discardDecision(input, id)));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.edit, editButton(rt));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.pick, button(rt, (input, value) => {
    const [conversationId = "", accountId = ""] = value.split("|");
    return resumeNote(input, conversationId, { accountId });
  }));
  app.action<BlockAction<ButtonAction>>(AI_ACTION_IDS.create, button(rt, (input, value) =>
    resumeNote(input, value, { create: true, ...(input.place.channelId && !input.place.channelId.startsWith("D") ? { channelId: input.place.channelId } : {}) })));
  app.view(AI_CALLBACK_IDS.edit, editSubmission(rt));
}
