// Weekly digest subscriptions (`/kvalue digest subscribe|unsubscribe|list`): one per team channel, every change
// audited as a FactChange row (entity "digest_subscription"), like targets and teams.
import type { ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import type { Actor, Scope, TeamRef } from "../teams/scope.js";
import type { ActiveSubscription, ScheduleSettings, SubscriptionRecord } from "./records.js";

export type { ActiveSubscription, ScheduleSettings } from "./records.js";

export interface SubscriptionView extends ScheduleSettings {
  id: string;
  team: TeamRef;
  channelId: string;
  createdAt: Date;
  lastRun: { periodKey: string; status: string } | null;
}

const settingsOf = (s: ScheduleSettings & { active: boolean }) => ({
  weekday: s.weekday,
  time: s.time,
  timezone: s.timezone,
  locale: s.locale,
  active: s.active,
});

/** The team whose channel this is, if the user may see it; a digest always goes to its team's own channel. */
function channelTeam(scope: Scope, channelId: string | undefined): TeamRef {
  const team = channelId ? scope.teams.find((t) => t.channelId === channelId) : undefined;
  if (!team) throw new ServiceError("no_team", "digest subscriptions live in a team channel", "channel");
  return team;
}

const audit = (
  deps: ServiceDeps,
  actor: Actor,
  subscriptionId: string,
  before: unknown,
  after: unknown,
): Promise<void> =>
  deps.repos.digest.auditSubscription({
    workspaceId: actor.workspaceId,
    subscriptionId,
    before,
    after,
    actor,
    at: deps.now(),
  });

/**
 * Subscribes the team channel `channelId` (or changes its schedule, or re-activates it). `createdAt` restarts on every
 * change: the first digest is the next slot after it, never an instant catch-up for a slot earlier today.
 */
export async function subscribe(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  channelId: string | undefined,
  settings: ScheduleSettings,
): Promise<{ subscription: SubscriptionRecord; team: TeamRef; change: "created" | "updated" | "unchanged" }> {
  const repo = deps.repos.digest;
  const team = channelTeam(scope, channelId);
  const before = await repo.findSubscription(team.id, team.channelId);
  const after = { ...settings, active: true };
  if (before && JSON.stringify(settingsOf(before)) === JSON.stringify(after))
    return { subscription: before, team, change: "unchanged" };
  const subscription = await repo.upsertSubscription({
    workspaceId: scope.workspaceId,
    teamId: team.id,
    channelId: team.channelId,
    createdBy: actor.userId,
    at: deps.now(),
    settings,
  });
  await audit(deps, actor, subscription.id, before ? settingsOf(before) : null, after);
  return { subscription, team, change: before ? "updated" : "created" };
}

/** Stops the channel's digest; its runs stay as history. False when there was no active subscription. */
export async function unsubscribe(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  channelId: string | undefined,
): Promise<boolean> {
  const team = channelTeam(scope, channelId);
  const sub = await deps.repos.digest.findSubscription(team.id, team.channelId);
  if (!sub?.active) return false;
  await deps.repos.digest.deactivateSubscription(sub.id);
  await audit(deps, actor, sub.id, settingsOf(sub), { ...settingsOf(sub), active: false });
  return true;
}

/** Active subscriptions of the teams the user may see, each with its latest run. */
export async function listSubscriptions(deps: ServiceDeps, scope: Scope): Promise<SubscriptionView[]> {
  const teams = new Map(scope.teams.map((t) => [t.id, t]));
  if (teams.size === 0) return [];
  const subs = await deps.repos.digest.teamSubscriptions(scope.workspaceId, [...teams.keys()]);
  return subs.map((s) => ({
    id: s.id,
    team: teams.get(s.teamId) ?? { id: s.teamId, name: s.teamId, channelId: s.channelId },
    channelId: s.channelId,
    weekday: s.weekday,
    time: s.time,
    timezone: s.timezone,
    locale: s.locale,
    createdAt: s.createdAt,
    lastRun: s.lastRun,
  }));
}

/** Every active subscription, for the scheduler (one query per tick). */
export const activeSubscriptions = (deps: ServiceDeps): Promise<ActiveSubscription[]> =>
  deps.repos.digest.activeSubscriptions();

/** One subscription by id (a resumed run needs it even if it was deactivated meanwhile). */
export const subscriptionById = (deps: ServiceDeps, id: string): Promise<ActiveSubscription | null> =>
  deps.repos.digest.subscriptionById(id);
