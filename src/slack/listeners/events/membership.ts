// Channel joins and leaves: access follows the channel at once, between the periodic member re-reads.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { channelMembershipChanged } from "../../../features/teams/service.js";
import type { SlackRuntime } from "../../runtime.js";

export function memberJoinedChannel(rt: SlackRuntime) {
  return async ({
    event,
    body,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"member_joined_channel">): Promise<void> => {
    await channelMembershipChanged(rt.deps, {
      workspaceId: body.team_id,
      channelId: event.channel,
      userId: event.user,
      joined: true,
    });
  };
}

export function memberLeftChannel(rt: SlackRuntime) {
  return async ({
    event,
    body,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"member_left_channel">): Promise<void> => {
    await channelMembershipChanged(rt.deps, {
      workspaceId: body.team_id,
      channelId: event.channel,
      userId: event.user,
      joined: false,
    });
  };
}
