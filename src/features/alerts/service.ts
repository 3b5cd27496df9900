// Alerts between digests (issue 14 item 3): what each user's daily DM would carry, and the per-user switches.
//
// A day's alerts are what happened in its window, so each event is told once: the window of business day D runs from
// the start of the last day the workspace sent alerts (its previous window's end) — at most a week back, a week on
// the first run — to the start of D (Asia/Shanghai). An event of today is told tomorrow. Deals and deadlines alert
// when they cross their line inside the window (a close date passed, N days without a touch, the lead deadline),
// not every day they stay across it.
import { addDays } from "../../core/index.js";
import { today, type ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import { teamFunnel } from "../funnel/service.js";
import { pickTeam, type Actor, type Scope, type TeamRef } from "../teams/scope.js";
import {
  ALERT_KINDS,
  DEFAULT_STALE_DAYS,
  MAX_STALE_DAYS,
  isSlackUser,
  offKinds,
  storeOff,
  type AlertItem,
  type AlertKind,
  type UserAlerts,
} from "./kinds.js";
import type { AlertWindow } from "./repository.js";

/** How far back the first window of a workspace (or one after a long pause) looks. */
export const FIRST_LOOKBACK_DAYS = 7;
const DAY_MS = 86_400_000;
const MAX_FIELDS_SHOWN = 4;

/** 00:00 of a business day (Asia/Shanghai has no daylight saving: a fixed +08:00). */
export const startOfDay = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

/** The window whose alerts go out on `day` (see the top of this file). */
export async function alertWindow(deps: ServiceDeps, workspaceId: string, day: string): Promise<AlertWindow> {
  const earliest = addDays(day, -FIRST_LOOKBACK_DAYS);
  const last = await deps.repos.alerts.lastBatchDayBefore(workspaceId, day);
  const sinceDay = last && last > earliest ? last : earliest;
  return { workspaceId, sinceDay, untilDay: day, since: startOfDay(sinceDay), until: startOfDay(day) };
}

const KIND_ORDER = new Map(ALERT_KINDS.map((k, i) => [k, i]));
const order = (a: AlertItem, b: AlertItem): number => {
  const k = (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0);
  if (k !== 0) return k;
  const an = "account" in a ? a.account : a.team;
  const bn = "account" in b ? b.account : b.team;
  return an < bn ? -1 : an > bn ? 1 : 0;
};

/**
 * Every alert of the workspace's window, by recipient, before anyone's switches: one statement per kind over the
 * whole workspace, plus the funnel of each team whose target's lead deadline may have passed.
 */
export async function detectAlerts(deps: ServiceDeps, w: AlertWindow): Promise<UserAlerts[]> {
  const repo = deps.repos.alerts;
  const teams = await repo.teamsOf(w.workspaceId);
  const bounds = teams.map((t) => {
    const days = t.staleDays ?? DEFAULT_STALE_DAYS;
    return {
      teamId: t.id,
      days,
      from: new Date(w.since.getTime() - days * DAY_MS),
      to: new Date(w.until.getTime() - days * DAY_MS),
    };
  });
  const [overdue, stale, quadrants, opposed, changed, deadlines] = await Promise.all([
    repo.overdueDeals(w),
    repo.staleDeals(w, bounds),
    repo.quadrantChanges(w),
    repo.opposedBuyers(w),
    repo.changesByOthers(w),
    passedDeadlines(deps, w),
  ]);

  const byUser = new Map<string, AlertItem[]>();
  const add = (userId: string | null, item: AlertItem) => {
    if (!isSlackUser(userId)) return;
    const list = byUser.get(userId);
    if (list) list.push(item);
    else byUser.set(userId, [item]);
  };
  for (const d of overdue)
    add(d.userId, {
      kind: "deal_overdue",
      accountId: d.accountId,
      account: d.account,
      dealId: d.dealId,
      deal: d.deal,
      closeDate: d.closeDate ?? "",
    });
  for (const d of stale)
    add(d.userId, {
      kind: "deal_stale",
      accountId: d.accountId,
      account: d.account,
      dealId: d.dealId,
      deal: d.deal,
      days: d.days,
    });
  for (const q of quadrants)
    add(q.userId, { kind: "quadrant", accountId: q.accountId, account: q.account, from: q.from, to: q.to });
  for (const o of opposed)
    add(o.userId, {
      kind: "eb_opposed",
      accountId: o.accountId,
      account: o.account,
      contact: o.contact,
      attitude: o.attitude,
    });
  // One alert per account: who changed it, which fields, how many changes.
  const perAccount = new Map<string, Extract<AlertItem, { kind: "fact_changed" }> & { userId: string }>();
  for (const c of changed) {
    let item = perAccount.get(c.accountId);
    if (!item) {
      item = {
        kind: "fact_changed",
        userId: c.userId,
        accountId: c.accountId,
        account: c.account,
        actors: [],
        fields: [],
        changes: 0,
      };
      perAccount.set(c.accountId, item);
    }
    if (!item.actors.includes(c.actor)) item.actors.push(c.actor);
    // `*`: a new entry (the account, or one of its contacts, needs or deals), with its values in one audit row.
    if (!item.fields.includes(c.field)) item.fields.push(c.field);
    item.changes += c.changes;
  }
  for (const { userId, ...item } of perAccount.values())
    add(userId, { ...item, fields: item.fields.slice(0, MAX_FIELDS_SHOWN) });
  for (const d of deadlines) for (const userId of d.owners) add(userId, d.item);

  return [...byUser.entries()]
    .map(([userId, items]) => ({ userId, items: items.sort(order) }))
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/**
 * Teams whose target's lead deadline (METHOD §5.4 step 7: period end − D_cyc, from the funnel feature's own
 * computation) fell inside the window, with the owners of the team's accounts.
 */
async function passedDeadlines(deps: ServiceDeps, w: AlertWindow): Promise<{ item: AlertItem; owners: string[] }[]> {
  const teams = await deps.repos.alerts.teamsWithTargetOn(w.workspaceId, today(deps));
  const out: { item: AlertItem; owners: string[] }[] = [];
  for (const team of teams) {
    // The funnel of this one team, read as the system would: a scope holding only the team.
    const scope: Scope = { workspaceId: w.workspaceId, userId: "kvalue", manager: true, teams: [team] };
    const f = await teamFunnel(deps, scope, { team: null, period: null });
    const deadline = f.result.lead_deadline;
    if (!f.hasTarget || deadline < w.sinceDay || deadline >= w.untilDay) continue;
    out.push({
      item: { kind: "lead_deadline", teamId: team.id, team: team.name, period: f.period.key, deadline },
      owners: await deps.repos.alerts.ownersOfTeam(team.id),
    });
  }
  return out;
}

/** Keeps the kinds the user has on. */
export const switchedOn = (items: readonly AlertItem[], off: ReadonlySet<AlertKind>): AlertItem[] =>
  items.filter((i) => !off.has(i.kind));

export interface AlertSettings {
  off: Set<AlertKind>;
  /** Stale days of each team in the user's scope (null = the default). */
  teams: { team: TeamRef; staleDays: number | null }[];
}

export async function alertSettings(deps: ServiceDeps, scope: Scope): Promise<AlertSettings> {
  const [row, teams] = await Promise.all([
    deps.repos.alerts.findSetting(scope.workspaceId, scope.userId),
    deps.repos.alerts.teamsOf(scope.workspaceId),
  ]);
  const days = new Map(teams.map((t) => [t.id, t.staleDays]));
  return {
    off: offKinds(row?.off ?? ""),
    teams: scope.teams.map((team) => ({ team, staleDays: days.get(team.id) ?? null })),
  };
}

/** Switches one kind (or all) on or off for the acting user; audited when something changed. */
export async function switchAlert(
  deps: ServiceDeps,
  actor: Actor,
  kind: AlertKind | "all",
  on: boolean,
): Promise<{ off: Set<AlertKind>; changed: boolean }> {
  const row = await deps.repos.alerts.findSetting(actor.workspaceId, actor.userId);
  const before = row?.off ?? "";
  const off = offKinds(before);
  for (const k of kind === "all" ? ALERT_KINDS : [kind]) {
    if (on) off.delete(k);
    else off.add(k);
  }
  const after = storeOff(off);
  const changed = after !== storeOff(offKinds(before));
  if (changed)
    await deps.repos.alerts.saveOff(actor.workspaceId, actor.userId, after, {
      before,
      actorUserId: actor.userId,
      source: actor.source,
      sourceRef: actor.sourceRef ?? null,
      at: deps.now(),
    });
  return { off, changed };
}

/** Sets the stale days of a team of the scope (`days` null: back to the default); audited. */
export async function setStaleDays(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  input: { team: string | null; days: number | null; channelId?: string },
): Promise<{ team: TeamRef; days: number; before: number }> {
  const { days } = input;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_STALE_DAYS))
    throw new ServiceError("invalid", `stale days must be a whole number from 1 to ${MAX_STALE_DAYS}`, "days", {
      days: String(days),
    });
  const team = pickTeam(scope, input.team, input.channelId);
  const before = await deps.repos.alerts.saveStaleDays({ id: team.id, workspaceId: scope.workspaceId }, days, {
    actorUserId: actor.userId,
    source: actor.source,
    sourceRef: actor.sourceRef ?? null,
    at: deps.now(),
  });
  return { team, days: days ?? DEFAULT_STALE_DAYS, before: before ?? DEFAULT_STALE_DAYS };
}

export interface TodayAlerts {
  day: string;
  window: AlertWindow;
  items: AlertItem[];
  /** Today's DM when it went out already. */
  sent: { at: Date | null; items: number } | null;
}

/** What the user's DM of today carries (or would): the same detection as the delivery, for one user. */
export async function alertsToday(deps: ServiceDeps, scope: Scope): Promise<TodayAlerts> {
  const day = today(deps);
  const window = await alertWindow(deps, scope.workspaceId, day);
  const [all, settings, batches] = await Promise.all([
    detectAlerts(deps, window),
    deps.repos.alerts.findSetting(scope.workspaceId, scope.userId),
    deps.repos.alerts.batchesOn(scope.workspaceId, day),
  ]);
  const mine = all.find((u) => u.userId === scope.userId)?.items ?? [];
  const batch = batches.find((b) => b.userId === scope.userId && b.status !== "failed" && b.messageTs);
  const sentItems = batch?.items ? (JSON.parse(batch.items) as unknown[]).length : 0;
  return {
    day,
    window,
    items: switchedOn(mine, offKinds(settings?.off ?? "")),
    sent: batch ? { at: batch.postedAt, items: sentItems } : null,
  };
}
