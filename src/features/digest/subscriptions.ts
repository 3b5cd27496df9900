// Weekly digest subscriptions (`/kvalue digest subscribe|unsubscribe|list`): one per team channel, every change
// audited as a FactChange row (entity "digest_subscription"), like targets and teams.
import type { Locale } from "../../i18n/index.js";
import type { DigestSubscription } from "../../store/index.js";
import type { ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import type { Actor, Scope, TeamRef } from "../teams/scope.js";

export interface ScheduleSettings { weekday: number; time: string; timezone: string; locale: Locale }

export interface SubscriptionView extends ScheduleSettings {
  id: string;
  team: TeamRef;
  channelId: string;
  createdAt: Date;
  lastRun: { periodKey: string; status: string } | null;
}

const settingsOf = (s: Pick<DigestSubscription, "weekday" | "time" | "timezone" | "locale" | "active">) =>
  ({ weekday: s.weekday, time: s.time, timezone: s.timezone, locale: s.locale, active: s.active });

/** The team whose channel this is, if the user may see it; a digest always goes to its team's own channel. */
function channelTeam(scope: Scope, channelId: string | undefined): TeamRef {
  const team = channelId ? scope.teams.find((t) => t.channelId === channelId) : undefined;
  if (!team) throw new ServiceError("no_team", "digest subscriptions live in a team channel", "channel");
  return team;
}

async function audit(deps: ServiceDeps, actor: Actor, id: string, before: unknown, after: unknown): Promise<void> {
  await deps.db.factChange.create({
    data: {
      workspaceId: actor.workspaceId, accountId: null, entity: "digest_subscription", entityId: id, field: "*",
      before: before === null ? null : JSON.stringify(before), after: after === null ? null : JSON.stringify(after),
      actorUserId: actor.userId, source: actor.source, sourceRef: actor.sourceRef ?? null, at: deps.now(),
    },
  });
}

/**
 * Subscribes the team channel `channelId` (or changes its schedule, or re-activates it). `createdAt` restarts on every
 * change: the first digest is the next slot after it, never an instant catch-up for a slot earlier today.
 */
export async function subscribe(
  deps: ServiceDeps, actor: Actor, scope: Scope, channelId: string | undefined, settings: ScheduleSettings,
): Promise<{ subscription: DigestSubscription; team: TeamRef; change: "created" | "updated" | "unchanged" }> {
  const team = channelTeam(scope, channelId);
  const where = { teamId_channelId: { teamId: team.id, channelId: team.channelId } };
  const before = await deps.db.digestSubscription.findUnique({ where });
  const after = { ...settings, active: true };
  if (before && JSON.stringify(settingsOf(before)) === JSON.stringify(after)) return { subscription: before, team, change: "unchanged" };
  const now = deps.now();
  const subscription = await deps.db.digestSubscription.upsert({
    where,
    create: { workspaceId: scope.workspaceId, teamId: team.id, channelId: team.channelId, ...settings, createdBy: actor.userId, createdAt: now },
    update: { ...settings, active: true, createdAt: now },
  });
  await audit(deps, actor, subscription.id, before ? settingsOf(before) : null, after);
  return { subscription, team, change: before ? "updated" : "created" };
}

/** Stops the channel's digest; its runs stay as history. False when there was no active subscription. */
export async function unsubscribe(deps: ServiceDeps, actor: Actor, scope: Scope, channelId: string | undefined): Promise<boolean> {
  const team = channelTeam(scope, channelId);
  const sub = await deps.db.digestSubscription.findUnique({ where: { teamId_channelId: { teamId: team.id, channelId: team.channelId } } });
  if (!sub || !sub.active) return false;
  await deps.db.digestSubscription.update({ where: { id: sub.id }, data: { active: false } });
  await audit(deps, actor, sub.id, settingsOf(sub), { ...settingsOf(sub), active: false });
  return true;
}

const asLocale = (s: string): Locale => (s === "en" ? "en" : "zh-CN");

/** Active subscriptions of the teams the user may see, each with its latest run. */
export async function listSubscriptions(deps: ServiceDeps, scope: Scope): Promise<SubscriptionView[]> {
  const teams = new Map(scope.teams.map((t) => [t.id, t]));
  if (teams.size === 0) return [];
  const subs = await deps.db.digestSubscription.findMany({
    where: { workspaceId: scope.workspaceId, active: true, teamId: { in: [...teams.keys()] } },
    include: { runs: { orderBy: { periodKey: "desc" }, take: 1, select: { periodKey: true, status: true } } },
    orderBy: { createdAt: "asc" },
  });
  return subs.map((s) => ({
    id: s.id, team: teams.get(s.teamId) ?? { id: s.teamId, name: s.teamId, channelId: s.channelId }, channelId: s.channelId,
    weekday: s.weekday, time: s.time, timezone: s.timezone, locale: asLocale(s.locale), createdAt: s.createdAt,
    lastRun: s.runs[0] ?? null,
  }));
}

export interface ActiveSubscription extends ScheduleSettings {
  id: string;
  workspaceId: string;
  channelId: string;
  createdAt: Date;
  team: { id: string; name: string };
}

/** Every active subscription, for the scheduler (one query per tick). */
export async function activeSubscriptions(deps: ServiceDeps): Promise<ActiveSubscription[]> {
  const subs = await deps.db.digestSubscription.findMany({
    where: { active: true },
    include: { team: { select: { id: true, name: true } } },
    orderBy: { id: "asc" },
  });
  return subs.map((s) => ({
    id: s.id, workspaceId: s.workspaceId, channelId: s.channelId, createdAt: s.createdAt, team: s.team,
    weekday: s.weekday, time: s.time, timezone: s.timezone, locale: asLocale(s.locale),
  }));
}

/** One subscription by id (a resumed run needs it even if it was deactivated meanwhile). */
export async function subscriptionById(deps: ServiceDeps, id: string): Promise<ActiveSubscription | null> {
  const s = await deps.db.digestSubscription.findUnique({ where: { id }, include: { team: { select: { id: true, name: true } } } });
  return s ? {
    id: s.id, workspaceId: s.workspaceId, channelId: s.channelId, createdAt: s.createdAt, team: s.team,
    weekday: s.weekday, time: s.time, timezone: s.timezone, locale: asLocale(s.locale),
  } : null;
}
