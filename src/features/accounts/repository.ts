// Every query of the accounts feature: accounts and their parts (alias keys, needs, contacts, opportunities with
// their stage history, notes, the FactChange audit and score snapshots). Reads of accounts are bounded by an
// AccountScope (the workspace and the teams of the user's scope). Writes go through one path: `prepareAccounts`
// and `writeAccounts` (modals, `/kvalue new`, the assistant, imports), `applyFacts` and the entity writes, each with
// its audit rows and the optimistic version bump. Row mapping lives in aggregate.ts (rows → domain) and write-rows.ts.
import { mapInTurns } from "../in-turns.js";
import { timeOrderedId } from "../../store/ids.js";
import { storedEnum } from "../../store/stored.js";
import { join, sqltag, type Sql } from "@prisma/client/runtime/client";
import { OPEN_STAGES, QUADRANTS, type Quadrant, type Stage } from "../../core/enums.js";
import { ACCOUNT_FACT_FIELDS, type AccountFactField } from "../../core/facts.js";
import { MATRIX_FIELDS, type MatrixField } from "../../core/fact-columns.js";
import { isOpen } from "../../core/rates.js";
import { extend } from "../../core/extend.js";
import type { Account, Prisma } from "../../../prisma/sqlite/generated/client.js";
import { insertPackedRows } from "../../store/bulk.js";
import { StoreError } from "../../store/errors.js";
import { toDbMoney, toDbMoneyOrNull } from "../../store/money.js";
import { normalizeName } from "./keys.js";
import type { DbClient, Provider, Tx } from "../../store/open.js";
import {
  byId,
  contactFields,
  matrixOf,
  needFields,
  scalarFacts,
  toAggregate,
  type AccountAggregate,
  type AccountFactPatch,
  type MatrixColumns,
} from "./aggregate.js";
import type { FactSource } from "./sources.js";
import {
  PAGE,
  accountRowsByIds,
  pagesOf,
  teamAccountRows,
  withParts,
  withWrittenParts,
  type WrittenParts,
} from "./aggregate-rows.js";
import {
  ACCOUNT_COLUMNS,
  ALIAS_COLUMNS,
  CONTACT_COLUMNS,
  contactColumns,
  encodeFactValue,
  entityAudit,
  FACT_CHANGE_COLUMNS,
  factColumns,
  matrixColumns,
  NEED_COLUMNS,
  needColumns,
  OPPORTUNITY_COLUMNS,
  parsePatch,
  prepareAccount,
  SCORE_SNAPSHOT_COLUMNS,
  STAGE_CHANGE_COLUMNS,
  type Audited,
  type ChangeContext,
  type ContactInput,
  type FactChangeRow,
  type NewAccount,
  type NewNeed,
  type NewScoreSnapshot,
  type OpportunityInput,
  type PreparedAccount,
  contactRow,
  needRow,
  opportunityRows,
  PART_FIELD_COLUMNS,
  PART_MONEY_FIELDS,
  type NewContact,
  type NewOpportunity,
} from "./write-rows.js";

// The types and mappings services and other repositories use, from one place.
export { FACT_SOURCES, type FactSource } from "./sources.js";
export {
  toAggregate,
  type AccountAggregate,
  type AccountFactPatch,
  type MatrixColumns,
  type ScalarFacts,
} from "./aggregate.js";
export {
  decodeFactValue,
  encodeFactValue,
  entityAudit,
  type ChangeContext,
  type PreparedAccount,
  type ContactInput,
  type NewAccount,
  type NewContact,
  type NewNeed,
  type NewOpportunity,
  type NewScoreSnapshot,
  type OpportunityInput,
} from "./write-rows.js";

/** A deal as lookup and the deal buttons read it. */
export interface DealRow {
  id: string;
  name: string | null;
  stage: string;
  amount: bigint;
  expectedCloseDate: string | null;
  accountId: string;
  updatedAt: Date;
  account: { name: string; ownerUserId: string | null; teamId: string | null };
}
const DEAL_SELECT = {
  id: true,
  name: true,
  stage: true,
  amount: true,
  expectedCloseDate: true,
  accountId: true,
  updatedAt: true,
  account: { select: { name: true, ownerUserId: true, teamId: true } },
} as const;

/** What a deal update may change (undefined = unchanged). */
export interface DealPatch {
  stage?: Stage;
  amount?: number;
  expected_close_date?: string;
  close_reason?: string | null;
  final_amount?: number | null;
}

/** A deal's audited fields (FactChange field names), before or after an update. */
export interface DealState {
  stage: string;
  amount: number;
  expected_close_date: string | null;
  closed_date: string | null;
  close_reason: string | null;
  final_amount: number | null;
}

/** An audit row as history and undo read it. */
export interface AuditRow {
  id: string;
  accountId: string | null;
  entity: string;
  entityId: string;
  field: string;
  before: string | null;
  after: string | null;
  actorUserId: string;
  source: string;
  sourceRef: string | null;
  at: Date;
}
const AUDIT_SELECT = {
  id: true,
  accountId: true,
  entity: true,
  entityId: true,
  field: true,
  before: true,
  after: true,
  actorUserId: true,
  source: true,
  sourceRef: true,
  at: true,
} as const;

/** What bounds every read of an account: the user's workspace and the teams of their scope (teams/scope.ts Scope). */
export interface AccountScope {
  workspaceId: string;
  teams: readonly { id: string }[];
}

/** An account as a lookup returns it. */
export interface AccountMatch {
  id: string;
  name: string;
  teamId: string | null;
  industry: string | null;
  ownerUserId: string | null;
  /** Account.version when read (lookups): `viewAccount` then needs no second scope check. */
  version?: number;
}

/** What a parts file's rows are matched to an account by (import-export/match.ts). */
export interface AccountKeysRow {
  id: string;
  name: string;
  crmId: string | null;
  aliasKeys: readonly string[];
}

/** The alias keys of an account read without them: one empty list for all (100,000 accounts, issue 11.7). */
const NO_KEYS: readonly string[] = Object.freeze([]);

