// Domain → account rows for the one write path: validated fact patches as column values, the rows of a new account
// with all its parts (laid out for multi-row INSERTs), and the FactChange audit rows of every write.
import { timeOrderedId } from "../../store/ids.js";
import { extend } from "../../core/extend.js";
import type {
  CloseReason,
  Influence,
  LeadTemperature,
  MeddpiccKey,
  ProcurementMethod,
  ProjectType,
  RelationshipLayer,
  ResponseMode,
  Role,
  Source,
  Stage,
} from "../../core/enums.js";
import {
  ACCOUNT_FACT_COLUMNS,
  MATRIX_FIELD_COLUMNS,
  type MatrixField,
  type MoneyFact,
} from "../../core/fact-columns.js";
import {
  ACCOUNT_FACT_FIELDS,
  accountSchema,
  isoDate,
  type AccountFactField,
  type ContactFacts,
  type NeedFacts,
  type StageEntry,
} from "../../core/facts.js";
import type {
  Account,
  AccountAlias,
  Contact,
  FactChange,
  Need,
  Opportunity,
  ScoreSnapshot,
  StageChange,
} from "../../../prisma/sqlite/generated/client.js";
import { StoreError } from "../../store/errors.js";
import { toDbMoney, toDbMoneyOrNull } from "../../store/money.js";
import { isMoneyFact, issuePath, type AccountFactPatch, type MatrixColumns, type ScalarFacts } from "./aggregate.js";
import { normalizeName } from "./keys.js";
import { aliasKeys } from "./name-keys.js";
import type { FactSource } from "./sources.js";

export interface ChangeContext {
  actorUserId: string;
  source: FactSource;
  /** e.g. a Slack message permalink or an import file name */
  sourceRef?: string | null;
  /** defaults to now */
  at?: Date;
}

export interface ContactInput {
  name: string;
  title: string | null;
  org_unit: string | null;
  role: Role;
  influence: Influence;
  attitude: number | null;
  relationship_strength: number | null;
  relationship_layer: RelationshipLayer | null;
  response_mode: ResponseMode | null;
  last_contact_date: string | null;
}

export interface OpportunityInput {
  name: string;
  stage: Stage;
  amount: number;
  expected_close_date: string;
  source: Source;
  project_type: ProjectType | null;
  procurement_method: ProcurementMethod;
}

/** A need of a new account (or one confirmed from a note). */
export type NewNeed = Omit<NeedFacts, "id"> & { crm_id?: string | null };
/** A contact of a new account; `win_result` is Miller Heiman's personal Win-Result (§2.5). */
export type NewContact = Omit<ContactFacts, "id"> & { win_result?: string | null; crm_id?: string | null };
/** An opportunity of a new account, with its full stage history (oldest first) and dates decided by the caller. */
export interface NewOpportunity {
  /** The opportunity's id in the CRM (商机编号), unique within its account. */
  crm_id?: string | null;
  name?: string | null;
  stage: Stage;
  amount: number;
  expected_close_date?: string | null;
  created_date: string;
  closed_date: string | null;
  source?: Source | null;
  source_detail?: string | null;
  project_type?: ProjectType | null;
  procurement_method?: ProcurementMethod | null;
  lead_temperature?: LeadTemperature | null;
  meddpicc?: { [K in MeddpiccKey]?: boolean | null } | null;
  close_reason?: CloseReason | null;
  final_amount?: number | null;
  stage_history: readonly StageEntry[];
}

export interface NewAccount {
  workspaceId: string;
  teamId?: string | null;
  name: string;
  ownerUserId?: string | null;
  /** The account's id in the CRM it came from (客户编号). */
  crmId?: string | null;
  facts?: AccountFactPatch;
  matrix?: Partial<MatrixColumns>;
  /** Further names it is found by (short names, a CRM id), stored as lookup keys with the name's pinyin. */
  aliases?: readonly string[];
  /** The id the account had in an imported file, kept in the creation audit row. */
  importId?: string;
  needs?: readonly NewNeed[];
  contacts?: readonly NewContact[];
  opportunities?: readonly NewOpportunity[];
}

/** A ScoreSnapshot row without its id (METHOD §2.8). */
export type NewScoreSnapshot = Omit<ScoreSnapshot, "id">;

