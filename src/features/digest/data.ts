// Everything the weekly digest of a team needs (METHOD §5.7), gathered with a fixed number of statements (at most 14)
// whatever the portfolio size: aggregates are computed in SQL (GROUP BY, windowed totals, top-N lists), and the only
// rows that travel are the opportunities whose snapshot row changed during the week (the bridge and the flows). The
// closed history is not read: what it said at the boundary was kept with the snapshot (digest-stats.ts).
// The pure builder (src/digest/build.ts) turns this into the nine parts.
import { addDays, OPEN_STAGES, SOURCES, STAGES } from "../../core/index.js";
import type { OpenStage, Quadrant, Source, Stage, StageTotals } from "../../core/index.js";
import type { ServiceDeps } from "../deps.js";
import { inList, join, num, raw, rows, sql, text, textOrNull, type Row } from "./sql.js";
import { cohortStats, stalledBefore, type SnapshotStats } from "./stats.js";
import type { SnapshotRef } from "./snapshots.js";
import { findTarget } from "../funnel/service.js";
import type { Period } from "../funnel/periods.js";
import { teamCohort } from "./team-data.js";

/** How many entries a list in the digest shows; the totals cover everything. */
export const DIGEST_LIST_SIZE = 8;
/** Accounts drawn on the matrix chart (by V, highest first): a readable chart, a bounded query. */
export const MATRIX_CHART_POINTS = 400;

export interface RiskItem {
  id: string;
  name: string;
  account: string;
  stage: OpenStage;
  amount: number;
  /** stalled: the date it entered its stage; overdue: its expected close date */
  date: string | null;
  /** red flags: §10.1 codes; unqualified: "qualification:<true count>" */
  flags: string[];
}
export interface RiskList { total: number; amount: number; items: RiskItem[] }

/** An opportunity as a snapshot row has it (the §10.3 shape). */
export interface PipelineRow { stage: Stage; amount: number; expected_close_date: string }

/** An opportunity whose snapshot row changed during the week (the others add nothing to the bridge or the flows). */
export interface ChangedOpportunity {
  id: string;
  name: string;
  account: string;
  /** last week's snapshot row; null = not in it */
  previous: PipelineRow | null;
  /** this week's snapshot row; null = not in it */
  current: PipelineRow | null;
  /** for one that left the pipeline by closing: its W/L/A row now; null otherwise */
  closed: PipelineRow | null;
  /** for one new this week: created during the week (else it came back, e.g. reopened or moved into the team) */
  created: boolean;
}

export interface ScorePoint {
  cv: number; pt: number; sf: number; ra: number; x: number; y: number; v: number;
  quadrant: Quadrant; tier: string | null; confidence: string;
  completeness: number; completenessCv: number; completenessPt: number; completenessSf: number; completenessRa: number;
}
export interface ScoreChange { accountId: string; name: string; before: ScorePoint; after: ScorePoint }

export interface DigestData {
  team: { id: string; name: string };
  /** The run's period (ISO week of its slot) */
  periodKey: string;
  current: SnapshotRef;
  previous: SnapshotRef | null;
  /** The day the live lists (risks) describe */
  builtOn: string;
  period: Period;
  target: number;
  won: { toDate: number; toDatePrevious: number; weekCount: number; weekAmount: number; lostWeek: number; abandonedWeek: number };
  totals: { current: StageTotals; previous: StageTotals | null; previousPublishedWeighted: number | null };
  /** The opportunities whose snapshot row changed between the two snapshots (empty for a first digest) */
  changes: ChangedOpportunity[];
  /** The team's history as of current.asOf, kept with the snapshot */
  stats: SnapshotStats;
  risks: { stalled: RiskList; overdue: RiskList; redFlags: RiskList; unqualified: RiskList };
  sources: { source: Source; count: number; amount: number }[];
  matrix: {
    counts: { quadrant: Quadrant; provisional: boolean; current: number; previous: number }[];
    changes: ScoreChange[];
    changeTotal: number;
    /** Fact fields changed between the two snapshots, per changed account */
    facts: Record<string, string[]>;
    points: { name: string; x: number; y: number; quadrant: Quadrant }[];
  };
}

const asStage = (s: unknown): Stage => STAGES.find((x) => x === s) ?? "S0";
const asOpen = (s: unknown): OpenStage => OPEN_STAGES.find((x) => x === s) ?? "S0";
const asQuadrant = (s: unknown): Quadrant => (s === "strategic" || s === "develop" || s === "maintain" ? s : "opportunistic");
/** A deal without an expected close date is in no period's pipeline (SQL's NULL ≤ end is not true either). */
const NO_CLOSE_DATE = "9999-12-31";
const closedStage = (s: unknown): "W" | "L" | "A" | null => (s === "W" || s === "L" || s === "A" ? s : null);
const OPEN = inList(OPEN_STAGES);
const LATE = inList(["S4", "S5"]);

/** Per-stage count, amount and the snapshot's own weighting Σ amount·P_amt, for both snapshots: one GROUP BY. */
async function stageTotalsOf(deps: ServiceDeps, teamId: string, keys: string[], periodEnd: string): Promise<Map<string, { t: StageTotals; published: number }>> {
  const result = await rows(deps.db, sql`
    SELECT "periodKey" AS k, "stage" AS stage, COUNT(*) AS n, SUM("amount") AS amount, SUM("amount" * "pAmt") AS published
    FROM "PipelineSnapshot"
    WHERE "teamId" = ${teamId} AND "periodKey" IN ${inList(keys)} AND "expectedCloseDate" <= ${periodEnd}
    GROUP BY "periodKey", "stage"`);
  const out = new Map<string, { t: StageTotals; published: number }>();
  for (const key of keys) out.set(key, { t: { count: new Float64Array(6), amount: new Float64Array(6) }, published: 0 });
  for (const r of result) {
    const entry = out.get(text(r.k));
    const i = OPEN_STAGES.findIndex((s) => s === r.stage);
    if (!entry || i < 0) continue;
    entry.t.count[i] = num(r.n);
    entry.t.amount[i] = num(r.amount);
    entry.published += num(r.published);
  }
  return out;
}

/**
 * The opportunities whose row differs between the two snapshots, with both rows, how an exit closed and whether a
 * newcomer was created this week: one query. The comparison runs on the snapshot table alone (both weeks hash-joined
 * on the opportunity); names and live stages are joined only for the changed rows.
 */
async function changedOpportunities(deps: ServiceDeps, teamId: string, prev: SnapshotRef, cur: string): Promise<ChangedOpportunity[]> {
  const week = (key: string) => sql`SELECT "opportunityId" AS id, "stage" AS stage, "amount" AS amount, "expectedCloseDate" AS d
    FROM "PipelineSnapshot" WHERE "teamId" = ${teamId} AND "periodKey" = ${key}`;
  const result = await rows(deps.db, sql`
    WITH p AS (${week(prev.periodKey)}), c AS (${week(cur)}),
    ch AS (
      SELECT p.id AS id, p.stage AS s0, p.amount AS a0, p.d AS d0, c.stage AS s1, c.amount AS a1, c.d AS d1
      FROM p LEFT JOIN c ON c.id = p.id
      WHERE c.id IS NULL OR c.stage <> p.stage OR c.amount <> p.amount OR COALESCE(c.d, '') <> COALESCE(p.d, '')
      UNION ALL
      SELECT c.id, NULL, NULL, NULL, c.stage, c.amount, c.d FROM c LEFT JOIN p ON p.id = c.id WHERE p.id IS NULL)
    SELECT ch.id, ch.s0, ch.a0, ch.d0, ch.s1, ch.a1, ch.d1, o."stage" AS live, o."amount" AS live_amount,
      o."expectedCloseDate" AS live_d, o."createdDate" AS created, o."name" AS name, a."name" AS account
    FROM ch LEFT JOIN "Opportunity" o ON o."id" = ch.id LEFT JOIN "Account" a ON a."id" = o."accountId"`);
  const row = (stage: unknown, amount: unknown, d: unknown): PipelineRow | null =>
    stage === null || stage === undefined ? null : { stage: asStage(stage), amount: num(amount), expected_close_date: textOrNull(d) ?? NO_CLOSE_DATE };
  return result.map((r) => {
    const previous = row(r.s0, r.a0, r.d0), current = row(r.s1, r.a1, r.d1);
    const closedAs = closedStage(r.live);
    return {
      id: text(r.id), name: text(r.name) || text(r.id), account: text(r.account), previous, current,
      closed: previous && !current && closedAs ? { stage: closedAs, amount: num(r.live_amount), expected_close_date: textOrNull(r.live_d) ?? NO_CLOSE_DATE } : null,
      created: !previous && text(r.created) >= prev.asOf,
    };
  });
}

/** Won to date (now and a week ago), won/lost/abandoned during the week: one pass with conditional sums. */
async function wonFigures(deps: ServiceDeps, teamId: string, period: Period, asOf: string, weekStart: string): Promise<DigestData["won"]> {
  const value = sql`COALESCE(o."finalAmount", o."amount")`;
  const [r = {} as Row] = await rows(deps.db, sql`
    SELECT
      SUM(CASE WHEN o."stage" = 'W' AND o."closedDate" >= ${period.start} AND o."closedDate" < ${asOf} THEN ${value} ELSE 0 END) AS to_date,
      SUM(CASE WHEN o."stage" = 'W' AND o."closedDate" >= ${period.start} AND o."closedDate" < ${weekStart} THEN ${value} ELSE 0 END) AS to_date_prev,
      SUM(CASE WHEN o."stage" = 'W' AND o."closedDate" >= ${weekStart} AND o."closedDate" < ${asOf} THEN 1 ELSE 0 END) AS won_n,
      SUM(CASE WHEN o."stage" = 'W' AND o."closedDate" >= ${weekStart} AND o."closedDate" < ${asOf} THEN ${value} ELSE 0 END) AS won_amount,
      SUM(CASE WHEN o."stage" = 'L' AND o."closedDate" >= ${weekStart} AND o."closedDate" < ${asOf} THEN 1 ELSE 0 END) AS lost_n,
      SUM(CASE WHEN o."stage" = 'A' AND o."closedDate" >= ${weekStart} AND o."closedDate" < ${asOf} THEN 1 ELSE 0 END) AS abandoned_n
    FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
    WHERE a."teamId" = ${teamId} AND o."stage" IN ('W', 'L', 'A')
      AND o."closedDate" >= ${period.start < weekStart ? period.start : weekStart}`);
  return {
    toDate: num(r.to_date), toDatePrevious: num(r.to_date_prev), weekCount: num(r.won_n), weekAmount: num(r.won_amount),
    lostWeek: num(r.lost_n), abandonedWeek: num(r.abandoned_n),
  };
}

/** New opportunities of the week per discovery method (§2.7), `unknown` for none recorded. */
async function sourceCounts(deps: ServiceDeps, teamId: string, from: string, to: string): Promise<DigestData["sources"]> {
  const result = await rows(deps.db, sql`
    SELECT COALESCE(o."source", 'unknown') AS source, COUNT(*) AS n, SUM(o."amount") AS amount
    FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"
    WHERE a."teamId" = ${teamId} AND o."createdDate" >= ${from} AND o."createdDate" < ${to}
    GROUP BY 1`);
  const by = new Map<string, { count: number; amount: number }>();
  for (const r of result) {
    const s = SOURCES.find((x) => x === r.source) ?? "other"; // a code newer than this build counts as other
    const e = by.get(s) ?? { count: 0, amount: 0 };
    by.set(s, { count: e.count + num(r.n), amount: e.amount + num(r.amount) });
  }
  return SOURCES.map((source) => ({ source, ...(by.get(source) ?? { count: 0, amount: 0 }) }));
}

function riskList(result: Row[], item: (r: Row) => RiskItem): RiskList {
  const first = result[0];
  return { total: first ? num(first.total) : 0, amount: first ? num(first.total_amount) : 0, items: result.map(item) };
}

const riskItem = (r: Row, date: string | null, flags: string[] = []): RiskItem => ({
  id: text(r.id), name: text(r.name) || text(r.id), account: text(r.account), stage: asOpen(r.stage), amount: num(r.amount), date, flags,
});

/**
 * The team's open opportunities with the date each entered its current stage (its creation date when no entry was
 * recorded). Two forms with the same answer, each the fast one on its database (measured at 32,000 open deals):
 * PostgreSQL hash-joins and groups the stage entries (~0.1 s; its correlated lookup took 1 s), SQLite looks each one up
 * on the (opportunityId, enteredDate) index (~0.14 s; its grouped join took 0.21 s).
 */
