// View models: the plain data each Block Kit builder renders. Services fill them; builders never fetch.
// Money is integer yuan, scores are full-precision numbers (rounded only for display), dates are ISO strings.
import type { KnownBlock } from "@slack/types";
import type {
  AdminLevel,
  BudgetStatus,
  CustomerType,
  DevelopmentTrend,
  Incumbent,
  Industry,
  IndustryOutlook,
  Influence,
  MarketPosition,
  ProcurementMethod,
  ProjectType,
  Quadrant,
  ReferenceValue,
  RelationshipLayer,
  ResponseMode,
  Role,
  Source,
  Stage,
} from "../core/enums.js";
import type { AccountFactField } from "../core/facts.js";
import type { SegmentDefault } from "../core/segments.js";
import type { ModelWeights } from "../core/weights.js";
import type { Assessment, Driver, FunnelResult } from "../core/results.js";
import type { Locale } from "../i18n/locale.js";

/** What every message builder returns: blocks plus the notification/fallback text Slack requires. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
  /** Files that go with the message (PNG charts, a CSV export): Slack uploads them, the console saves them. */
  files?: readonly MessageFile[];
  /** Where Slack uploads the files: this channel (the team's own, so everyone there may see them), else the user's
   *  direct conversation with the app. */
  filesChannel?: string;
}

export interface MessageFile {
  filename: string;
  title: string;
  bytes: Buffer;
}

export interface AccountSummary {
  id: string;
  name: string;
  industry?: Industry | null;
  adminLevel?: AdminLevel | null;
  customerType?: CustomerType | null;
  /** Slack user id of the owning AR; rendered as a mention. */
  ownerUserId?: string | null;
  /** The account's id in its CRM (客户编号), shown on the card. */
  crmId?: string | null;
  /** Its record in the CRM: the CRM id on the card links there. */
  crmUrl?: string | null;
}

export interface OpportunityLine {
  id: string;
  name: string;
  stage: Stage;
  amount: number;
  expectedCloseDate: string | null;
}

export interface PipelineTotals {
  openCount: number;
  openAmount: number;
  /** Σ amount · P_amt(stage) (METHOD §5.3). */
  weightedAmount: number;
}

export interface PipelineSummary extends PipelineTotals {
  /** Open opportunities of the account; closed ones (W/L/A) are ignored if passed. */
  opportunities: OpportunityLine[];
}

/** A contact as far as the card needs it: to name people in collect-next questions. */
export interface ContactName {
  id: string;
  name?: string | null;
  title?: string | null;
}

/** A need, so the card can name the strongest one in its driver line. */
export interface NeedName {
  id: string;
  description?: string | null;
}

export interface AccountCardData {
  account: AccountSummary;
  assessment: Assessment;
  pipeline: PipelineSummary;
  contacts?: ContactName[];
  needs?: NeedName[];
  /** The model version label the assessment was computed under (METHOD §6.6). */
  modelVersion?: string;
  /** That version's V and Y weights, for the formula shown; absent: v1-default's. */
  weights?: ModelWeights;
  /** Facts the assessment took from a segment because the account's own are unknown (METHOD §2.3). */
  segmentDefaults?: SegmentDefault[];
  locale: Locale;
}

export interface AccountChoice {
  id: string;
  name: string;
  industry?: Industry | null;
  ownerUserId?: string | null;
}

export interface AccountChoicesData {
  query: string;
  matches: AccountChoice[];
  /** How many accounts match in all, when more than `matches` were fetched (default: matches.length). */
  total?: number;
  locale: Locale;
  /** The assignments of a `set` that named several accounts: the choice applies them. */
  pendingSet?: { field: string; value: string }[];
  /** The buttons open the picked account's history instead of its card (`/kvalue history` with several matches). */
  forHistory?: boolean;
}

export interface CreateAccountPromptData {
  name: string;
  locale: Locale;
}

/** Text that matched no account and is not a name: a mistyped command, a number, a question or a note. */
export interface UnknownTextData {
  text: string;
  locale: Locale;
  what:
    | { kind: "typo"; suggestion: string }
    | { kind: "number" }
    | { kind: "no_letters" }
    | { kind: "question" | "note"; modelConfigured: boolean };
}

/** The parts of an assessment the lists need; a full `Assessment` or a stored ScoreSnapshot both fit. */
export type AssessmentSummary = Pick<
  Assessment,
  "scores" | "completeness" | "confidence" | "quadrant" | "provisional" | "tier" | "priority" | "red_flags"
>;

/** One row of the 价值客户矩阵管理表 (METHOD §4.4), as far as a Slack message can show it. */
export interface MatrixRow {
  account: AccountSummary;
  assessment: AssessmentSummary;
  pipeline?: PipelineTotals | null;
}

export interface MatrixViewData {
  teamName?: string | null;
  asOf: string;
  rows: MatrixRow[];
  /** The model version label the scores were computed under (METHOD §6.6). */
  modelVersion?: string;
  /** That version's V and Y weights, for the formula shown; absent: v1-default's. */
  weights?: ModelWeights;
  locale: Locale;
}

