// Every query of the weekly digest: its own tables (TeamSnapshot, PipelineSnapshot, ScoreSnapshot, DigestSubscription,
// DigestRun) and the aggregates it reads over a team's accounts and opportunities. Raw SQL is written once for both
// providers (see sql.ts); each statement declares the row it returns, and every value is decoded here — numbers
// through `num`, enumerations through `storedEnum` (an unknown stored value is an error naming table, row and value).
//
// The aggregates are what keep a digest at a fixed number of statements (at most 17) whatever the portfolio size:
// GROUP BY, windowed totals, top-N lists; the only rows that travel are the opportunities whose snapshot row changed.
import { addMonths, CLOSED_STAGES, createdFacts, OPEN_STAGES, QUADRANTS, SOURCES, STAGES } from "../../core/index.js";
import { decodeFactValue, SCORE_SNAPSHOT_COLUMNS } from "../accounts/write-rows.js";
import type { OpenStage, OpportunityHistory, Stage } from "../../core/index.js";
import { LOCALES } from "../../i18n/index.js";
import { insertRows, isUniqueViolation, type DbClient, type Provider, type Tx } from "../../store/index.js";
import { toAggregate, type AccountAggregate } from "../accounts/repository.js";
import type {
  ActiveSubscription,
  ChangedOpportunity,
  MatrixPoint,
  PipelineRow,
  QuadrantCount,
  RiskItem,
  RiskList,
  RunPatch,
  RunRecord,
  RunStatus,
  ScheduleSettings,
  SegmentAreaRow,
  SegmentMoveRow,
  ScoreChange,
  ScorePoint,
  SnapshotRef,
  SnapshotWeek,
  SourceCount,
  StageTotalRow,
  SubscriptionRecord,
  WonFigures,
} from "./records.js";
import { RUN_STATUSES } from "./records.js";
import { inList, join, num, numOrNull, raw, sql, text, type DbNumber } from "./sql.js";
import type { SnapshotStats } from "./stats.js";
import { storedEnum } from "../../store/stored.js";

/** A deal without an expected close date is in no period's pipeline (SQL's NULL ≤ end is not true either). */
const NO_CLOSE_DATE = "9999-12-31";
const OPEN = inList(OPEN_STAGES);
const LATE = inList(["S4", "S5"]);

const at = (table: string, rowId: string, column: string) => ({ table, rowId, column });

// ---- row shapes of the raw statements ----

interface StageTotalSqlRow {
  k: string;
  stage: string;
  id: string;
  n: DbNumber;
  amount: DbNumber;
  published: DbNumber;
}
interface ChangedSqlRow {
  id: string;
  s0: string | null;
  a0: DbNumber;
  d0: string | null;
  s1: string | null;
  a1: DbNumber;
  d1: string | null;
  live: string | null;
  live_amount: DbNumber;
  live_d: string | null;
  created: string | null;
  name: string | null;
  account: string | null;
  account_id: string | null;
  /** for one created and closed between the snapshots: the last open stage it entered */
  last_open: string | null;
}
interface WonSqlRow {
  to_date: DbNumber;
  to_date_prev: DbNumber;
  won_n: DbNumber;
  won_amount: DbNumber;
  lost_n: DbNumber;
  abandoned_n: DbNumber;
}
interface SourceSqlRow {
  source: string;
  id: string;
  n: DbNumber;
  amount: DbNumber;
}
interface RiskSqlRow {
  id: string;
  name: string | null;
  account: string | null;
  account_id: string;
  stage: string;
  amount: DbNumber;
  total: DbNumber;
  total_amount: DbNumber;
}
interface StalledSqlRow extends RiskSqlRow {
  entered: string | null;
}
interface OverdueSqlRow extends RiskSqlRow {
  d: string | null;
}
interface FlaggedSqlRow extends RiskSqlRow {
  unqualified: DbNumber;
  no_budget: DbNumber;
  eb_missing: DbNumber;
  eb_opposed: DbNumber;
}
interface UnqualifiedSqlRow extends RiskSqlRow {
  q: DbNumber;
}
interface SegmentAreaSqlRow {
  kind: string;
  industry: string | null;
  region: string | null;
  stage: string | null;
  id: string;
  n: DbNumber;
  amount: DbNumber;
}
interface SegmentMoveSqlRow {
  industry: string | null;
  region: string | null;
  id: string;
  name: string | null;
  q0: string;
  q1: string;
  dv: DbNumber;
  total: DbNumber;
}
interface QuadrantSqlRow {
  k: string;
  quadrant: string;
  id: string;
  provisional: DbNumber;
  n: DbNumber;
}
const SCORE_FIELDS = [
  "cv",
  "pt",
  "sf",
  "ra",
  "x",
  "y",
  "v",
  "quadrant",
  "tier",
  "confidence",
  "completeness",
  "completenessCv",
  "completenessPt",
  "completenessSf",
  "completenessRa",
  "modelVersion",
] as const;
type ScoreField = (typeof SCORE_FIELDS)[number];
type ScoreColumn<K extends ScoreField> = K extends "quadrant" | "confidence" | "modelVersion"
  ? string
  : K extends "tier"
    ? string | null
    : DbNumber;
type ScoreColumns<P extends string> = { [K in ScoreField as `${P}_${K}`]: ScoreColumn<K> };
type ScoreChangeSqlRow = { id: string; name: string | null; total: DbNumber } & ScoreColumns<"s0"> & ScoreColumns<"s1">;
interface PointSqlRow {
  id: string;
  name: string | null;
  x: DbNumber;
  y: DbNumber;
  quadrant: string;
  confidence: string;
}
interface CohortSqlRow {
  id: string;
  stage: string;
  amount: DbNumber;
  finalAmount: DbNumber;
  createdDate: string | null;
  expectedCloseDate: string | null;
  h_id: string | null;
  h_stage: string | null;
  h_date: string | null;
  h_amount: DbNumber;
}

// ---- decoders ----

const stageOf = (value: unknown, table: string, rowId: string, column = "stage"): Stage =>
  storedEnum(STAGES, value, at(table, rowId, column));
const openStageOf = (value: unknown, table: string, rowId: string): OpenStage =>
  storedEnum(OPEN_STAGES, value, at(table, rowId, "stage"));