/** An account's keys, built field by field: rows spread and extended each got a hidden class of their own
 *  (core/extend.ts). */
const keysRow = (row: { id: string; name: string; crmId: string | null }, aliasKeys = NO_KEYS): AccountKeysRow => ({
  id: row.id,
  name: row.name,
  crmId: row.crmId,
  aliasKeys,
});

/** An account as a re-import compares it (import-export/match.ts): the fields a file can carry, read in one pass. */
export interface ImportStateRow {
  id: string;
  name: string;
  crmId: string | null;
  ownerUserId: string | null;
  version: number;
  facts: Record<AccountFactField, unknown>;
  matrix: Record<keyof MatrixColumns, unknown>;
  aliasKeys: readonly string[];
}

/** The fields a re-import changes on one account, checked against the version it read. */
export interface ImportUpdate {
  id: string;
  version: number;
  name?: string;
  crmId?: string | null;
  ownerUserId?: string | null;
  facts: AccountFactPatch;
  matrix: Partial<MatrixColumns>;
}

/** A stored contact, need or opportunity as a re-import compares it: its record fields by their file names. */
export interface StoredPart {
  id: string;
  accountId: string;
  crmId: string | null;
  fields: Record<string, unknown>;
}

export type PartKindName = keyof typeof PART_FIELD_COLUMNS;

/** One part a re-import writes: new ones with their audit built here (their ids are made here), changed ones with
 *  their changed columns and, for an opportunity that moved, the stage entered. */
export interface PartImport {
  kind: PartKindName;
  creates: {
    accountId: string;
    need?: NewNeed;
    contact?: NewContact;
    opportunity?: NewOpportunity & { owner?: string | null };
  }[];
  updates: {
    id: string;
    accountId: string;
    changes: Record<string, unknown>;
    stageEntered?: { stage: string; date: string; amount: number | null };
  }[];
  /** Audit rows of the updates. */
  audit: readonly FactChangeRow[];
}

export interface FactDiff {
  field: AccountFactField | MatrixField;
  before: unknown;
  after: unknown;
}

const pageById = { orderBy: byId, take: 20_000 } as const;

/** A stored account as a re-import compares it. */
function importStateRow(row: Account, aliasKeys: readonly string[]): ImportStateRow {
  return {
    id: row.id,
    name: row.name,
    crmId: row.crmId,
    ownerUserId: row.ownerUserId,
    version: row.version,
    facts: scalarFacts(row),
    matrix: matrixOf(row),
    aliasKeys,
  };
}

/** A contact, need or opportunity row as a parts re-import compares it: its keys and its fields in record shape. */
const storedPart = (
  row: { id: string; accountId: string; crmId: string | null },
  fields: Record<string, unknown>,
): StoredPart => ({ id: row.id, accountId: row.accountId, crmId: row.crmId, fields });

/** Every row of a query, read in pages of `pageById` after the last id (`fetch` adds `after` to its filter): one
 *  result of 100,000 accounts and their 500,000 alias keys cost Prisma several hundred MB at once (issue 11.7). */
async function allById<T extends { id: string }>(
  fetch: (after: { id?: { gt: string } }) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let after: string | undefined; ; ) {
    const rows = await fetch(after === undefined ? {} : { id: { gt: after } });
    for (const row of rows) out.push(row);
    if (rows.length < pageById.take) return out;
    after = rows[rows.length - 1]?.id;
  }
}

/** Runs `fn` in a transaction, or inside the caller's when given a transaction client already. */
async function inTransaction<T>(
  db: DbClient,
  fn: (tx: Tx) => Promise<T>,
  options?: { timeout: number; maxWait: number },
): Promise<T> {
  return "$transaction" in db ? db.$transaction(fn, options) : fn(db);
}

/**
 * `read` (keyed reads of a page of ids) with PostgreSQL's planner told to prefer index scans. An import reads rows
 * that were just written, or keys whose spread its statistics do not show: the planner scanned whole tables instead
 * (a re-read of 500 accounts' parts grew with the square of the import; a page of 2,000 CRM ids took 33 ms scanning,
 * 7 ms by index), and planned a parallel worker for a page of 500 accounts' opportunities from their estimate of
 * 10,000 rows: 30 ms each, most of it starting the worker, 1 ms without (a quarter of the server's time in a
 * 100,000-opportunity import). `SET LOCAL` lasts to the end of a transaction: outside one the read runs in its own.
 */