// ---- domain → rows -------------------------------------------------------------------------------

const FACT_MASK = Object.fromEntries(ACCOUNT_FACT_FIELDS.map((f) => [f, true])) as Record<AccountFactField, true>;
/** Only the settable scalar facts, each nullable; unknown keys are refused. */
const accountPatchSchema = accountSchema.pick(FACT_MASK).strict();

export function parsePatch(changes: AccountFactPatch): Partial<ScalarFacts> {
  const parsed = accountPatchSchema.safeParse(changes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.code === "unrecognized_keys" ? `.${issue.keys.join(",")}` : "";
    const where = issue ? issuePath("changes", issue) + keys : "changes";
    throw new StoreError("invalid_data", `${where}: ${issue?.message ?? "invalid"}`, where);
  }
  return parsed.data;
}

type FactColumn = (typeof ACCOUNT_FACT_COLUMNS)[AccountFactField];
/** Account column values of a fact patch: only the facts given, money as BIGINT yuan. */
type FactColumnValues = {
  [F in AccountFactField as (typeof ACCOUNT_FACT_COLUMNS)[F]]?: F extends MoneyFact
    ? bigint | null
    : Exclude<ScalarFacts[F], undefined>;
};
type MatrixColumn = (typeof MATRIX_FIELD_COLUMNS)[MatrixField];
type MatrixColumnValues = {
  [F in MatrixField as (typeof MATRIX_FIELD_COLUMNS)[F]]?: F extends "revenue_target"
    ? bigint | null
    : MatrixColumns[F];
};

export function factColumns(f: Partial<ScalarFacts>): FactColumnValues {
  const out: Partial<Record<FactColumn, unknown>> = {};
  for (const field of ACCOUNT_FACT_FIELDS) {
    const value = f[field];
    if (value === undefined) continue;
    out[ACCOUNT_FACT_COLUMNS[field]] = isMoneyFact(field) ? toDbMoneyOrNull(f[field], `changes.${field}`) : value;
  }
  return out as FactColumnValues; // each value came from the validated patch field the column maps
}

export function matrixColumns(m: Partial<MatrixColumns>): MatrixColumnValues {
  if (m.last_review_date != null && !isoDate.safeParse(m.last_review_date).success) {
    throw new StoreError(
      "invalid_data",
      `matrix.last_review_date: expected a date YYYY-MM-DD, got "${m.last_review_date}"`,
      "matrix.last_review_date",
    );
  }
  const out: Partial<Record<MatrixColumn, unknown>> = {};
  for (const [field, column] of Object.entries(MATRIX_FIELD_COLUMNS) as [MatrixField, MatrixColumn][]) {
    const value = m[field];
    if (value === undefined) continue;
    out[column] = field === "revenue_target" ? toDbMoneyOrNull(m.revenue_target, "matrix.revenue_target") : value;
  }
  return out as MatrixColumnValues; // each value came from the matrix field the column maps
}

export const contactColumns = (c: NewContact | ContactInput) => ({
  name: c.name ?? null,
  title: c.title ?? null,
  orgUnit: c.org_unit ?? null,
  role: c.role,
  influence: c.influence,
  attitude: c.attitude ?? null,
  relationshipStrength: c.relationship_strength ?? null,
  relationshipLayer: c.relationship_layer ?? null,
  responseMode: c.response_mode ?? null,
  lastContactDate: c.last_contact_date ?? null,
});

export const needColumns = (n: NewNeed) => ({
  crmId: n.crm_id ?? null,
  description: n.description ?? null,
  category: n.category ?? null,
  severity: n.severity ?? null,
  urgency: n.urgency ?? null,
  ourFit: n.our_fit ?? null,
  confirmed: n.confirmed,
  metric: n.metric ?? null,
});

