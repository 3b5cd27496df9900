// What the digest repository returns: rows of the digest's tables and of its aggregate queries, already decoded
// (numbers as numbers, enumerations checked, JSON parsed). Types only; repository.ts fills them.
import type { Locale } from "../../i18n/index.js";
import type { OpenStage, Quadrant, Source, Stage } from "../../core/index.js";
import type { SnapshotStats } from "./stats.js";

/** A taken weekly snapshot. */
export interface SnapshotRef {
  periodKey: string;
  asOf: string;
  takenAt: Date;
  /** The team's history as of asOf (null on a snapshot written without it) */
  stats: SnapshotStats | null;
  /** The model version the snapshot's scores and probabilities were computed under (absent on old rows). */
  modelVersion?: string;
}

export interface SnapshotWeek {
  periodKey: string;
  asOf: string;
}

export interface RiskItem {
  id: string;
  name: string;
  account: string;
  /** The opportunity's account, so the digest line can open its card */
  accountId: string;
  stage: OpenStage;
  amount: number;
  /** stalled: the date it entered its stage; overdue: its expected close date */
  date: string | null;
  /** red flags: §10.1 codes; unqualified: "qualification:<true count>" */
  flags: string[];
}
export interface RiskList {
  total: number;
  amount: number;
  items: RiskItem[];
}

/** An opportunity as a snapshot row has it (the §10.3 shape). */
export interface PipelineRow {
  stage: Stage;
  amount: number;
  expected_close_date: string;
}

/** An opportunity whose snapshot row changed during the week (the others add nothing to the bridge or the flows). */
export interface ChangedOpportunity {
  id: string;
  name: string;
  account: string;
  /** "" when the opportunity no longer exists (deleted since the snapshot) */
  accountId: string;
  /** last week's snapshot row; null = not in it */
  previous: PipelineRow | null;
  /** this week's snapshot row; null = not in it */
  current: PipelineRow | null;
  /** for one that left the pipeline by closing: its W/L/A row now; null otherwise */
  closed: PipelineRow | null;
  /** for one new this week: created during the week (else it came back, e.g. reopened or moved into the team) */
  created: boolean;
  /** for one created and closed during the week (in neither snapshot): the last open stage it stood at */
  closedFrom: OpenStage | null;
}

export interface ScorePoint {
  cv: number;
  pt: number;
  sf: number;
  ra: number;
  x: number;
  y: number;
  v: number;
  quadrant: Quadrant;
  tier: string | null;
  confidence: string;
  completeness: number;
  completenessCv: number;
  completenessPt: number;
  completenessSf: number;
  completenessRa: number;
  /** The model version the snapshot was scored under (§6.6). */
  modelVersion: string;
}
export interface ScoreChange {
  accountId: string;
  name: string;
  before: ScorePoint;
  after: ScorePoint;
}

/** Per snapshot and open stage: count, amount and the snapshot's own weighting Σ amount·P_amt. */
export interface StageTotalRow {
  periodKey: string;
  stage: OpenStage;
  count: number;
  amount: number;
  published: number;
}

export interface WonFigures {
  toDate: number;
  toDatePrevious: number;
  weekCount: number;
  weekAmount: number;
  lostWeek: number;
  abandonedWeek: number;
}

export interface SourceCount {
  source: Source;
  count: number;
  amount: number;
}

export interface QuadrantCount {
  periodKey: string;
  quadrant: Quadrant;
  provisional: boolean;
  count: number;
}

export interface MatrixPoint {
  name: string;
  x: number;
  y: number;
  quadrant: Quadrant;
  /** 待评估 (κ < 0.5): in no quadrant */
  provisional: boolean;
}

export const RUN_STATUSES = ["claimed", "posting", "posted", "charts", "done", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A DigestRun row. */
export interface RunRecord {
  id: string;
  subscriptionId: string;
  periodKey: string;
  status: RunStatus;
  claimedBy: string;
  claimedAt: Date;
  leaseUntil: Date;
  attempts: number;
  messageTs: string | null;
}

/** The fields of a run its owner may change. */
export interface RunPatch {
  status?: RunStatus;
  messageTs?: string;
  postedAt?: Date;
  leaseUntil?: Date;
  error?: string | null;
}

/** The statements the protocol needs from a run table (the digest repository's names). */
export interface RunTable {
  insertRun(data: {
    subscriptionId: string;
    periodKey: string;
    claimedBy: string;
    claimedAt: Date;
    leaseUntil: Date;
  }): Promise<RunRecord | null>;
  findRun(subscriptionId: string, periodKey: string): Promise<RunRecord | null>;
  takeOverRun(
    run: { id: string; attempts: number },
    unfinished: readonly RunStatus[],
    now: Date,
    owner: string,
    leaseUntil: Date,
  ): Promise<boolean>;
  updateOwnedRun(token: { id: string; owner: string; attempts: number }, patch: RunPatch): Promise<boolean>;
  releaseOwnedRuns(
    owner: string,
    unfinished: readonly RunStatus[],
    now: Date,
    except: readonly string[],
  ): Promise<number>;
}

export interface ScheduleSettings {
  weekday: number;
  time: string;
  timezone: string;
  locale: Locale;
}

/** A DigestSubscription row. */
export interface SubscriptionRecord extends ScheduleSettings {
  id: string;
  workspaceId: string;
  teamId: string;
  channelId: string;
  active: boolean;
  createdAt: Date;
}

/** A subscription with its team's name (the scheduler's view). */
export interface ActiveSubscription extends ScheduleSettings {
  id: string;
  workspaceId: string;
  channelId: string;
  createdAt: Date;
  team: { id: string; name: string };
}

/** The §5.7 segment part's aggregates, per account industry × region (null when the account has none). */
export interface SegmentAreaKey {
  industry: string | null;
  regionCode: string | null;
}
/** Accounts, open pipeline closing in the year per stage, and won in the year, per area. */
export interface SegmentAreaRow extends SegmentAreaKey {
  kind: "accounts" | "open" | "won";
  /** open stage for kind "open", null otherwise */
  stage: OpenStage | null;
  count: number;
  amount: number;
}
/** Accounts that changed quadrant between the two weekly snapshots, per area: the total and the largest |ΔV|. */
export interface SegmentMoveRow extends SegmentAreaKey {
  accountId: string;
  name: string;
  before: Quadrant;
  after: Quadrant;
  /** |ΔV|, for keeping the largest moves of a group made of several areas */
  dv: number;
  /** moves in this area (all of them, not only the rows returned) */
  total: number;
}
