// The weekly digest as plain data (METHOD §5.7, nine parts): what the pure builder returns and the Block Kit renderer
// and the charts read. Numbers are full precision; only the renderer rounds (§2.1).
import type {
  BridgeLabel,
  CompetitionIntensity,
  Industry,
  BridgeRow,
  FunnelResult,
  OpenStage,
  Quadrant,
  Source,
  StageProbabilities,
  StageRates,
  SubScore,
} from "../../core/index.js";
import type { RiskList } from "./records.js";
import type { Period } from "../funnel/periods.js";

/** A figure this week and last week; `before`/`delta` are null without a previous snapshot. */
export interface Change {
  now: number;
  before: number | null;
  delta: number | null;
}

export type Assumption = "default_rates" | "avg_won_from_pipeline" | "default_cycle";

export interface StageRow {
  stage: OpenStage;
  count: Change;
  amount: Change;
  /** amount × P_amt */
  weighted: Change;
  /** count × P_count */
  expectedWins: Change;
}

export interface BridgeLine extends BridgeRow {
  name: string;
  account: string;
  /** "" for a deal deleted since last week's snapshot (no card to open) */
  accountId: string;
}

export interface DigestBridge {
  /** E_amt of last week's snapshot at this week's rates, and of this week's */
  before: number;
  after: number;
  net: number;
  /** Last week's E_amt at the rates it was taken with (what last week's digest showed) */
  publishedBefore: number | null;
  /** before − publishedBefore: how much this week's recalibrated rates re-weighted last week's pipeline */
  rateEffect: number | null;
  /** Totals per label, in label order, labels with rows only */
  byLabel: { label: BridgeLabel; count: number; delta: number }[];
  /** The largest rows (|Δ| descending, then id) */
  rows: BridgeLine[];
  rowCount: number;
}

export interface FlowRow {
  stage: OpenStage;
  created: number;
  advanced: number;
  regressed: number;
  won: number;
  lost: number;
  abandoned: number;
  slipped: number;
}

export interface ConversionRow {
  stage: OpenStage;
  count: Change;
  amount: Change;
  observed: number;
}

export interface MatrixState {
  quadrant: Quadrant;
  provisional: boolean;
  tier: string | null;
  confidence: string;
  v: number;
}
export type MatrixChangeKind = "quadrant" | "tier" | "confidence";

export interface MatrixChangeRow {
  accountId: string;
  name: string;
  before: MatrixState;
  after: MatrixState;
  kinds: MatrixChangeKind[];
  /** The sub-score (or its completeness) whose change moved the account, with its weighted effect on the axis. */
  driver: { sub: SubScore; measure: "score" | "completeness"; before: number; after: number; effect: number };
  /** The model versions of the two snapshots, when an adopt or a revert came between them: a cause of its own. */
  model: { before: string; after: string } | null;
  /** Facts recorded for the account between the two snapshots (audit trail), field names */
  facts: string[];
}

/** 三定's decision on a segment, in the order the digest lists segments. */
export type SegmentDecision = "chosen" | "undecided" | "not_chosen";

/** One group of the segment part: a segment of the snapshot's year, or (segment null) the accounts in none. */
export interface SegmentGroup {
  segment: {
    industry: Industry;
    regionCode: string;
    year: number;
    decision: SegmentDecision;
    /** 看竞争 */
    competitors: string[];
    intensity: CompetitionIntensity | null;
  } | null;
  accounts: number;
  /** The largest quadrant moves (|ΔV|), at most SEGMENT_MOVES_SHOWN; moveTotal counts them all */
  moves: { accountId: string; name: string; before: Quadrant; after: Quadrant }[];
  moveTotal: number;
  /** Open pipeline closing in the year, per open stage (the dual funnel: count and amount) */
  stages: { stage: OpenStage; count: number; amount: number }[];
  open: { count: number; amount: number; weighted: number };
  /** The segment's revenue target (null: none set, and always for Other) */
  target: number | null;
  won: number;
  /** target − won, not below 0; null without a target */
  left: number | null;
  /** weighted / left; null without a target or with nothing left */
  coverage: number | null;
}

export interface DigestSegments {
  year: number;
  groups: SegmentGroup[];
  /** Segments of the year not shown (beyond the part's limits) */
  hidden: number;
}

export interface Digest {
  team: { id: string; name: string };
  periodKey: string;
  asOf: string;
  previousAsOf: string | null;
  builtOn: string;
  period: Period;
  /** null: no target set for the period, so the gap, coverage, required wins and leads below are not shown */
  target: number | null;
  modelVersion: string;
  rates: { rates: StageRates; probabilities: StageProbabilities; cohort: number; won: number };
  assumptions: Assumption[];
  funnel: FunnelResult;
  previousFunnel: FunnelResult | null;
  /** 1. headline */
  headline: {
    wonWeek: { count: number; amount: number; lost: number; abandoned: number };
    wonToDate: Change;
    gap: Change;
    expectedWins: Change;
    requiredWins: number;
    weighted: Change;
    /** weighted coverage E_amt/G; null when the gap is 0 */
    coverage: { now: number | null; before: number | null; deltaPoints: number | null };
    /** §5.4 step 6: new S0 leads by the binding funnel (the larger ceiling) */
    leadsNeeded: number;
  };
  /** 2. stage table */
  stages: StageRow[];
  /** 3. bridge; null for a team's first digest */
  bridge: DigestBridge | null;
  /** 4. flows; null for a team's first digest */
  flows: FlowRow[] | null;
  /** 5. rolling conversion rates and their change */
  conversions: {
    windowWeeks: number;
    lagWeeks: number;
    rows: ConversionRow[];
    closedNow: number;
    closedBefore: number;
  };
  /** 6. risks, with the historical median days per stage that define "stalled" (null: too little history) */
  risks: {
    stalled: RiskList;
    overdue: RiskList;
    redFlags: RiskList;
    unqualified: RiskList;
    medianDays: Record<OpenStage, number | null>;
  };
  /** 7. sources of the week's new opportunities */
  sources: {
    rows: { source: Source; count: number; amount: number }[];
    total: { count: number; amount: number };
    /** shares of `other` and `unknown` in the count (null when nothing new) */
    otherShare: number | null;
    unknownShare: number | null;
  };
  /** 8. matrix */
  matrix: {
    counts: { quadrant: Quadrant | "provisional"; now: number; before: number | null }[];
    changes: MatrixChangeRow[];
    changeTotal: number;
  };
  /** 8b. by market segment (issue 10); null when the team has no segment for the snapshot's year */
  segments: DigestSegments | null;
  /** 9. velocity, CNY per day */
  velocity: Change;
  /** What the charts draw */
  charts: {
    funnel: { stage: OpenStage; count: number; amount: number }[];
    points: { name: string; x: number; y: number; quadrant: Quadrant; provisional: boolean }[];
  };
}
