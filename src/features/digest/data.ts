// Everything the weekly digest of a team needs (METHOD §5.7), gathered with a fixed number of statements (at most 17)
// whatever the portfolio size: the aggregates are computed in SQL by the digest repository, and the only rows that
// travel are the opportunities whose snapshot row changed during the week (the bridge and the flows). The closed
// history is not read: what it said at the boundary was kept with the snapshot (stats.ts).
// The pure builder (build.ts) turns this into the nine parts.
import { addDays, yearOf, type Quadrant, type StageTotals } from "../../core/index.js";
import { OPEN_STAGES, SOURCES } from "../../core/index.js";
import type { ServiceDeps } from "../deps.js";
import { findTarget } from "../funnel/service.js";
import type { Period } from "../funnel/periods.js";
import type {
  ChangedOpportunity,
  RiskList,
  ScoreChange,
  SnapshotRef,
  SourceCount,
  StageTotalRow,
  WonFigures,
} from "./records.js";
import { SEGMENT_MOVES_SHOWN, type SegmentInputs } from "./segment-groups.js";
import { cohortStats, stalledBefore, type SnapshotStats } from "./stats.js";

export type { ChangedOpportunity, PipelineRow, RiskItem, RiskList, ScoreChange, ScorePoint } from "./records.js";

/** How many entries a list in the digest shows; the totals cover everything. */
export const DIGEST_LIST_SIZE = 8;
/** Accounts drawn on the matrix chart (by V, highest first): a readable chart, a bounded query. */
export const MATRIX_CHART_POINTS = 400;

export interface DigestData {
  team: { id: string; name: string };
  /** The run's period (ISO week of its slot) */
  periodKey: string;
  current: SnapshotRef;
  previous: SnapshotRef | null;
  /** The day the live lists (risks) describe */
  builtOn: string;
  period: Period;
  /** The period's target; null when none is set (unknown, never 0: the gap and coverage then mean nothing) */
  target: number | null;
  won: WonFigures;
  totals: { current: StageTotals; previous: StageTotals | null; previousPublishedWeighted: number | null };
  /** The opportunities whose snapshot row changed between the two snapshots (empty for a first digest) */
  changes: ChangedOpportunity[];
  /** The team's history as of current.asOf, kept with the snapshot */
  stats: SnapshotStats;
  risks: { stalled: RiskList; overdue: RiskList; redFlags: RiskList; unqualified: RiskList };
  sources: SourceCount[];
  matrix: {
    counts: { quadrant: Quadrant; provisional: boolean; current: number; previous: number }[];
    changes: ScoreChange[];
    changeTotal: number;
    /** Fact fields changed between the two snapshots, per changed account */
    facts: Record<string, string[]>;
    points: { name: string; x: number; y: number; quadrant: Quadrant; provisional: boolean }[];
  };
  /** The segment part's inputs; null when the team has no segment for the snapshot's year */
  segments: SegmentInputs | null;
}

const emptyTotals = (): StageTotals => ({ count: new Float64Array(6), amount: new Float64Array(6) });

/** Per snapshot: the stage totals and the snapshot's own weighting Σ amount·P_amt. */
function totalsBySnapshot(
  rows: readonly StageTotalRow[],
  keys: readonly string[],
): Map<string, { t: StageTotals; published: number }> {
  const out = new Map<string, { t: StageTotals; published: number }>();
  for (const key of keys) out.set(key, { t: emptyTotals(), published: 0 });
  for (const r of rows) {
    const entry = out.get(r.periodKey);
    if (!entry) continue;
    const i = OPEN_STAGES.indexOf(r.stage);
    entry.t.count[i] = r.count;
    entry.t.amount[i] = r.amount;
    entry.published += r.published;
  }
  return out;
}

/** Every discovery method in order, zero where the week created none. */
function sourcesInOrder(counts: readonly SourceCount[]): SourceCount[] {
  const by = new Map(counts.map((c) => [c.source, c]));
  return SOURCES.map((source) => ({ source, count: by.get(source)?.count ?? 0, amount: by.get(source)?.amount ?? 0 }));
}