/** FactChange.before/after: JSON text of a known value; SQL NULL for unknown (or "did not exist"). */
export function encodeFactValue(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
export function decodeFactValue(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

export type Audited = Record<string, unknown>;
export type FactChangeRow = Omit<FactChange, "id">;

/** One FactChange per changed field of an entity; a created one (no `before`) gets one `*` row whose `after` holds
 *  every field it was created with (as an account's creation does: creationAudit). */
export function entityAudit(
  ctx: ChangeContext & { workspaceId: string },
  accountId: string,
  entity: "contact" | "opportunity" | "need",
  entityId: string,
  before: Audited | null,
  after: Audited,
  at: Date,
): FactChangeRow[] {
  const base = {
    workspaceId: ctx.workspaceId,
    accountId,
    entity,
    entityId,
    actorUserId: ctx.actorUserId,
    source: ctx.source,
    sourceRef: ctx.sourceRef ?? null,
    at,
  };
  if (!before) {
    const known = Object.fromEntries(Object.entries(after).filter(([, v]) => v !== null && v !== undefined));
    return [extend(base, { field: "*", before: null, after: encodeFactValue(known) })];
  }
  return Object.entries(after)
    .filter(([k, v]) => encodeFactValue(before[k] ?? null) !== encodeFactValue(v ?? null))
    .map(([field, v]) =>
      extend(base, {
        field,
        before: encodeFactValue(before[field] ?? null),
        after: encodeFactValue(v ?? null),
      }),
    );
}

/** The FactChange row that records an account's creation: one `*` row whose `after` holds its name (and CRM
 *  import id) and every initial fact it knows. One row per new account, not one per fact: an import of 100,000
 *  accounts wrote 1.6 million audit rows, most of its time (issue 11.7); the row still says every value written. */
export function creationAudit(
  accountId: string,
  account: NewAccount,
  name: string,
  facts: Partial<ScalarFacts>,
  ctx: ChangeContext,
  at: Date,
): FactChangeRow {
  const created: Record<string, unknown> =
    account.importId === undefined ? { name } : { name, import_id: account.importId };
  for (const f of ACCOUNT_FACT_FIELDS) if (facts[f] !== undefined && facts[f] !== null) created[f] = facts[f];
  return {
    workspaceId: account.workspaceId,
    accountId,
    entity: "account",
    entityId: accountId,
    field: "*",
    before: null,
    after: encodeFactValue(created),
    actorUserId: ctx.actorUserId,
    source: ctx.source,
    sourceRef: ctx.sourceRef ?? null,
    at,
  };
}

// Every column, so that bulk rows never depend on database defaults (which differ by provider, e.g. SQLite's
// CURRENT_TIMESTAMP text vs the adapter's ISO timestamps). Adding a column to a model breaks this until listed.
export const ACCOUNT_COLUMNS = [
  "id",
  "workspaceId",
  "teamId",
  "name",
  "normalizedName",
  "ownerUserId",
  "crmId",
  "version",
  ...Object.values(ACCOUNT_FACT_COLUMNS),
  ...Object.values(MATRIX_FIELD_COLUMNS),
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Account)[];
export const ALIAS_COLUMNS = ["accountId", "alias", "normalized"] as const satisfies readonly (keyof AccountAlias)[];
export const NEED_COLUMNS = [
  "id",
  "accountId",
  "opportunityId",
  "crmId",
  "description",
  "category",
  "severity",
  "urgency",
  "ourFit",
  "confirmed",
  "metric",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Need)[];
export const CONTACT_COLUMNS = [
  "id",
  "accountId",
  "crmId",
  "name",
  "title",
  "orgUnit",
  "role",
  "influence",
  "attitude",
  "relationshipStrength",
  "relationshipLayer",
  "responseMode",
  "winResult",
  "lastContactDate",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Contact)[];
export const OPPORTUNITY_COLUMNS = [
  "id",
  "accountId",
  "crmId",
  "name",
  "ownerUserId",
  "stage",
  "amount",
  "expectedCloseDate",
  "createdDate",
  "closedDate",
  "source",
  "sourceDetail",
  "projectType",
  "procurementMethod",
  "leadTemperature",
  "meddpiccMetrics",
  "meddpiccEconomicBuyer",
  "meddpiccDecisionCriteria",
  "meddpiccDecisionProcess",
  "meddpiccPaperProcess",
  "meddpiccIdentifyPain",
  "meddpiccChampion",
  "meddpiccCompetition",
  "closeReason",
  "finalAmount",
  "createdAt",
  "updatedAt",
] as const satisfies readonly (keyof Opportunity)[];
export const STAGE_CHANGE_COLUMNS = [
  "id",
  "opportunityId",
  "stage",
  "enteredDate",
  "amountAtEntry",
  "createdAt",
] as const satisfies readonly (keyof StageChange)[];
export const FACT_CHANGE_COLUMNS = [
  "id",
  "workspaceId",
  "accountId",
  "entity",
  "entityId",
  "field",
  "before",
  "after",
  "actorUserId",
  "source",
  "sourceRef",
  "at",
] as const satisfies readonly (keyof FactChange)[];
export const SCORE_SNAPSHOT_COLUMNS = [
  "id",
  "workspaceId",
  "accountId",
  "teamId",
  "periodKey",
  "takenAt",
  "cv",
  "pt",
  "sf",
  "ra",
  "x",
  "y",
  "v",
  "quadrant",
  "tier",
  "priority",
  "completeness",
  "completenessCv",
  "completenessPt",
  "completenessSf",
  "completenessRa",
  "confidence",
  "modelVersion",
  "reason",
] as const satisfies readonly (keyof ScoreSnapshot)[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
const columnListsComplete: [
  Exhaustive<keyof Account, (typeof ACCOUNT_COLUMNS)[number]>,
  Exhaustive<keyof AccountAlias, (typeof ALIAS_COLUMNS)[number]>,
  Exhaustive<keyof Need, (typeof NEED_COLUMNS)[number]>,
  Exhaustive<keyof Contact, (typeof CONTACT_COLUMNS)[number]>,
  Exhaustive<keyof Opportunity, (typeof OPPORTUNITY_COLUMNS)[number]>,
  Exhaustive<keyof StageChange, (typeof STAGE_CHANGE_COLUMNS)[number]>,
  Exhaustive<keyof FactChange, (typeof FACT_CHANGE_COLUMNS)[number]>,
  Exhaustive<keyof ScoreSnapshot, (typeof SCORE_SNAPSHOT_COLUMNS)[number]>,
] = [true, true, true, true, true, true, true, true];
void columnListsComplete;

type Rows<C extends readonly string[]> = Record<C[number], unknown>[];

export interface PreparedAccount {
  id: string;
  account: Record<(typeof ACCOUNT_COLUMNS)[number], unknown>;
  aliases: Rows<typeof ALIAS_COLUMNS>;
  needs: Rows<typeof NEED_COLUMNS>;
  contacts: Rows<typeof CONTACT_COLUMNS>;
  opportunities: Rows<typeof OPPORTUNITY_COLUMNS>;
  stages: Rows<typeof STAGE_CHANGE_COLUMNS>;
  audit: Rows<typeof FACT_CHANGE_COLUMNS>;
}

const EMPTY_ACCOUNT_ROW = Object.fromEntries(ACCOUNT_COLUMNS.map((c) => [c, null])) as PreparedAccount["account"];

/** Validates a new account and lays out all its rows; a StoreError names the bad value (changes.budget_status). */
export function prepareAccount(input: NewAccount, ctx: ChangeContext, at: Date): PreparedAccount {
  const name = input.name.trim();
  if (name === "") throw new StoreError("invalid_data", "name: an account needs a name", "name");
  const facts = parsePatch(input.facts ?? {});
  const id = timeOrderedId();
  // Copied from one template and then only assigned to: every account row shares one hidden class (core/extend.ts).
  const account: PreparedAccount["account"] = { ...EMPTY_ACCOUNT_ROW };
  Object.assign(account, factColumns(facts), matrixColumns(input.matrix ?? {}));
  account.id = id;
  account.workspaceId = input.workspaceId;
  account.teamId = input.teamId ?? null;
  account.name = name;
  account.normalizedName = normalizeName(name);
  account.ownerUserId = input.ownerUserId ?? null;
  account.crmId = input.crmId ?? null;
  account.version = 1;
  account.createdAt = at;
  account.updatedAt = at;
  const opportunities: PreparedAccount["opportunities"] = [];
  const stages: PreparedAccount["stages"] = [];
  for (const o of input.opportunities ?? []) {
    const rows = opportunityRows(o, id, at);
    opportunities.push(rows.opportunity);
    stages.push(...rows.stages);
  }
  return {
    id,
    account,
    aliases: aliasKeys(name, input.aliases ?? []).map(([normalized, alias]) => ({
      accountId: id,
      alias,
      normalized,
    })),
    needs: (input.needs ?? []).map((n) => needRow(n, id, at)),
    contacts: (input.contacts ?? []).map((c) => contactRow(c, id, at)),
    opportunities,
    stages,
    audit: [extend(creationAudit(id, input, name, facts, ctx, at), { id: timeOrderedId() })],
  };
}

/** The rows of a new need of an account. */
export function needRow(n: NewNeed, accountId: string, at: Date): Need {
  return { id: timeOrderedId(), accountId, opportunityId: null, ...needColumns(n), createdAt: at, updatedAt: at };
}

/** The row of a new contact of an account. */
export function contactRow(c: NewContact, accountId: string, at: Date): Contact {
  return {
    id: timeOrderedId(),
    accountId,
    ...contactColumns(c),
    crmId: c.crm_id ?? null,
    winResult: c.win_result ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

/** The rows of a new opportunity (with `ownerUserId`, e.g. a CRM's owner) and its stage history. */
export function opportunityRows(
  o: NewOpportunity & { owner?: string | null },
  accountId: string,
  at: Date,
): { opportunity: Opportunity; stages: StageChange[] } {
  const oid = timeOrderedId();
  const m = o.meddpicc;
  return {
    opportunity: {
      id: oid,
      accountId,
      crmId: o.crm_id ?? null,
      name: o.name ?? null,
      ownerUserId: o.owner ?? null,
      stage: o.stage,
      amount: toDbMoney(o.amount),
      expectedCloseDate: o.expected_close_date ?? null,
      createdDate: o.created_date,
      closedDate: o.closed_date,
      source: o.source ?? null,
      sourceDetail: o.source_detail ?? null,
      projectType: o.project_type ?? null,
      procurementMethod: o.procurement_method ?? null,
      leadTemperature: o.lead_temperature ?? null,
      meddpiccMetrics: m?.metrics ?? null,
      meddpiccEconomicBuyer: m?.economic_buyer ?? null,
      meddpiccDecisionCriteria: m?.decision_criteria ?? null,
      meddpiccDecisionProcess: m?.decision_process ?? null,
      meddpiccPaperProcess: m?.paper_process ?? null,
      meddpiccIdentifyPain: m?.identify_pain ?? null,
      meddpiccChampion: m?.champion ?? null,
      meddpiccCompetition: m?.competition ?? null,
      closeReason: o.close_reason ?? null,
      finalAmount: toDbMoneyOrNull(o.final_amount),
      createdAt: at,
      updatedAt: at,
    },
    stages: o.stage_history.map((h) => ({
      id: timeOrderedId(),
      opportunityId: oid,
      stage: h.stage,
      enteredDate: h.entered_date,
      amountAtEntry: toDbMoneyOrNull(h.amount_at_entry),
      createdAt: at,
    })),
  };
}

/** Where each field of a part record is stored (money fields hold BIGINT yuan). */
export const PART_FIELD_COLUMNS = {
  opportunities: {
    name: "name",
    stage: "stage",
    amount: "amount",
    expected_close_date: "expectedCloseDate",
    source: "source",
    source_detail: "sourceDetail",
    project_type: "projectType",
    procurement_method: "procurementMethod",
    lead_temperature: "leadTemperature",
    close_reason: "closeReason",
    final_amount: "finalAmount",
    owner: "ownerUserId",
    closed_date: "closedDate",
    created_date: "createdDate",
    crm_id: "crmId",
  },
  contacts: {
    name: "name",
    title: "title",
    org_unit: "orgUnit",
    role: "role",
    influence: "influence",
    attitude: "attitude",
    relationship_strength: "relationshipStrength",
    relationship_layer: "relationshipLayer",
    response_mode: "responseMode",
    last_contact_date: "lastContactDate",
    crm_id: "crmId",
  },
  needs: {
    description: "description",
    category: "category",
    severity: "severity",
    urgency: "urgency",
    our_fit: "ourFit",
    confirmed: "confirmed",
    metric: "metric",
    crm_id: "crmId",
  },
} as const satisfies Record<string, Record<string, string>>;
export const PART_MONEY_FIELDS: readonly string[] = ["amount", "final_amount"];