export interface TopListData {
  teamName?: string | null;
  n: number;
  rows: MatrixRow[];
  /** How many accounts were ranked, when `rows` holds only the first n (default rows.length). */
  total?: number;
  locale: Locale;
}

export interface FunnelViewData {
  teamName: string;
  /** e.g. "2025" or "2025 Q3"; shown as given. */
  periodLabel: string;
  periodEnd: string;
  asOf: string;
  /** null: no target is set for the period, so there is no gap (the message says how to set one). */
  target: number | null;
  wonToDate: number;
  result: FunnelResult;
  locale: Locale;
}

export interface HelpData {
  locale: Locale;
}

/** An account's change since the last weekly snapshot (METHOD §5.7 item 8). */
export interface HomeChange {
  account: AccountSummary;
  /** null: the account had no snapshot last week. */
  quadrantBefore: Quadrant | null;
  quadrantAfter: Quadrant;
  provisionalBefore?: boolean;
  provisionalAfter?: boolean;
  vBefore: number | null;
  vAfter: number;
  /** The driver that moved most, if known. */
  driver?: Driver | null;
}

export interface HomeData {
  userId: string;
  asOf: string;
  /** The user's accounts; the builder sorts them by priority, V desc, id. */
  accounts: MatrixRow[];
  changes: HomeChange[];
  locale: Locale;
}

// ---- modals ---------------------------------------------------------------------------------------

/** The scalar account facts (METHOD §2.2) as the modal shows and returns them; null = unknown. */
export interface AccountFactValues {
  customer_type: CustomerType | null;
  admin_level: AdminLevel | null;
  industry: Industry | null;
  region_code: string | null;
  uscc: string | null;
  is_existing_customer: boolean | null;
  revenue_ttm: number | null;
  gross_margin_pct: number | null;
  relationship_years: number | null;
  wallet_annual: number | null;
  industry_outlook: IndustryOutlook | null;
  market_position: MarketPosition | null;
  development_trend: DevelopmentTrend | null;
  budget_status: BudgetStatus | null;
  segment_match: boolean | null;
  reference_value: ReferenceValue | null;
  incumbent: Incumbent | null;
  retention_rate: number | null;
  discount_rate: number | null;
}

// Keeps AccountFactValues in step with the core's list of settable fields.
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : never;
const _factKeys: SameKeys<AccountFactValues, AccountFactField> = true;
void _factKeys;

export interface FactsModalData {
  accountId: string;
  accountName: string;
  /** Current values; absent or null = unknown. */
  facts: Partial<AccountFactValues>;
  locale: Locale;
}

export type Attitude = -2 | -1 | 0 | 1 | 2;
export type RelationshipStrength = 0 | 1 | 2 | 3 | 4;

/** A contact (METHOD §2.5) as the modal edits it. */
export interface ContactValues {
  name: string;
  title: string | null;
  org_unit: string | null;
  role: Role;
  influence: Influence;
  attitude: Attitude | null;
  relationship_strength: RelationshipStrength | null;
  relationship_layer: RelationshipLayer | null;
  response_mode: ResponseMode | null;
  last_contact_date: string | null;
}

export interface ContactModalData {
  accountId: string;
  accountName: string;
  /** Present when editing. */
  contactId?: string | null;
  contact?: Partial<ContactValues> | null;
  locale: Locale;
}

/** An opportunity (METHOD §2.6) as the modal edits it. */
export interface OpportunityValues {
  name: string;
  stage: Stage;
  amount: number;
  expected_close_date: string;
  source: Source;
  project_type: ProjectType | null;
  procurement_method: ProcurementMethod;
}

export interface OpportunityModalData {
  accountId: string;
  accountName: string;
  opportunityId?: string | null;
  opportunity?: Partial<OpportunityValues> | null;
  locale: Locale;
}

export interface NoteModalData {
  accountId: string;
  accountName: string;
  initialText?: string | null;
  locale: Locale;
}

export interface NoteValues {
  note: string;
}

export interface NoteSavedData {
  accountName: string;
  note: string;
  locale: Locale;
}

/** What the modals carry in `private_metadata` (JSON). */
export interface ModalMetadata {
  accountId: string;
  contactId?: string;
  opportunityId?: string;
  /** Where the modal was opened from, so the confirmation goes back there. */
  channelId?: string;
}

/**
 * `view.state.values` as Slack sends it (block_id → action_id → value). Bolt's `ViewOutput["state"]["values"]`
 * is assignable to this; only the members the parsers read are listed.
 */
export type ViewStateValues = Record<
  string,
  Record<
    string,
    {
      type?: string;
      value?: string | null;
      selected_date?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[];
    }
  >
>;

/** A parser's answer: the value, or field-level messages keyed by block_id for `ack({ response_action: "errors" })`. */
export type SubmissionResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };
