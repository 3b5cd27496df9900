// DMs to the bot, and replies in channel threads the assistant runs for that person. Events are acked by Bolt
// before this runs, so the model call never holds up Slack's 3-second deadline.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { loadThread } from "../../../features/assistant/conversation.js";
import type { SlackRuntime } from "../../runtime.js";
import { importUpload } from "./file-upload.js";
import { respondToText } from "./respond-to-text.js";

export type MessageArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<"message">;

export function directMessage(rt: SlackRuntime) {
  return async ({ message, body, client, context }: MessageArgs): Promise<void> => {
    // A file sent to the bot in a DM is an import (file_share carries the files; the separate file_shared event
    // for the same upload is not listened to, so each upload is handled once).
    if (message.subtype === "file_share" && message.channel_type === "im" && message.user && message.files?.length) {
      await importUpload(
        rt,
        client,
        body.team_id,
        { ...message, user: message.user, files: message.files },
        context.botToken,
      );
      return;
    }
    if (message.subtype !== undefined || ("bot_id" in message && message.bot_id)) return; // edits, joins, bots
    const m = message as {
      user?: string;
      text?: string;
      ts: string;
      thread_ts?: string;
      channel: string;
      channel_type?: string;
    };
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
      workspaceId,
      userId: m.user,
      channelId: m.channel,
      ts: m.ts,
      threadTs: m.thread_ts ?? m.ts,
      text: m.text,
    });
  };
}
