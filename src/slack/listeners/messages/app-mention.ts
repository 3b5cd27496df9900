// "@kvalue …" in a channel: the assistant answers in the message's thread.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { SlackRuntime } from "../../runtime.js";
import { respondToText } from "./respond-to-text.js";

/** "<@UBOT> text" → "text": the mention that addressed the bot is not part of the note. */
export const withoutMention = (text: string, botUserId: string | undefined): string =>
  (botUserId ? text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g"), "") : text).trim();

export function appMention(rt: SlackRuntime) {
  return async ({
    event,
    body,
    client,
    context,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_mention">): Promise<void> => {
    if (!event.user || event.bot_id) return;
    const text = withoutMention(event.text ?? "", context.botUserId);
    await respondToText(rt, client, {
      workspaceId: body.team_id,
      userId: event.user,
      channelId: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts ?? event.ts,
      text: text || "?",
    });
  };
}