function riskItem(r: RiskSqlRow, date: string | null, flags: string[] = []): RiskItem {
  return {
    id: r.id,
    name: text(r.name) || r.id,
    account: text(r.account),
    accountId: r.account_id,
    stage: openStageOf(r.stage, "Opportunity", r.id),
    amount: num(r.amount),
    date,
    flags,
  };
}

function riskList<R extends RiskSqlRow>(rows: R[], item: (r: R) => RiskItem): RiskList {
  const first = rows[0];
  return { total: first ? num(first.total) : 0, amount: first ? num(first.total_amount) : 0, items: rows.map(item) };
}

const scoreCols = (s: string) => raw(SCORE_FIELDS.map((c) => `${s}."${c}" AS "${s}_${c}"`).join(", "));

function scorePoint(r: ScoreChangeSqlRow, s: "s0" | "s1", rowId: string): ScorePoint {
  return {
    cv: num(r[`${s}_cv`]),
    pt: num(r[`${s}_pt`]),
    sf: num(r[`${s}_sf`]),
    ra: num(r[`${s}_ra`]),
    x: num(r[`${s}_x`]),
    y: num(r[`${s}_y`]),
    v: num(r[`${s}_v`]),
    quadrant: storedEnum(QUADRANTS, r[`${s}_quadrant`], at("ScoreSnapshot", rowId, "quadrant")),
    tier: r[`${s}_tier`],
    confidence: r[`${s}_confidence`],
    completeness: num(r[`${s}_completeness`]),
    completenessCv: num(r[`${s}_completenessCv`]),
    completenessPt: num(r[`${s}_completenessPt`]),
    completenessSf: num(r[`${s}_completenessSf`]),
    completenessRa: num(r[`${s}_completenessRa`]),
    modelVersion: r[`${s}_modelVersion`],
  };
}

const snapshotRef = (r: {
  periodKey: string;
  asOf: string;
  takenAt: Date;
  stats: string | null;
  modelVersion?: string | null;
}): SnapshotRef => ({
  periodKey: r.periodKey,
  asOf: r.asOf,
  takenAt: r.takenAt,
  stats: r.stats ? (JSON.parse(r.stats) as SnapshotStats) : null,
  ...(r.modelVersion ? { modelVersion: r.modelVersion } : {}),
});

function runRecord(r: {
  id: string;
  subscriptionId: string;
  periodKey: string;
  status: string;
  claimedBy: string;
  claimedAt: Date;
  leaseUntil: Date;
  attempts: number;
  messageTs: string | null;
}): RunRecord {
  return {
    id: r.id,
    subscriptionId: r.subscriptionId,
    periodKey: r.periodKey,
    status: storedEnum(RUN_STATUSES, r.status, at("DigestRun", r.id, "status")),
    claimedBy: r.claimedBy,
    claimedAt: r.claimedAt,
    leaseUntil: r.leaseUntil,
    attempts: r.attempts,
    messageTs: r.messageTs,
  };
}

type SubscriptionRow = {
  id: string;
  workspaceId: string;
  teamId: string;
  channelId: string;
  weekday: number;
  time: string;
  timezone: string;
  locale: string;
  active: boolean;
  createdAt: Date;
};
function subscriptionRecord(s: SubscriptionRow): SubscriptionRecord {
  return {
    id: s.id,
    workspaceId: s.workspaceId,
    teamId: s.teamId,
    channelId: s.channelId,
    weekday: s.weekday,
    time: s.time,
    timezone: s.timezone,
    locale: storedEnum(LOCALES, s.locale, at("DigestSubscription", s.id, "locale")),
    active: s.active,
    createdAt: s.createdAt,
  };
}
const activeSubscription = (s: SubscriptionRow & { team: { id: string; name: string } }): ActiveSubscription => {
  const r = subscriptionRecord(s);
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    channelId: r.channelId,
    createdAt: r.createdAt,
    team: s.team,
    weekday: r.weekday,
    time: r.time,
    timezone: r.timezone,
    locale: r.locale,
  };
};

/** One ScoreSnapshot row as written (the columns above). */
export type ScoreSnapshotRow = Record<(typeof SCORE_SNAPSHOT_COLUMNS)[number], string | number | Date | null>;

/** A snapshot at least this large refreshes PostgreSQL's planner statistics of the snapshot tables. */
const ANALYZE_AFTER_ROWS = 500;
const p = (x: number) => sql`CAST(${x} AS DOUBLE PRECISION)`;

