// Weekly snapshots (METHOD §2.8): at a team's week boundary, one PipelineSnapshot row per open opportunity and one
// ScoreSnapshot row per account, kept as history (week-over-week changes now, calibration later).
//
// Exactly once per team and ISO week, across instances: the repository writes the rows in one transaction that first
// inserts the TeamSnapshot row, whose unique (teamId, periodKey) lets only one writer through; a re-run or a racing
// instance fails on that key and writes nothing.
import { withSegmentDefaults } from "../segments/defaults.js";
import { randomUUID } from "node:crypto";
import { assessAll, stageProbabilities } from "../../core/index.js";
import { scoreRow } from "../accounts/snapshots.js";
import { versionInForce } from "../calibration/model.js";
import type { ServiceDeps } from "../deps.js";
import type { SnapshotRef, SnapshotWeek } from "./records.js";
import { cohortStats } from "./stats.js";

export type { SnapshotRef, SnapshotWeek } from "./records.js";

/**
 * Takes the team's snapshot of `week` unless it exists. Returns whether this call wrote it. The pipeline rows are
 * copied inside the database; the score rows need the core's assessment of every account.
 */
export async function takeTeamSnapshot(
  deps: ServiceDeps,
  team: { id: string; workspaceId: string },
  week: SnapshotWeek,
  timezone: string,
): Promise<{ taken: boolean; ref: SnapshotRef }> {
  const repo = deps.repos.digest;
  const existing = await repo.findSnapshot(team.id, week.periodKey);
  if (existing) return { taken: false, ref: existing };

  const takenAt = deps.now();
  // What the team's own history said that Monday (§5.2): the probabilities go with each row, the rest with the week.
  const stats = cohortStats(await repo.teamCohort(team.id, week.asOf), week.asOf);
  const P = stageProbabilities(stats.conversion.rates);
  const aggregates = await withSegmentDefaults(deps, await repo.teamAggregates(team.workspaceId, team.id), week.asOf);
  // Scored and stamped under the workspace's model version in force (§6.6), the whole team in one batch.
  const model = await versionInForce(deps, team.workspaceId);
  const assessments = assessAll({ as_of: week.asOf, accounts: aggregates.map((g) => g.facts) }, { model });
  const scores = assessments.map((a) => ({
    id: randomUUID(),
    workspaceId: team.workspaceId,
    accountId: a.id,
    teamId: team.id,
    periodKey: week.periodKey,
    takenAt,
    reason: "weekly",
    ...scoreRow(a, model.label),
  }));
  const opportunities = await repo.writeTeamSnapshot({
    teamId: team.id,
    week,
    timezone,
    takenAt,
    modelVersion: model.label,
    stats,
    P,
    scores,
  });
  if (opportunities === null) {
    // Another instance took it meanwhile; its rows are the week's.
    const theirs = await repo.findSnapshot(team.id, week.periodKey);
    if (!theirs) throw new Error(`snapshot ${team.id} ${week.periodKey}: refused as a duplicate but not found`);
    return { taken: false, ref: theirs };
  }
  await repo.refreshSnapshotStatistics(opportunities + scores.length);
  return { taken: true, ref: { periodKey: week.periodKey, asOf: week.asOf, takenAt, stats } };
}

/**
 * The snapshot a digest of `periodKey` describes and the one it compares with. Normally the week's own snapshot and
 * the one before; when the week's snapshot was never taken (the app was down over its boundary and the week is over),
 * the newest snapshot stands in, so a late digest shows the freshest numbers rather than none.
 */
export async function snapshotPair(
  deps: ServiceDeps,
  teamId: string,
  periodKey: string,
): Promise<{ current: SnapshotRef | null; previous: SnapshotRef | null }> {
  const recent = await deps.repos.digest.recentSnapshots(teamId, 12);
  const at = Math.max(
    0,
    recent.findIndex((s) => s.periodKey === periodKey),
  );
  return { current: recent[at] ?? null, previous: recent[at + 1] ?? null };
}