/** §5.7 item 8: quadrant counts of both snapshots, and the accounts whose quadrant, tier or confidence changed. */
async function matrixData(
  deps: ServiceDeps,
  teamId: string,
  cur: SnapshotRef,
  prev: SnapshotRef | null,
  withPoints: boolean,
): Promise<DigestData["matrix"]> {
  const repo = deps.repos.digest;
  const keys = prev ? [cur.periodKey, prev.periodKey] : [cur.periodKey];
  const [counts, changed, points] = await Promise.all([
    repo.quadrantCounts(teamId, keys),
    prev
      ? repo.scoreChanges(teamId, prev.periodKey, cur.periodKey, DIGEST_LIST_SIZE)
      : Promise.resolve({ changes: [] as ScoreChange[], total: 0 }),
    withPoints ? repo.matrixPoints(teamId, cur.periodKey, MATRIX_CHART_POINTS) : Promise.resolve([]),
  ]);
  const cells = new Map<string, { quadrant: Quadrant; provisional: boolean; current: number; previous: number }>();
  for (const r of counts) {
    const key = `${r.quadrant}|${r.provisional}`;
    const cell = cells.get(key) ?? { quadrant: r.quadrant, provisional: r.provisional, current: 0, previous: 0 };
    if (r.periodKey === cur.periodKey) cell.current += r.count;
    else cell.previous += r.count;
    cells.set(key, cell);
  }
  // The facts behind a change: the audit trail of the listed accounts only.
  const facts = prev
    ? await repo.changedFactFields(
        changed.changes.map((c) => c.accountId),
        prev.takenAt,
        cur.takenAt,
      )
    : {};
  return { counts: [...cells.values()], changes: changed.changes, changeTotal: changed.total, facts, points };
}

/**
 * The segment part's inputs: the team's segments (one statement), and only when it has some for the snapshot's year,
 * the figures per industry × region and the quadrant moves (two more) — three whatever the number of segments.
 */
async function segmentData(
  deps: ServiceDeps,
  teamId: string,
  cur: SnapshotRef,
  prev: SnapshotRef | null,
): Promise<SegmentInputs | null> {
  const year = yearOf(cur.asOf);
  const segments = (await deps.repos.segments.teamSegments([teamId])).filter((s) => s.year === year);
  if (segments.length === 0) return null;
  const repo = deps.repos.digest;
  const [areas, moves] = await Promise.all([
    repo.segmentAreas(teamId, cur.periodKey, { start: `${year}-01-01`, end: `${year}-12-31` }, cur.asOf),
    prev ? repo.segmentMoves(teamId, prev.periodKey, cur.periodKey, SEGMENT_MOVES_SHOWN) : Promise.resolve(null),
  ]);
  return { year, segments, areas, moves };
}

export interface GatherInput {
  team: { id: string; name: string };
  periodKey: string;
  current: SnapshotRef;
  previous: SnapshotRef | null;
  builtOn: string;
  /** The matrix chart's points: only when charts are drawn (not for the ephemeral preview). */
  chartPoints: boolean;
}

/** All the digest's inputs for one team: at most 17 statements whatever the portfolio size (fewer without a previous snapshot, chart points or stage history). */
export async function gatherDigestData(deps: ServiceDeps, input: GatherInput): Promise<DigestData> {
  const repo = deps.repos.digest;
  const { team, current, previous } = input;
  const weekStart = previous?.asOf ?? addDays(current.asOf, -7);
  const { period, amount, set } = await findTarget(deps, team.id, null, current.asOf);
  const keys = previous ? [current.periodKey, previous.periodKey] : [current.periodKey];
  // A snapshot taken by an older build has no stats: compute them from the closed history once.
  const stats = current.stats ?? cohortStats(await repo.teamCohort(team.id, current.asOf), current.asOf);
  const [totalRows, changes, won, sources, matrix, risks, segments] = await Promise.all([
    repo.stageTotals(team.id, keys, period.end),
    previous
      ? repo.changedOpportunities(team.id, previous.periodKey, current.periodKey, {
          since: weekStart,
          until: current.asOf,
        })
      : Promise.resolve([]),
    repo.wonFigures(team.id, period.start, current.asOf, weekStart),
    repo.sourceCounts(team.id, weekStart, current.asOf),
    matrixData(deps, team.id, current, previous, input.chartPoints),
    repo.risks(team.id, input.builtOn, stalledBefore(stats.stageDays, input.builtOn), DIGEST_LIST_SIZE),
    segmentData(deps, team.id, current, previous),
  ]);
  const totals = totalsBySnapshot(totalRows, keys);
  const cur = totals.get(current.periodKey);
  const prev = previous ? totals.get(previous.periodKey) : undefined;
  return {
    team,
    periodKey: input.periodKey,
    current,
    previous,
    builtOn: input.builtOn,
    period,
    target: set ? amount : null,
    won,
    totals: {
      current: cur?.t ?? emptyTotals(),
      previous: prev?.t ?? null,
      previousPublishedWeighted: prev ? prev.published : null,
    },
    changes,
    stats,
    risks,
    sources: sourcesInOrder(sources),
    matrix,
    segments,
  };
}
