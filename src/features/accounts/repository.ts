// The account aggregate: rows ⇄ the domain contract of src/core/facts.ts (snake_case, unknown = null), and scalar
// fact writes with their FactChange audit rows and the optimistic version bump, in one transaction.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import {
  ACCOUNT_FACT_FIELDS, accountSchema, isoDate, stageEntrySchema, type AccountFactField, type AccountFacts, type StageEntry,
} from "../../core/facts.js";
import type { Account, Contact, FactChange, Need, Opportunity, Prisma, StageChange } from "../../../prisma/sqlite/generated/client.js";
import { insertRows } from "../../store/bulk.js";
import { StoreError } from "../../store/errors.js";
import { normalizeName } from "./keys.js";
import { fromDbMoney, fromDbMoneyOrNull, toDbMoneyOrNull } from "../../store/money.js";
import type { DbClient, Tx } from "../../store/open.js";

/** Where a change came from (FactChange.source). */
export const FACT_SOURCES = ["slash", "modal", "assistant", "import", "console", "cli", "demo", "system"] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

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

export interface AccountAggregate {
  /** The §10 contract shape, validated against src/core/facts.ts. */
  facts: AccountFacts;
  workspaceId: string;
  teamId: string | null;
  ownerUserId: string | null;
  /** Account.version: pass it back as `expectedVersion` when writing. */
  version: number;
  matrix: MatrixColumns;
  /** stage_history per opportunity id (METHOD §2.6), oldest first, in core's StageEntry shape. */
  stageHistory: Record<string, StageEntry[]>;
}

// ---- rows → domain -------------------------------------------------------------------------------

type AccountRow = Account & {
  needs: Need[];
  contacts: Contact[];
  opportunities: (Opportunity & { stageHistory: StageChange[] })[];
};

const byId = { id: "asc" } as const; // METHOD §2.1: ties break by id, so lists come out in id order
const AGGREGATE_INCLUDE = {
  needs: { orderBy: byId },
  contacts: { orderBy: byId },
  opportunities: { orderBy: byId, include: { stageHistory: { orderBy: [{ enteredDate: "asc" }, byId] } } },
} satisfies Prisma.AccountInclude;

function scalarFacts(row: Account): Record<AccountFactField, unknown> {
  const at = `accounts[${row.id}]`;
  return {
    uscc: row.uscc,
    customer_type: row.customerType,
    admin_level: row.adminLevel,
    industry: row.industry,
    region_code: row.regionCode,
    is_existing_customer: row.isExistingCustomer,
    revenue_ttm: fromDbMoneyOrNull(row.revenueTtm, `${at}.revenue_ttm`),
    gross_margin_pct: row.grossMarginPct,
    relationship_years: row.relationshipYears,
    wallet_annual: fromDbMoneyOrNull(row.walletAnnual, `${at}.wallet_annual`),
    industry_outlook: row.industryOutlook,
    market_position: row.marketPosition,
    development_trend: row.developmentTrend,
    budget_status: row.budgetStatus,
    segment_match: row.segmentMatch,
    reference_value: row.referenceValue,
    incumbent: row.incumbent,
    retention_rate: row.retentionRate,
    discount_rate: row.discountRate,
  };
}

function issuePath(prefix: string, issue: z.core.$ZodIssue): string {
  return [prefix, ...issue.path.map(String)].join(".");
}

/** Maps an account row with its children to the domain contract; a stored value outside the contract is an
 *  `invalid_data` error naming it (e.g. accounts[ab12].customer_type), never a silently wrong score. */
export function toAggregate(row: AccountRow): AccountAggregate {
  const at = `accounts[${row.id}]`;
  const raw = {
    id: row.id,
    name: row.name,
    ...scalarFacts(row),
    needs: row.needs.map((n) => ({
      id: n.id,
      description: n.description,
      category: n.category,
      severity: n.severity,
      urgency: n.urgency,
      our_fit: n.ourFit,
      confirmed: n.confirmed,
      metric: n.metric,
    })),
    contacts: row.contacts.map((c) => ({
      id: c.id,
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
    })),
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
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issuePath(at, issue) : at;
    throw new StoreError("invalid_data", `${where}: stored value does not fit the fact schema (${issue?.message ?? "invalid"})`, where);
  }

  const stageHistory: Record<string, StageEntry[]> = {};
  for (const o of row.opportunities) {
    stageHistory[o.id] = o.stageHistory.map((s) => {
      const where = `${at}.opportunities[${o.id}].stage_history[${s.id}]`;
      const entry = stageEntrySchema.safeParse({
        stage: s.stage,
        entered_date: s.enteredDate,
        amount_at_entry: fromDbMoneyOrNull(s.amountAtEntry, `${where}.amount_at_entry`),
      });
      if (!entry.success) {
        const issue = entry.error.issues[0];
        const path = issue ? issuePath(where, issue) : where;
        throw new StoreError("invalid_data", `${path}: stored value does not fit the fact schema (${issue?.message ?? "invalid"})`, path);
      }
      return entry.data;
    });
  }

  return {
    facts: parsed.data,
    workspaceId: row.workspaceId,
    teamId: row.teamId,
    ownerUserId: row.ownerUserId,
    version: row.version,
    matrix: {
      owner_ar: row.ownerAr,
      owner_sr: row.ownerSr,
      owner_fr: row.ownerFr,
      executive_sponsor: row.executiveSponsor,
      visit_cadence: row.visitCadence,
      revenue_target: fromDbMoneyOrNull(row.revenueTarget, `${at}.revenue_target`),
      last_review_date: row.lastReviewDate,
    },
    stageHistory,
  };
}