function byIndex<T>(db: DbClient, provider: Provider, read: (tx: DbClient) => Promise<T>): Promise<T> {
  if (provider !== "postgresql") return read(db);
  return inTransaction(db, async (tx) => {
    await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
    await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather = 0`;
    try {
      return await read(tx);
    } finally {
      await tx.$executeRaw`SET LOCAL enable_seqscan TO DEFAULT`;
      await tx.$executeRaw`SET LOCAL max_parallel_workers_per_gather TO DEFAULT`;
    }
  });
}

export interface SnapshotRow {
  accountId: string;
  quadrant: Quadrant;
  v: number;
  completeness: number;
  takenAt: Date;
}

export interface TrailSnapshot extends Omit<SnapshotRow, "accountId"> {
  /** change | weekly | model */
  reason: string;
  modelVersion: string;
}

/** A stored quadrant outside QUADRANTS is an error naming the row, never a default. */
const storedQuadrant = (row: { id: string; quadrant: string }): Quadrant =>
  storedEnum(QUADRANTS, row.quadrant, { table: "ScoreSnapshot", rowId: row.id, column: "quadrant" });

interface MatchRow {
  id: string;
  name: string;
  teamId: string | null;
  industry: string | null;
  ownerUserId: string | null;
  version: number;
}
interface CountRow {
  n: number | bigint;
}

const matchSelect = { id: true, name: true, teamId: true, industry: true, ownerUserId: true, version: true } as const;

const teamIdsOf = (scope: AccountScope): string[] => scope.teams.map((t) => t.id);
/** The Prisma filter of the accounts a scope may read. */
const visibleWhere = (scope: AccountScope) =>
  ({ workspaceId: scope.workspaceId, teamId: { in: teamIdsOf(scope) } }) satisfies Prisma.AccountWhereInput;

/**
 * The exact lookup of every `/kvalue <account>`: the id, the normalized name or an alias key, within the scope.
 * Written once as a hand-written SQL condition (indexed on both providers): the ORM's per-query planning was a
 * third of a card's CPU. Portable SQL, quoted identifiers, bound parameters. Needs at least one team.
 */
function exactFilter(scope: AccountScope, id: string, key: string): Sql {
  return sqltag`a."workspaceId" = ${scope.workspaceId} AND a."teamId" IN (${join(teamIdsOf(scope))})
      AND (a."id" = ${id} OR a."normalizedName" = ${key}
           OR EXISTS (SELECT 1 FROM "AccountAlias" x WHERE x."accountId" = a."id" AND x."normalized" = ${key}))`;
}

const partialWhere = (scope: AccountScope, key: string) =>
  ({
    ...visibleWhere(scope),
    OR: [{ normalizedName: { contains: key } }, { aliases: { some: { normalized: { contains: key } } } }],
  }) satisfies Prisma.AccountWhereInput;

export function createAccountsRepository(db: DbClient, provider: Provider) {
  /** The alias keys of these accounts by account id, read a page of accounts at a time. */
  async function aliasKeysOf(accounts: readonly { id: string }[]): Promise<Map<string, string[]>> {
    const keys = new Map<string, string[]>();
    for (let i = 0; i < accounts.length; i += pageById.take)
      for (const a of await db.accountAlias.findMany({
        where: { accountId: { in: accounts.slice(i, i + pageById.take).map((r) => r.id) } },
        select: { accountId: true, normalized: true },
      })) {
        const list = keys.get(a.accountId);
        if (list) list.push(a.normalized);
        else keys.set(a.accountId, [a.normalized]);
      }
    return keys;
  }

  /** The aliases people gave a team's accounts, by account id, each list sorted: the spellings of their alias rows,
   *  less the name (its pinyin keys are rows too) and the CRM id (imports keep it as an alias), which an import
   *  derives again. The filter is in SQL, so mostly only given aliases come back. */
  async function givenAliases(workspaceId: string, teamId: string): Promise<Map<string, string[]>> {
    const rows = await db.$queryRaw<{ accountId: string; alias: string }[]>`
      SELECT DISTINCT x."accountId", x."alias" FROM "AccountAlias" x JOIN "Account" a ON a."id" = x."accountId"
      WHERE a."workspaceId" = ${workspaceId} AND a."teamId" = ${teamId}
        AND x."alias" <> a."name" AND (a."crmId" IS NULL OR x."alias" <> a."crmId")`;
    const out = new Map<string, string[]>();
    for (const { accountId, alias } of rows) {
      const list = out.get(accountId);
      if (list) list.push(alias);
      else out.set(accountId, [alias]);
    }
    // Sorted here, not by SQL: PostgreSQL's collation would order them unlike SQLite's.
    for (const list of out.values()) list.sort();
    return out;
  }

  /** Validates new accounts and lays out all their rows, creation audit included (no I/O: an import prepares the
   *  next chunk while the database writes this one). A bad row is reported by its index
   *  (accounts[3].changes.budget_status). */
  function prepareAccounts(
    accounts: readonly NewAccount[],
    ctx: ChangeContext,
    /** The index of `accounts[0]` in the caller's list (an import writes in chunks), for error places. */
    firstIndex = 0,
  ): PreparedAccount[] {
    const at = ctx.at ?? new Date();
    return accounts.map((account, i) => {
      try {
        return prepareAccount(account, ctx, at);
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        const index = firstIndex + i;
        const where = `accounts[${index}]${error.path ? `.${error.path}` : ""}`;
        throw new StoreError(error.code, `accounts[${index}].${error.message}`, where);
      }
    });
  }

  /** Writes prepared accounts with all their parts and creation audit through multi-row INSERTs (bulk.ts: ~15×
   *  faster than createMany). All or nothing. Returns the new ids in input order. */
  async function writeAccounts(prepared: readonly PreparedAccount[]): Promise<string[]> {
    // Imports are big: allow far more than the 5 s default of an interactive transaction.
    await inTransaction(
      db,
      async (tx) => {
        // Parents before children: foreign keys are checked per statement.
        await insertPackedRows(
          tx,
          provider,
          "Account",
          ACCOUNT_COLUMNS,
          prepared.map((p) => p.account),
        );
        await insertPackedRows(
          tx,
          provider,
          "AccountAlias",
          ALIAS_COLUMNS,
          prepared.flatMap((p) => p.aliases),
        );
        await insertPackedRows(
          tx,
          provider,
          "Need",
          NEED_COLUMNS,
          prepared.flatMap((p) => p.needs),
        );
        await insertPackedRows(
          tx,
          provider,
          "Contact",
          CONTACT_COLUMNS,
          prepared.flatMap((p) => p.contacts),
        );
        await insertPackedRows(
          tx,
          provider,
          "Opportunity",
          OPPORTUNITY_COLUMNS,
          prepared.flatMap((p) => p.opportunities),
        );
        await insertPackedRows(
          tx,
          provider,
          "StageChange",
          STAGE_CHANGE_COLUMNS,
          prepared.flatMap((p) => p.stages),
        );
        await insertPackedRows(
          tx,
          provider,
          "FactChange",
          FACT_CHANGE_COLUMNS,
          prepared.flatMap((p) => p.audit),
        );
      },
      { timeout: 600_000, maxWait: 30_000 },
    );
    return prepared.map((p) => p.id);
  }

  async function insertFactChanges(rows: readonly FactChangeRow[]): Promise<void> {
    if (rows.length) await db.factChange.createMany({ data: [...rows] });
  }

  return {
    provider,

    // ---- reads, each bounded by the scope ----

    /** The account if it is in a team of the scope (no hint whether it exists elsewhere). */
    findVisible: (
      scope: AccountScope,
      accountId: string,
    ): Promise<{ id: string; teamId: string | null; version: number } | null> =>
      db.account.findFirst({
        where: { id: accountId, ...visibleWhere(scope) },
        select: { id: true, teamId: true, version: true },
      }),

    /** Exact matches (see exactFilter), by name then id, at most `take`. */
    async exactMatches(scope: AccountScope, id: string, key: string, take: number): Promise<AccountMatch[]> {
      if (scope.teams.length === 0) return [];
      return db.$queryRaw<MatchRow[]>`
        SELECT a."id", a."name", a."teamId", a."industry", a."ownerUserId", a."version"
        FROM "Account" a WHERE ${exactFilter(scope, id, key)}
        ORDER BY a."name" ASC, a."id" ASC
        LIMIT ${take}`;
    },
    async countExact(scope: AccountScope, id: string, key: string): Promise<number> {
      if (scope.teams.length === 0) return 0;
      const [row] = await db.$queryRaw<
        CountRow[]
      >`SELECT COUNT(*) AS "n" FROM "Account" a WHERE ${exactFilter(scope, id, key)}`;
      return Number(row?.n ?? 0);
    },
    /** Accounts whose name or an alias key contains `key`, by name, at most `take`. */
    partialMatches: (scope: AccountScope, key: string, take: number): Promise<AccountMatch[]> =>
      db.account.findMany({ where: partialWhere(scope, key), select: matchSelect, orderBy: { name: "asc" }, take }),
    countPartial: (scope: AccountScope, key: string): Promise<number> =>
      db.account.count({ where: partialWhere(scope, key) }),

    /** Whether a team of the workspace has an account with this normalized name. */
    async nameTaken(workspaceId: string, teamId: string, normalizedName: string): Promise<boolean> {
      return (
        (await db.account.findFirst({ where: { workspaceId, teamId, normalizedName }, select: { id: true } })) !== null
      );
    },
    /** Every lookup key of a team's accounts (names and aliases), read whole: an IN list of 10,000 names exceeds
     *  SQLite's parameter limit, and a team's names are a few hundred kilobytes at most. */
    async teamKeys(workspaceId: string, teamId: string): Promise<Set<string>> {
      const [names, aliases] = await Promise.all([
        db.account.findMany({ where: { workspaceId, teamId }, select: { normalizedName: true } }),
        db.accountAlias.findMany({ where: { account: { workspaceId, teamId } }, select: { normalized: true } }),
      ]);
      return new Set([...names.map((n) => n.normalizedName), ...aliases.map((a) => a.normalized)]);
    },

    /** The team's accounts as a parts file's rows are matched to them: id, name, CRM id and (unless `aliases` is
     *  false: a file keyed by CRM ids, an export) alias keys. */
    async accountKeys(workspaceId: string, teamId: string, aliases = true): Promise<AccountKeysRow[]> {
      const rows = await allById((after) =>
        db.account.findMany({
          where: { AND: [{ workspaceId, teamId }, after] },
          select: { id: true, name: true, crmId: true },
          ...pageById,
        }),
      );
      if (!aliases) return rows.map((row) => keysRow(row));
      const keys = await aliasKeysOf(rows);
      return rows.map((row) => keysRow(row, keys.get(row.id)));
    },

    /** The keys (no alias keys) of the team's accounts with these CRM ids: a parts file keyed by CRM id is matched
     *  a page of rows at a time, never holding the whole team's keys (issue 11.7). */
    async accountKeysByCrmId(
      workspaceId: string,
      teamId: string,
      crmIds: readonly string[],
    ): Promise<AccountKeysRow[]> {
      const rows = await byIndex(db, provider, (tx) =>
        tx.account.findMany({
          where: { workspaceId, teamId, crmId: { in: [...crmIds] } },
          select: { id: true, name: true, crmId: true },
        }),
      );
      return rows.map((row) => keysRow(row));
    },

    /** The names of these accounts of the workspace, by id (the ones a summary lists). */
    async accountNames(workspaceId: string, ids: readonly string[]): Promise<Map<string, string>> {
      const rows = await pagesOf(ids, (page) =>
        db.account.findMany({ where: { workspaceId, id: { in: page } }, select: { id: true, name: true } }),
      );
      return new Map(rows.map((a) => [a.id, a.name]));
    },

    /** The day each of these opportunities entered its current stage (its latest stage entry), by id; one with no
     *  history is left out. Ids come from the workspace's own parts (a re-import's plan). */
    async lastStageDates(ids: readonly string[]): Promise<Map<string, string>> {
      const rows = await pagesOf(ids, (page) =>
        db.stageChange.groupBy({
          by: ["opportunityId"],
          where: { opportunityId: { in: page } },
          _max: { enteredDate: true },
        }),
      );
      return new Map(rows.flatMap((r) => (r._max.enteredDate === null ? [] : [[r.opportunityId, r._max.enteredDate]])));
    },

    /** The accounts a re-import matched (their keys as `accountKeys` read them), with the fields it compares: read
     *  a step at a time, so an unchanged account's fields are never all in memory at once (issue 11.7). */
    async importState(
      workspaceId: string,
      accounts: readonly { id: string; aliasKeys: readonly string[] }[],
    ): Promise<ImportStateRow[]> {
      // By primary key alone: with the workspace in the WHERE clause SQLite chose its index and scanned the whole
      // workspace for every step (0.5 s a step at 100,000 accounts); the workspace is checked on the rows instead.
      const rows = await db.account.findMany({ where: { id: { in: accounts.map((a) => a.id) } } });
      const byId = new Map(rows.filter((row) => row.workspaceId === workspaceId).map((row) => [row.id, row]));
      return accounts.flatMap((a) => {
        const row = byId.get(a.id);
        return row ? [importStateRow(row, a.aliasKeys)] : [];
      });
    },

    /** Writes a re-import's changes: each account only if still at the version read (else version_conflict), + 1;
     *  new alias keys; the audit rows. Call inside a transaction (all or nothing). */
    async applyImportUpdates(
      updates: readonly ImportUpdate[],
      aliases: readonly { accountId: string; alias: string; normalized: string }[],
      audit: readonly FactChangeRow[],
      at: Date,
    ): Promise<void> {
      for (const u of updates) {
        const data = {
          ...factColumns(parsePatch(u.facts)),
          ...matrixColumns(u.matrix),
          ...(u.name === undefined ? {} : { name: u.name, normalizedName: normalizeName(u.name) }),
          ...(u.crmId === undefined ? {} : { crmId: u.crmId }),
          ...(u.ownerUserId === undefined ? {} : { ownerUserId: u.ownerUserId }),
          updatedAt: at,
          version: { increment: 1 },
        };
        const { count } = await db.account.updateMany({ where: { id: u.id, version: u.version }, data });
        if (count !== 1)
          throw new StoreError("version_conflict", `account ${u.id} changed while being imported`, "version");
      }
      await insertPackedRows(db, provider, "AccountAlias", ALIAS_COLUMNS, aliases);
      await insertPackedRows(
        db,
        provider,
        "FactChange",
        FACT_CHANGE_COLUMNS,
        audit.map((r) => ({ id: timeOrderedId(), ...r })),
      );
    },

    /** Every contact, need or opportunity of a team's accounts, in record shape, read once. */
    async teamParts(workspaceId: string, teamId: string, kind: PartKindName): Promise<StoredPart[]> {
      const where = { account: { workspaceId, teamId } };
      if (kind === "opportunities") {
        // Read and laid out a page at a time: 100,000 of Prisma's rows at once held ~400 MB (issue 11.7).
        return allById(async (after) =>
          (await db.opportunity.findMany({ where: { AND: [where, after] }, ...pageById })).map((o) =>
            storedPart(o, {
              name: o.name,
              stage: o.stage,
              amount: Number(o.amount),
              expected_close_date: o.expectedCloseDate,
              source: o.source,
              source_detail: o.sourceDetail,
              project_type: o.projectType,
              procurement_method: o.procurementMethod,
              lead_temperature: o.leadTemperature,
              close_reason: o.closeReason,
              final_amount: o.finalAmount === null ? null : Number(o.finalAmount),
              owner: o.ownerUserId,
              created_date: o.createdDate,
              closed_date: o.closedDate,
            }),
          ),
        );
      }
      if (kind === "contacts") {
        return allById(async (after) =>
          (await db.contact.findMany({ where: { AND: [where, after] }, ...pageById })).map((c) =>
            storedPart(c, contactFields(c)),
          ),
        );
      }
      return allById(async (after) =>
        (await db.need.findMany({ where: { AND: [where, after] }, ...pageById })).map((n) =>
          storedPart(n, needFields(n)),
        ),
      );
    },

    /** Writes a parts re-import: new parts (multi-row INSERTs, a `*` audit row and one per known field), changed
     *  fields, stage entries, the update audit, and version + 1 of every account touched. Call inside a
     *  transaction (all or nothing). Returns the touched accounts as they now stand, for scoring: read before the
     *  write and completed with what it wrote, since re-reading them with their new parts was ~40% of an
     *  opportunities import (issue 11.7). */
    async applyPartImport(
      input: PartImport,
      ctx: ChangeContext & { workspaceId: string },
    ): Promise<AccountAggregate[]> {
      const at = ctx.at ?? new Date();
      const touched = [
        ...new Set([...input.creates.map((c) => c.accountId), ...input.updates.map((u) => u.accountId)]),
      ];
      const before = await byIndex(db, provider, (tx) => accountRowsByIds(tx, ctx.workspaceId, touched));
      const audit: FactChangeRow[] = [...input.audit];
      const entity = input.kind === "opportunities" ? "opportunity" : input.kind === "contacts" ? "contact" : "need";
      const written: WrittenParts = { needs: [], contacts: [], opportunities: [], stages: [], changed: new Map() };
      for (const c of input.creates) {
        let id = "";
        let fields: Record<string, unknown> = {};
        if (c.need) {
          const row = needRow(c.need, c.accountId, at);
          written.needs.push(row);
          id = row.id;
          fields = { ...c.need };
        } else if (c.contact) {
          const row = contactRow(c.contact, c.accountId, at);
          written.contacts.push(row);
          id = row.id;
          fields = { ...c.contact };
        } else if (c.opportunity) {
          const rows = opportunityRows(c.opportunity, c.accountId, at);
          written.opportunities.push(rows.opportunity);
          written.stages.push(...rows.stages);
          id = rows.opportunity.id;
          const { stage_history: _h, ...rest } = c.opportunity;
          fields = rest;
        }
        delete fields["crm_id"];
        audit.push(...entityAudit(ctx, c.accountId, entity, id, null, fields, at));
      }
      await insertPackedRows(db, provider, "Need", NEED_COLUMNS, written.needs);
      await insertPackedRows(db, provider, "Contact", CONTACT_COLUMNS, written.contacts);
      await insertPackedRows(db, provider, "Opportunity", OPPORTUNITY_COLUMNS, written.opportunities);
      const columns: Record<string, string> = PART_FIELD_COLUMNS[input.kind];
      for (const u of input.updates) {
        const data: Record<string, unknown> = { updatedAt: at };
        for (const [field, value] of Object.entries(u.changes)) {
          const column = columns[field];
          if (column === undefined) continue;
          data[column] = PART_MONEY_FIELDS.includes(field) ? toDbMoneyOrNull(value as number | null) : value;
        }
        if (input.kind === "opportunities") await db.opportunity.update({ where: { id: u.id }, data });
        else if (input.kind === "contacts") await db.contact.update({ where: { id: u.id }, data });
        else await db.need.update({ where: { id: u.id }, data });
        written.changed.set(u.id, data);
        if (u.stageEntered)
          written.stages.push({
            id: timeOrderedId(),
            opportunityId: u.id,
            stage: u.stageEntered.stage,
            enteredDate: u.stageEntered.date,
            amountAtEntry: toDbMoneyOrNull(u.stageEntered.amount),
            createdAt: at,
          });
      }
      await insertPackedRows(db, provider, "StageChange", STAGE_CHANGE_COLUMNS, written.stages);
      await insertPackedRows(
        db,
        provider,
        "FactChange",
        FACT_CHANGE_COLUMNS,
        audit.map((r) => ({ id: timeOrderedId(), ...r })),
      );
      for (let i = 0; i < touched.length; i += PAGE)
        await db.account.updateMany({
          where: { id: { in: touched.slice(i, i + PAGE) } },
          data: { version: { increment: 1 }, updatedAt: at },
        });
      return withWrittenParts(before, written, at).map(toAggregate);
    },

    /** Brings PostgreSQL's planner statistics of the accounts table up to date after a bulk write (its documented
     *  advice after loading data); SQLite plans these keyed reads well without. */
    async refreshStatistics(): Promise<void> {
      if (provider === "postgresql") await db.$executeRaw`ANALYZE "Account"`;
    },

    /** Accounts of a workspace by id, with their parts (for scoring after a bulk write), in pages. */
    async loadAccountsByIds(workspaceId: string, ids: readonly string[]): Promise<AccountAggregate[]> {
      // An import re-reads what it just wrote, which PostgreSQL has no statistics for yet (a 100,000-opportunity
      // import took 37–39 s with whole-table scans, 29–36 s without).
      return (await byIndex(db, provider, (tx) => accountRowsByIds(tx, workspaceId, ids))).map(toAggregate);
    },

    /** One account of the scope with needs, contacts, opportunities and stage history; null if it is not visible. */
    async loadAccount(scope: AccountScope, accountId: string): Promise<AccountAggregate | null> {
      const row = await db.account.findFirst({ where: { id: accountId, ...visibleWhere(scope) } });
      const [aggregate] = row ? await withParts(db, [row]) : [];
      return aggregate ? toAggregate(aggregate) : null;
    },
    /** The accounts of one team of the scope, in id order (none when the team is not in the scope). */
    async loadTeamAccounts(scope: AccountScope, teamId: string): Promise<AccountAggregate[]> {
      if (!teamIdsOf(scope).includes(teamId)) return [];
      return mapInTurns(await teamAccountRows(db, scope.workspaceId, teamId), (rows) => rows.map(toAggregate));
    },

    givenAliases,

    countInWorkspace: (workspaceId: string): Promise<number> => db.account.count({ where: { workspaceId } }),
    /** Whether another workspace than this one has accounts (a Slack workspace's data beside the local one). */
    othersHaveAccounts: async (workspaceId: string): Promise<boolean> =>
      (await db.account.findFirst({ where: { workspaceId: { not: workspaceId } }, select: { id: true } })) !== null,

    /** Where an account's snapshots belong (written after a change the caller made in scope). */
    snapshotOwner: (accountId: string): Promise<{ workspaceId: string; teamId: string | null } | null> =>
      db.account.findUnique({ where: { id: accountId }, select: { workspaceId: true, teamId: true } }),

    /** Snapshots of these accounts taken at or before `at`, newest first per account. */
    async snapshotsUpTo(accountIds: readonly string[], at: Date): Promise<SnapshotRow[]> {
      const rows = await pagesOf(accountIds, (ids) =>
        db.scoreSnapshot.findMany({
          where: { accountId: { in: ids }, takenAt: { lte: at } },
          select: { id: true, accountId: true, quadrant: true, v: true, completeness: true, takenAt: true },
          orderBy: [{ accountId: "asc" }, { takenAt: "desc" }],
        }),
      );
      return rows.map((r) => ({ ...r, quadrant: storedQuadrant(r) }));
    },
    /** An account's snapshots from `since` on, oldest first, with the one taken last before it (history's scores
     *  as they were recorded: under the model and segments of their time). */
    async scoreTrail(accountId: string, since: Date): Promise<TrailSnapshot[]> {
      const select = {
        id: true,
        quadrant: true,
        v: true,
        completeness: true,
        takenAt: true,
        reason: true,
        modelVersion: true,
      } as const;
      const [earlier, rows] = await Promise.all([
        db.scoreSnapshot.findFirst({
          where: { accountId, takenAt: { lt: since } },
          select,
          orderBy: { takenAt: "desc" },
        }),
        db.scoreSnapshot.findMany({
          where: { accountId, takenAt: { gte: since } },
          select,
          orderBy: { takenAt: "asc" },
        }),
      ]);
      return [...(earlier ? [earlier] : []), ...rows].map((r) => ({ ...r, quadrant: storedQuadrant(r) }));
    },
    /** Weekly snapshots of these accounts taken before `before`, newest first per account. */
    async weeklySnapshotsBefore(
      accountIds: readonly string[],
      before: Date,
    ): Promise<Pick<SnapshotRow, "accountId" | "quadrant" | "takenAt">[]> {
      const rows = await pagesOf(accountIds, (ids) =>
        db.scoreSnapshot.findMany({
          where: { accountId: { in: ids }, reason: "weekly", takenAt: { lt: before } },
          select: { id: true, accountId: true, quadrant: true, takenAt: true },
          orderBy: [{ accountId: "asc" }, { takenAt: "desc" }],
        }),
      );
      return rows.map((r) => ({ accountId: r.accountId, takenAt: r.takenAt, quadrant: storedQuadrant(r) }));
    },

    // ---- the write path ----

    prepareAccounts,
    writeAccounts,
    /** Creates one account (with its alias keys and parts), audited by its creation row (`*`, with its facts). */
    async createAccount(input: ChangeContext & NewAccount): Promise<{ id: string; version: number }> {
      const [id = ""] = await writeAccounts([prepareAccount(input, input, input.at ?? new Date())]);
      return { id, version: 1 };
    },

    /**
     * Sets scalar facts of an account: validates them against the fact schema, writes the changed ones, one
     * FactChange row per changed fact and version + 1, all in one transaction. With `expectedVersion`, refuses
     * (version_conflict, nothing written) if the account changed since it was read — e.g. a confirmed LLM proposal
     * made against an older version. Values equal to the stored ones are no change (no audit row, no version bump).
     */
    async applyFacts(
      input: ChangeContext & {
        workspaceId: string;
        accountId: string;
        expectedVersion?: number;
        changes: AccountFactPatch;
        /** 管理表 columns set with the facts (owners, cadence, target, review date), audited the same way */
        matrix?: Partial<MatrixColumns>;
      },
    ): Promise<{ version: number; changed: FactDiff[] }> {
      const patch = parsePatch(input.changes);
      const matrix = input.matrix ?? {};
      return inTransaction(db, async (tx) => {
        const row = await tx.account.findFirst({ where: { id: input.accountId, workspaceId: input.workspaceId } });
        if (!row)
          throw new StoreError("not_found", `account ${input.accountId} does not exist in this workspace`, "accountId");
        if (input.expectedVersion !== undefined && row.version !== input.expectedVersion) {
          throw new StoreError(
            "version_conflict",
            `account ${row.id} is at version ${row.version}, the change was made against ${input.expectedVersion}`,
            "version",
          );
        }
        const current = scalarFacts(row);
        const changed: FactDiff[] = [];
        for (const field of ACCOUNT_FACT_FIELDS) {
          const after = patch[field];
          if (after === undefined) continue;
          const before = current[field] ?? null;
          if (before !== after) changed.push({ field, before, after });
        }
        const stored = matrixOf(row);
        for (const field of MATRIX_FIELDS) {
          const after = matrix[field];
          if (after !== undefined && stored[field] !== after) changed.push({ field, before: stored[field], after });
        }
        if (changed.length === 0) return { version: row.version, changed };

        // The version in the WHERE makes the check and the write one step, also under PostgreSQL's read committed.
        const { count } = await tx.account.updateMany({
          where: { id: row.id, version: row.version },
          data: { ...factColumns(patch), ...matrixColumns(matrix), version: { increment: 1 } },
        });
        if (count !== 1)
          throw new StoreError("version_conflict", `account ${row.id} changed while being written`, "version");
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
    },

    /** Creates or (with `contactId`) updates a contact of the account, auditing each changed field; null when
     *  `contactId` is not a contact of this account. */
    async saveContact(
      ctx: ChangeContext & { workspaceId: string },
      accountId: string,
      input: ContactInput,
      contactId?: string,
    ): Promise<string | null> {
      const at = ctx.at ?? new Date();
      if (contactId) {
        const existing = await db.contact.findFirst({ where: { id: contactId, accountId } });
        if (!existing) return null;
        const before: Audited = {
          name: existing.name ?? "",
          title: existing.title,
          org_unit: existing.orgUnit,
          role: existing.role,
          influence: existing.influence,
          attitude: existing.attitude,
          relationship_strength: existing.relationshipStrength,
          relationship_layer: existing.relationshipLayer,
          response_mode: existing.responseMode,
          last_contact_date: existing.lastContactDate,
        };
        await db.contact.update({ where: { id: contactId }, data: contactColumns(input) });
        await insertFactChanges(entityAudit(ctx, accountId, "contact", contactId, before, { ...input }, at));
        return contactId;
      }
      const created = await db.contact.create({ data: { accountId, ...contactColumns(input) }, select: { id: true } });
      await insertFactChanges(entityAudit(ctx, accountId, "contact", created.id, null, { ...input }, at));
      return created.id;
    },

    /** Creates or updates an opportunity; a new stage is a new stage-history entry (METHOD §2.6: backward moves
     *  too, §5.1 counts the highest reached). `date`: today, the entry and closing date. Null when
     *  `opportunityId` is not an opportunity of this account. */
    async saveOpportunity(
      ctx: ChangeContext & { workspaceId: string },
      accountId: string,
      input: OpportunityInput,
      date: string,
      opportunityId?: string,
    ): Promise<string | null> {
      const at = ctx.at ?? new Date();
      const closed = !isOpen(input.stage);
      const columns = {
        name: input.name,
        stage: input.stage,
        amount: toDbMoney(input.amount),
        expectedCloseDate: input.expected_close_date,
        source: input.source,
        projectType: input.project_type,
        procurementMethod: input.procurement_method,
        closedDate: closed ? date : null,
      };
      if (opportunityId) {
        const existing = await db.opportunity.findFirst({ where: { id: opportunityId, accountId } });
        if (!existing) return null;
        await db.opportunity.update({
          where: { id: opportunityId },
          data: { ...columns, closedDate: closed ? (existing.closedDate ?? date) : null },
        });
        if (existing.stage !== input.stage) {
          await db.stageChange.create({
            data: { opportunityId, stage: input.stage, enteredDate: date, amountAtEntry: toDbMoney(input.amount) },
          });
        }
        const before: Audited = {
          name: existing.name,
          stage: existing.stage,
          amount: Number(existing.amount),
          expected_close_date: existing.expectedCloseDate,
          source: existing.source,
          project_type: existing.projectType,
          procurement_method: existing.procurementMethod,
        };
        await insertFactChanges(entityAudit(ctx, accountId, "opportunity", opportunityId, before, { ...input }, at));
        return opportunityId;
      }
      const created = await db.opportunity.create({
        data: { accountId, createdDate: date, ...columns },
        select: { id: true },
      });
      await db.stageChange.create({
        data: {
          opportunityId: created.id,
          stage: input.stage,
          enteredDate: date,
          amountAtEntry: toDbMoney(input.amount),
        },
      });
      await insertFactChanges(entityAudit(ctx, accountId, "opportunity", created.id, null, { ...input }, at));
      return created.id;
    },

    /** The deals (opportunities) of the accounts a scope may read, open ones unless `closed`; one account's with
     *  `accountId`, one deal with `dealId`. Small rows for lookup and the deal buttons. */
    dealsInScope: (
      scope: AccountScope,
      o: { accountId?: string; dealId?: string; closed?: boolean } = {},
    ): Promise<DealRow[]> =>
      scope.teams.length === 0
        ? Promise.resolve([])
        : db.opportunity.findMany({
            where: {
              account: visibleWhere(scope),
              ...(o.accountId ? { accountId: o.accountId } : {}),
              ...(o.dealId ? { id: o.dealId } : {}),
              ...(o.closed ? {} : { stage: { in: [...OPEN_STAGES] } }),
            },
            select: DEAL_SELECT,
            orderBy: byId,
          }),

    /**
     * Changes a deal's stage, amount, close date, close reason or final amount: a StageChange row when the stage
     * moves (the §5.2 conversion rates and the bridge read them), the closed date set on closing and cleared on
     * reopening, and one FactChange per changed field. Null when the deal is not on the account.
     */
    async updateDeal(
      ctx: ChangeContext & { workspaceId: string },
      accountId: string,
      dealId: string,
      patch: DealPatch,
      date: string,
      /** Undoing a stage move: drop the stage entry that move made (stage and date) instead of adding one, so the
       *  §5.2 rates do not count a stage the deal never really reached. */
      retract?: { stage: string; enteredDate: string },
    ): Promise<{ before: DealState; after: DealState } | null> {
      const existing = await db.opportunity.findFirst({ where: { id: dealId, accountId } });
      if (!existing) return null;
      const before: DealState = {
        stage: existing.stage,
        amount: Number(existing.amount),
        expected_close_date: existing.expectedCloseDate,
        closed_date: existing.closedDate,
        close_reason: existing.closeReason,
        final_amount: existing.finalAmount === null ? null : Number(existing.finalAmount),
      };
      const stage = patch.stage ?? before.stage;
      const wasOpen = isOpen(before.stage as Stage);
      const closed = !isOpen(stage as Stage);
      const after: DealState = {
        stage,
        amount: patch.amount ?? before.amount,
        expected_close_date: patch.expected_close_date ?? before.expected_close_date,
        closed_date: closed ? (wasOpen ? date : (before.closed_date ?? date)) : null,
        close_reason: patch.close_reason !== undefined ? patch.close_reason : closed ? before.close_reason : null,
        final_amount: patch.final_amount !== undefined ? patch.final_amount : closed ? before.final_amount : null,
      };
      await db.opportunity.update({
        where: { id: dealId },
        data: {
          stage: after.stage,
          amount: toDbMoney(after.amount),
          expectedCloseDate: after.expected_close_date,
          closedDate: after.closed_date,
          closeReason: after.close_reason,
          finalAmount: after.final_amount === null ? null : toDbMoney(after.final_amount),
        },
      });
      const retracted =
        retract && after.stage !== before.stage
          ? await db.stageChange.findFirst({
              where: { opportunityId: dealId, stage: retract.stage, enteredDate: retract.enteredDate },
              orderBy: [{ createdAt: "desc" }, { id: "desc" }],
              select: { id: true },
            })
          : null;
      if (retracted) await db.stageChange.delete({ where: { id: retracted.id } });
      else if (after.stage !== before.stage)
        await db.stageChange.create({
          data: {
            opportunityId: dealId,
            stage: after.stage,
            enteredDate: date,
            amountAtEntry: toDbMoney(after.amount),
          },
        });
      const audit = entityAudit(
        ctx,
        accountId,
        "opportunity",
        dealId,
        { ...before },
        { ...after },
        ctx.at ?? new Date(),
      );
      await insertFactChanges(audit);
      return { before, after };
    },

    /** Adds a need to an account (e.g. confirmed from a note), auditing its creation and each known field. */
    async createNeed(ctx: ChangeContext & { workspaceId: string }, accountId: string, need: NewNeed): Promise<string> {
      const { id } = await db.need.create({ data: { accountId, ...needColumns(need) }, select: { id: true } });
      await insertFactChanges(entityAudit(ctx, accountId, "need", id, null, { ...need }, ctx.at ?? new Date()));
      return id;
    },

    /** The newest `take` audit rows of an account, newest first (ties by id, so one act's rows stay together): the
     *  one query of `/kvalue history`. */
    auditTrail: (workspaceId: string, accountId: string, take: number): Promise<AuditRow[]> =>
      db.factChange.findMany({
        where: { workspaceId, accountId },
        orderBy: [{ at: "desc" }, { id: "asc" }],
        take,
        select: AUDIT_SELECT,
      }),

    /** The audit rows of the act `changeId` belongs to (same account, instant, actor, source and reference), and
     *  whether an undo already points at it; null when no such row is in the workspace. */
    async auditAct(workspaceId: string, changeId: string): Promise<{ rows: AuditRow[]; undone: boolean } | null> {
      const anchor = await db.factChange.findFirst({ where: { id: changeId, workspaceId }, select: AUDIT_SELECT });
      if (!anchor?.accountId) return null;
      const rows = await db.factChange.findMany({
        where: {
          workspaceId,
          accountId: anchor.accountId,
          at: anchor.at,
          actorUserId: anchor.actorUserId,
          source: anchor.source,
          sourceRef: anchor.sourceRef,
        },
        orderBy: { id: "asc" },
        select: AUDIT_SELECT,
      });
      // An undo points at the act's first row (the one history shows and its button carries).
      const undo = await db.factChange.findFirst({
        where: { workspaceId, accountId: anchor.accountId, source: "undo", sourceRef: rows[0]?.id ?? changeId },
        select: { id: true },
      });
      return { rows, undone: undo !== null };
    },

    /** Child changes alter the score too: version + 1, so pending proposals and cached cards see the change. */
    async bumpVersion(accountId: string): Promise<void> {
      await db.account.update({ where: { id: accountId }, data: { version: { increment: 1 } } });
    },

    /** The same for many accounts at once (a segment change that feeds them). */
    async bumpVersions(accountIds: readonly string[]): Promise<void> {
      // In pages: SQLite refuses more than 999 parameters in one statement.
      for (let i = 0; i < accountIds.length; i += PAGE)
        await db.account.updateMany({
          where: { id: { in: accountIds.slice(i, i + PAGE) } },
          data: { version: { increment: 1 } },
        });
    },

    createNote: (
      accountId: string,
      note: { authorUserId: string; text: string; source: FactSource },
    ): Promise<{ id: string }> => db.note.create({ data: { accountId, ...note }, select: { id: true } }),

    async insertScoreSnapshots(rows: readonly NewScoreSnapshot[]): Promise<void> {
      await insertPackedRows(
        db,
        provider,
        "ScoreSnapshot",
        SCORE_SNAPSHOT_COLUMNS,
        rows.map((r) => extend(r, { id: timeOrderedId() })),
      );
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
