// Per-request environment for the listeners: the verified actor, the user's language, and Slack channel data.
// The workspace and user come only from the signed request body, never from text or model output.
import type { WebClient } from "@slack/web-api";
import type { CommandEnv, ChannelDirectory } from "../commands/run.js";
import { localeFromSlack, type Locale } from "../i18n/index.js";
import type { ServiceDeps } from "../services/deps.js";
import { localePref } from "../services/prefs.js";
import type { FactSource } from "../store/index.js";
import { ensureWorkspace, syncMembers, teamByChannel } from "../services/teams.js";

export interface SlackRuntime {
  deps: ServiceDeps;
  defaultLocale: Locale;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

// Slack locales change rarely; one users.info per user per hour at most.
const LOCALE_TTL_MS = 60 * 60 * 1000;
const slackLocales = new Map<string, { locale: Locale | null; at: number }>();

export async function userLocale(rt: SlackRuntime, client: WebClient, workspaceId: string, userId: string): Promise<Locale> {
  const pref = await localePref(rt.deps, workspaceId, userId);
  if (pref) return pref;
  const key = `${workspaceId}:${userId}`;
  const hit = slackLocales.get(key);
  const now = rt.deps.now().getTime();
  if (hit && now - hit.at < LOCALE_TTL_MS) return hit.locale ?? rt.defaultLocale;
  let locale: Locale | null = null;
  try {
    const info = await client.users.info({ user: userId, include_locale: true });
    locale = info.user?.locale ? localeFromSlack(info.user.locale) : null;
  } catch (e) {
    rt.log.warn({ err: String(e), userId }, "users.info failed; using the default locale");
  }
  slackLocales.set(key, { locale, at: now });
  return locale ?? rt.defaultLocale;
}

export function channelDirectory(client: WebClient): ChannelDirectory {
  return {
    async members(channelId) {
      const members: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.conversations.members({ channel: channelId, limit: 1000, ...(cursor ? { cursor } : {}) });
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

/** Refreshes the cached members of the team of `channelId` when stale, so access follows the channel. */
export async function refreshMembership(rt: SlackRuntime, client: WebClient, workspaceId: string, channelId: string | undefined): Promise<void> {
  if (!channelId || channelId.startsWith("D")) return;
  const team = await teamByChannel(rt.deps, workspaceId, channelId);
  if (!team) return;
  if (team.syncedAt && rt.deps.now().getTime() - team.syncedAt.getTime() < MEMBERSHIP_TTL_MS) return;
  try {
    await syncMembers(rt.deps, team.id, await channelDirectory(client).members(channelId));
  } catch (e) {
    rt.log.warn({ err: String(e), channelId }, "could not refresh channel members; keeping the cached list");
  }
}

export async function commandEnv(
  rt: SlackRuntime, client: WebClient,
  ids: { workspaceId: string; userId: string; channelId?: string; source: FactSource; sourceRef?: string | null },
): Promise<CommandEnv> {
  await ensureWorkspace(rt.deps, ids.workspaceId);
  const [locale] = await Promise.all([
    userLocale(rt, client, ids.workspaceId, ids.userId),
    refreshMembership(rt, client, ids.workspaceId, ids.channelId),
  ]);
  return {
    deps: rt.deps,
    actor: { workspaceId: ids.workspaceId, userId: ids.userId, source: ids.source, sourceRef: ids.sourceRef ?? null },
    ...(ids.channelId ? { channelId: ids.channelId } : {}),
    locale,
    channels: channelDirectory(client),
  };
}
