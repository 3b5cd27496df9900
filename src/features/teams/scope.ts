// Who may see what (DESIGN principle 4): every read and write is scoped to the Slack workspace, and within it
// to the teams whose channel the user is a member of; managers see every team of their workspace.
// The workspace and user always come from the verified Slack request (or the local console), never from input.
import type { FactSource } from "../accounts/repository.js";
import { cacheSpec } from "../caches.js";
import type { ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import type { ActorState } from "./repository.js";

/** The person acting, as the surface verified them. */
export interface Actor {
  workspaceId: string;
  userId: string;
  source: FactSource;
  /** e.g. a Slack message permalink, or the import file name */
  sourceRef?: string | null;
}

export interface TeamRef {
  id: string;
  name: string;
  channelId: string;
}

export interface Scope {
  workspaceId: string;
  userId: string;
  manager: boolean;
  /** Teams the user may read and write (all teams of the workspace for a manager). */
  teams: TeamRef[];
  /** The workspace's model version pointer (Workspace.modelVersionId) as read with the scope in this request, so a
   *  use case that scores does not read it again; undefined where a scope was built without it. */
  modelVersionId?: string | null;
}

/** What a surface learns about its actor when a request comes in (`enterWorkspace`). */
export interface Entered {
  scope: Scope;
  /** the user's `/kvalue lang` choice, null = follow the Slack locale */
  locale: "zh-CN" | "en" | null;
}

// Why cached: every command resolves the scope first, and the teams query joins TeamMember to Team and sorts. The
// version (teams repository `actorState`: manager row, the workspace's teams, the user's team ids) is read by the one
// indexed statement each request starts with and changes whenever the answer may, so an instance never answers from a
// scope another one changed.
const scopes = cacheSpec<{ manager: boolean; teams: TeamRef[] }>("teams.scope", 10_000);

export async function resolveScope(deps: ServiceDeps, actor: Pick<Actor, "workspaceId" | "userId">): Promise<Scope> {
  return scopeFrom(deps, actor, await deps.repos.teams.actorState(actor.workspaceId, actor.userId));
}

async function scopeFrom(
  deps: ServiceDeps,
  actor: Pick<Actor, "workspaceId" | "userId">,
  read: ActorState,
): Promise<Scope> {
  const { workspaceId, userId } = actor;
  const configured = deps.managers.includes(userId);
  const manager = configured || read.manager;
  const key = `${workspaceId}\u0000${userId}`;
  const cached = await deps.caches.of(scopes).get(key, `${configured ? 1 : 0}|${read.scopeVersion}`, async () => ({
    manager,
    teams: await deps.repos.teams.teamsOf(workspaceId, manager ? null : userId),
  }));
  return { workspaceId, userId, manager: cached.manager, teams: cached.teams, modelVersionId: read.modelVersionId };
}

/**
 * A request comes in: the workspace row is created on first contact, and the user's scope and language choice are
 * read — one statement when the workspace is known (ensureWorkspace, localePref and resolveScope would be three).
 */
export async function enterWorkspace(
  deps: ServiceDeps,
  actor: Pick<Actor, "workspaceId" | "userId">,
): Promise<Entered> {
  let read = await deps.repos.teams.actorState(actor.workspaceId, actor.userId);
  if (!read.workspace) {
    await deps.repos.teams.ensureWorkspace(actor.workspaceId, actor.workspaceId);
    read = await deps.repos.teams.actorState(actor.workspaceId, actor.userId);
  }
  const locale = read.locale === "zh-CN" || read.locale === "en" ? read.locale : null;
  return { scope: await scopeFrom(deps, actor, read), locale };
}

/** The scope the surface resolved for this request when it came in, else read now. */
export function scopeOf(env: { deps: ServiceDeps; actor: Actor; scope?: Scope }): Promise<Scope> {
  return env.scope ? Promise.resolve(env.scope) : resolveScope(env.deps, env.actor);
}

export const teamIds = (scope: Scope): string[] => scope.teams.map((t) => t.id);

/** Throws not_found unless the account exists in a team of the scope (no hint whether it exists elsewhere). */
export async function assertAccountInScope(
  deps: ServiceDeps,
  scope: Scope,
  accountId: string,
): Promise<{ id: string; teamId: string | null; version: number }> {
  const row = await deps.repos.accounts.findVisible(scope, accountId);
  if (!row) throw new ServiceError("not_found", `account ${accountId} is not visible to ${scope.userId}`, "account");
  return row;
}

/** A team of the scope by name or channel; with no name, the team of the current channel, else the only team. */
export function pickTeam(scope: Scope, name: string | null, channelId?: string): TeamRef {
  if (name) {
    const key = name.replace(/^#/, "").trim().toLowerCase();
    const team =
      scope.teams.find((t) => t.name.toLowerCase() === key || t.channelId.toLowerCase() === key) ??
      scope.teams.find((t) => t.name.toLowerCase().includes(key));
    // The teams the user may see go along, so the answer can list them (nothing outside the scope is named).
    if (!team)
      throw new ServiceError("not_found", `no team "${name}" for ${scope.userId}`, "team", {
        team: name,
        teams: scope.teams.map((t) => t.name).join(" · "),
      });
    return team;
  }
  const here = channelId ? scope.teams.find((t) => t.channelId === channelId) : undefined;
  if (here) return here;
  if (scope.teams.length === 1 && scope.teams[0]) return scope.teams[0];
  throw new ServiceError("no_team", "name a team or run this in a team channel", "team", { count: scope.teams.length });
}