export function createDigestRepository(db: DbClient, provider: Provider) {
  const query = <R>(statement: ReturnType<typeof sql>): Promise<R[]> => db.$queryRaw<R[]>(statement);

  /**
   * The team's open opportunities with the date each entered its current stage (its creation date when no entry was
   * recorded). Two forms with the same answer, each the fast one on its database (measured at 32,000 open deals):
   * PostgreSQL hash-joins and groups the stage entries (~0.1 s; its correlated lookup took 1 s), SQLite looks each one
   * up on the (opportunityId, enteredDate) index (~0.14 s; its grouped join took 0.21 s).
   */
  const openWithEntry = (teamId: string) => {
    const cols = sql`o."id", o."name", a."name" AS account, a."id" AS account_id, o."stage", o."amount"`;
    const from = sql`FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"`;
    return provider === "postgresql"
      ? sql`SELECT ${cols}, COALESCE(MAX(sc."enteredDate"), o."createdDate") AS entered
          ${from} LEFT JOIN "StageChange" sc ON sc."opportunityId" = o."id" AND sc."stage" = o."stage"
          WHERE a."teamId" = ${teamId} AND o."stage" IN ${OPEN}
          GROUP BY o."id", o."name", a."name", a."id", o."stage", o."amount", o."createdDate"`
      : sql`SELECT ${cols}, COALESCE((SELECT MAX(sc."enteredDate") FROM "StageChange" sc
            WHERE sc."opportunityId" = o."id" AND sc."stage" = o."stage"), o."createdDate") AS entered
          ${from} WHERE a."teamId" = ${teamId} AND o."stage" IN ${OPEN}`;
  };

  const teamSnapshotKey = (teamId: string, periodKey: string) => ({ teamId_periodKey: { teamId, periodKey } });

  return {
    // ---- weekly snapshots ----

    async findSnapshot(teamId: string, periodKey: string): Promise<SnapshotRef | null> {
      const row = await db.teamSnapshot.findUnique({ where: teamSnapshotKey(teamId, periodKey) });
      return row ? snapshotRef(row) : null;
    },

    /** The (teamId, periodKey) pairs among these that already have their snapshot (one query for a scheduler tick). */
    async existingSnapshots(
      teamIds: readonly string[],
      periodKeys: readonly string[],
    ): Promise<{ teamId: string; periodKey: string }[]> {
      return db.teamSnapshot.findMany({
        where: { teamId: { in: [...new Set(teamIds)] }, periodKey: { in: [...new Set(periodKeys)] } },
        select: { teamId: true, periodKey: true },
      });
    },

    /** The team's newest snapshots, newest first. */
    async recentSnapshots(teamId: string, take: number): Promise<SnapshotRef[]> {
      const rows = await db.teamSnapshot.findMany({
        where: { teamId },
        orderBy: { asOf: "desc" },
        take,
        select: { periodKey: true, asOf: true, takenAt: true, stats: true, modelVersion: true },
      });
      return rows.map(snapshotRef);
    },

    /**
     * Writes the team's snapshot of `week` in one transaction: the TeamSnapshot row first (its unique (teamId,
     * periodKey) lets one writer through; a second one fails with a unique violation and writes nothing), then one
     * PipelineSnapshot row per opportunity open as the week's Monday began, by one INSERT … SELECT (50,000
     * opportunities never pass through the process), weighted by the stage probabilities `P`, and the score rows.
     * Returns the pipeline row count, or null when another writer had taken the week.
     */
    async writeTeamSnapshot(input: {
      teamId: string;
      week: SnapshotWeek;
      timezone: string;
      takenAt: Date;
      modelVersion: string;
      stats: SnapshotStats;
      P: { count: Record<string, number>; amount: Record<string, number> };
      scores: readonly ScoreSnapshotRow[];
    }): Promise<number | null> {
      const { teamId, week, takenAt } = input;
      const byStage = (probabilities: Record<string, number>) =>
        sql`CASE r."stage" ${join(
          OPEN_STAGES.map((k) => sql`WHEN ${k} THEN ${p(probabilities[k] ?? 0)}`),
          " ",
        )} END`;
      // The pipeline as the Monday began, whenever the snapshot is taken (a preview on Wednesday, a catch-up): a deal
      // created since is left out, and one whose stage moved since (a close too) stands at the stage it had, with
      // the amount it entered that stage with. The week's wins, losses and new deals count from that Monday on, so
      // headline, bridge and flows see the same week. Only a deal with a stage entry since pays the lookup.
      const entered = (column: "stage" | "amountAtEntry") => sql`(SELECT sc.${raw(`"${column}"`)} FROM "StageChange" sc
        WHERE sc."opportunityId" = o."id" AND sc."enteredDate" < ${week.asOf}
        ORDER BY sc."enteredDate" DESC, sc."createdAt" DESC LIMIT 1)`;
      const movedSince = sql`EXISTS (SELECT 1 FROM "StageChange" m
        WHERE m."opportunityId" = o."id" AND m."enteredDate" >= ${week.asOf})`;
      const write = async (tx: DbClient): Promise<number> => {
        await tx.teamSnapshot.create({
          data: {
            teamId,
            periodKey: week.periodKey,
            asOf: week.asOf,
            timezone: input.timezone,
            takenAt,
            opportunities: 0,
            accounts: input.scores.length,
            modelVersion: input.modelVersion,
            stats: JSON.stringify(input.stats),
          },
        });
        const written = await tx.$executeRaw(sql`
          INSERT INTO "PipelineSnapshot" ("id", "teamId", "periodKey", "asOf", "takenAt", "opportunityId", "accountId", "stage",
            "amount", "expectedCloseDate", "pCount", "pAmt", "modelVersion")
          SELECT 'ps:' || r."teamId" || ':' || ${week.periodKey} || ':' || r."id", r."teamId", ${week.periodKey}, ${week.asOf},
            ${takenAt}, r."id", r."accountId", r."stage", r."amount", r."expectedCloseDate",
            ${byStage(input.P.count)}, ${byStage(input.P.amount)}, ${input.modelVersion}
          FROM (
            SELECT o."id", o."accountId", a."teamId", o."expectedCloseDate",
              CASE WHEN ${movedSince} THEN ${entered("stage")} ELSE o."stage" END AS "stage",
              CASE WHEN ${movedSince} THEN COALESCE(${entered("amountAtEntry")}, o."amount") ELSE o."amount" END AS "amount"
            FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
            WHERE a."teamId" = ${teamId} AND o."createdDate" < ${week.asOf}
              AND (o."stage" IN ${inList(OPEN_STAGES)} OR o."closedDate" >= ${week.asOf})
          ) r
          WHERE r."stage" IN ${inList(OPEN_STAGES)}`);
        await insertRows(tx, "ScoreSnapshot", SCORE_SNAPSHOT_COLUMNS, input.scores);
        await tx.teamSnapshot.update({
          where: teamSnapshotKey(teamId, week.periodKey),
          data: { opportunities: written },
        });
        return written;
      };
      try {
        // Its own transaction with a long timeout (a large team's copy takes seconds), unless already inside one.
        return "$transaction" in db
          ? await db.$transaction((tx: Tx) => write(tx), { timeout: 300_000, maxWait: 60_000 })
          : await write(db);
      } catch (e) {
        if (isUniqueViolation(e)) return null;
        throw e;
      }
    },

    /**
     * PostgreSQL plans the digest's snapshot joins from table statistics; right after thousands of new rows (before
     * autovacuum's next ANALYZE, up to a minute later) it would still believe the week has one row and pick nested
     * loops: 18 s instead of 12 ms for 8,000 opportunities (measured). Refreshing them after a large snapshot keeps a
     * digest built right after it fast. Best effort: without the privilege autovacuum still does it.
     */
    async refreshSnapshotStatistics(rowsWritten: number): Promise<void> {
      if (provider !== "postgresql" || rowsWritten < ANALYZE_AFTER_ROWS) return;
      await db.$executeRawUnsafe('ANALYZE "PipelineSnapshot", "ScoreSnapshot"').catch(() => 0);
    },

    // ---- a team's data for the snapshot ----

    /**
     * The closed cohort of a team as funnel/pipeline.ts `closedCohort` defines it (closed W/L/A, closed in the 12 months
     * before `asOf` or with no close date, with stage histories), in one flat query grouped here. Why not the accounts
     * repository's loaders: Prisma 7 loads an `include` by sending the parent ids as one IN list, which SQLite refuses
     * over 999 values (P2029); here every child table is read with the team as a join filter.
     */
    async teamCohort(teamId: string, asOf: string): Promise<OpportunityHistory[]> {
      const since = addMonths(asOf, -12);
      const rows = await query<CohortSqlRow>(sql`
        SELECT o."id", o."stage", o."amount", o."finalAmount", o."createdDate", o."expectedCloseDate",
          sc."id" AS h_id, sc."stage" AS h_stage, sc."enteredDate" AS h_date, sc."amountAtEntry" AS h_amount
        FROM "Opportunity" o
        JOIN "Account" a ON a."id" = o."accountId"
        LEFT JOIN "StageChange" sc ON sc."opportunityId" = o."id"
        WHERE a."teamId" = ${teamId} AND o."stage" IN ('W', 'L', 'A')
          AND (o."closedDate" IS NULL OR (o."closedDate" >= ${since} AND o."closedDate" < ${asOf}))
        ORDER BY o."id" ASC, sc."enteredDate" ASC, sc."id" ASC`);
      const out: OpportunityHistory[] = [];
      let current: OpportunityHistory | undefined;
      for (const r of rows) {
        if (current?.id !== r.id) {
          current = {
            id: r.id,
            stage: stageOf(r.stage, "Opportunity", r.id),
            amount: num(r.amount),
            expected_close_date: r.expectedCloseDate,
            created_date: r.createdDate,
            final_amount: numOrNull(r.finalAmount),
            stage_history: [],
          };
          out.push(current);
        }
        if (r.h_id !== null) {
          current.stage_history.push({
            stage: stageOf(r.h_stage, "StageChange", r.h_id),
            entered_date: text(r.h_date),
            amount_at_entry: numOrNull(r.h_amount),
          });
        }
      }
      return out;
    },

    /**
     * Every account of the team as the core's AccountFacts (what `assess` reads), in four queries. Stage histories are
     * left out: scoring does not read them, and they are the largest table.
     */
    async teamAggregates(workspaceId: string, teamId: string): Promise<AccountAggregate[]> {
      const inTeam = { account: { workspaceId, teamId } };
      const byId = { id: "asc" } as const;
      const [accounts, needs, contacts, opportunities] = await Promise.all([
        db.account.findMany({ where: { workspaceId, teamId }, orderBy: byId }),
        db.need.findMany({ where: inTeam, orderBy: byId }),
        db.contact.findMany({ where: inTeam, orderBy: byId }),
        db.opportunity.findMany({ where: inTeam, orderBy: byId }),
      ]);
      const group = <T extends { accountId: string }>(items: T[]) => {
        const m = new Map<string, T[]>();
        for (const x of items) {
          const list = m.get(x.accountId);
          if (list) list.push(x);
          else m.set(x.accountId, [x]);
        }
        return m;
      };
      const n = group(needs),
        c = group(contacts),
        o = group(opportunities);
      return accounts.map((a) =>
        toAggregate({
          ...a,
          needs: n.get(a.id) ?? [],
          contacts: c.get(a.id) ?? [],
          opportunities: (o.get(a.id) ?? []).map((x) => ({ ...x, stageHistory: [] })),
        }),
      );
    },

    // ---- the digest's aggregates ----

    /** Per snapshot and open stage: count, amount and the snapshot's weighting Σ amount·P_amt (one GROUP BY). */
    async stageTotals(teamId: string, periodKeys: readonly string[], periodEnd: string): Promise<StageTotalRow[]> {
      const rows = await query<StageTotalSqlRow>(sql`
        SELECT "periodKey" AS k, "stage" AS stage, MIN("id") AS id, COUNT(*) AS n, SUM("amount") AS amount,
          SUM("amount" * "pAmt") AS published
        FROM "PipelineSnapshot"
        WHERE "teamId" = ${teamId} AND "periodKey" IN ${inList(periodKeys)} AND "expectedCloseDate" <= ${periodEnd}
        GROUP BY "periodKey", "stage"`);
      return rows.map((r) => ({
        periodKey: r.k,
        stage: openStageOf(r.stage, "PipelineSnapshot", r.id),
        count: num(r.n),
        amount: num(r.amount),
        published: num(r.published),
      }));
    },

    /**
     * The opportunities whose row differs between the two snapshots, with both rows, how an exit closed and whether a
     * newcomer was created since `since`: one query. The comparison runs on the snapshot table alone (both weeks
     * hash-joined on the opportunity); names and live stages are joined only for the changed rows.
     */
    async changedOpportunities(
      teamId: string,
      previousKey: string,
      currentKey: string,
      window: { since: string; until: string },
    ): Promise<ChangedOpportunity[]> {
      const { since, until } = window;
      const week = (
        key: string,
      ) => sql`SELECT "opportunityId" AS id, "stage" AS stage, "amount" AS amount, "expectedCloseDate" AS d
        FROM "PipelineSnapshot" WHERE "teamId" = ${teamId} AND "periodKey" = ${key}`;
      const rows = await query<ChangedSqlRow>(sql`
        WITH p AS (${week(previousKey)}), c AS (${week(currentKey)}),
        ch AS (
          SELECT p.id AS id, p.stage AS s0, p.amount AS a0, p.d AS d0, c.stage AS s1, c.amount AS a1, c.d AS d1,
            NULL AS last_open
          FROM p LEFT JOIN c ON c.id = p.id
          WHERE c.id IS NULL OR c.stage <> p.stage OR c.amount <> p.amount OR COALESCE(c.d, '') <> COALESCE(p.d, '')
          UNION ALL
          SELECT c.id, NULL, NULL, NULL, c.stage, c.amount, c.d, NULL FROM c LEFT JOIN p ON p.id = c.id WHERE p.id IS NULL
          UNION ALL
          -- Created and closed between the snapshots, so in neither (closed before this one's Monday, created after the
          -- last one's): the week's won/lost count has it, so do the flows, at the last open stage it entered.
          SELECT o."id", NULL, NULL, NULL, NULL, NULL, NULL,
            (SELECT sc."stage" FROM "StageChange" sc WHERE sc."opportunityId" = o."id" AND sc."stage" IN ${OPEN}
              ORDER BY sc."enteredDate" DESC, sc."createdAt" DESC LIMIT 1)
          FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
          WHERE a."teamId" = ${teamId} AND o."stage" IN ${inList(CLOSED_STAGES)} AND o."createdDate" >= ${since}
            AND o."closedDate" >= ${since} AND o."closedDate" < ${until}
            AND NOT EXISTS (SELECT 1 FROM p WHERE p.id = o."id"))
        SELECT ch.id, ch.s0, ch.a0, ch.d0, ch.s1, ch.a1, ch.d1, o."stage" AS live, o."amount" AS live_amount,
          o."expectedCloseDate" AS live_d, o."createdDate" AS created, o."name" AS name, a."name" AS account,
          a."id" AS account_id, ch.last_open
        FROM ch LEFT JOIN "Opportunity" o ON o."id" = ch.id LEFT JOIN "Account" a ON a."id" = o."accountId"`);
      const snapshotRow = (
        key: string,
        id: string,
        stage: string | null,
        amount: DbNumber,
        d: string | null,
      ): PipelineRow | null =>
        stage === null
          ? null
          : {
              stage: stageOf(stage, "PipelineSnapshot", `${key}/${id}`),
              amount: num(amount),
              expected_close_date: d ?? NO_CLOSE_DATE,
            };
      return rows.map((r) => {
        const previous = snapshotRow(previousKey, r.id, r.s0, r.a0, r.d0),
          current = snapshotRow(currentKey, r.id, r.s1, r.a1, r.d1);
        const live = r.live === null ? null : stageOf(r.live, "Opportunity", r.id);
        const closedAs = CLOSED_STAGES.find((s) => s === live);
        return {
          id: r.id,
          name: text(r.name) || r.id,
          account: text(r.account),
          accountId: text(r.account_id),
          previous,
          current,
          closed:
            !current && closedAs
              ? { stage: closedAs, amount: num(r.live_amount), expected_close_date: r.live_d ?? NO_CLOSE_DATE }
              : null,
          created: !previous && text(r.created) >= since,
          closedFrom: r.last_open === null ? null : openStageOf(r.last_open, "StageChange", r.id),
        };
      });
    },

    /** Won to date (at `asOf` and at `weekStart`), won/lost/abandoned during the week: one pass with conditional sums. */
    async wonFigures(teamId: string, periodStart: string, asOf: string, weekStart: string): Promise<WonFigures> {
      const value = sql`COALESCE(o."finalAmount", o."amount")`;
      const [r] = await query<WonSqlRow>(sql`
        SELECT
          SUM(CASE WHEN o."stage" = 'W' AND o."closedDate" >= ${periodStart} AND o."closedDate" < ${asOf} THEN ${value} ELSE 0 END) AS to_date,
          SUM(CASE WHEN o."stage" = 'W' AND o."closedDate" >= ${periodStart} AND o."closedDate" < ${weekStart} THEN ${value} ELSE 0 END) AS to_date_prev,
          SUM(CASE WHEN o."stage" = 'W' AND o."closedDate" >= ${weekStart} AND o."closedDate" < ${asOf} THEN 1 ELSE 0 END) AS won_n,
          SUM(CASE WHEN o."stage" = 'W' AND o."closedDate" >= ${weekStart} AND o."closedDate" < ${asOf} THEN ${value} ELSE 0 END) AS won_amount,
          SUM(CASE WHEN o."stage" = 'L' AND o."closedDate" >= ${weekStart} AND o."closedDate" < ${asOf} THEN 1 ELSE 0 END) AS lost_n,
          SUM(CASE WHEN o."stage" = 'A' AND o."closedDate" >= ${weekStart} AND o."closedDate" < ${asOf} THEN 1 ELSE 0 END) AS abandoned_n
        FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
        WHERE a."teamId" = ${teamId} AND o."stage" IN ('W', 'L', 'A')
          AND o."closedDate" >= ${periodStart < weekStart ? periodStart : weekStart}`);
      return {
        toDate: num(r?.to_date),
        toDatePrevious: num(r?.to_date_prev),
        weekCount: num(r?.won_n),
        weekAmount: num(r?.won_amount),
        lostWeek: num(r?.lost_n),
        abandonedWeek: num(r?.abandoned_n),
      };
    },

    /** Opportunities created in [from, to) per discovery method (§2.7), `unknown` for none recorded. */
    async sourceCounts(teamId: string, from: string, to: string): Promise<SourceCount[]> {
      const rows = await query<SourceSqlRow>(sql`
        SELECT COALESCE(o."source", 'unknown') AS source, MIN(o."id") AS id, COUNT(*) AS n, SUM(o."amount") AS amount
        FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
        WHERE a."teamId" = ${teamId} AND o."createdDate" >= ${from} AND o."createdDate" < ${to}
        GROUP BY 1`);
      return rows.map((r) => ({
        source: storedEnum(SOURCES, r.source, at("Opportunity", r.id, "source")),
        count: num(r.n),
        amount: num(r.amount),
      }));
    },

    /**
     * §5.7 item 6 on the live pipeline, each list its first `limit` entries with the total count and amount: stalled
     * (entered its stage before `stalledBefore[stage]`; stages without a threshold judge nobody), overdue, late-stage
     * red flags, and qualification < 75 % at S4+.
     */
    async risks(
      teamId: string,
      today: string,
      stalledBefore: Record<OpenStage, string | null>,
      limit: number,
    ): Promise<{
      stalled: RiskList;
      overdue: RiskList;
      redFlags: RiskList;
      unqualified: RiskList;
    }> {
      const judged = OPEN_STAGES.filter((k) => stalledBefore[k] !== null);
      const threshold = sql`CASE x."stage" ${join(
        OPEN_STAGES.map((k) => sql`WHEN ${k} THEN CAST(${stalledBefore[k] ?? ""} AS TEXT)`),
        " ",
      )} END`;
      const base = sql`FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId" WHERE a."teamId" = ${teamId}`;
      const meddpicc = sql`(CASE WHEN o."meddpiccMetrics" THEN 1 ELSE 0 END + CASE WHEN o."meddpiccEconomicBuyer" THEN 1 ELSE 0 END
        + CASE WHEN o."meddpiccDecisionCriteria" THEN 1 ELSE 0 END + CASE WHEN o."meddpiccDecisionProcess" THEN 1 ELSE 0 END
        + CASE WHEN o."meddpiccPaperProcess" THEN 1 ELSE 0 END + CASE WHEN o."meddpiccIdentifyPain" THEN 1 ELSE 0 END
        + CASE WHEN o."meddpiccChampion" THEN 1 ELSE 0 END + CASE WHEN o."meddpiccCompetition" THEN 1 ELSE 0 END)`;
      const [stalled, overdue, flagged, unqualified] = await Promise.all([
        judged.length === 0
          ? Promise.resolve([])
          : query<StalledSqlRow>(sql`
          SELECT x.*, COUNT(*) OVER () AS total, SUM(x."amount") OVER () AS total_amount FROM (${openWithEntry(teamId)}) x
          WHERE x."entered" < ${threshold}
          ORDER BY x."entered" ASC, x."id" ASC LIMIT ${limit}`),
        query<OverdueSqlRow>(sql`
          SELECT o."id", o."name", a."name" AS account, a."id" AS account_id, o."stage", o."amount", o."expectedCloseDate" AS d,
            COUNT(*) OVER () AS total, SUM(o."amount") OVER () AS total_amount
          ${base} AND o."stage" IN ${OPEN} AND o."expectedCloseDate" < ${today}
          ORDER BY o."amount" DESC, o."id" ASC LIMIT ${limit}`),
        query<FlaggedSqlRow>(sql`
          SELECT x.*, COUNT(*) OVER () AS total, SUM(x."amount") OVER () AS total_amount FROM (
            SELECT o."id", o."name", a."name" AS account, a."id" AS account_id, o."stage", o."amount",
              CASE WHEN o."meddpiccEconomicBuyer" = false OR o."meddpiccChampion" = false THEN 1 ELSE 0 END AS unqualified,
              CASE WHEN a."budgetStatus" = 'none' THEN 1 ELSE 0 END AS no_budget,
              CASE WHEN EXISTS (SELECT 1 FROM "Contact" c WHERE c."accountId" = a."id" AND c."role" = 'economic_buyer') THEN 0 ELSE 1 END AS eb_missing,
              CASE WHEN EXISTS (SELECT 1 FROM "Contact" c WHERE c."accountId" = a."id" AND c."role" = 'economic_buyer' AND c."attitude" <= -1)
                THEN 1 ELSE 0 END AS eb_opposed
            ${base} AND o."stage" IN ${LATE}) x
          WHERE x."unqualified" + x."no_budget" + x."eb_missing" + x."eb_opposed" > 0
          ORDER BY x."amount" DESC, x."id" ASC LIMIT ${limit}`),
        query<UnqualifiedSqlRow>(sql`
          SELECT x.*, COUNT(*) OVER () AS total, SUM(x."amount") OVER () AS total_amount FROM (
            SELECT o."id", o."name", a."name" AS account, a."id" AS account_id, o."stage", o."amount", ${meddpicc} AS q
            ${base} AND o."stage" IN ${LATE}) x
          WHERE x."q" < 6
          ORDER BY x."amount" DESC, x."id" ASC LIMIT ${limit}`),
      ]);
      return {
        stalled: riskList(stalled, (r) => riskItem(r, r.entered)),
        overdue: riskList(overdue, (r) => riskItem(r, r.d)),
        redFlags: riskList(flagged, (r) =>
          riskItem(r, null, [
            ...(num(r.eb_missing) ? ["eb_missing"] : []),
            ...(num(r.eb_opposed) ? ["eb_opposed"] : []),
            ...(num(r.unqualified) ? ["late_stage_unqualified"] : []),
            ...(num(r.no_budget) ? ["no_budget_late_stage"] : []),
          ]),
        ),
        unqualified: riskList(unqualified, (r) => riskItem(r, null, [`qualification:${num(r.q)}`])),
      };
    },

    /** Weekly score rows per snapshot, quadrant and provisional (low confidence). */
    async quadrantCounts(teamId: string, periodKeys: readonly string[]): Promise<QuadrantCount[]> {
      const rows = await query<QuadrantSqlRow>(sql`
        SELECT "periodKey" AS k, "quadrant", MIN("id") AS id, CASE WHEN "confidence" = 'low' THEN 1 ELSE 0 END AS provisional, COUNT(*) AS n
        FROM "ScoreSnapshot" WHERE "teamId" = ${teamId} AND "periodKey" IN ${inList(periodKeys)} AND "reason" = 'weekly'
        GROUP BY 1, 2, 4`);
      return rows.map((r) => ({
        periodKey: r.k,
        quadrant: storedEnum(QUADRANTS, r.quadrant, at("ScoreSnapshot", r.id, "quadrant")),
        provisional: num(r.provisional) === 1,
        count: num(r.n),
      }));
    },

    /** The accounts whose quadrant, tier or confidence changed between the two weekly snapshots (largest |ΔV| first). */
    async scoreChanges(
      teamId: string,
      previousKey: string,
      currentKey: string,
      limit: number,
    ): Promise<{ changes: ScoreChange[]; total: number }> {
      const rows = await query<ScoreChangeSqlRow>(sql`
        SELECT s1."accountId" AS id, a."name" AS name, ${scoreCols("s0")}, ${scoreCols("s1")}, COUNT(*) OVER () AS total
        FROM "ScoreSnapshot" s1
        JOIN "ScoreSnapshot" s0 ON s0."accountId" = s1."accountId" AND s0."teamId" = ${teamId}
          AND s0."periodKey" = ${previousKey} AND s0."reason" = 'weekly'
        JOIN "Account" a ON a."id" = s1."accountId"
        WHERE s1."teamId" = ${teamId} AND s1."periodKey" = ${currentKey} AND s1."reason" = 'weekly'
          AND (s0."quadrant" <> s1."quadrant" OR COALESCE(s0."tier", '') <> COALESCE(s1."tier", '') OR s0."confidence" <> s1."confidence")
        ORDER BY ABS(s1."v" - s0."v") DESC, s1."accountId" ASC LIMIT ${limit}`);
      return {
        changes: rows.map((r) => ({
          accountId: r.id,
          name: text(r.name),
          before: scorePoint(r, "s0", `${previousKey}/${r.id}`),
          after: scorePoint(r, "s1", `${currentKey}/${r.id}`),
        })),
        total: num(rows[0]?.total),
      };
    },

    /**
     * The segment part (§5.7, issue 10): per account industry × region, the accounts, the snapshot's open pipeline
     * closing by yearEnd per stage (count, amount; an overdue deal too, as in the stage table) and the deals won in
     * [yearStart, asOf):
     * one statement. Areas, not segments: which segment an area belongs to is decided in code (segment-groups.ts), so
     * the statement is the same whatever the number of segments.
     */
    async segmentAreas(
      teamId: string,
      periodKey: string,
      year: { start: string; end: string },
      asOf: string,
    ): Promise<SegmentAreaRow[]> {
      const won = sql`COALESCE(o."finalAmount", o."amount")`;
      const rows = await query<SegmentAreaSqlRow>(sql`
        SELECT 'accounts' AS kind, a."industry" AS industry, a."regionCode" AS region, NULL AS stage, MIN(a."id") AS id,
          COUNT(*) AS n, 0 AS amount
        FROM "Account" a WHERE a."teamId" = ${teamId}
        GROUP BY a."industry", a."regionCode"
        UNION ALL
        SELECT 'open', a."industry", a."regionCode", p."stage", MIN(p."id"), COUNT(*), SUM(p."amount")
        FROM "PipelineSnapshot" p JOIN "Account" a ON a."id" = p."accountId"
        WHERE p."teamId" = ${teamId} AND p."periodKey" = ${periodKey}
          AND p."expectedCloseDate" <= ${year.end}
        GROUP BY a."industry", a."regionCode", p."stage"
        UNION ALL
        SELECT 'won', a."industry", a."regionCode", NULL, MIN(o."id"), COUNT(*), SUM(${won})
        FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
        WHERE a."teamId" = ${teamId} AND o."stage" = 'W' AND o."closedDate" >= ${year.start} AND o."closedDate" < ${asOf}
        GROUP BY a."industry", a."regionCode"`);
      return rows.map((r) => ({
        kind: r.kind === "open" ? "open" : r.kind === "won" ? "won" : "accounts",
        industry: r.industry,
        regionCode: r.region,
        stage: r.kind === "open" ? openStageOf(r.stage ?? "", "PipelineSnapshot", r.id) : null,
        count: num(r.n),
        amount: num(r.amount),
      }));
    },

    /**
     * Accounts whose quadrant changed between two weekly snapshots, per account industry × region: the `perArea`
     * largest |ΔV| of each area with the area's total (window functions), one statement.
     */
    async segmentMoves(
      teamId: string,
      previousKey: string,
      currentKey: string,
      perArea: number,
    ): Promise<SegmentMoveRow[]> {
      const rows = await query<SegmentMoveSqlRow>(sql`
        SELECT industry, region, id, name, q0, q1, dv, total FROM (
          SELECT a."industry" AS industry, a."regionCode" AS region, s1."accountId" AS id, a."name" AS name,
            s0."quadrant" AS q0, s1."quadrant" AS q1, ABS(s1."v" - s0."v") AS dv,
            COUNT(*) OVER (PARTITION BY a."industry", a."regionCode") AS total,
            ROW_NUMBER() OVER (PARTITION BY a."industry", a."regionCode" ORDER BY ABS(s1."v" - s0."v") DESC, s1."accountId") AS rn
          FROM "ScoreSnapshot" s1
          JOIN "ScoreSnapshot" s0 ON s0."accountId" = s1."accountId" AND s0."teamId" = ${teamId}
            AND s0."periodKey" = ${previousKey} AND s0."reason" = 'weekly'
          JOIN "Account" a ON a."id" = s1."accountId"
          WHERE s1."teamId" = ${teamId} AND s1."periodKey" = ${currentKey} AND s1."reason" = 'weekly'
            AND s0."quadrant" <> s1."quadrant"
        ) m WHERE rn <= ${perArea}`);
      return rows.map((r) => ({
        industry: r.industry,
        regionCode: r.region,
        accountId: r.id,
        name: text(r.name),
        before: storedEnum(QUADRANTS, r.q0, at("ScoreSnapshot", r.id, "quadrant")),
        after: storedEnum(QUADRANTS, r.q1, at("ScoreSnapshot", r.id, "quadrant")),
        dv: num(r.dv),
        total: num(r.total),
      }));
    },

    /** The accounts of a weekly snapshot with the highest V, as points of the matrix chart. */
    async matrixPoints(teamId: string, periodKey: string, limit: number): Promise<MatrixPoint[]> {
      const rows = await query<PointSqlRow>(sql`
        SELECT s."id", a."name" AS name, s."x", s."y", s."quadrant", s."confidence"
        FROM "ScoreSnapshot" s JOIN "Account" a ON a."id" = s."accountId"
        WHERE s."teamId" = ${teamId} AND s."periodKey" = ${periodKey} AND s."reason" = 'weekly'
        ORDER BY s."v" DESC, s."accountId" ASC LIMIT ${limit}`);
      return rows.map((r) => ({
        name: text(r.name),
        x: num(r.x),
        y: num(r.y),
        quadrant: storedEnum(QUADRANTS, r.quadrant, at("ScoreSnapshot", r.id, "quadrant")),
        // κ < 0.5 is stored as confidence "low" (matrix-changes.ts): 待评估, in no quadrant.
        provisional: r.confidence === "low",
      }));
    },

    /**
     * Per account, the fact fields changed in [from, to) (one query over the audit trail). Issued even for no
     * accounts (no account matches ""), so every digest runs the same statements.
     */
    async changedFactFields(accountIds: readonly string[], from: Date, to: Date): Promise<Record<string, string[]>> {
      // One read of the listed accounts' rows in the window; an account created in it has its facts in its one
      // creation row's `after` (write-rows.ts).
      const rows = await db.factChange.findMany({
        where: { accountId: { in: accountIds.length > 0 ? [...accountIds] : [""] }, at: { gte: from, lt: to } },
        select: { accountId: true, entity: true, field: true, after: true },
      });
      const fields = new Map<string, Set<string>>();
      for (const r of rows) {
        if (!r.accountId) continue;
        const named =
          r.field !== "*" ? [r.field] : r.entity === "account" ? createdFacts(decodeFactValue(r.after)) : [];
        if (named.length === 0) continue;
        const set = fields.get(r.accountId) ?? new Set<string>();
        for (const f of named) set.add(f);
        fields.set(r.accountId, set);
      }
      return Object.fromEntries([...fields].map(([id, set]) => [id, [...set].sort()]));
    },

    // ---- runs (see runs.ts for the protocol) ----

    /** Inserts a claimed run; null when the (subscription, period) already has one (the unique key). */
    async insertRun(data: {
      subscriptionId: string;
      periodKey: string;
      claimedBy: string;
      claimedAt: Date;
      leaseUntil: Date;
    }): Promise<RunRecord | null> {
      try {
        return runRecord(await db.digestRun.create({ data: { ...data, status: "claimed", attempts: 1 } }));
      } catch (e) {
        if (isUniqueViolation(e)) return null;
        throw e;
      }
    },

    async findRun(subscriptionId: string, periodKey: string): Promise<RunRecord | null> {
      const row = await db.digestRun.findUnique({ where: { subscriptionId_periodKey: { subscriptionId, periodKey } } });
      return row ? runRecord(row) : null;
    },

    /** Takes over an unfinished run whose lease expired, if it still has the attempt count read; true for the one taker. */
    async takeOverRun(
      run: { id: string; attempts: number },
      unfinished: readonly RunStatus[],
      now: Date,
      owner: string,
      leaseUntil: Date,
    ): Promise<boolean> {
      const { count } = await db.digestRun.updateMany({
        where: { id: run.id, attempts: run.attempts, status: { in: [...unfinished] }, leaseUntil: { lte: now } },
        data: { claimedBy: owner, leaseUntil, attempts: { increment: 1 } },
      });
      return count === 1;
    },

    /** A write only the fencing token's holder can make; false when the lease was lost. */
    async updateOwnedRun(token: { id: string; owner: string; attempts: number }, patch: RunPatch): Promise<boolean> {
      const { count } = await db.digestRun.updateMany({
        where: { id: token.id, claimedBy: token.owner, attempts: token.attempts },
        data: patch,
      });
      return count === 1;
    },

    /** Ends the leases `owner` holds on unfinished runs (but those in `except`): anyone may take them over now. */
    async releaseOwnedRuns(
      owner: string,
      unfinished: readonly RunStatus[],
      now: Date,
      except: readonly string[],
    ): Promise<number> {
      const { count } = await db.digestRun.updateMany({
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

    /** The runs of these subscriptions for these periods (one query for a whole scheduler tick). */
    async runsFor(keys: readonly { subscriptionId: string; periodKey: string }[]): Promise<RunRecord[]> {
      if (keys.length === 0) return [];
      const rows = await db.digestRun.findMany({
        where: {
          subscriptionId: { in: [...new Set(keys.map((k) => k.subscriptionId))] },
          periodKey: { in: [...new Set(keys.map((k) => k.periodKey))] },
        },
      });
      return rows.map(runRecord);
    },

    // ---- subscriptions ----

    async findSubscription(teamId: string, channelId: string): Promise<SubscriptionRecord | null> {
      const row = await db.digestSubscription.findUnique({ where: { teamId_channelId: { teamId, channelId } } });
      return row ? subscriptionRecord(row) : null;
    },

    /** Creates the team channel's subscription or sets its schedule, active again, `createdAt` restarted. */
    async upsertSubscription(input: {
      workspaceId: string;
      teamId: string;
      channelId: string;
      createdBy: string;
      at: Date;
      settings: ScheduleSettings;
    }): Promise<SubscriptionRecord> {
      const { settings } = input;
      const row = await db.digestSubscription.upsert({
        where: { teamId_channelId: { teamId: input.teamId, channelId: input.channelId } },
        create: {
          workspaceId: input.workspaceId,
          teamId: input.teamId,
          channelId: input.channelId,
          ...settings,
          createdBy: input.createdBy,
          createdAt: input.at,
        },
        update: { ...settings, active: true, createdAt: input.at },
      });
      return subscriptionRecord(row);
    },

    async deactivateSubscription(id: string): Promise<void> {
      await db.digestSubscription.update({ where: { id }, data: { active: false } });
    },

    /** Active subscriptions of these teams, oldest first, each with its latest run. */
    async teamSubscriptions(
      workspaceId: string,
      teamIds: readonly string[],
    ): Promise<(SubscriptionRecord & { lastRun: { periodKey: string; status: string } | null })[]> {
      const rows = await db.digestSubscription.findMany({
        where: { workspaceId, active: true, teamId: { in: [...teamIds] } },
        include: { runs: { orderBy: { periodKey: "desc" }, take: 1, select: { periodKey: true, status: true } } },
        orderBy: { createdAt: "asc" },
      });
      return rows.map((s) => ({ ...subscriptionRecord(s), lastRun: s.runs[0] ?? null }));
    },

    /** Every active subscription with its team (one query per scheduler tick). */
    async activeSubscriptions(): Promise<ActiveSubscription[]> {
      const rows = await db.digestSubscription.findMany({
        where: { active: true },
        include: { team: { select: { id: true, name: true } } },
        orderBy: { id: "asc" },
      });
      return rows.map(activeSubscription);
    },

    /** One subscription by id, active or not (a resumed run needs it even if it was deactivated meanwhile). */
    async subscriptionById(id: string): Promise<ActiveSubscription | null> {
      const row = await db.digestSubscription.findUnique({
        where: { id },
        include: { team: { select: { id: true, name: true } } },
      });
      return row ? activeSubscription(row) : null;
    },

    /** Audits a subscription change as a FactChange row (entity "digest_subscription"), like targets and teams. */
    async auditSubscription(input: {
      workspaceId: string;
      subscriptionId: string;
      before: unknown;
      after: unknown;
      actor: { userId: string; source: string; sourceRef?: string | null | undefined };
      at: Date;
    }): Promise<void> {
      await db.factChange.create({
        data: {
          workspaceId: input.workspaceId,
          accountId: null,
          entity: "digest_subscription",
          entityId: input.subscriptionId,
          field: "*",
          before: input.before === null ? null : JSON.stringify(input.before),
          after: input.after === null ? null : JSON.stringify(input.after),
          actorUserId: input.actor.userId,
          source: input.actor.source,
          sourceRef: input.actor.sourceRef ?? null,
          at: input.at,
        },
      });
    },
  };
}

export type DigestRepository = ReturnType<typeof createDigestRepository>;
