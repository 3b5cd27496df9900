// The calibration feature's queries (METHOD §6, §10.4): the observations of the feedback loop, aggregated in SQL so the
// number of statements does not depend on the number of accounts, and the per-workspace model versions.
//
// Written once for both providers: quoted identifiers, calendar dates as 'YYYY-MM-DD' text (SUBSTR and || exist on both),
// window functions (SQLite ≥ 3.25 and PostgreSQL), no provider-specific functions.
import { randomUUID } from "node:crypto";
import { FACT_CHANGE_COLUMNS, SCORE_SNAPSHOT_COLUMNS } from "../accounts/write-rows.js";
// `raw` only splices table aliases written here, never input.
import { join, raw, sqltag as sql } from "@prisma/client/runtime/client";
import type { DbClient, Provider } from "../../store/index.js";
import { insertRows } from "../../store/index.js";
import {
  CLOSED_STAGES,
  OPEN_STAGES,
  STAGES,
  type ClosedStage,
  type OpenStage,
  type OpportunityHistory,
  type Stage,
} from "../../core/index.js";
import { storedEnum } from "../../store/stored.js";

export const MODEL_VERSION_KINDS = ["adopt", "keep", "revert"] as const;
export type ModelVersionKind = (typeof MODEL_VERSION_KINDS)[number];

/** A ModelVersion row as stored (JSON columns still text). */
export type ModelVersionRow = {
  id: string;
  workspaceId: string;
  kind: ModelVersionKind;
  label: string;
  basedOn: string;
  weights: string;
  yWeights: string;
  rates: string;
  report: string | null;
  adoptedBy: string;
  adoptedAt: Date;
};

/** Where the observations come from: a workspace, optionally one team of it. */
export interface ObservationScope {
  workspaceId: string;
  teamId: string | null;
}

export interface OpportunityObservationRow {
  id: string;
  stage: OpenStage;
  outcome: ClosedStage;
  closeReason: string | null;
}

export interface AccountObservationRow {
  accountId: string;
  scoredOn: string;
  cv: number;
  pt: number;
  sf: number;
  ra: number;
  wins: number;
  wonAmount: number;
}

/** One annual scoring date: the scores known before `cutoff` (of the last `since`…cutoff) and wins in (date, until]. */
export interface ScoringDate {
  date: string;
  since: Date;
  cutoff: Date;
  until: string;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : typeof v === "number" ? v : Number(String(v)));
const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const stageOf = (value: unknown, table: string, rowId: string): Stage =>
  storedEnum(STAGES, value, { table, rowId, column: "stage" });
/** A ModelVersion row as Prisma returns it, its kind checked against the kinds this build knows. */
const versionOf = <R extends Omit<ModelVersionRow, "kind"> & { kind: string }>(row: R): ModelVersionRow => ({
  ...row,
  kind: storedEnum(MODEL_VERSION_KINDS, row.kind, { table: "ModelVersion", rowId: row.id, column: "kind" }),
});
type Row = Record<string, unknown>;

const MODEL_VERSION_COLUMNS = [
  "id",
  "workspaceId",
  "kind",
  "label",
  "basedOn",
  "weights",
  "yWeights",
  "rates",
  "report",
  "adoptedBy",
  "adoptedAt",
] as const;

export type FactChangeRow = Record<(typeof FACT_CHANGE_COLUMNS)[number], string | Date | null>;

export type ScoreSnapshotRow = Record<(typeof SCORE_SNAPSHOT_COLUMNS)[number], string | number | Date | null>;

