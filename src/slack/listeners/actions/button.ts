// What every button handler of kvalue's own messages reads from the action body.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";

export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Who pressed, in which workspace, and in which channel (absent in some surfaces, e.g. App Home). */
export function pressedBy(body: BlockAction): { workspaceId: string; userId: string; channelId?: string } {
  const workspaceId = body.team?.id ?? body.user.team_id ?? "";
  const channelId = body.channel?.id ?? body.container?.channel_id;
  return { workspaceId, userId: body.user.id, ...(typeof channelId === "string" ? { channelId } : {}) };
}