/** One account of the workspace with needs, contacts, opportunities and stage history; null if there is none. */
export async function loadAccount(db: DbClient, ids: { workspaceId: string; accountId: string }): Promise<AccountAggregate | null> {
  const row = await db.account.findFirst({ where: { id: ids.accountId, workspaceId: ids.workspaceId }, include: AGGREGATE_INCLUDE });
  return row ? toAggregate(row) : null;
}

/** The accounts of a workspace (optionally of one team), in id order. */
// Prisma loads included relations with `IN (<parent ids>)`; SQLite refuses more than 999 parameters (P2029), so
// large portfolios are read in pages of parents, keyed by id (stable and indexed).
export const PAGE = 500;

export async function loadAccounts(db: DbClient, scope: { workspaceId: string; teamId?: string }): Promise<AccountAggregate[]> {
  const where = { workspaceId: scope.workspaceId, ...(scope.teamId === undefined ? {} : { teamId: scope.teamId }) };
  const out: AccountAggregate[] = [];
  for (let after: string | undefined; ;) {
    const rows = await db.account.findMany({
      where: after === undefined ? where : { ...where, id: { gt: after } },
      include: AGGREGATE_INCLUDE, orderBy: byId, take: PAGE,
    });
    for (const row of rows) out.push(toAggregate(row));
    if (rows.length < PAGE) return out;
    after = rows[rows.length - 1]?.id;
  }
}

// ---- domain → rows -------------------------------------------------------------------------------

const FACT_MASK = Object.fromEntries(ACCOUNT_FACT_FIELDS.map((f) => [f, true])) as Record<AccountFactField, true>;
/** Only the settable scalar facts, each nullable; unknown keys are refused. */
const accountPatchSchema = accountSchema.pick(FACT_MASK).strict();

function parsePatch(changes: AccountFactPatch): Partial<ScalarFacts> {
  const parsed = accountPatchSchema.safeParse(changes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.code === "unrecognized_keys" ? `.${issue.keys.join(",")}` : "";
    const where = issue ? issuePath("changes", issue) + keys : "changes";
    throw new StoreError("invalid_data", `${where}: ${issue?.message ?? "invalid"}`, where);
  }
  return parsed.data;
}

// Return type inferred on purpose: plain column values, assignable to both create and update inputs.
function columns(f: Partial<ScalarFacts>) {
  return {
    uscc: f.uscc,
    customerType: f.customer_type,
    adminLevel: f.admin_level,
    industry: f.industry,
    regionCode: f.region_code,
    isExistingCustomer: f.is_existing_customer,
    revenueTtm: f.revenue_ttm === undefined ? undefined : toDbMoneyOrNull(f.revenue_ttm, "changes.revenue_ttm"),
    grossMarginPct: f.gross_margin_pct,
    relationshipYears: f.relationship_years,
    walletAnnual: f.wallet_annual === undefined ? undefined : toDbMoneyOrNull(f.wallet_annual, "changes.wallet_annual"),
    industryOutlook: f.industry_outlook,
    marketPosition: f.market_position,
    developmentTrend: f.development_trend,
    budgetStatus: f.budget_status,
    segmentMatch: f.segment_match,
    referenceValue: f.reference_value,
    incumbent: f.incumbent,
    retentionRate: f.retention_rate,
    discountRate: f.discount_rate,
  };
}

