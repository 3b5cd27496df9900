// Who may see what (DESIGN principle 4): every read and write is scoped to the Slack workspace, and within it
// to the teams whose channel the user is a member of; managers see every team of their workspace.
// The workspace and user always come from the verified Slack request (or the local console), never from input.
import type { FactSource } from "../accounts/repository.js";
import type { ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";

/** The person acting, as the surface verified them. */
export interface Actor {
  workspaceId: string;
  userId: string;
  source: FactSource;
  /** e.g. a Slack message permalink, or the import file name */
  sourceRef?: string | null;
}

export interface TeamRef { id: string; name: string; channelId: string }

export interface Scope {
  workspaceId: string;
  userId: string;
  manager: boolean;
  /** Teams the user may read and write (all teams of the workspace for a manager). */
  teams: TeamRef[];
}

// WorkspaceManager rows change about never; one query per workspace and minute instead of one per request.
const MANAGERS_TTL_MS = 60_000;
const managersByDb = new WeakMap<object, Map<string, { users: Set<string>; at: number }>>();

async function workspaceManagers(deps: ServiceDeps, workspaceId: string): Promise<Set<string>> {
  const cache = managersByDb.get(deps.db) ?? new Map<string, { users: Set<string>; at: number }>();
  managersByDb.set(deps.db, cache);
  const now = deps.now().getTime();
  const hit = cache.get(workspaceId);
  if (hit && now - hit.at < MANAGERS_TTL_MS && now >= hit.at) return hit.users;
  const rows = await deps.db.workspaceManager.findMany({ where: { workspaceId }, select: { userId: true } });
  const users = new Set(rows.map((r) => r.userId));
  cache.set(workspaceId, { users, at: now });
  return users;
}

// A user's teams, for a few seconds: every command reads them first, and they change only when a channel's
// membership does. Membership writes in this process forget them at once (`forgetScopes`); another instance's
// change is seen within SCOPE_TTL_MS.
const SCOPE_TTL_MS = 5_000;
const scopesByDb = new WeakMap<object, Map<string, { teams: TeamRef[]; manager: boolean; at: number }>>();

export function forgetScopes(deps: Pick<ServiceDeps, "db">): void {
  scopesByDb.get(deps.db)?.clear();
}

export async function resolveScope(deps: ServiceDeps, actor: Pick<Actor, "workspaceId" | "userId">): Promise<Scope> {
  const { db } = deps;
  const manager = deps.managers.includes(actor.userId) || (await workspaceManagers(deps, actor.workspaceId)).has(actor.userId);
  const cache = scopesByDb.get(db) ?? new Map<string, { teams: TeamRef[]; manager: boolean; at: number }>();
  scopesByDb.set(db, cache);
  const key = `${actor.workspaceId}:${actor.userId}`;
  const now = deps.now().getTime();
  const hit = cache.get(key);
  if (hit && hit.manager === manager && now - hit.at < SCOPE_TTL_MS && now >= hit.at) {
    return { workspaceId: actor.workspaceId, userId: actor.userId, manager, teams: hit.teams };
  }
  const teams = await db.team.findMany({
    where: { workspaceId: actor.workspaceId, ...(manager ? {} : { members: { some: { userId: actor.userId } } }) },
    select: { id: true, name: true, channelId: true },
    orderBy: { name: "asc" },
  });
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { teams, manager, at: now });
  return { workspaceId: actor.workspaceId, userId: actor.userId, manager, teams };
}

export const teamIds = (scope: Scope): string[] => scope.teams.map((t) => t.id);

/** The Prisma filter for accounts this scope may touch. */
export function accountWhere(scope: Scope) {
  return { workspaceId: scope.workspaceId, teamId: { in: teamIds(scope) } };
}

/** Throws not_found unless the account exists in a team of the scope (no hint whether it exists elsewhere). */
export async function assertAccountInScope(deps: ServiceDeps, scope: Scope, accountId: string): Promise<{ id: string; teamId: string | null; version: number }> {
  const row = await deps.db.account.findFirst({ where: { id: accountId, ...accountWhere(scope) }, select: { id: true, teamId: true, version: true } });
  if (!row) throw new ServiceError("not_found", `account ${accountId} is not visible to ${scope.userId}`, "account");
  return row;
}

/** A team of the scope by name or channel; with no name, the team of the current channel, else the only team. */
export function pickTeam(scope: Scope, name: string | null, channelId?: string): TeamRef {
  if (name) {
    const key = name.replace(/^#/, "").trim().toLowerCase();
    const team = scope.teams.find((t) => t.name.toLowerCase() === key || t.channelId.toLowerCase() === key)
      ?? scope.teams.find((t) => t.name.toLowerCase().includes(key));
    // The teams the user may see go along, so the answer can list them (nothing outside the scope is named).
    if (!team) throw new ServiceError("not_found", `no team "${name}" for ${scope.userId}`, "team", { team: name, teams: scope.teams.map((t) => t.name).join(" · ") });
    return team;
  }
  const here = channelId ? scope.teams.find((t) => t.channelId === channelId) : undefined;
  if (here) return here;
  if (scope.teams.length === 1 && scope.teams[0]) return scope.teams[0];
  throw new ServiceError("no_team", "name a team or run this in a team channel", "team", { count: scope.teams.length });
}
