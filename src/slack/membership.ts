// Access follows the channel: a team's members are its channel's members, re-read from Slack when stale.
import type { WebClient } from "@slack/web-api";
import type { ChannelDirectory } from "../commands/registry.js";
import { cacheSpec } from "../features/caches.js";
import { syncMembers, teamByChannel } from "../features/teams/service.js";
import type { SlackRuntime } from "./runtime.js";
import { LATE, LOOKUP_BUDGET_MS, within } from "./within.js";

export function channelDirectory(client: WebClient): ChannelDirectory {
  return {
    async members(channelId) {
      const members: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.conversations.members({
          channel: channelId,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        members.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return members;
    },
    async name(channelId) {
      const info = await client.conversations.info({ channel: channelId });
      return info.channel?.name ?? null;
    },
  };
}

// Membership of a team channel is re-read from Slack when older than this; joins and leaves also arrive as events.
const MEMBERSHIP_TTL_MS = 10 * 60 * 1000;

// Per channel: whether it is a team's and until when that team's stored members are fresh, so most requests skip
// the query. The version is the clock's minute: a team created meanwhile on another instance is noticed within
// CHANNEL_TTL_MS (its creation wrote its members; joins and leaves arrive as events and change the rows directly).
const CHANNEL_TTL_MS = 60_000;
interface ChannelState {
  teamId: string | null;
  freshUntil: number;
}
const CHANNEL_TEAMS = cacheSpec<ChannelState>("slack.channelTeams", 10_000);

/** Refreshes the stored members of the team of `channelId` when stale, so access follows the channel. When Slack is
 *  slow or fails, the stored list stands (joins and leaves also arrive as events). Resolves true when it re-read
 *  the members (they may have changed: a scope read before is stale), false when they were fresh. */
export async function refreshMembership(
  rt: SlackRuntime,
  client: WebClient,
  workspaceId: string,
  channelId: string | undefined,
  budgetMs = LOOKUP_BUDGET_MS,
): Promise<boolean> {
  if (!channelId || channelId.startsWith("D")) return false;
  const channels = rt.deps.caches.of(CHANNEL_TEAMS);
  const key = `${workspaceId}:${channelId}`;
  const now = rt.deps.now().getTime();
  const version = String(Math.floor(now / CHANNEL_TTL_MS));
  const known = channels.peek(key, version);
  if (known && (known.teamId === null || now < known.freshUntil)) return false;
  const team = await teamByChannel(rt.deps, workspaceId, channelId);
  const state: ChannelState = {
    teamId: team?.id ?? null,
    freshUntil: team?.syncedAt ? team.syncedAt.getTime() + MEMBERSHIP_TTL_MS : 0,
  };
  channels.set(key, version, state);
  if (!team || now < state.freshUntil) return false;
  // Coalescing, not caching: concurrent requests of one team share one conversations.members call and one write.
  let sync = rt.membershipSyncs.get(team.id);
  if (!sync) {
    sync = channelDirectory(client)
      .members(channelId)
      .then(async (members) => {
        await syncMembers(rt.deps, team.id, members);
        state.freshUntil = rt.deps.now().getTime() + MEMBERSHIP_TTL_MS;
      })
      .catch((e: unknown) =>
        rt.log.warn({ err: String(e), channelId }, "could not refresh channel members; keeping the cached list"),
      )
      .finally(() => rt.membershipSyncs.delete(team.id));
    rt.membershipSyncs.set(team.id, sync);
  }
  if ((await within(sync, budgetMs)) === LATE) {
    rt.log.warn({ channelId }, "conversations.members is slow; answering from the cached members");
  }
  return true;
}
