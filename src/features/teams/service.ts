// Teams are Slack channels (`/kvalue team create` in the channel); membership is the channel's members,
// cached in TeamMember and refreshed by the Slack surface from conversations.members.
import { isUniqueViolation } from "../../store/index.js";
import type { ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import { forgetScopes, type Actor, type TeamRef } from "./scope.js";

// Workspaces are created on first contact and never change id: remember per database which ones exist, so the
// per-request call costs no query after the first.
const known = new WeakMap<object, Set<string>>();

export async function ensureWorkspace(deps: ServiceDeps, id: string, name = id): Promise<void> {
  const seen = known.get(deps.db) ?? new Set<string>();
  known.set(deps.db, seen);
  if (seen.has(id)) return;
  await deps.db.workspace.upsert({ where: { id }, create: { id, name }, update: {} });
  seen.add(id);
}

export async function createTeam(
  deps: ServiceDeps, actor: Actor, input: { channelId: string; name: string; members: readonly string[] },
): Promise<{ team: TeamRef; created: boolean }> {
  const { db } = deps;
  await ensureWorkspace(deps, actor.workspaceId);
  const name = input.name.trim().replace(/^#/, "");
  if (!name) throw new ServiceError("invalid", "a team needs a name", "name");
  try {
    const team = await db.team.create({
      data: { workspaceId: actor.workspaceId, channelId: input.channelId, name, createdBy: actor.userId },
      select: { id: true, name: true, channelId: true },
    });
    await db.factChange.create({
      data: {
        workspaceId: actor.workspaceId, accountId: null, entity: "team", entityId: team.id, field: "*",
        before: null, after: JSON.stringify({ name, channelId: input.channelId }),
        actorUserId: actor.userId, source: actor.source, sourceRef: actor.sourceRef ?? null, at: deps.now(),
      },
    });
    await syncMembers(deps, team.id, input.members);
    return { team, created: true };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const team = await db.team.findFirstOrThrow({
      where: { workspaceId: actor.workspaceId, channelId: input.channelId },
      select: { id: true, name: true, channelId: true },
    });
    return { team, created: false };
  }
}

/** Replaces the cached member list of a team with the channel's current members. */
export async function syncMembers(deps: ServiceDeps, teamId: string, userIds: readonly string[]): Promise<void> {
  const syncedAt = deps.now();
  const unique = [...new Set(userIds)];
  await deps.db.$transaction(async (tx) => {
    await tx.teamMember.deleteMany({ where: { teamId, userId: { notIn: unique } } });
    await tx.teamMember.updateMany({ where: { teamId }, data: { syncedAt } });
    const known = new Set((await tx.teamMember.findMany({ where: { teamId }, select: { userId: true } })).map((m) => m.userId));
    const added = unique.filter((u) => !known.has(u));
    if (added.length) await tx.teamMember.createMany({ data: added.map((userId) => ({ teamId, userId, syncedAt })) });
  });
  forgetScopes(deps);
}

export async function teamByChannel(deps: ServiceDeps, workspaceId: string, channelId: string): Promise<(TeamRef & { syncedAt: Date | null }) | null> {
  const team = await deps.db.team.findFirst({
    where: { workspaceId, channelId },
    select: { id: true, name: true, channelId: true, members: { select: { syncedAt: true }, take: 1, orderBy: { syncedAt: "desc" } } },
  });
  return team ? { id: team.id, name: team.name, channelId: team.channelId, syncedAt: team.members[0]?.syncedAt ?? null } : null;
}
