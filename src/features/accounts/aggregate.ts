// Account rows → the domain contract of src/core/facts.ts (snake_case, unknown = null), through the one column table
// of src/core/fact-columns.ts. A stored value outside the contract is an error naming it, never a default.
import type { z } from "zod";
import {
  CLOSE_REASONS,
  LEAD_TEMPERATURES,
  PROCUREMENT_METHODS,
  PROJECT_TYPES,
  type CloseReason,
  type LeadTemperature,
  type ProcurementMethod,
  type ProjectType,
} from "../../core/enums.js";
import { ACCOUNT_FACT_COLUMNS, MONEY_FACTS, type MoneyFact } from "../../core/fact-columns.js";
import {
  ACCOUNT_FACT_FIELDS,
  accountSchema,
  stageEntrySchema,
  type AccountFactField,
  type AccountFacts,
  type StageEntry,
} from "../../core/facts.js";
import type { SegmentDefault } from "../../core/segments.js";
import type { Account, Contact, Need, Opportunity, StageChange } from "../../../prisma/sqlite/generated/client.js";
import { StoreError } from "../../store/errors.js";
import { storedEnum } from "../../store/stored.js";
import { fromDbMoney, fromDbMoneyOrNull } from "../../store/money.js";

/** The scalar facts of an account (METHOD §2.2) as the domain contract has them. */
export type ScalarFacts = Pick<AccountFacts, AccountFactField>;
/** A change to scalar facts: a value sets the fact, null makes it unknown, an absent key leaves it alone. */
export type AccountFactPatch = { [K in AccountFactField]?: AccountFacts[K] | null };

/** The 价值客户矩阵管理表 columns (METHOD §4.4) that are stored, not computed. */
export interface MatrixColumns {
  owner_ar: string | null;
  owner_sr: string | null;
  owner_fr: string | null;
  executive_sponsor: string | null;
  visit_cadence: string | null;
  revenue_target: number | null;
  last_review_date: string | null;
}

/** What the store keeps of an opportunity beside its scored facts: the CRM record's owner, typing and close-out. */
export interface OpportunityDetails {
  owner: string | null;
  source_detail: string | null;
  project_type: ProjectType | null;
  procurement_method: ProcurementMethod | null;
  lead_temperature: LeadTemperature | null;
  close_reason: CloseReason | null;
  final_amount: number | null;
}

export interface AccountAggregate {
  /** The §10 contract shape, validated against src/core/facts.ts. */
  facts: AccountFacts;
  workspaceId: string;
  teamId: string | null;
  ownerUserId: string | null;
  /** The account's id in its CRM (客户编号); null when it was not imported. */
  crmId: string | null;
  /** CRM ids of the account's needs, contacts and opportunities, by their kvalue id (only those that have one). */
  partCrmIds: Record<string, string>;
  /** Account.version: pass it back as `expectedVersion` when writing. */
  version: number;
  matrix: MatrixColumns;
  /** stage_history per opportunity id (METHOD §2.6), oldest first, in core's StageEntry shape. */
  stageHistory: Record<string, StageEntry[]>;
  /** The rest of each opportunity's record, by kvalue id: an export carries it so a restore loses nothing. */
  opportunityDetails: Record<string, OpportunityDetails>;
  /** Contacts' Win-Results (§2.5), by kvalue id (only those that have one). */
  winResults: Record<string, string>;
  /** Facts in `facts` that are a segment's defaults, not the account's own (set by segments/defaults.ts). */
  segmentDefaults?: SegmentDefault[];
}

// ---- rows → domain -------------------------------------------------------------------------------

export type AccountRow = Account & {
  needs: Need[];
  contacts: Contact[];
  opportunities: (Opportunity & { stageHistory: StageChange[] })[];
};

export const byId = { id: "asc" } as const; // METHOD §2.1: ties break by id, so lists come out in id order
export const isMoneyFact = (f: AccountFactField): f is MoneyFact => (MONEY_FACTS as readonly string[]).includes(f);

/** The 管理表 columns of an account row (owners, cadence, target, review), in the record's snake_case. */
export function matrixOf(row: Account) {
  return {
    owner_ar: row.ownerAr,
    owner_sr: row.ownerSr,
    owner_fr: row.ownerFr,
    executive_sponsor: row.executiveSponsor,
    visit_cadence: row.visitCadence,
    revenue_target: fromDbMoneyOrNull(row.revenueTarget, `accounts[${row.id}].revenue_target`),
    last_review_date: row.lastReviewDate,
  };
}

export function scalarFacts(row: Account): Record<AccountFactField, unknown> {
  const out: Partial<Record<AccountFactField, unknown>> = {};
  for (const f of ACCOUNT_FACT_FIELDS) {
    out[f] = isMoneyFact(f)
      ? fromDbMoneyOrNull(row[ACCOUNT_FACT_COLUMNS[f]], `accounts[${row.id}].${f}`)
      : row[ACCOUNT_FACT_COLUMNS[f]];
  }
  return out as Record<AccountFactField, unknown>; // every field was set above
}

