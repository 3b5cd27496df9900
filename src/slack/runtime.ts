// Per-request environment for the listeners: the verified actor, the user's language, and Slack channel data.
// The workspace and user come only from the signed request body, never from text or model output.
import type { WebClient } from "@slack/web-api";
import type { CommandEnv, ChannelDirectory } from "../commands/run.js";
import { textMessage } from "../features/accounts/views.js";
import { localeFromSlack, t, type Locale } from "../i18n/index.js";
import type { ServiceDeps } from "../features/deps.js";
import { localePref } from "../features/teams/prefs.js";
import type { FactSource } from "../features/accounts/repository.js";
import type { SlackMessage } from "../ui/types.js";
import { ensureWorkspace, syncMembers, teamByChannel } from "../features/teams/service.js";

export interface SlackRuntime {
  deps: ServiceDeps;
  defaultLocale: Locale;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * How long a request waits for a Slack lookup (users.info, conversations.members) before going on without it.
 * The Web API client's own timeout and retries may take far longer, and a trigger_id is valid only 3 s: a slow
 * lookup finishes in the background and fills its cache for the next request.
 */
export const LOOKUP_BUDGET_MS = 1_000;

const LATE = Symbol("late");

/** `work`'s result, or LATE when it takes longer than `ms` (it keeps running). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => { timer = setTimeout(() => resolve(LATE), ms); });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

// Slack locales change rarely; one users.info per user per hour at most, and one at a time.
const LOCALE_TTL_MS = 60 * 60 * 1000;
const slackLocales = new Map<string, { locale: Locale | null; at: number }>();
const localeLookups = new Map<string, Promise<Locale | null>>();

export async function userLocale(
  rt: SlackRuntime, client: WebClient, workspaceId: string, userId: string, budgetMs = LOOKUP_BUDGET_MS,
): Promise<Locale> {
  const pref = await localePref(rt.deps, workspaceId, userId);
  if (pref) return pref;
  const key = `${workspaceId}:${userId}`;
  const hit = slackLocales.get(key);
  if (hit && rt.deps.now().getTime() - hit.at < LOCALE_TTL_MS) return hit.locale ?? rt.defaultLocale;
  let lookup = localeLookups.get(key);
  if (!lookup) {
    lookup = client.users.info({ user: userId, include_locale: true })
      .then((info) => (info.user?.locale ? localeFromSlack(info.user.locale) : null), (e: unknown) => {
        rt.log.warn({ err: String(e), userId }, "users.info failed; using the default locale");
        return null;
      })
      .then((locale) => {
        slackLocales.set(key, { locale, at: rt.deps.now().getTime() });
        return locale;
      })
      .finally(() => localeLookups.delete(key));
    localeLookups.set(key, lookup);
  }
  const locale = await within(lookup, budgetMs);
  return locale === LATE || locale === null ? rt.defaultLocale : locale;
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

const membershipSyncs = new Map<string, Promise<void>>();

// Per channel: whether it is a team's and until when that team's cached members are fresh, so most requests skip
// the query. A team created meanwhile on another instance is noticed within CHANNEL_TTL_MS (its creation wrote its
// members; joins and leaves arrive as events and change the rows directly).
const CHANNEL_TTL_MS = 60_000;
interface ChannelState { teamId: string | null; freshUntil: number; checkedAt: number }
const channelsByDb = new WeakMap<object, Map<string, ChannelState>>();

/** Refreshes the cached members of the team of `channelId` when stale, so access follows the channel. When Slack is
 *  slow or fails, the cached list stands (joins and leaves also arrive as events). */
export async function refreshMembership(
  rt: SlackRuntime, client: WebClient, workspaceId: string, channelId: string | undefined, budgetMs = LOOKUP_BUDGET_MS,
): Promise<void> {
  if (!channelId || channelId.startsWith("D")) return;
  const channels = channelsByDb.get(rt.deps.db) ?? new Map<string, ChannelState>();
  channelsByDb.set(rt.deps.db, channels);
  const key = `${workspaceId}:${channelId}`;
  const now = rt.deps.now().getTime();
  const known = channels.get(key);
  if (known && now >= known.checkedAt && now - known.checkedAt < CHANNEL_TTL_MS && (known.teamId === null || now < known.freshUntil)) return;
  const team = await teamByChannel(rt.deps, workspaceId, channelId);
  if (channels.size > 10_000) channels.clear();
  const state: ChannelState = { teamId: team?.id ?? null, freshUntil: team?.syncedAt ? team.syncedAt.getTime() + MEMBERSHIP_TTL_MS : 0, checkedAt: now };
  channels.set(key, state);
  if (!team || now < state.freshUntil) return;
  let sync = membershipSyncs.get(team.id);
  if (!sync) {
    sync = channelDirectory(client).members(channelId)
      .then(async (members) => {
        await syncMembers(rt.deps, team.id, members);
        state.freshUntil = rt.deps.now().getTime() + MEMBERSHIP_TTL_MS;
      })
      .catch((e: unknown) => rt.log.warn({ err: String(e), channelId }, "could not refresh channel members; keeping the cached list"))
      .finally(() => membershipSyncs.delete(team.id));
    membershipSyncs.set(team.id, sync);
  }
  if ((await within(sync, budgetMs)) === LATE) {
    rt.log.warn({ channelId }, "conversations.members is slow; answering from the cached members");
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

/**
 * The work after an ack. Expected problems are answers already (service errors become messages); anything else
 * — a database refusing a write, a Web API call failing for good — is logged and the user is told that it did not
 * work, instead of hearing nothing. Never throws: one request's failure must not reach the process.
 */
export async function afterAck(
  rt: SlackRuntime, what: string, work: () => Promise<void>,
  tell: (message: SlackMessage) => Promise<unknown>, locale: () => Locale = () => rt.defaultLocale,
): Promise<void> {
  try {
    // Let requests that are waiting for their ack go first: under load, work after an ack must not hold back the
    // acks of the requests that arrived meanwhile (Slack's 3 s deadline applies to those).
    await new Promise((resolve) => setImmediate(resolve));
    await work();
  } catch (e) {
    rt.log.error({ err: e instanceof Error ? (e.stack ?? e.message) : String(e) }, `${what} failed`);
    try {
      await tell(textMessage(t(locale(), "reply.error")));
    } catch (e2) {
      rt.log.warn({ err: String(e2) }, `${what}: could not tell the user about the failure`);
    }
  }
}
