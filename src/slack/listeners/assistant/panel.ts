// Slack's assistant panel (Bolt's `Assistant`): suggested prompts, a status line while the model works, thread
// titles. Its thread context lives in our Conversation rows, so no conversations.replies is needed.
import { Assistant } from "@slack/bolt";
import { loadThread } from "../../../features/assistant/conversation.js";
import { ensureWorkspace } from "../../../features/teams/service.js";
import { t } from "../../../i18n/index.js";
import type { SlackRuntime } from "../../runtime.js";
import { userLocale } from "../../user-locale.js";
import { respondToText } from "../messages/respond-to-text.js";

export function assistantPanel(rt: SlackRuntime): Assistant {
  return new Assistant({
    threadContextStore: { get: async () => ({}), save: async () => undefined },
    threadStarted: async ({ event, body, client, setSuggestedPrompts }) => {
      const thread = event.assistant_thread;
      const workspaceId = body.team_id;
      await ensureWorkspace(rt.deps, workspaceId);
      const locale = await userLocale(rt, client, workspaceId, thread.user_id);
      await client.chat.postMessage({
        channel: thread.channel_id,
        thread_ts: thread.thread_ts,
        text: t(locale, "assistant.greeting"),
      });
      await setSuggestedPrompts({
        title: t(locale, "assistant.suggest.title"),
        prompts: (["priorities", "why", "funnel", "note"] as const).map((k) => ({
          title: t(locale, `assistant.suggest.${k}.title`),
          message: t(locale, `assistant.suggest.${k}.message`),
        })),
      });
    },
    userMessage: async ({ message, body, client, setStatus, setTitle }) => {
      const m = message as {
        user?: string;
        text?: string;
        ts: string;
        thread_ts?: string;
        channel: string;
        subtype?: string;
        bot_id?: string;
      };
      if (m.subtype !== undefined || m.bot_id || !m.user || !m.text?.trim()) return;
      const workspaceId = (body as { team_id: string }).team_id;
      const threadTs = m.thread_ts ?? m.ts;
      // A new thread gets its first question as its title.
      if (!(await loadThread(rt.deps, { workspaceId, channelId: m.channel, threadTs }))) {
        await setTitle(m.text.replace(/\s+/g, " ").slice(0, 60)).catch(() => undefined);
      }
      await respondToText(rt, client, {
        workspaceId,
        userId: m.user,
        channelId: m.channel,
        ts: m.ts,
        threadTs,
        text: m.text,
        setStatus,
      });
    },
  });
}
