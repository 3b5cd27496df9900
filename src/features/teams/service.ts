// Teams are Slack channels (`/kvalue team create` in the channel); membership is the channel's members,
// cached in TeamMember and refreshed by the Slack surface from conversations.members.
import { isUniqueViolation } from "../../store/index.js";
import type { ServiceDeps } from "../deps.js";
import { invalidInput } from "../errors.js";
import type { Actor, TeamRef } from "./scope.js";

/**
 * Workspaces are created on first contact. Not cached: whether the row exists is one primary-key read (the version
 * of "known" would be that same read), and it only saves the upsert's write when the row is already there.
 */
export async function ensureWorkspace(deps: ServiceDeps, id: string, name = id): Promise<void> {
  if (await deps.repos.teams.workspaceExists(id)) return;
  await deps.repos.teams.ensureWorkspace(id, name);
}

/** Every workspace kvalue has seen (Slack workspaces on first contact, the console's local one), for an operator
 *  choosing where to act, e.g. `kvalue import --workspace`. */
export async function listWorkspaces(deps: ServiceDeps): Promise<{ id: string; name: string }[]> {
  return deps.repos.teams.listWorkspaces();
}

/** All teams of a workspace by name (an operator's view: no member filter). */
export async function teamsOfWorkspace(deps: ServiceDeps, workspaceId: string): Promise<TeamRef[]> {
  return deps.repos.teams.teamsOf(workspaceId, null);
}

export async function createTeam(
  deps: ServiceDeps,
  actor: Actor,
  input: { channelId: string; name: string; members: readonly string[] },
): Promise<{ team: TeamRef; created: boolean }> {
  const { teams } = deps.repos;
  await ensureWorkspace(deps, actor.workspaceId);
  const name = input.name.trim().replace(/^#/, "");
  if (!name) throw invalidInput("team_name_missing", "a team needs a name", "name");
  try {
    const team = await teams.insertTeam({
      workspaceId: actor.workspaceId,
      channelId: input.channelId,
      name,
      createdBy: actor.userId,
    });
    await teams.insertTeamAudit({
      workspaceId: actor.workspaceId,
      entityId: team.id,
      after: JSON.stringify({ name, channelId: input.channelId }),
      actorUserId: actor.userId,
      source: actor.source,
      sourceRef: actor.sourceRef ?? null,
      at: deps.now(),
    });
    await syncMembers(deps, team.id, input.members);
    return { team, created: true };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const team = await teams.findTeamByChannel(actor.workspaceId, input.channelId);
    if (!team) throw e;
    return { team, created: false };
  }
}

/** Replaces the cached member list of a team with the channel's current members. */
export async function syncMembers(deps: ServiceDeps, teamId: string, userIds: readonly string[]): Promise<void> {
  await deps.repos.teams.replaceMembers(teamId, userIds, deps.now());
}

export async function teamByChannel(
  deps: ServiceDeps,
  workspaceId: string,
  channelId: string,
): Promise<(TeamRef & { syncedAt: Date | null }) | null> {
  return deps.repos.teams.findTeamWithSync(workspaceId, channelId);
}

/** A person joined or left a channel (Slack event): when the channel is a team's, its members follow at once. */
export async function channelMembershipChanged(
  deps: ServiceDeps,
  change: { workspaceId: string; channelId: string; userId: string; joined: boolean },
): Promise<void> {
  const team = await teamByChannel(deps, change.workspaceId, change.channelId);
  if (!team) return;
  if (change.joined) await deps.repos.teams.addMember(team.id, change.userId, deps.now());
  else await deps.repos.teams.removeMember(team.id, change.userId);
}
