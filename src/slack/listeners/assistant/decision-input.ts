// What the assistant's buttons share: where the pressed message lives, who pressed it, and how the replies of a
// decision are delivered. Only the person who sent the note can decide on its proposal (the decisions check it).
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { DecisionInput, DecisionResult } from "../../../features/assistant/decisions.js";
import { setProposalMessage } from "../../../features/assistant/proposals.js";
import { ensureWorkspace } from "../../../features/teams/service.js";
import type { SlackRuntime } from "../../runtime.js";
import { userLocale } from "../../user-locale.js";
import { postReplies } from "../messages/respond-to-text.js";

export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Where the pressed message lives: channel, its ts, its thread, and whether only the presser sees it. */
export function placeOf(body: BlockAction) {
  const container = body.container as
    | { channel_id?: string; message_ts?: string; thread_ts?: string; is_ephemeral?: boolean }
    | undefined;
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const channelId = body.channel?.id ?? container?.channel_id;
  const ts = message?.ts ?? container?.message_ts;
  const ephemeral = container?.is_ephemeral === true;
  return { channelId, ts, threadTs: message?.thread_ts ?? container?.thread_ts ?? ts, ephemeral };
}

export type PressedDecision = DecisionInput & { place: ReturnType<typeof placeOf> };

export async function decisionInput(rt: SlackRuntime, client: WebClient, body: BlockAction): Promise<PressedDecision> {
  const workspaceId = body.team?.id ?? body.user.team_id ?? "";
  await ensureWorkspace(rt.deps, workspaceId);
  const locale = await userLocale(rt, client, workspaceId, body.user.id);
  const place = placeOf(body);
  const thread =
    place.channelId && place.threadTs && !place.ephemeral
      ? { workspaceId, channelId: place.channelId, threadTs: place.threadTs }
      : null;
  const actor = { workspaceId, userId: body.user.id, source: "assistant" as const, sourceRef: null };
  return { deps: rt.deps, actor, locale, thread, place };
}

/** The first reply replaces the pressed message (its buttons are spent); the rest follow in the thread. */
export async function deliver(
  rt: SlackRuntime,
  client: WebClient,
  args: ButtonArgs,
  input: PressedDecision,
  result: DecisionResult,
): Promise<void> {
  const { respond } = args;
  const [first, ...rest] = result.replies;
  if (!first) return;
  if (result.ephemeral) {
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      text: first.message.text,
      blocks: first.message.blocks,
    });
    return;
  }
  await respond({ replace_original: true, text: first.message.text, blocks: first.message.blocks });
  if (first.proposalId && input.place.channelId && input.place.ts && !input.place.ephemeral) {
    await setProposalMessage(rt.deps, first.proposalId, `${input.place.channelId}:${input.place.ts}`);
  }
  if (rest.length === 0) return;
  if (input.thread) await postReplies(rt, client, input.thread.channelId, input.thread.threadTs, rest);
  else
    for (const r of rest)
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        text: r.message.text,
        blocks: r.message.blocks,
      });
}