export function createCalibrationRepository(db: DbClient, provider: Provider) {
  const inScope = (scope: ObservationScope, alias: string) =>
    scope.teamId === null
      ? sql`${raw(alias)}."workspaceId" = ${scope.workspaceId}`
      : sql`${raw(alias)}."workspaceId" = ${scope.workspaceId} AND ${raw(alias)}."teamId" = ${scope.teamId}`;

  return {
    provider,

    /**
     * §6.3: one row per opportunity closed on or before `asOf`, with its stage at the first weekly snapshot of the
     * quarter in which it was last open (the quarter of its last snapshot; normally the quarter it closed in). One
     * statement. Opportunities never snapshotted while open have no observation.
     */
    async opportunityObservations(scope: ObservationScope, asOf: string): Promise<OpportunityObservationRow[]> {
      const quarterStart = sql`SUBSTR(l."lastAsOf", 1, 5) || CASE WHEN SUBSTR(l."lastAsOf", 6, 2) <= '03' THEN '01-01'
        WHEN SUBSTR(l."lastAsOf", 6, 2) <= '06' THEN '04-01' WHEN SUBSTR(l."lastAsOf", 6, 2) <= '09' THEN '07-01' ELSE '10-01' END`;
      const result = await db.$queryRaw<Row[]>(sql`
        WITH closed AS (
          SELECT o."id", o."stage" AS "outcome", o."closeReason"
          FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
          WHERE ${inScope(scope, "a")} AND o."stage" IN ('W', 'L', 'A') AND o."closedDate" IS NOT NULL AND o."closedDate" <= ${asOf}
        ), last AS (
          SELECT ps."opportunityId", MAX(ps."asOf") AS "lastAsOf"
          FROM "PipelineSnapshot" ps JOIN closed c ON c."id" = ps."opportunityId"
          WHERE ps."asOf" <= ${asOf}
          GROUP BY ps."opportunityId"
        ), firstq AS (
          SELECT ps."opportunityId", MIN(ps."asOf") AS "firstAsOf"
          FROM "PipelineSnapshot" ps JOIN last l ON l."opportunityId" = ps."opportunityId"
          WHERE ps."asOf" >= ${quarterStart} AND ps."asOf" <= l."lastAsOf"
          GROUP BY ps."opportunityId"
        )
        SELECT c."id", c."outcome", c."closeReason", MIN(ps."stage") AS "stage", MIN(ps."id") AS "psId"
        FROM closed c
        JOIN firstq f ON f."opportunityId" = c."id"
        JOIN "PipelineSnapshot" ps ON ps."opportunityId" = c."id" AND ps."asOf" = f."firstAsOf"
        GROUP BY c."id", c."outcome", c."closeReason"
        ORDER BY c."id"`);
      return result.map((r) => {
        const id = text(r.id);
        return {
          id,
          closeReason: textOrNull(r.closeReason),
          stage: storedEnum(OPEN_STAGES, r.stage, { table: "PipelineSnapshot", rowId: text(r.psId), column: "stage" }),
          outcome: storedEnum(CLOSED_STAGES, r.outcome, { table: "Opportunity", rowId: id, column: "stage" }),
        };
      });
    },

    /**
     * §6.2: per account of the scope and scoring date, its last score snapshot in [since, cutoff) and its won
     * opportunities closed in (date, until]: count and Σ final amount (the amount when none was recorded). One
     * statement however many accounts and dates.
     */
    async accountObservations(
      scope: ObservationScope,
      dates: readonly ScoringDate[],
    ): Promise<AccountObservationRow[]> {
      if (dates.length === 0) return [];
      // PostgreSQL types a bare parameter in a SELECT list as text; the instants must compare as timestamps.
      const at = (t: Date) => (provider === "postgresql" ? sql`CAST(${t} AS TIMESTAMP(3))` : sql`${t}`);
      const values = join(
        dates.map(
          (d) =>
            sql`SELECT ${d.date} AS "d", ${at(d.since)} AS "since", ${at(d.cutoff)} AS "cutoff", ${d.until} AS "until"`,
        ),
        " UNION ALL ",
      );
      const result = await db.$queryRaw<Row[]>(sql`
        WITH dates AS (${values}),
        ranked AS (
          SELECT s."accountId", dt."d", dt."until", s."cv", s."pt", s."sf", s."ra",
            ROW_NUMBER() OVER (PARTITION BY s."accountId", dt."d" ORDER BY s."takenAt" DESC, s."id" DESC) AS "rn"
          FROM "ScoreSnapshot" s
          JOIN "Account" a ON a."id" = s."accountId"
          JOIN dates dt ON s."takenAt" >= dt."since" AND s."takenAt" < dt."cutoff"
          WHERE ${inScope(scope, "a")}
        ), obs AS (
          SELECT "accountId", "d", "until", "cv", "pt", "sf", "ra" FROM ranked WHERE "rn" = 1
        ), wins AS (
          SELECT obs."accountId", obs."d", COUNT(*) AS "wins", SUM(COALESCE(o."finalAmount", o."amount")) AS "wonAmount"
          FROM obs JOIN "Opportunity" o ON o."accountId" = obs."accountId"
          WHERE o."stage" = 'W' AND o."closedDate" > obs."d" AND o."closedDate" <= obs."until"
          GROUP BY obs."accountId", obs."d"
        )
        SELECT obs."accountId", obs."d", obs."cv", obs."pt", obs."sf", obs."ra", w."wins", w."wonAmount"
        FROM obs LEFT JOIN wins w ON w."accountId" = obs."accountId" AND w."d" = obs."d"
        ORDER BY obs."accountId", obs."d"`);
      return result.map((r) => ({
        accountId: text(r.accountId),
        scoredOn: text(r.d),
        cv: num(r.cv),
        pt: num(r.pt),
        sf: num(r.sf),
        ra: num(r.ra),
        wins: num(r.wins),
        wonAmount: num(r.wonAmount),
      }));
    },

    /** The §5.2 closed cohort of the scope (closed in the 12 months before `asOf`) with stage histories, one statement. */
    async closedCohort(scope: ObservationScope, since: string, asOf: string): Promise<OpportunityHistory[]> {
      const result = await db.$queryRaw<Row[]>(sql`
        SELECT o."id", o."stage", o."amount", o."finalAmount", o."createdDate", o."expectedCloseDate",
          sc."id" AS "h_id", sc."stage" AS "h_stage", sc."enteredDate" AS "h_date", sc."amountAtEntry" AS "h_amount"
        FROM "Opportunity" o
        JOIN "Account" a ON a."id" = o."accountId"
        LEFT JOIN "StageChange" sc ON sc."opportunityId" = o."id"
        WHERE ${inScope(scope, "a")} AND o."stage" IN ('W', 'L', 'A') AND o."closedDate" >= ${since} AND o."closedDate" < ${asOf}
        ORDER BY o."id" ASC, sc."enteredDate" ASC, sc."id" ASC`);
      const out: OpportunityHistory[] = [];
      let current: OpportunityHistory | undefined;
      for (const r of result) {
        const id = text(r.id);
        if (current?.id !== id) {
          current = {
            id,
            stage: stageOf(r.stage, "Opportunity", id),
            amount: num(r.amount),
            expected_close_date: textOrNull(r.expectedCloseDate),
            created_date: textOrNull(r.createdDate),
            final_amount: r.finalAmount === null || r.finalAmount === undefined ? null : num(r.finalAmount),
            stage_history: [],
          };
          out.push(current);
        }
        if (r.h_stage !== null && r.h_stage !== undefined) {
          current.stage_history.push({
            stage: stageOf(r.h_stage, "StageChange", text(r.h_id)),
            entered_date: text(r.h_date),
            amount_at_entry: r.h_amount === null || r.h_amount === undefined ? null : num(r.h_amount),
          });
        }
      }
      return out;
    },

    /** The version in force: the row Workspace.modelVersionId points at (null: v1-default, or no workspace). */
    async versionInForce(
      workspaceId: string,
    ): Promise<{ pointer: string | null; row: ModelVersionRow | null; exists: boolean }> {
      const ws = await db.workspace.findUnique({ where: { id: workspaceId }, select: { modelVersionId: true } });
      if (!ws) return { pointer: null, row: null, exists: false };
      if (ws.modelVersionId === null) return { pointer: null, row: null, exists: true };
      const row = await db.modelVersion.findUnique({ where: { id: ws.modelVersionId } });
      return { pointer: ws.modelVersionId, row: row ? versionOf(row) : null, exists: true };
    },

    /** The version a Workspace.modelVersionId read elsewhere points at (see `versionInForce`). */
    async versionPointedAt(pointer: string): Promise<ModelVersionRow | null> {
      const row = await db.modelVersion.findUnique({ where: { id: pointer } });
      return row ? versionOf(row) : null;
    },

    async findVersion(workspaceId: string, id: string): Promise<ModelVersionRow | null> {
      const row = await db.modelVersion.findFirst({ where: { id, workspaceId } });
      return row ? versionOf(row) : null;
    },

    /** The adopted version a label names (labels are what people see and type: v2-2026-12-08). */
    async findAdoptedByLabel(workspaceId: string, label: string): Promise<ModelVersionRow | null> {
      const row = await db.modelVersion.findFirst({ where: { workspaceId, label, kind: "adopt" } });
      return row ? versionOf(row) : null;
    },

    /** Every decision of the workspace, newest first. */
    async listVersions(workspaceId: string): Promise<ModelVersionRow[]> {
      const rows = await db.modelVersion.findMany({
        where: { workspaceId },
        orderBy: [{ adoptedAt: "desc" }, { id: "desc" }],
      });
      return rows.map(versionOf);
    },

    countAdoptions(workspaceId: string): Promise<number> {
      return db.modelVersion.count({ where: { workspaceId, kind: "adopt" } });
    },

    async insertVersion(row: Omit<ModelVersionRow, "id"> & { id?: string }): Promise<ModelVersionRow> {
      const full: ModelVersionRow = { ...row, id: row.id ?? randomUUID() };
      await insertRows(db, "ModelVersion", MODEL_VERSION_COLUMNS, [full]);
      return full;
    },

    /** An audit row (FactChange, entity model_version): who changed the model in force, from what to what. */
    async insertAudit(row: FactChangeRow): Promise<void> {
      await insertRows(db, "FactChange", FACT_CHANGE_COLUMNS, [row]);
    },

    /** Score snapshot rows written by a re-scoring (all columns given, see accounts/snapshots scoreRow). */
    insertScoreSnapshots(rows: readonly ScoreSnapshotRow[]): Promise<number> {
      return insertRows(db, "ScoreSnapshot", SCORE_SNAPSHOT_COLUMNS, rows);
    },

    /**
     * Compare-and-set of the pointer: moves it to `next` only if it still is `expected` (null = v1-default). Returns
     * whether it moved. On PostgreSQL a concurrent transaction's UPDATE of the row waits for ours and then re-reads
     * the condition, so of two racing adoptions from the same version exactly one moves it.
     */
    async movePointer(workspaceId: string, expected: string | null, next: string | null): Promise<boolean> {
      const r = await db.workspace.updateMany({
        where: { id: workspaceId, modelVersionId: expected },
        data: { modelVersionId: next },
      });
      return r.count === 1;
    },
  };
}

export type CalibrationRepository = ReturnType<typeof createCalibrationRepository>;