function matrixColumns(m: Partial<MatrixColumns>) {
  if (m.last_review_date != null && !isoDate.safeParse(m.last_review_date).success) {
    throw new StoreError("invalid_data", `matrix.last_review_date: expected a date YYYY-MM-DD, got "${m.last_review_date}"`, "matrix.last_review_date");
  }
  return {
    ownerAr: m.owner_ar,
    ownerSr: m.owner_sr,
    ownerFr: m.owner_fr,
    executiveSponsor: m.executive_sponsor,
    visitCadence: m.visit_cadence,
    revenueTarget: m.revenue_target === undefined ? undefined : toDbMoneyOrNull(m.revenue_target, "matrix.revenue_target"),
    lastReviewDate: m.last_review_date,
  };
}

/** FactChange.before/after: JSON text of a known value; SQL NULL for unknown (or "did not exist"). */
export function encodeFactValue(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
export function decodeFactValue(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

export interface ChangeContext {
  actorUserId: string;
  source: FactSource;
  /** e.g. a Slack message permalink or an import file name */
  sourceRef?: string | null;
  /** defaults to now */
  at?: Date;
}

export interface FactDiff {
  field: AccountFactField;
  before: unknown;
  after: unknown;
}

/** Runs `fn` in a transaction, or inside the caller's when given a transaction client already. */
async function inTransaction<T>(db: DbClient, fn: (tx: Tx) => Promise<T>, options?: { timeout: number; maxWait: number }): Promise<T> {
  return "$transaction" in db ? db.$transaction(fn, options) : fn(db);
}

/**
 * Sets scalar facts of an account: validates them against the fact schema, writes the changed ones, one FactChange
 * row per changed fact and version + 1, all in one transaction. With `expectedVersion`, refuses (version_conflict,
 * nothing written) if the account changed since it was read — e.g. a confirmed LLM proposal made against an older
 * version. Values equal to the stored ones are no change (no audit row, no version bump).
 */
export async function applyAccountFacts(
  db: DbClient,
  input: ChangeContext & { workspaceId: string; accountId: string; expectedVersion?: number; changes: AccountFactPatch },
): Promise<{ version: number; changed: FactDiff[] }> {
  const patch = parsePatch(input.changes);
  return inTransaction(db, async (tx) => {
    const row = await tx.account.findFirst({ where: { id: input.accountId, workspaceId: input.workspaceId } });
    if (!row) throw new StoreError("not_found", `account ${input.accountId} does not exist in this workspace`, "accountId");
    if (input.expectedVersion !== undefined && row.version !== input.expectedVersion) {
      throw new StoreError("version_conflict", `account ${row.id} is at version ${row.version}, the change was made against ${input.expectedVersion}`, "version");
    }
    const current = scalarFacts(row);
    const changed: FactDiff[] = [];
    for (const field of ACCOUNT_FACT_FIELDS) {
      const after = patch[field];
      if (after === undefined) continue;
      const before = current[field] ?? null;
      if (before !== after) changed.push({ field, before, after });
    }
    if (changed.length === 0) return { version: row.version, changed };

    // The version in the WHERE makes the check and the write one step, also under PostgreSQL's read committed.
    const { count } = await tx.account.updateMany({
      where: { id: row.id, version: row.version },
      data: { ...columns(patch), version: { increment: 1 } },
    });
    if (count !== 1) throw new StoreError("version_conflict", `account ${row.id} changed while being written`, "version");
    const at = input.at ?? new Date(); // one change, one instant for all its audit rows
    await tx.factChange.createMany({
      data: changed.map((c) => ({
        workspaceId: row.workspaceId,
        accountId: row.id,
        entity: "account",
        entityId: row.id,
        field: c.field,
        before: encodeFactValue(c.before),
        after: encodeFactValue(c.after),
        actorUserId: input.actorUserId,
        source: input.source,
        sourceRef: input.sourceRef ?? null,
        at,
      })),
    });
    return { version: row.version + 1, changed };
  });
}

export interface NewAccount {
  workspaceId: string;
  teamId?: string | null;
  name: string;
  ownerUserId?: string | null;
  facts?: AccountFactPatch;
  matrix?: Partial<MatrixColumns>;
}

function prepareNew(account: NewAccount) {
  const name = account.name.trim();
  if (name === "") throw new StoreError("invalid_data", "name: an account needs a name", "name");
  const facts = parsePatch(account.facts ?? {});
  return { name, facts };
}

/** The FactChange rows that record an account's creation (`*`) and each of its known initial facts. */
function creationAudit(accountId: string, workspaceId: string, name: string, facts: Partial<ScalarFacts>, ctx: ChangeContext, at: Date) {
  const audit = { workspaceId, accountId, entity: "account", entityId: accountId, actorUserId: ctx.actorUserId, source: ctx.source, sourceRef: ctx.sourceRef ?? null, at };
  return [
    { ...audit, field: "*", before: null, after: encodeFactValue({ name }) },
    ...ACCOUNT_FACT_FIELDS.filter((f) => facts[f] !== undefined && facts[f] !== null).map((field) => ({
      ...audit,
      field,
      before: null,
      after: encodeFactValue(facts[field]),
    })),
  ];
}

/** Creates an account with its lookup key and initial facts, auditing the creation (`*`) and each known fact. */
export async function createAccount(db: DbClient, input: ChangeContext & NewAccount): Promise<{ id: string; version: number }> {
  const { name, facts } = prepareNew(input);
  return inTransaction(db, async (tx) => {
    const account = await tx.account.create({
      data: {
        ...columns(facts),
        ...matrixColumns(input.matrix ?? {}),
        workspaceId: input.workspaceId,
        teamId: input.teamId ?? null,
        name,
        normalizedName: normalizeName(name),
        ownerUserId: input.ownerUserId ?? null,
      },
      select: { id: true, version: true },
    });
    await tx.factChange.createMany({ data: creationAudit(account.id, input.workspaceId, name, facts, input, input.at ?? new Date()) });
    return account;
  });
}

// Every column, so that bulk rows never depend on database defaults (which differ by provider, e.g. SQLite's
// CURRENT_TIMESTAMP text vs the adapter's ISO timestamps). Adding a column to the model breaks this until listed.
const ACCOUNT_COLUMNS = [
  "id", "workspaceId", "teamId", "name", "normalizedName", "ownerUserId", "version",
  "uscc", "customerType", "adminLevel", "industry", "regionCode", "isExistingCustomer", "revenueTtm", "grossMarginPct",
  "relationshipYears", "walletAnnual", "industryOutlook", "marketPosition", "developmentTrend", "budgetStatus",
  "segmentMatch", "referenceValue", "incumbent", "retentionRate", "discountRate",
  "ownerAr", "ownerSr", "ownerFr", "executiveSponsor", "visitCadence", "revenueTarget", "lastReviewDate",
  "createdAt", "updatedAt",
] as const satisfies readonly (keyof Account)[];
const FACT_CHANGE_COLUMNS = [
  "id", "workspaceId", "accountId", "entity", "entityId", "field", "before", "after", "actorUserId", "source", "sourceRef", "at",
] as const satisfies readonly (keyof FactChange)[];
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
const accountColumnsComplete: Exhaustive<keyof Account, (typeof ACCOUNT_COLUMNS)[number]> = true;
const factChangeColumnsComplete: Exhaustive<keyof FactChange, (typeof FACT_CHANGE_COLUMNS)[number]> = true;
void accountColumnsComplete;
void factChangeColumnsComplete;

/**
 * Creates many accounts at once (imports), with the same validation, lookup keys and creation audit as
 * `createAccount`, through multi-row INSERTs (see bulk.ts: ~15× faster than createMany). All or nothing: pass a
 * transaction client, or one is opened. Returns the new ids in input order. A bad row is reported by its index
 * (accounts[3].changes.budget_status) before anything is written.
 */
export async function createAccounts(db: DbClient, accounts: readonly NewAccount[], ctx: ChangeContext): Promise<string[]> {
  const at = ctx.at ?? new Date();
  const prepared = accounts.map((account, index) => {
    try {
      const { name, facts } = prepareNew(account);
      const id = randomUUID();
      const row: Record<(typeof ACCOUNT_COLUMNS)[number], unknown> = {
        ...nullIfUndefined(columns(facts)),
        ...nullIfUndefined(matrixColumns(account.matrix ?? {})),
        id,
        workspaceId: account.workspaceId,
        teamId: account.teamId ?? null,
        name,
        normalizedName: normalizeName(name),
        ownerUserId: account.ownerUserId ?? null,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      const audit = creationAudit(id, account.workspaceId, name, facts, ctx, at).map((r) => ({ ...r, id: randomUUID() }));
      return { id, row, audit };
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      const where = `accounts[${index}]${error.path ? `.${error.path}` : ""}`;
      throw new StoreError(error.code, `accounts[${index}].${error.message}`, where);
    }
  });
  // Imports are big: allow far more than the 5 s default of an interactive transaction.
  await inTransaction(db, async (tx) => {
    await insertRows(tx, "Account", ACCOUNT_COLUMNS, prepared.map((p) => p.row));
    await insertRows(tx, "FactChange", FACT_CHANGE_COLUMNS, prepared.flatMap((p) => p.audit));
  }, { timeout: 600_000, maxWait: 30_000 });
  return prepared.map((p) => p.id);
}

function nullIfUndefined<T extends Record<string, unknown>>(values: T): { [K in keyof T]: Exclude<T[K], undefined> | null } {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v ?? null])) as { [K in keyof T]: Exclude<T[K], undefined> | null };
}