function openWithEntry(deps: ServiceDeps, teamId: string) {
  const cols = sql`o."id", o."name", a."name" AS account, o."stage", o."amount"`;
  const from = sql`FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId"`;
  return deps.provider === "postgresql"
    ? sql`SELECT ${cols}, COALESCE(MAX(sc."enteredDate"), o."createdDate") AS entered
        ${from} LEFT JOIN "StageChange" sc ON sc."opportunityId" = o."id" AND sc."stage" = o."stage"
        WHERE a."teamId" = ${teamId} AND o."stage" IN ${OPEN}
        GROUP BY o."id", o."name", a."name", o."stage", o."amount", o."createdDate"`
    : sql`SELECT ${cols}, COALESCE((SELECT MAX(sc."enteredDate") FROM "StageChange" sc
          WHERE sc."opportunityId" = o."id" AND sc."stage" = o."stage"), o."createdDate") AS entered
        ${from} WHERE a."teamId" = ${teamId} AND o."stage" IN ${OPEN}`;
}

/** §5.7 item 6, on the live pipeline: stalled, overdue, late-stage red flags, qualification < 75 % at S4+. */
async function risks(deps: ServiceDeps, teamId: string, today: string, stats: SnapshotStats): Promise<DigestData["risks"]> {
  const { db } = deps;
  const n = DIGEST_LIST_SIZE;
  const before = stalledBefore(stats.stageDays, today);
  const judged = OPEN_STAGES.filter((k) => before[k] !== null);
  const threshold = sql`CASE x."stage" ${join(OPEN_STAGES.map((k) => sql`WHEN ${k} THEN CAST(${before[k] ?? ""} AS TEXT)`), " ")} END`;
  const base = sql`FROM "Opportunity" o JOIN "Account" a ON a."id" = o."accountId" WHERE a."teamId" = ${teamId}`;
  const meddpicc = sql`(CASE WHEN o."meddpiccMetrics" THEN 1 ELSE 0 END + CASE WHEN o."meddpiccEconomicBuyer" THEN 1 ELSE 0 END
    + CASE WHEN o."meddpiccDecisionCriteria" THEN 1 ELSE 0 END + CASE WHEN o."meddpiccDecisionProcess" THEN 1 ELSE 0 END
    + CASE WHEN o."meddpiccPaperProcess" THEN 1 ELSE 0 END + CASE WHEN o."meddpiccIdentifyPain" THEN 1 ELSE 0 END
    + CASE WHEN o."meddpiccChampion" THEN 1 ELSE 0 END + CASE WHEN o."meddpiccCompetition" THEN 1 ELSE 0 END)`;
  const [stalled, overdue, flagged, unqualified] = await Promise.all([
    judged.length === 0 ? Promise.resolve([] as Row[]) : rows(db, sql`
      SELECT x.*, COUNT(*) OVER () AS total, SUM(x."amount") OVER () AS total_amount FROM (${openWithEntry(deps, teamId)}) x
      WHERE x."entered" < ${threshold}
      ORDER BY x."entered" ASC, x."id" ASC LIMIT ${n}`),
    rows(db, sql`
      SELECT o."id", o."name", a."name" AS account, o."stage", o."amount", o."expectedCloseDate" AS d,
        COUNT(*) OVER () AS total, SUM(o."amount") OVER () AS total_amount
      ${base} AND o."stage" IN ${OPEN} AND o."expectedCloseDate" < ${today}
      ORDER BY o."amount" DESC, o."id" ASC LIMIT ${n}`),
    rows(db, sql`
      SELECT x.*, COUNT(*) OVER () AS total, SUM(x."amount") OVER () AS total_amount FROM (
        SELECT o."id", o."name", a."name" AS account, o."stage", o."amount",
          CASE WHEN o."meddpiccEconomicBuyer" = false OR o."meddpiccChampion" = false THEN 1 ELSE 0 END AS unqualified,
          CASE WHEN a."budgetStatus" = 'none' THEN 1 ELSE 0 END AS no_budget,
          CASE WHEN EXISTS (SELECT 1 FROM "Contact" c WHERE c."accountId" = a."id" AND c."role" = 'economic_buyer') THEN 0 ELSE 1 END AS eb_missing,
          CASE WHEN EXISTS (SELECT 1 FROM "Contact" c WHERE c."accountId" = a."id" AND c."role" = 'economic_buyer' AND c."attitude" <= -1)
            THEN 1 ELSE 0 END AS eb_opposed
        ${base} AND o."stage" IN ${LATE}) x
      WHERE x."unqualified" + x."no_budget" + x."eb_missing" + x."eb_opposed" > 0
      ORDER BY x."amount" DESC, x."id" ASC LIMIT ${n}`),
    rows(db, sql`
      SELECT x.*, COUNT(*) OVER () AS total, SUM(x."amount") OVER () AS total_amount FROM (
        SELECT o."id", o."name", a."name" AS account, o."stage", o."amount", ${meddpicc} AS q
        ${base} AND o."stage" IN ${LATE}) x
      WHERE x."q" < 6
      ORDER BY x."amount" DESC, x."id" ASC LIMIT ${n}`),
  ]);
  return {
    stalled: riskList(stalled, (r) => riskItem(r, textOrNull(r.entered))),
    overdue: riskList(overdue, (r) => riskItem(r, textOrNull(r.d))),
    redFlags: riskList(flagged, (r) => riskItem(r, null, [
      ...(num(r.eb_missing) ? ["eb_missing"] : []), ...(num(r.eb_opposed) ? ["eb_opposed"] : []),
      ...(num(r.unqualified) ? ["late_stage_unqualified"] : []), ...(num(r.no_budget) ? ["no_budget_late_stage"] : []),
    ])),
    unqualified: riskList(unqualified, (r) => riskItem(r, null, [`qualification:${num(r.q)}`])),
  };
}

const scoreCols = (s: string) => sql`${raw(["cv", "pt", "sf", "ra", "x", "y", "v", "quadrant", "tier", "confidence", "completeness",
  "completenessCv", "completenessPt", "completenessSf", "completenessRa"].map((c) => `${s}."${c}" AS "${s}_${c}"`).join(", "))}`;
const scorePoint = (r: Row, s: string): ScorePoint => ({
  cv: num(r[`${s}_cv`]), pt: num(r[`${s}_pt`]), sf: num(r[`${s}_sf`]), ra: num(r[`${s}_ra`]), x: num(r[`${s}_x`]), y: num(r[`${s}_y`]),
  v: num(r[`${s}_v`]), quadrant: asQuadrant(r[`${s}_quadrant`]), tier: textOrNull(r[`${s}_tier`]), confidence: text(r[`${s}_confidence`]),
  completeness: num(r[`${s}_completeness`]), completenessCv: num(r[`${s}_completenessCv`]), completenessPt: num(r[`${s}_completenessPt`]),
  completenessSf: num(r[`${s}_completenessSf`]), completenessRa: num(r[`${s}_completenessRa`]),
});

/** §5.7 item 8: quadrant counts of both snapshots, and the accounts whose quadrant, tier or confidence changed. */
async function matrixData(deps: ServiceDeps, teamId: string, cur: SnapshotRef, prev: SnapshotRef | null, withPoints: boolean): Promise<DigestData["matrix"]> {
  const { db } = deps;
  const keys = prev ? [cur.periodKey, prev.periodKey] : [cur.periodKey];
  const [counts, changed, points] = await Promise.all([
    rows(db, sql`
      SELECT "periodKey" AS k, "quadrant", CASE WHEN "confidence" = 'low' THEN 1 ELSE 0 END AS provisional, COUNT(*) AS n
      FROM "ScoreSnapshot" WHERE "teamId" = ${teamId} AND "periodKey" IN ${inList(keys)} AND "reason" = 'weekly'
      GROUP BY 1, 2, 3`),
    prev ? rows(db, sql`
      SELECT s1."accountId" AS id, a."name" AS name, ${scoreCols("s0")}, ${scoreCols("s1")}, COUNT(*) OVER () AS total
      FROM "ScoreSnapshot" s1
      JOIN "ScoreSnapshot" s0 ON s0."accountId" = s1."accountId" AND s0."teamId" = ${teamId}
        AND s0."periodKey" = ${prev.periodKey} AND s0."reason" = 'weekly'
      JOIN "Account" a ON a."id" = s1."accountId"
      WHERE s1."teamId" = ${teamId} AND s1."periodKey" = ${cur.periodKey} AND s1."reason" = 'weekly'
        AND (s0."quadrant" <> s1."quadrant" OR COALESCE(s0."tier", '') <> COALESCE(s1."tier", '') OR s0."confidence" <> s1."confidence")
      ORDER BY ABS(s1."v" - s0."v") DESC, s1."accountId" ASC LIMIT ${DIGEST_LIST_SIZE}`) : Promise.resolve([] as Row[]),
    withPoints ? rows(db, sql`
      SELECT a."name" AS name, s."x", s."y", s."quadrant"
      FROM "ScoreSnapshot" s JOIN "Account" a ON a."id" = s."accountId"
      WHERE s."teamId" = ${teamId} AND s."periodKey" = ${cur.periodKey} AND s."reason" = 'weekly'
      ORDER BY s."v" DESC, s."accountId" ASC LIMIT ${MATRIX_CHART_POINTS}`) : Promise.resolve([] as Row[]),
  ]);

  const cells = new Map<string, { quadrant: Quadrant; provisional: boolean; current: number; previous: number }>();
  for (const r of counts) {
    const quadrant = asQuadrant(r.quadrant), provisional = num(r.provisional) === 1;
    const key = `${quadrant}|${provisional}`;
    const cell = cells.get(key) ?? { quadrant, provisional, current: 0, previous: 0 };
    if (r.k === cur.periodKey) cell.current += num(r.n);
    else cell.previous += num(r.n);
    cells.set(key, cell);
  }
  const changes = changed.map((r) => ({ accountId: text(r.id), name: text(r.name), before: scorePoint(r, "s0"), after: scorePoint(r, "s1") }));

  // The facts behind a change: one grouped query over the audit trail for the listed accounts only.
  const facts: Record<string, string[]> = {};
  if (prev) {
    // Issued even when nothing changed (no account matches ""), so every digest runs the same statements.
    const ids = changes.length > 0 ? changes.map((c) => c.accountId) : [""];
    const grouped = await db.factChange.groupBy({
      by: ["accountId", "field"],
      where: { accountId: { in: ids }, at: { gte: prev.takenAt, lt: cur.takenAt } },
      orderBy: [{ accountId: "asc" }, { field: "asc" }],
    });
    for (const g of grouped) if (g.accountId && g.field !== "*") (facts[g.accountId] ??= []).push(g.field);
  }
  return {
    counts: [...cells.values()],
    changes,
    changeTotal: num(changed[0]?.total),
    facts,
    points: points.map((r) => ({ name: text(r.name), x: num(r.x), y: num(r.y), quadrant: asQuadrant(r.quadrant) })),
  };
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

/** All the digest's inputs for one team: at most 14 statements whatever the portfolio size (fewer without a previous snapshot, chart points or stage history). */
export async function gatherDigestData(deps: ServiceDeps, input: GatherInput): Promise<DigestData> {
  const { team, current, previous } = input;
  const weekStart = previous?.asOf ?? addDays(current.asOf, -7);
  const { period, amount: target } = await findTarget(deps, team.id, null, current.asOf);
  const keys = previous ? [current.periodKey, previous.periodKey] : [current.periodKey];
  // A snapshot taken by an older build has no stats: compute them from the closed history once.
  const stats = current.stats ?? cohortStats(await teamCohort(deps, team.id, current.asOf), current.asOf);
  const [totals, changes, won, sources, matrix, risk] = await Promise.all([
    stageTotalsOf(deps, team.id, keys, period.end),
    previous ? changedOpportunities(deps, team.id, previous, current.periodKey) : Promise.resolve([]),
    wonFigures(deps, team.id, period, current.asOf, weekStart),
    sourceCounts(deps, team.id, weekStart, current.asOf),
    matrixData(deps, team.id, current, previous, input.chartPoints),
    risks(deps, team.id, input.builtOn, stats),
  ]);
  const cur = totals.get(current.periodKey);
  const prev = previous ? totals.get(previous.periodKey) : undefined;
  return {
    team, periodKey: input.periodKey, current, previous, builtOn: input.builtOn, period, target, won,
    totals: {
      current: cur?.t ?? { count: new Float64Array(6), amount: new Float64Array(6) },
      previous: prev?.t ?? null,
      previousPublishedWeighted: prev ? prev.published : null,
    },
    changes, stats, risks: risk, sources, matrix,
  };
}
