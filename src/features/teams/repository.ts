// The teams' tables: Workspace, Team, TeamMember, WorkspaceManager and UserPref. Every query of the teams feature
// lives here, including the one statement every request starts with (actorState: the scope cache is keyed by it).
import type { DbClient, Provider, Tx } from "../../store/index.js";

export interface TeamRow {
  id: string;
  name: string;
  channelId: string;
}

export interface TeamAuditRow {
  workspaceId: string;
  entityId: string;
  after: string;
  actorUserId: string;
  source: string;
  sourceRef: string | null;
  at: Date;
}

/** Every column is cast to text in SQL, so both providers return the same types (no bigint/Date split). */
interface ActorStateRow {
  workspace: string;
  modelVersionId: string | null;
  locale: string | null;
  manager: string;
  teams: string;
  teamsCreated: string | null;
  teamsMaxId: string | null;
  memberships: string | null;
}

/** See `actorState`. */
export interface ActorState {
  workspace: boolean;
  modelVersionId: string | null;
  locale: string | null;
  manager: boolean;
  /** changes whenever the user's scope may */
  scopeVersion: string;
}

const teamSelect = { id: true, name: true, channelId: true } as const;

async function inTransaction<T>(db: DbClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction(fn) : fn(db);
}

export function createTeamsRepository(db: DbClient, provider: Provider) {
  return {
    // ---- workspaces ----
    async workspaceExists(id: string): Promise<boolean> {
      return (await db.workspace.findUnique({ where: { id }, select: { id: true } })) !== null;
    },

    /** Every workspace, by id. */
    listWorkspaces: (): Promise<{ id: string; name: string }[]> =>
      db.workspace.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } }),

    async ensureWorkspace(id: string, name: string): Promise<void> {
      await db.workspace.upsert({ where: { id }, create: { id, name }, update: {} });
    },

    // ---- scope ----
    /**
     * What a request needs to know about its actor before anything else, in one statement (it used to be four):
     * whether the workspace row exists, the model version it has in force (Workspace.modelVersionId), the user's
     * language choice (UserPref, unique index), and what their scope is computed from, as one text value that changes
     * whenever the scope may: whether they are a WorkspaceManager (unique index), the workspace's teams (count, newest
     * createdAt and largest id: index on workspaceId) and the ordered ids of the teams they are a member of (index on
     * TeamMember.userId).
     */
    async actorState(workspaceId: string, userId: string): Promise<ActorState> {
      // The user's team ids as one ordered text value, so any join or leave changes it (both aggregate in order).
      const rows =
        provider === "postgresql"
          ? await db.$queryRaw<ActorStateRow[]>`SELECT
            CAST((SELECT COUNT(*) FROM "Workspace" WHERE "id" = ${workspaceId}) AS TEXT) AS "workspace",
            (SELECT "modelVersionId" FROM "Workspace" WHERE "id" = ${workspaceId}) AS "modelVersionId",
            (SELECT "locale" FROM "UserPref" WHERE "workspaceId" = ${workspaceId} AND "userId" = ${userId}) AS "locale",
            CAST((SELECT COUNT(*) FROM "WorkspaceManager" WHERE "workspaceId" = ${workspaceId} AND "userId" = ${userId}) AS TEXT) AS "manager",
            CAST((SELECT COUNT(*) FROM "Team" WHERE "workspaceId" = ${workspaceId}) AS TEXT) AS "teams",
            CAST((SELECT MAX("createdAt") FROM "Team" WHERE "workspaceId" = ${workspaceId}) AS TEXT) AS "teamsCreated",
            (SELECT MAX("id") FROM "Team" WHERE "workspaceId" = ${workspaceId}) AS "teamsMaxId",
            (SELECT string_agg("teamId", ',' ORDER BY "teamId") FROM "TeamMember" WHERE "userId" = ${userId}) AS "memberships"`
          : await db.$queryRaw<ActorStateRow[]>`SELECT
            CAST((SELECT COUNT(*) FROM "Workspace" WHERE "id" = ${workspaceId}) AS TEXT) AS "workspace",
            (SELECT "modelVersionId" FROM "Workspace" WHERE "id" = ${workspaceId}) AS "modelVersionId",
            (SELECT "locale" FROM "UserPref" WHERE "workspaceId" = ${workspaceId} AND "userId" = ${userId}) AS "locale",
            CAST((SELECT COUNT(*) FROM "WorkspaceManager" WHERE "workspaceId" = ${workspaceId} AND "userId" = ${userId}) AS TEXT) AS "manager",
            CAST((SELECT COUNT(*) FROM "Team" WHERE "workspaceId" = ${workspaceId}) AS TEXT) AS "teams",
            CAST((SELECT MAX("createdAt") FROM "Team" WHERE "workspaceId" = ${workspaceId}) AS TEXT) AS "teamsCreated",
            (SELECT MAX("id") FROM "Team" WHERE "workspaceId" = ${workspaceId}) AS "teamsMaxId",
            (SELECT group_concat("teamId", ',' ORDER BY "teamId") FROM "TeamMember" WHERE "userId" = ${userId}) AS "memberships"`;
      const row = rows[0];
      if (!row) throw new Error("actorState: the statement returned no row");
      return {
        workspace: row.workspace !== "0",
        modelVersionId: row.modelVersionId,
        locale: row.locale,
        manager: row.manager !== "0",
        scopeVersion: [
          row.manager,
          row.teams,
          row.teamsCreated ?? "",
          row.teamsMaxId ?? "",
          row.memberships ?? "",
        ].join("|"),
      };
    },

    /** The teams of the workspace (`memberId` null) or those `memberId` is a member of, by name. */
    teamsOf: (workspaceId: string, memberId: string | null): Promise<TeamRow[]> =>
      db.team.findMany({
        where: { workspaceId, ...(memberId === null ? {} : { members: { some: { userId: memberId } } }) },
        select: teamSelect,
        orderBy: { name: "asc" },
      }),

    async addManager(workspaceId: string, userId: string): Promise<void> {
      await db.workspaceManager.upsert({
        where: { workspaceId_userId: { workspaceId, userId } },
        create: { workspaceId, userId },
        update: {},
      });
    },

    async removeManager(workspaceId: string, userId: string): Promise<void> {
      await db.workspaceManager.deleteMany({ where: { workspaceId, userId } });
    },

    // ---- teams and their members ----
    insertTeam: (row: { workspaceId: string; channelId: string; name: string; createdBy: string }): Promise<TeamRow> =>
      db.team.create({ data: row, select: teamSelect }),

    findTeamByChannel: (workspaceId: string, channelId: string): Promise<TeamRow | null> =>
      db.team.findFirst({ where: { workspaceId, channelId }, select: teamSelect }),

    /** The team of a channel with when its member list was last synced (null: never). */
    async findTeamWithSync(
      workspaceId: string,
      channelId: string,
    ): Promise<(TeamRow & { syncedAt: Date | null }) | null> {
      const team = await db.team.findFirst({
        where: { workspaceId, channelId },
        select: { ...teamSelect, members: { select: { syncedAt: true }, take: 1, orderBy: { syncedAt: "desc" } } },
      });
      return team
        ? { id: team.id, name: team.name, channelId: team.channelId, syncedAt: team.members[0]?.syncedAt ?? null }
        : null;
    },

    async insertTeamAudit(row: TeamAuditRow): Promise<void> {
      await db.factChange.create({
        data: { ...row, accountId: null, entity: "team", field: "*", before: null },
      });
    },

    /** The team's stored import stage map (JSON text), null when none is set. */
    async findStageMap(teamId: string): Promise<string | null> {
      const row = await db.team.findUnique({ where: { id: teamId }, select: { importStageMap: true } });
      return row?.importStageMap ?? null;
    },

    /** Replaces the team's stage map (null: none) with its audit row, in one transaction; returns the map before. */
    async saveStageMap(
      team: { id: string; workspaceId: string },
      map: string | null,
      audit: Omit<TeamAuditRow, "workspaceId" | "entityId" | "after">,
    ): Promise<string | null> {
      return inTransaction(db, async (tx) => {
        const { importStageMap: before } = await tx.team.findUniqueOrThrow({
          where: { id: team.id },
          select: { importStageMap: true },
        });
        await tx.team.update({ where: { id: team.id }, data: { importStageMap: map } });
        await tx.factChange.create({
          data: {
            ...audit,
            workspaceId: team.workspaceId,
            accountId: null,
            entity: "team",
            entityId: team.id,
            field: "import_stage_map",
            before,
            after: map,
          },
        });
        return before;
      });
    },

    /** Makes the team's members exactly `userIds` (all stamped `syncedAt`), in one transaction. */
    async replaceMembers(teamId: string, userIds: readonly string[], syncedAt: Date): Promise<void> {
      const unique = [...new Set(userIds)];
      await inTransaction(db, async (tx) => {
        await tx.teamMember.deleteMany({ where: { teamId, userId: { notIn: unique } } });
        await tx.teamMember.updateMany({ where: { teamId }, data: { syncedAt } });
        const known = new Set(
          (await tx.teamMember.findMany({ where: { teamId }, select: { userId: true } })).map((m) => m.userId),
        );
        const added = unique.filter((u) => !known.has(u));
        if (added.length)
          await tx.teamMember.createMany({ data: added.map((userId) => ({ teamId, userId, syncedAt })) });
      });
    },

    async addMember(teamId: string, userId: string, syncedAt: Date): Promise<void> {
      await db.teamMember.upsert({
        where: { teamId_userId: { teamId, userId } },
        create: { teamId, userId, syncedAt },
        update: {},
      });
    },

    async removeMember(teamId: string, userId: string): Promise<void> {
      await db.teamMember.deleteMany({ where: { teamId, userId } });
    },

    // ---- user preferences ----
    async findLocale(workspaceId: string, userId: string): Promise<string | null> {
      const row = await db.userPref.findUnique({
        where: { workspaceId_userId: { workspaceId, userId } },
        select: { locale: true },
      });
      return row?.locale ?? null;
    },

    async upsertLocale(workspaceId: string, userId: string, locale: string | null): Promise<void> {
      await db.userPref.upsert({
        where: { workspaceId_userId: { workspaceId, userId } },
        create: { workspaceId, userId, locale },
        update: { locale },
      });
    },
  };
}

export type TeamsRepository = ReturnType<typeof createTeamsRepository>;
