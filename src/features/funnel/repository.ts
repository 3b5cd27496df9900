// The funnel's tables: Target, the team's open pipeline aggregated in SQL, won-to-date, and the closed history the
// stage rates are computed from (with the version that rates cache is keyed by). Every query of the funnel lives
// here. Reads of opportunities take a team the caller picked from the user's scope (or the team of an account read
// through the scope check); team ids are unique across workspaces, and where the workspace is at hand it is checked too.
import type { DbClient, Provider, Tx } from "../../store/index.js";

export interface TargetRow {
  period: string;
  periodStart: string;
  periodEnd: string;
  amount: bigint;
}

export interface StageTotalRow {
  stage: string;
  count: number;
  amount: bigint;
}

export interface ClosedOpportunityRow {
  id: string;
  stage: string;
  amount: bigint;
  finalAmount: bigint | null;
  createdDate: string;
  expectedCloseDate: string | null;
  stageHistory: { stage: string; enteredDate: string; amountAtEntry: bigint | null }[];
}

export interface TargetAuditRow {
  workspaceId: string;
  entityId: string;
  before: string | null;
  after: string;
  actorUserId: string;
  source: string;
  sourceRef: string | null;
  at: Date;
}

/** The team a query reads: picked from the user's scope, so it is in `workspaceId`. */
export interface TeamInWorkspace {
  workspaceId: string;
  teamId: string;
}

/** Every column is cast to text in SQL, so both providers return the same types (no bigint/Decimal/Date split). */
interface ClosedVersionRow {
  n: string;
  updated: string | null;
  amount: string | null;
  finalAmount: string | null;
  maxId: string | null;
}

const CLOSED = ["W", "L", "A"] as const;
const targetSelect = { period: true, periodStart: true, periodEnd: true, amount: true } as const;

async function inTransaction<T>(db: DbClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return "$transaction" in db ? db.$transaction(fn) : fn(db);
}

export function createFunnelRepository(db: DbClient, _provider: Provider) {
  const ofTeam = (t: TeamInWorkspace) => ({ account: { teamId: t.teamId, workspaceId: t.workspaceId } });
  return {
    // ---- targets ----
    findTarget: (teamId: string, period: string): Promise<TargetRow | null> =>
      db.target.findUnique({ where: { teamId_period: { teamId, period } }, select: targetSelect }),

    /** The target whose period contains `asOf` (the shortest-ending first, then by key). */
    findCurrentTarget: (teamId: string, asOf: string): Promise<TargetRow | null> =>
      db.target.findFirst({
        where: { teamId, periodStart: { lte: asOf }, periodEnd: { gte: asOf } },
        orderBy: [{ periodEnd: "desc" }, { period: "asc" }],
        select: targetSelect,
      }),

    /** Sets the target and writes its audit row, in one transaction. */
    async saveTarget(row: TargetRow & { teamId: string; createdBy: string }, audit: TargetAuditRow): Promise<void> {
      await inTransaction(db, async (tx) => {
        await tx.target.upsert({
          where: { teamId_period: { teamId: row.teamId, period: row.period } },
          create: row,
          update: { amount: row.amount },
        });
        await tx.factChange.create({ data: { ...audit, accountId: null, entity: "target", field: "amount" } });
      });
    },

    /** Creates the target unless the team already has one for the period (the demo's starting target). */
    async ensureTarget(row: TargetRow & { teamId: string; createdBy: string }): Promise<void> {
      await db.target.upsert({
        where: { teamId_period: { teamId: row.teamId, period: row.period } },
        create: row,
        update: {},
      });
    },

    // ---- the open pipeline and won deals ----
    /** Count and amount per stage among `stages`, closing by `periodEnd`: one GROUP BY. */
    async stageTotals(team: TeamInWorkspace, stages: readonly string[], periodEnd: string): Promise<StageTotalRow[]> {
      const groups = await db.opportunity.groupBy({
        by: ["stage"],
        where: { ...ofTeam(team), stage: { in: [...stages] }, expectedCloseDate: { lte: periodEnd } },
        _count: { _all: true },
        _sum: { amount: true },
      });
      return groups.map((g) => ({ stage: g.stage, count: g._count._all, amount: g._sum.amount ?? 0n }));
    },

    /**
     * Won in [start, end]: the final amounts, and the estimates of those without one. With `area`, only accounts of
     * that industry whose region code starts with `regionPrefix` (a segment's accounts, as segments/views membersOf).
     */
    async wonBetween(
      team: TeamInWorkspace,
      start: string,
      end: string,
      area?: { industry: string; regionPrefix: string },
    ): Promise<{ finalAmount: bigint; estimateWithoutFinal: bigint }> {
      const account = area
        ? { ...ofTeam(team).account, industry: area.industry, regionCode: { startsWith: area.regionPrefix } }
        : ofTeam(team).account;
      const where = { account, stage: "W", closedDate: { gte: start, lte: end } };
      const [won, noFinal] = await Promise.all([
        db.opportunity.aggregate({ where, _sum: { finalAmount: true } }),
        db.opportunity.aggregate({ where: { ...where, finalAmount: null }, _sum: { amount: true } }),
      ]);
      return { finalAmount: won._sum.finalAmount ?? 0n, estimateWithoutFinal: noFinal._sum.amount ?? 0n };
    },

    // ---- closed history (stage rates): by team id, as the rates are shared by every account of the team ----
    /** One page (by id, after `after`) of the team's closed opportunities closed in [since, before) or undated. */
    closedPage: (
      teamId: string,
      since: string,
      before: string,
      after: string | undefined,
      take: number,
    ): Promise<ClosedOpportunityRow[]> =>
      db.opportunity.findMany({
        where: {
          account: { teamId },
          stage: { in: [...CLOSED] },
          OR: [{ closedDate: null }, { closedDate: { gte: since, lt: before } }],
          ...(after === undefined ? {} : { id: { gt: after } }),
        },
        select: {
          id: true,
          stage: true,
          amount: true,
          finalAmount: true,
          createdDate: true,
          expectedCloseDate: true,
          stageHistory: {
            select: { stage: true, enteredDate: true, amountAtEntry: true },
            orderBy: [{ enteredDate: "asc" }, { id: "asc" }],
          },
        },
        orderBy: { id: "asc" },
        take,
      }),

    /**
     * What the team's closed history is, as one text value that changes whenever it does: over the team's closed
     * (W/L/A) opportunities, their count, largest id, newest updatedAt and summed amounts. A close, reopen, delete or
     * edit changes the count or updatedAt (a stage history row is only written with an update or insert of its
     * opportunity); the sums also catch edits written with a fixed clock. One statement, by the Account(teamId) and
     * Opportunity(accountId) indexes.
     */
    async closedHistoryVersion(teamId: string): Promise<string> {
      const [row] = await db.$queryRaw<ClosedVersionRow[]>`
        SELECT CAST(COUNT(*) AS TEXT) AS "n", CAST(MAX(o."updatedAt") AS TEXT) AS "updated",
               CAST(SUM(o."amount") AS TEXT) AS "amount", CAST(SUM(o."finalAmount") AS TEXT) AS "finalAmount", MAX(o."id") AS "maxId"
        FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
        WHERE a."teamId" = ${teamId} AND o."stage" IN ('W', 'L', 'A')`;
      if (!row) throw new Error("closedHistoryVersion: the version statement returned no row");
      return [row.n, row.updated ?? "", row.amount ?? "", row.finalAmount ?? "", row.maxId ?? ""].join("|");
    },
  };
}

export type FunnelRepository = ReturnType<typeof createFunnelRepository>;
