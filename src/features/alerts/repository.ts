// Every query of the alerts: the per-user switches (AlertSetting), the daily batches (AlertBatch, the RunTable of the
// digest's claim / lease protocol), a team's stale-days setting, and the detection statements. Detection reads the
// audit trail (FactChange), the score snapshots and the open deals of a whole workspace for one window, one grouped
// statement per kind whatever the number of accounts; only the rows that are alerts travel.
import { OPEN_STAGES, QUADRANTS } from "../../core/index.js";
import type { Quadrant } from "../../core/index.js";
import { isUniqueViolation, type DbClient, type Provider } from "../../store/index.js";
import { storedEnum } from "../../store/stored.js";
import { RUN_STATUSES, type RunPatch, type RunRecord, type RunStatus, type RunTable } from "../digest/records.js";
import { inList, join, num, sql, text, type DbNumber } from "../digest/sql.js";

const OPEN = inList(OPEN_STAGES);
const OPPOSED = inList(["-1", "-2"]);

/** The detection window: instants [since, until) for audit rows and snapshots, business days [sinceDay, untilDay). */
export interface AlertWindow {
  workspaceId: string;
  since: Date;
  until: Date;
  sinceDay: string;
  untilDay: string;
}

export interface SettingRecord {
  id: string;
  workspaceId: string;
  userId: string;
  off: string;
}

export interface AlertBatchRecord extends RunRecord {
  items: string | null;
  postedAt: Date | null;
}

interface DealSqlRow {
  id: string;
  name: string | null;
  accountId: string;
  account: string;
  userId: string | null;
  closeDate: string | null;
}
interface StaleSqlRow extends DealSqlRow {
  days: DbNumber;
}
const dealHit = (r: DealSqlRow, days: number): DealHit => ({
  userId: r.userId,
  dealId: r.id,
  deal: text(r.name),
  accountId: r.accountId,
  account: r.account,
  closeDate: r.closeDate,
  days,
});
interface QuadrantSqlRow {
  id: string;
  accountId: string;
  account: string;
  userId: string | null;
  before: string;
  after: string;
}
interface OpposedSqlRow {
  accountId: string;
  account: string;
  userId: string | null;
  contact: string | null;
  attitude: DbNumber;
}
interface ChangedSqlRow {
  accountId: string;
  account: string;
  userId: string;
  actor: string;
  field: string;
  n: DbNumber;
}

export interface DealHit {
  userId: string | null;
  dealId: string;
  deal: string;
  accountId: string;
  account: string;
  closeDate: string | null;
  days: number;
}
export interface QuadrantHit {
  userId: string | null;
  accountId: string;
  account: string;
  from: Quadrant;
  to: Quadrant;
}
export interface OpposedHit {
  userId: string | null;
  accountId: string;
  account: string;
  contact: string;
  attitude: number;
}
export interface ChangedHit {
  userId: string;
  accountId: string;
  account: string;
  actor: string;
  field: string;
  changes: number;
}
export interface TeamStaleDays {
  id: string;
  name: string;
  staleDays: number | null;
}

const batchRecord = (r: {
  id: string;
  settingId: string;
  periodKey: string;
  status: string;
  claimedBy: string;
  claimedAt: Date;
  leaseUntil: Date;
  attempts: number;
  messageTs: string | null;
  postedAt: Date | null;
  items: string | null;
}): AlertBatchRecord => ({
  id: r.id,
  subscriptionId: r.settingId,
  periodKey: r.periodKey,
  status: storedEnum(RUN_STATUSES, r.status, { table: "AlertBatch", rowId: r.id, column: "status" }),
  claimedBy: r.claimedBy,
  claimedAt: r.claimedAt,
  leaseUntil: r.leaseUntil,
  attempts: r.attempts,
  messageTs: r.messageTs,
  postedAt: r.postedAt,
  items: r.items,
});

