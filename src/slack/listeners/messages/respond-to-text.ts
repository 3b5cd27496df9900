// One message of a person → the assistant's replies in its thread. Shared by DMs, mentions and the assistant
// panel. The workspace and user come from the signed event; the text only ever becomes a note or a question of
// that user.
import type { WebClient } from "@slack/web-api";
import { errorMessage } from "../../../commands/reply.js";
import type { ThreadKey } from "../../../features/assistant/conversation.js";
import { handleFreeText, type Reply } from "../../../features/assistant/handle.js";
import { setProposalMessage } from "../../../features/assistant/proposals.js";
import { assistantFor } from "../../../features/assistant/setup.js";
import { isServiceError } from "../../../features/errors.js";
import { ensureWorkspace } from "../../../features/teams/service.js";
import { t, type Locale } from "../../../i18n/index.js";
import { textMessage } from "../../../ui/text.js";
import type { SlackMessage } from "../../../ui/types.js";
import { refreshMembership } from "../../membership.js";
import type { SlackRuntime } from "../../runtime.js";
import { userLocale } from "../../user-locale.js";

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
export async function postReplies(
  rt: SlackRuntime,
  client: WebClient,
  channel: string,
  threadTs: string | undefined,
  replies: readonly Reply[],
): Promise<void> {
  for (const r of replies) {
    const posted = await client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: r.message.text,
      blocks: r.message.blocks,
    });
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

/** Failures are answered, never thrown at Bolt. */
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
      deps: rt.deps,
      assistant: assistantFor(rt.deps, rt.log),
      locale,
      text: m.text,
      thread,
      actor: {
        workspaceId: m.workspaceId,
        userId: m.userId,
        source: "assistant",
        sourceRef: url ?? `slack:${m.channelId}/${m.ts}`,
      },
      sourceRef: url ?? `slack:${m.channelId}/${m.ts}`,
      sourceUrl: url,
      ...(m.setStatus
        ? {
            setStatus: async (s: string) => {
              await m.setStatus?.(s).catch(() => undefined);
            },
          }
        : {}),
    });
    replies = result.replies;
  } catch (e) {
    replies = [{ message: failed(rt, e, locale) }];
  }
  await postReplies(rt, client, m.channelId, m.threadTs, replies);
}

/** A service error as its message; anything else logged and answered with "that did not work". */
export function failed(rt: SlackRuntime, e: unknown, locale: Locale): SlackMessage {
  if (isServiceError(e)) return errorMessage(e, locale);
  rt.log.error({ err: e instanceof Error ? (e.stack ?? e.message) : String(e) }, "assistant failed");
  return textMessage(t(locale, "reply.error"));
}