export function issuePath(prefix: string, issue: z.core.$ZodIssue): string {
  return [prefix, ...issue.path.map(String)].join(".");
}

function invalidStored(where: string, issue: z.core.$ZodIssue | undefined): StoreError {
  const path = issue ? issuePath(where, issue) : where;
  return new StoreError(
    "invalid_data",
    `${path}: stored value does not fit the fact schema (${issue?.message ?? "invalid"})`,
    path,
  );
}

/** A need row's fields in the record's snake_case (without its id). */
export const needFields = (n: Need) => ({
  description: n.description,
  category: n.category,
  severity: n.severity,
  urgency: n.urgency,
  our_fit: n.ourFit,
  confirmed: n.confirmed,
  metric: n.metric,
});

/** A contact row's fields in the record's snake_case (without its id). */
export const contactFields = (c: Contact) => ({
  name: c.name,
  title: c.title,
  org_unit: c.orgUnit,
  role: c.role,
  influence: c.influence,
  attitude: c.attitude,
  relationship_strength: c.relationshipStrength,
  relationship_layer: c.relationshipLayer,
  response_mode: c.responseMode,
  last_contact_date: c.lastContactDate,
});

/** A stored enumeration column of an opportunity: null is unknown, a value outside the enumeration an error. */
const option = <const T extends string>(values: readonly T[], o: Opportunity, column: keyof Opportunity) => {
  const value = o[column];
  return value === null ? null : storedEnum(values, value, { table: "Opportunity", rowId: o.id, column });
};

function detailsOf(o: Opportunity, at: string): OpportunityDetails {
  return {
    owner: o.ownerUserId,
    source_detail: o.sourceDetail,
    project_type: option(PROJECT_TYPES, o, "projectType"),
    procurement_method: option(PROCUREMENT_METHODS, o, "procurementMethod"),
    lead_temperature: option(LEAD_TEMPERATURES, o, "leadTemperature"),
    close_reason: option(CLOSE_REASONS, o, "closeReason"),
    final_amount: fromDbMoneyOrNull(o.finalAmount, `${at}.opportunities[${o.id}].final_amount`),
  };
}

/** Maps an account row with its children to the domain contract; a stored value outside the contract is an
 *  `invalid_data` error naming it (e.g. accounts[ab12].customer_type), never a silently wrong score. */
export function toAggregate(row: AccountRow): AccountAggregate {
  const at = `accounts[${row.id}]`;
  const raw = {
    id: row.id,
    name: row.name,
    ...scalarFacts(row),
    needs: row.needs.map((n) => ({ id: n.id, ...needFields(n) })),
    contacts: row.contacts.map((c) => ({ id: c.id, ...contactFields(c) })),
    opportunities: row.opportunities.map((o) => ({
      id: o.id,
      name: o.name,
      stage: o.stage,
      amount: fromDbMoney(o.amount, `${at}.opportunities[${o.id}].amount`),
      expected_close_date: o.expectedCloseDate,
      source: o.source,
      meddpicc: {
        metrics: o.meddpiccMetrics,
        economic_buyer: o.meddpiccEconomicBuyer,
        decision_criteria: o.meddpiccDecisionCriteria,
        decision_process: o.meddpiccDecisionProcess,
        paper_process: o.meddpiccPaperProcess,
        identify_pain: o.meddpiccIdentifyPain,
        champion: o.meddpiccChampion,
        competition: o.meddpiccCompetition,
      },
    })),
  };
  const parsed = accountSchema.safeParse(raw);
  if (!parsed.success) throw invalidStored(at, parsed.error.issues[0]);

  const stageHistory: Record<string, StageEntry[]> = {};
  for (const o of row.opportunities) {
    stageHistory[o.id] = o.stageHistory.map((s) => {
      const where = `${at}.opportunities[${o.id}].stage_history[${s.id}]`;
      const entry = stageEntrySchema.safeParse({
        stage: s.stage,
        entered_date: s.enteredDate,
        amount_at_entry: fromDbMoneyOrNull(s.amountAtEntry, `${where}.amount_at_entry`),
      });
      if (!entry.success) throw invalidStored(where, entry.error.issues[0]);
      return entry.data;
    });
  }

  const opportunityDetails: Record<string, OpportunityDetails> = {};
  for (const o of row.opportunities) opportunityDetails[o.id] = detailsOf(o, at);
  const winResults: Record<string, string> = {};
  for (const c of row.contacts) if (c.winResult !== null) winResults[c.id] = c.winResult;

  const partCrmIds: Record<string, string> = {};
  for (const part of [...row.needs, ...row.contacts, ...row.opportunities])
    if (part.crmId !== null) partCrmIds[part.id] = part.crmId;

  return {
    facts: parsed.data,
    workspaceId: row.workspaceId,
    teamId: row.teamId,
    ownerUserId: row.ownerUserId,
    crmId: row.crmId,
    partCrmIds,
    version: row.version,
    matrix: matrixOf(row),
    stageHistory,
    opportunityDetails,
    winResults,
  };
}