export function createAlertsRepository(db: DbClient, provider: Provider) {
  const query = <R>(statement: ReturnType<typeof sql>): Promise<R[]> => db.$queryRaw<R[]>(statement);
  // PostgreSQL types a bare parameter in a SELECT list as text; instants must compare as timestamps.
  const instant = (t: Date) => (provider === "postgresql" ? sql`CAST(${t} AS TIMESTAMP(3))` : sql`${t}`);
  const owner = sql`COALESCE(o."ownerUserId", a."ownerUserId")`;

  const batches: RunTable = {
    async insertRun(data) {
      try {
        const { subscriptionId, ...rest } = data;
        return batchRecord(
          await db.alertBatch.create({ data: { ...rest, settingId: subscriptionId, status: "claimed", attempts: 1 } }),
        );
      } catch (e) {
        if (isUniqueViolation(e)) return null;
        throw e;
      }
    },
    async findRun(settingId, periodKey) {
      const row = await db.alertBatch.findUnique({ where: { settingId_periodKey: { settingId, periodKey } } });
      return row ? batchRecord(row) : null;
    },
    async takeOverRun(run, unfinished: readonly RunStatus[], now, owner, leaseUntil) {
      const { count } = await db.alertBatch.updateMany({
        where: { id: run.id, attempts: run.attempts, status: { in: [...unfinished] }, leaseUntil: { lte: now } },
        data: { claimedBy: owner, leaseUntil, attempts: { increment: 1 } },
      });
      return count === 1;
    },
    async updateOwnedRun(token, patch: RunPatch) {
      const { count } = await db.alertBatch.updateMany({
        where: { id: token.id, claimedBy: token.owner, attempts: token.attempts },
        data: patch,
      });
      return count === 1;
    },
    async releaseOwnedRuns(owner, unfinished, now, except) {
      const { count } = await db.alertBatch.updateMany({
        where: {
          claimedBy: owner,
          status: { in: [...unfinished] },
          leaseUntil: { gt: now },
          ...(except.length > 0 ? { id: { notIn: [...except] } } : {}),
        },
        data: { leaseUntil: now },
      });
      return count;
    },
  };

  return {
    batches,

    // ---- settings ----

    async findSetting(workspaceId: string, userId: string): Promise<SettingRecord | null> {
      return db.alertSetting.findUnique({
        where: { workspaceId_userId: { workspaceId, userId } },
        select: { id: true, workspaceId: true, userId: true, off: true },
      });
    },

    /** The user's row, created (every kind on) when missing; concurrent creators end with the same row. */
    async ensureSetting(workspaceId: string, userId: string): Promise<SettingRecord> {
      return db.alertSetting.upsert({
        where: { workspaceId_userId: { workspaceId, userId } },
        create: { workspaceId, userId },
        update: {},
        select: { id: true, workspaceId: true, userId: true, off: true },
      });
    },

    /** Writes the switches and their audit row in one transaction. */
    async saveOff(
      workspaceId: string,
      userId: string,
      off: string,
      audit: { before: string; actorUserId: string; source: string; sourceRef: string | null; at: Date },
    ): Promise<void> {
      const write = async (tx: DbClient) => {
        const row = await tx.alertSetting.upsert({
          where: { workspaceId_userId: { workspaceId, userId } },
          create: { workspaceId, userId, off },
          update: { off },
          select: { id: true },
        });
        await tx.factChange.create({
          data: {
            workspaceId,
            accountId: null,
            entity: "alert_setting",
            entityId: row.id,
            field: "off",
            before: JSON.stringify(audit.before),
            after: JSON.stringify(off),
            actorUserId: audit.actorUserId,
            source: audit.source,
            sourceRef: audit.sourceRef,
            at: audit.at,
          },
        });
      };
      if ("$transaction" in db) await db.$transaction((tx) => write(tx));
      else await write(db);
    },

    async settingsOf(workspaceId: string): Promise<SettingRecord[]> {
      return db.alertSetting.findMany({
        where: { workspaceId },
        select: { id: true, workspaceId: true, userId: true, off: true },
      });
    },

    // ---- teams ----

    async teamsOf(workspaceId: string): Promise<TeamStaleDays[]> {
      const rows = await db.team.findMany({
        where: { workspaceId },
        select: { id: true, name: true, alertStaleDays: true },
        orderBy: { id: "asc" },
      });
      return rows.map((r) => ({ id: r.id, name: r.name, staleDays: r.alertStaleDays }));
    },

    /** Sets a team's stale days (null = the default) with its audit row, in one transaction. */
    async saveStaleDays(
      team: { id: string; workspaceId: string },
      days: number | null,
      audit: { actorUserId: string; source: string; sourceRef: string | null; at: Date },
    ): Promise<number | null> {
      const write = async (tx: DbClient) => {
        const before = await tx.team.findUniqueOrThrow({ where: { id: team.id }, select: { alertStaleDays: true } });
        await tx.team.update({ where: { id: team.id }, data: { alertStaleDays: days } });
        await tx.factChange.create({
          data: {
            workspaceId: team.workspaceId,
            accountId: null,
            entity: "team",
            entityId: team.id,
            field: "alert_stale_days",
            before: before.alertStaleDays === null ? null : JSON.stringify(before.alertStaleDays),
            after: days === null ? null : JSON.stringify(days),
            ...audit,
          },
        });
        return before.alertStaleDays;
      };
      return "$transaction" in db ? db.$transaction((tx) => write(tx)) : write(db);
    },

    /** Owners of the team's accounts (the reps a team-wide alert goes to). */
    async ownersOfTeam(teamId: string): Promise<string[]> {
      const rows = await db.account.findMany({
        where: { teamId, ownerUserId: { not: null } },
        select: { ownerUserId: true },
        distinct: ["ownerUserId"],
      });
      return rows.map((r) => r.ownerUserId).filter((u): u is string => u !== null);
    },

    /** Teams of the workspace with a target whose period contains `day`. */
    async teamsWithTargetOn(
      workspaceId: string,
      day: string,
    ): Promise<{ id: string; name: string; channelId: string }[]> {
      return db.team.findMany({
        where: { workspaceId, targets: { some: { periodStart: { lte: day }, periodEnd: { gte: day } } } },
        select: { id: true, name: true, channelId: true },
        orderBy: { id: "asc" },
      });
    },

    /** Workspaces with at least one team (where alerts can arise). */
    async workspacesWithTeams(): Promise<string[]> {
      const rows = await db.team.findMany({ select: { workspaceId: true }, distinct: ["workspaceId"] });
      return rows.map((r) => r.workspaceId).sort();
    },

    // ---- batches ----

    /** The workspace's batches of one day (one query per tick: which users are done). */
    async batchesOn(workspaceId: string, periodKey: string): Promise<(AlertBatchRecord & { userId: string })[]> {
      const rows = await db.alertBatch.findMany({
        where: { periodKey, setting: { workspaceId } },
        include: { setting: { select: { userId: true } } },
      });
      return rows.map((r) => ({ ...batchRecord(r), userId: r.setting.userId }));
    },

    /** The latest day before `day` on which the workspace sent a batch (where the next window starts), or null. */
    async lastBatchDayBefore(workspaceId: string, day: string): Promise<string | null> {
      const row = await db.alertBatch.findFirst({
        where: { periodKey: { lt: day }, setting: { workspaceId } },
        orderBy: { periodKey: "desc" },
        select: { periodKey: true },
      });
      return row?.periodKey ?? null;
    },

    /** What a batch carries, as its first owner recorded it (null before that). */
    async batchItems(id: string): Promise<string | null> {
      return (await db.alertBatch.findUnique({ where: { id }, select: { items: true } }))?.items ?? null;
    },

    /** Records what the batch carries (only its current owner can). */
    async setBatchItems(token: { id: string; owner: string; attempts: number }, items: string): Promise<boolean> {
      const { count } = await db.alertBatch.updateMany({
        where: { id: token.id, claimedBy: token.owner, attempts: token.attempts },
        data: { items },
      });
      return count === 1;
    },

    // ---- detection (one statement per kind for the whole workspace) ----

    /** Open deals whose expected close date passed inside the window. */
    async overdueDeals(w: AlertWindow): Promise<DealHit[]> {
      const rows = await query<DealSqlRow>(sql`
        SELECT o."id", o."name", a."id" AS "accountId", a."name" AS "account", ${owner} AS "userId",
          o."expectedCloseDate" AS "closeDate"
        FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
        WHERE a."workspaceId" = ${w.workspaceId} AND a."teamId" IS NOT NULL AND o."stage" IN ${OPEN}
          AND o."expectedCloseDate" >= ${w.sinceDay} AND o."expectedCloseDate" < ${w.untilDay}
        ORDER BY o."expectedCloseDate", o."id"`);
      return rows.map((r) => dealHit(r, 0));
    },

    /**
     * Open deals whose last touch (latest audit row of the deal, else its creation) crossed the team's stale days
     * inside the window: touched in [since − N, until − N). `bounds` gives each team's N as those two instants.
     */
    async staleDeals(
      w: AlertWindow,
      bounds: readonly { teamId: string; days: number; from: Date; to: Date }[],
    ): Promise<DealHit[]> {
      if (bounds.length === 0) return [];
      const values = join(
        bounds.map(
          (b) =>
            sql`SELECT ${b.teamId} AS "teamId", ${b.days} AS "days", ${instant(b.from)} AS "lo", ${instant(b.to)} AS "hi"`,
        ),
        " UNION ALL ",
      );
      const rows = await query<StaleSqlRow>(sql`
        WITH bounds AS (${values}),
        touched AS (
          SELECT o."id", o."name", a."id" AS "accountId", a."name" AS "account", ${owner} AS "userId",
            o."expectedCloseDate" AS "closeDate", a."teamId",
            COALESCE(MAX(fc."at"), o."createdAt") AS "last"
          FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
          LEFT JOIN "FactChange" fc ON fc."accountId" = a."id" AND fc."entity" = 'opportunity' AND fc."entityId" = o."id"
          WHERE a."workspaceId" = ${w.workspaceId} AND o."stage" IN ${OPEN}
          GROUP BY o."id", o."name", a."id", a."name", o."ownerUserId", a."ownerUserId", o."expectedCloseDate",
            a."teamId", o."createdAt"
        )
        SELECT t."id", t."name", t."accountId", t."account", t."userId", t."closeDate", b."days"
        FROM touched t JOIN bounds b ON b."teamId" = t."teamId"
        WHERE t."last" >= b."lo" AND t."last" < b."hi"
        ORDER BY t."id"`);
      return rows.map((r) => dealHit(r, num(r.days)));
    },

    /** Accounts whose latest score snapshot in the window has another quadrant than the latest one before it. */
    async quadrantChanges(w: AlertWindow): Promise<QuadrantHit[]> {
      const rows = await query<QuadrantSqlRow>(sql`
        WITH moved AS (
          SELECT DISTINCT s."accountId" FROM "ScoreSnapshot" s
          WHERE s."workspaceId" = ${w.workspaceId} AND s."takenAt" >= ${w.since} AND s."takenAt" < ${w.until}
        ), ranked AS (
          SELECT s."id", s."accountId", s."quadrant",
            CASE WHEN s."takenAt" < ${w.since} THEN 0 ELSE 1 END AS "side",
            ROW_NUMBER() OVER (
              PARTITION BY s."accountId", CASE WHEN s."takenAt" < ${w.since} THEN 0 ELSE 1 END
              ORDER BY s."takenAt" DESC, s."id" DESC
            ) AS "rn"
          FROM "ScoreSnapshot" s JOIN moved m ON m."accountId" = s."accountId"
          WHERE s."takenAt" < ${w.until}
        )
        SELECT n."id", a."id" AS "accountId", a."name" AS "account", a."ownerUserId" AS "userId",
          b."quadrant" AS "before", n."quadrant" AS "after"
        FROM ranked n
        JOIN ranked b ON b."accountId" = n."accountId" AND b."side" = 0 AND b."rn" = 1
        JOIN "Account" a ON a."id" = n."accountId"
        WHERE n."side" = 1 AND n."rn" = 1 AND n."quadrant" <> b."quadrant" AND a."teamId" IS NOT NULL
        ORDER BY a."id"`);
      return rows.map((r) => ({
        userId: r.userId,
        accountId: r.accountId,
        account: r.account,
        from: storedEnum(QUADRANTS, r.before, { table: "ScoreSnapshot", rowId: r.accountId, column: "quadrant" }),
        to: storedEnum(QUADRANTS, r.after, { table: "ScoreSnapshot", rowId: r.id, column: "quadrant" }),
      }));
    },

    /** Economic buyers (as they are now, and opposed now) whose attitude turned negative inside the window, or who
     *  were entered in it (a new contact's one creation row holds its attitude; the contact says it now). */
    async opposedBuyers(w: AlertWindow): Promise<OpposedHit[]> {
      const rows = await query<OpposedSqlRow>(sql`
        SELECT DISTINCT a."id" AS "accountId", a."name" AS "account", a."ownerUserId" AS "userId",
          c."name" AS "contact", c."attitude"
        FROM "FactChange" fc
        JOIN "Contact" c ON c."id" = fc."entityId"
        JOIN "Account" a ON a."id" = c."accountId"
        WHERE fc."workspaceId" = ${w.workspaceId} AND fc."at" >= ${w.since} AND fc."at" < ${w.until}
          AND fc."entity" = 'contact'
          AND ((fc."field" = 'attitude' AND fc."after" IN ${OPPOSED} AND (fc."before" IS NULL OR fc."before" NOT IN ${OPPOSED}))
            OR (fc."field" = '*' AND fc."before" IS NULL))
          AND c."role" = 'economic_buyer' AND c."attitude" < 0 AND a."teamId" IS NOT NULL
        ORDER BY a."id", c."name"`);
      return rows.map((r) => ({
        userId: r.userId,
        accountId: r.accountId,
        account: r.account,
        contact: text(r.contact),
        attitude: num(r.attitude),
      }));
    },

    /** Per account, changed field and actor: audit rows of the window written by someone other than the owner. */
    async changesByOthers(w: AlertWindow): Promise<ChangedHit[]> {
      const rows = await query<ChangedSqlRow>(sql`
        SELECT a."id" AS "accountId", a."name" AS "account", a."ownerUserId" AS "userId",
          fc."actorUserId" AS "actor", fc."field", COUNT(*) AS "n"
        FROM "FactChange" fc JOIN "Account" a ON a."id" = fc."accountId"
        WHERE fc."workspaceId" = ${w.workspaceId} AND fc."at" >= ${w.since} AND fc."at" < ${w.until}
          AND a."ownerUserId" IS NOT NULL AND fc."actorUserId" <> a."ownerUserId" AND fc."source" <> 'system'
          AND a."teamId" IS NOT NULL
        GROUP BY a."id", a."name", a."ownerUserId", fc."actorUserId", fc."field"
        ORDER BY a."id", fc."actorUserId", fc."field"`);
      return rows.map((r) => ({
        userId: r.userId,
        accountId: r.accountId,
        account: r.account,
        actor: r.actor,
        field: r.field,
        changes: num(r.n),
      }));
    },
  };
}

export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
