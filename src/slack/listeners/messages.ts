// Free text to the bot: a DM, an @mention in a channel, or a reply in a thread the assistant is running. Events
// are acked by Bolt before this runs, so the model call never holds up Slack's 3-second deadline. The workspace
// and user come from the signed event; the text only ever becomes a note or a question of that user.
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { handleFreeText, type Reply } from "../../features/assistant/handle.js";
import { loadThread, type ThreadKey } from "../../features/assistant/conversation.js";
import { assistantFor } from "../../features/assistant/setup.js";
import { errorMessage } from "../../commands/run.js";
import { textMessage } from "../../features/accounts/views.js";
import { t, type Locale } from "../../i18n/index.js";
import { isServiceError } from "../../features/errors.js";
import { setProposalMessage } from "../../features/assistant/proposals.js";
import { ensureWorkspace } from "../../features/teams/service.js";
import { refreshMembership, userLocale, type SlackRuntime } from "../runtime.js";

export interface IncomingText {
  workspaceId: string;
  userId: string;
  channelId: string;
  /** The person's message. */
  ts: string;
  /** The thread it belongs to (its own ts for a top-level message: the reply opens a thread there). */
  threadTs: string;
  text: string;
  setStatus?: (status: string) => Promise<unknown>;
}

/** Posts replies in the thread; a reply showing a proposal records where it is, for the interview after Confirm. */
export async function postReplies(rt: SlackRuntime, client: WebClient, channel: string, threadTs: string | undefined, replies: readonly Reply[]): Promise<void> {
  for (const r of replies) {
    const posted = await client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: r.message.text, blocks: r.message.blocks });
    if (r.proposalId && posted.ts) await setProposalMessage(rt.deps, r.proposalId, `${channel}:${posted.ts}`);
  }
}

async function permalink(client: WebClient, channel: string, ts: string): Promise<string | null> {
  try {
    return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink ?? null;
  } catch {
    return null; // the audit row then points at channel and ts instead
  }
}

/** One message of a person → the assistant's replies in its thread. Failures are answered, never thrown at Bolt. */
export async function respondToText(rt: SlackRuntime, client: WebClient, m: IncomingText): Promise<void> {
  await ensureWorkspace(rt.deps, m.workspaceId);
  const [locale] = await Promise.all([
    userLocale(rt, client, m.workspaceId, m.userId),
    refreshMembership(rt, client, m.workspaceId, m.channelId),
  ]);
  const url = await permalink(client, m.channelId, m.ts);
  const thread: ThreadKey = { workspaceId: m.workspaceId, channelId: m.channelId, threadTs: m.threadTs };
  let replies: Reply[];
  try {
    const result = await handleFreeText({
      deps: rt.deps, assistant: assistantFor(rt.deps, rt.log), locale, text: m.text, thread,
      actor: { workspaceId: m.workspaceId, userId: m.userId, source: "assistant", sourceRef: url ?? `slack:${m.channelId}/${m.ts}` },
      sourceRef: url ?? `slack:${m.channelId}/${m.ts}`, sourceUrl: url,
      ...(m.setStatus ? { setStatus: async (s: string) => { await m.setStatus?.(s).catch(() => undefined); } } : {}),
    });
    replies = result.replies;
  } catch (e) {
    replies = [{ message: failed(rt, e, locale) }];
  }
  await postReplies(rt, client, m.channelId, m.threadTs, replies);
}

export function failed(rt: SlackRuntime, e: unknown, locale: Locale) {
  if (isServiceError(e)) return errorMessage(e, locale);
  rt.log.error({ err: e instanceof Error ? e.stack ?? e.message : String(e) }, "assistant failed");
  return textMessage(t(locale, "reply.error"));
}

/** "<@UBOT> text" → "text": the mention that addressed the bot is not part of the note. */
export const withoutMention = (text: string, botUserId: string | undefined): string =>
  (botUserId ? text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g"), "") : text).trim();

type MessageArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<"message">;

/** DMs to the bot, and replies in channel threads the assistant runs for that person. */
export function directMessage(rt: SlackRuntime) {
  return async ({ message, body, client, context }: MessageArgs): Promise<void> => {
    if (message.subtype !== undefined || "bot_id" in message && message.bot_id) return; // edits, joins, bots
    const m = message as { user?: string; text?: string; ts: string; thread_ts?: string; channel: string; channel_type?: string };
    if (!m.user || !m.text?.trim()) return;
    const workspaceId = body.team_id;
    if (m.channel_type !== "im") {
      // In channels only a reply in a thread this person started with the assistant, and not a mention
      // (app_mention handles those, once).
      if (!m.thread_ts || (context.botUserId && m.text.includes(`<@${context.botUserId}`))) return;
      const thread = await loadThread(rt.deps, { workspaceId, channelId: m.channel, threadTs: m.thread_ts });
      if (!thread || thread.userId !== m.user) return;
    }
    await respondToText(rt, client, {
      workspaceId, userId: m.user, channelId: m.channel, ts: m.ts, threadTs: m.thread_ts ?? m.ts, text: m.text,
    });
  };
}

export function appMention(rt: SlackRuntime) {
  return async ({ event, body, client, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_mention">): Promise<void> => {
    if (!event.user || event.bot_id) return;
    const text = withoutMention(event.text ?? "", context.botUserId);
    await respondToText(rt, client, {
      workspaceId: body.team_id, userId: event.user, channelId: event.channel, ts: event.ts,
      threadTs: event.thread_ts ?? event.ts, text: text || "?",
    });
  };
}

export function register(app: App, rt: SlackRuntime): void {
  app.message(directMessage(rt));
  app.event("app_mention", appMention(rt));
}
