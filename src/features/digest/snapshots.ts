// Weekly snapshots (METHOD §2.8): at a team's week boundary, one PipelineSnapshot row per open opportunity and one
// ScoreSnapshot row per account, kept as history (week-over-week changes now, calibration later).
//
// Exactly once per team and ISO week, across instances: the rows are written in one transaction that first inserts the
// TeamSnapshot row, whose unique (teamId, periodKey) lets only one writer through; a re-run or a racing instance fails
// on that key and writes nothing.
import { randomUUID } from "node:crypto";
import { assess, OPEN_STAGES, stageProbabilities } from "../../core/index.js";
import { insertRows, isUniqueViolation, type Tx } from "../../store/index.js";
import type { ServiceDeps } from "../deps.js";
import { inList, join, sql } from "./sql.js";
import { cohortStats, type SnapshotStats } from "./stats.js";
import { teamAggregates, teamCohort } from "./team-data.js";
import { scoreRow } from "../accounts/snapshots.js";
import { versionInForce } from "../calibration/model.js";

/** A taken weekly snapshot. */
export interface SnapshotRef {
  periodKey: string;
  asOf: string;
  takenAt: Date;
  /** The team's history as of asOf (null on a snapshot written without it) */
  stats: SnapshotStats | null;
}

const refOf = (r: { periodKey: string; asOf: string; takenAt: Date; stats: string | null }): SnapshotRef =>
  ({ periodKey: r.periodKey, asOf: r.asOf, takenAt: r.takenAt, stats: r.stats ? (JSON.parse(r.stats) as SnapshotStats) : null });

export interface SnapshotWeek { periodKey: string; asOf: string }

const SCORE_COLUMNS = [
  "id", "workspaceId", "accountId", "teamId", "periodKey", "takenAt", "cv", "pt", "sf", "ra", "x", "y", "v", "quadrant", "tier",
  "priority", "completeness", "completenessCv", "completenessPt", "completenessSf", "completenessRa", "confidence",
  "modelVersion", "reason",
] as const;

const p = (x: number) => sql`CAST(${x} AS DOUBLE PRECISION)`;

/** A snapshot at least this large refreshes PostgreSQL's planner statistics of the snapshot tables. */
const ANALYZE_AFTER_ROWS = 500;

/**
 * PostgreSQL plans the digest's snapshot joins from table statistics; right after thousands of new rows (before
 * autovacuum's next ANALYZE, up to a minute later) it would still believe the week has one row and pick nested loops:
 * 18 s instead of 12 ms for 8,000 opportunities (measured). Refreshing them here keeps a digest built right after
 * its snapshot (catch-up, preview, a 00:00 slot) fast. Best effort: without the privilege autovacuum still does it.
 */
async function refreshStatistics(deps: ServiceDeps): Promise<void> {
  await deps.db.$executeRawUnsafe('ANALYZE "PipelineSnapshot", "ScoreSnapshot"').catch(() => 0);
}

/**
 * Takes the team's snapshot of `week` unless it exists. Returns whether this call wrote it. The pipeline rows are
 * copied by one INSERT … SELECT (50,000 opportunities never pass through the process); the score rows need the
 * core's assessment of every account.
 */
export async function takeTeamSnapshot(
  deps: ServiceDeps, team: { id: string; workspaceId: string }, week: SnapshotWeek, timezone: string,
): Promise<{ taken: boolean; ref: SnapshotRef }> {
  const { db } = deps;
  const existing = await db.teamSnapshot.findUnique({ where: { teamId_periodKey: { teamId: team.id, periodKey: week.periodKey } } });
  if (existing) return { taken: false, ref: refOf(existing) };

  const takenAt = deps.now();
  // What the team's own history said that Monday (§5.2): the probabilities go with each row, the rest with the week.
  const stats = cohortStats(await teamCohort(deps, team.id, week.asOf), week.asOf);
  const P = stageProbabilities(stats.conversion.rates);
  const aggregates = await teamAggregates(deps, team.workspaceId, team.id);
  // Scored and stamped under the workspace's model version in force (§6.6).
  const model = await versionInForce(deps, team.workspaceId);
  const scores = aggregates.map((g) => ({
    id: randomUUID(), workspaceId: team.workspaceId, accountId: g.facts.id, teamId: team.id, periodKey: week.periodKey, takenAt,
    reason: "weekly", ...scoreRow(assess(g.facts, { asOf: week.asOf, model }), model.label),
  }));
  const byStage = (probabilities: Record<string, number>) =>
    sql`CASE o."stage" ${join(OPEN_STAGES.map((k) => sql`WHEN ${k} THEN ${p(probabilities[k] ?? 0)}`), " ")} END`;

  try {
    const opportunities = await db.$transaction(async (tx: Tx) => {
      await tx.teamSnapshot.create({
        data: {
          teamId: team.id, periodKey: week.periodKey, asOf: week.asOf, timezone, takenAt,
          opportunities: 0, accounts: scores.length, modelVersion: model.label, stats: JSON.stringify(stats),
        },
      });
      const written = await tx.$executeRaw(sql`
        INSERT INTO "PipelineSnapshot" ("id", "teamId", "periodKey", "asOf", "takenAt", "opportunityId", "accountId", "stage",
          "amount", "expectedCloseDate", "pCount", "pAmt", "modelVersion")
        SELECT 'ps:' || a."teamId" || ':' || ${week.periodKey} || ':' || o."id", a."teamId", ${week.periodKey}, ${week.asOf},
          ${takenAt}, o."id", o."accountId", o."stage", o."amount", o."expectedCloseDate",
          ${byStage(P.count)}, ${byStage(P.amount)}, ${model.label}
        FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
        WHERE a."teamId" = ${team.id} AND o."stage" IN ${inList(OPEN_STAGES)}`);
      await insertRows(tx, "ScoreSnapshot", SCORE_COLUMNS, scores);
      await tx.teamSnapshot.update({
        where: { teamId_periodKey: { teamId: team.id, periodKey: week.periodKey } },
        data: { opportunities: written },
      });
      return written;
    }, { timeout: 300_000, maxWait: 60_000 });
    if (deps.provider === "postgresql" && opportunities + scores.length >= ANALYZE_AFTER_ROWS) await refreshStatistics(deps);
    return { taken: true, ref: { periodKey: week.periodKey, asOf: week.asOf, takenAt, stats } };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // Another instance took it meanwhile; its rows are the week's.
    const row = await db.teamSnapshot.findUniqueOrThrow({ where: { teamId_periodKey: { teamId: team.id, periodKey: week.periodKey } } });
    return { taken: false, ref: refOf(row) };
  }
}

/**
 * The snapshot a digest of `periodKey` describes and the one it compares with. Normally the week's own snapshot and
 * the one before; when the week's snapshot was never taken (the app was down over its boundary and the week is over),
 * the newest snapshot stands in, so a late digest shows the freshest numbers rather than none.
 */
export async function snapshotPair(deps: ServiceDeps, teamId: string, periodKey: string): Promise<{ current: SnapshotRef | null; previous: SnapshotRef | null }> {
  const recent = await deps.db.teamSnapshot.findMany({
    where: { teamId }, orderBy: { asOf: "desc" }, take: 12, select: { periodKey: true, asOf: true, takenAt: true, stats: true },
  });
  const at = Math.max(0, recent.findIndex((s) => s.periodKey === periodKey));
  const current = recent[at], previous = recent[at + 1];
  return { current: current ? refOf(current) : null, previous: previous ? refOf(previous) : null };
}
