// Account use cases: forgiving lookup, creation with lookup keys, the assessed card, and direct fact entry.
import { assess } from "../../core/index.js";
import type { AccountFactField, Assessment } from "../../core/index.js";
import { matchHeader } from "../import-export/csv-columns.js";
import { applyAccountFacts, createAccount as storeCreateAccount, loadAccount } from "./repository.js";
import { normalizeName } from "./keys.js";
import { sqlJoin, StoreError } from "../../store/index.js";
import type { AccountAggregate, AccountFactPatch, FactDiff } from "./repository.js";
import type { DbClient, Prisma } from "../../store/index.js";
import { ACCOUNT_FACT_FIELDS } from "../../core/facts.js";
import { today, type ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import { aliasKeys } from "./name-keys.js";
import { pipelineOf, teamProbabilities, type AccountPipeline } from "../funnel/pipeline.js";
import { accountWhere, assertAccountInScope, pickTeam, teamIds, type Actor, type Scope } from "../teams/scope.js";
import { recordScore } from "./snapshots.js";

export interface AccountMatch {
  id: string; name: string; teamId: string | null; industry: string | null; ownerUserId: string | null;
  /** Account.version when read (lookups): `viewAccount` then needs no second scope check. */
  version?: number;
}

export type LookupResult =
  | { kind: "found"; account: AccountMatch }
  | { kind: "choices"; query: string; matches: AccountMatch[]; /** all matches, when more than `matches` */ total: number }
  | { kind: "none"; query: string };

/** Matches returned as choices (the choices message shows them all and says how many more there are). */
const MAX_CHOICES = 15;
const matchSelect = { id: true, name: true, teamId: true, industry: true, ownerUserId: true, version: true } as const;

/**
 * Finds an account by what a rep types: exact name or alias first (after folding case, width, spaces and
 * punctuation, or by pinyin), then names containing it. One hit → found; several → choices; none → offer to create.
 * Two indexed queries, and a count only when there are more matches than choices shown.
 */
export async function lookupAccount(deps: ServiceDeps, scope: Scope, query: string): Promise<LookupResult> {
  const q = normalizeName(query);
  if (!q) return { kind: "none", query };
  const where = accountWhere(scope);
  if (scope.teams.length === 0) return { kind: "none", query };
  const exactWhere: Prisma.AccountWhereInput = { ...where, OR: [{ id: query.trim() }, { normalizedName: q }, { aliases: { some: { normalized: q } } }] };
  const exact = await exactMatches(deps, scope, query.trim(), q);
  if (exact.length === 1 && exact[0]) return { kind: "found", account: exact[0] };
  if (exact.length > 1) return choices(deps, query, exact, exactWhere);
  const partialWhere: Prisma.AccountWhereInput = { ...where, OR: [{ normalizedName: { contains: q } }, { aliases: { some: { normalized: { contains: q } } } }] };
  const partial = await deps.db.account.findMany({ where: partialWhere, select: matchSelect, orderBy: { name: "asc" }, take: MAX_CHOICES + 1 });
  if (partial.length === 1 && partial[0]) return { kind: "found", account: partial[0] };
  if (partial.length > 1) return choices(deps, query, partial, partialWhere);
  return { kind: "none", query };
}

/**
 * The exact-name lookup of every `/kvalue <account>`, as one hand-written statement: the same filter as `exactWhere`
 * (both indexed), without the ORM's per-query planning, which was a third of a card's CPU. Portable SQL, quoted
 * identifiers, bound parameters.
 */
async function exactMatches(deps: ServiceDeps, scope: Scope, id: string, key: string): Promise<AccountMatch[]> {
  return deps.db.$queryRaw<AccountMatch[]>`
    SELECT a."id", a."name", a."teamId", a."industry", a."ownerUserId", a."version"
    FROM "Account" a
    WHERE a."workspaceId" = ${scope.workspaceId} AND a."teamId" IN (${sqlJoin(teamIds(scope))})
      AND (a."id" = ${id} OR a."normalizedName" = ${key}
           OR EXISTS (SELECT 1 FROM "AccountAlias" x WHERE x."accountId" = a."id" AND x."normalized" = ${key}))
    ORDER BY a."name" ASC, a."id" ASC
    LIMIT ${MAX_CHOICES + 1}`;
}

// Fetched one more than shown: only then is the total worth a count (the message says how many more match).
async function choices(deps: ServiceDeps, query: string, found: AccountMatch[], where: Prisma.AccountWhereInput): Promise<LookupResult> {
  if (found.length <= MAX_CHOICES) return { kind: "choices", query, matches: found, total: found.length };
  const total = await deps.db.account.count({ where });
  return { kind: "choices", query, matches: found.slice(0, MAX_CHOICES), total };
}

/** Stores the lookup keys of a name and its aliases (normalized form, pinyin, initials). */
export async function writeAliases(db: DbClient, accountId: string, name: string, aliases: readonly string[]): Promise<void> {
  const rows = aliasKeys(name, aliases);
  if (rows.length === 0) return;
  const existing = new Set((await db.accountAlias.findMany({ where: { accountId }, select: { normalized: true } })).map((a) => a.normalized));
  const data = rows.filter(([key]) => !existing.has(key)).map(([normalized, alias]) => ({ accountId, alias, normalized }));
  if (data.length) await db.accountAlias.createMany({ data });
}

export async function createAccount(
  deps: ServiceDeps, actor: Actor, scope: Scope,
  input: { name: string; team?: string | null; channelId?: string; aliases?: string[]; facts?: AccountFactPatch },
): Promise<AccountMatch> {
  const team = pickTeam(scope, input.team ?? null, input.channelId);
  const name = input.name.trim();
  if (!name) throw new ServiceError("invalid", "an account needs a name", "name");
  if (name.length > 200) throw new ServiceError("invalid", "an account name has at most 200 characters", "name");
  const clash = await deps.db.account.findFirst({ where: { workspaceId: actor.workspaceId, teamId: team.id, normalizedName: normalizeName(name) }, select: { id: true } });
  if (clash) throw new ServiceError("conflict", `an account named ${name} exists`, "name", { name });
  const created = await deps.db.$transaction(async (tx) => {
    const { id } = await storeCreateAccount(tx, {
      workspaceId: actor.workspaceId, teamId: team.id, name, ownerUserId: actor.userId, facts: input.facts ?? {},
      actorUserId: actor.userId, source: actor.source, sourceRef: actor.sourceRef ?? null, at: deps.now(),
    });
    await writeAliases(tx, id, name, input.aliases ?? []);
    return id;
  });
  await recordScore(deps, created);
  return { id: created, name, teamId: team.id, industry: null, ownerUserId: actor.userId };
}

export interface AccountView {
  aggregate: AccountAggregate;
  assessment: Assessment;
  pipeline: AccountPipeline;
  asOf: string;
}

// Assessed accounts by id, each valid for one version of the account and one business day. Every write to an
// account or to its needs, contacts and opportunities bumps Account.version (store applyAccountFacts, entities,
// proposals), and viewAccount reads the version in its scope check, so a write by any instance is seen at once.
// Loading the aggregate (four queries) and assessing it is most of a card's cost; repeat views skip both.
const ASSESSED_MAX = 1000;
interface Assessed { version: number; asOf: string; aggregate: AccountAggregate; assessment: Assessment }
const assessedByDb = new WeakMap<object, Map<string, Assessed>>();

async function assessedAccount(deps: ServiceDeps, workspaceId: string, accountId: string, version: number, asOf: string): Promise<Assessed> {
  const cache = assessedByDb.get(deps.db) ?? new Map<string, Assessed>();
  assessedByDb.set(deps.db, cache);
  const hit = cache.get(accountId);
  if (hit && hit.version === version && hit.asOf === asOf) {
    cache.delete(accountId); // most recently used last
    cache.set(accountId, hit);
    return hit;
  }
  const aggregate = await loadAccount(deps.db, { workspaceId, accountId });
  if (!aggregate) throw new ServiceError("not_found", `account ${accountId} vanished`, "account");
  // The row just loaded may be newer than the version checked a moment ago: cache it under its own version.
  const entry: Assessed = { version: aggregate.version, asOf, aggregate, assessment: assess(aggregate.facts, { asOf }) };
  cache.delete(accountId);
  cache.set(accountId, entry);
  if (cache.size > ASSESSED_MAX) cache.delete(cache.keys().next().value as string);
  return entry;
}

/**
 * The account with its assessment (as of today) and its open pipeline weighted by the team's rates.
 * `found`: the account as a lookup in this scope just read it, which spares the scope check's query.
 */
export async function viewAccount(deps: ServiceDeps, scope: Scope, accountId: string, found?: AccountMatch): Promise<AccountView> {
  const version = found?.id === accountId && found.version !== undefined
    ? found.version
    : (await assertAccountInScope(deps, scope, accountId)).version;
  const asOf = today(deps);
  const { aggregate, assessment } = await assessedAccount(deps, scope.workspaceId, accountId, version, asOf);
  const probabilities = await teamProbabilities(deps, aggregate.teamId, asOf);
  return { aggregate, asOf, assessment, pipeline: pipelineOf(aggregate.facts.opportunities ?? [], probabilities) };
}

export interface FieldError { field: string; message: string }

/**
 * `field=value` pairs as people type them (`revenue_ttm=300万`, `预算状态=已立项`, `wallet=unknown`) → a fact
 * patch, read with the same column names and cell parsers as the CSV import. Every bad pair is reported.
 */
export function parseAssignments(assignments: readonly { field: string; value: string }[]): { patch: AccountFactPatch; errors: FieldError[] } {
  const patch: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const settable = new Set<string>(ACCOUNT_FACT_FIELDS);
  for (const { field, value } of assignments) {
    const match = matchHeader(field);
    if (match.kind !== "field" || !settable.has(match.column.field)) {
      const hint = match.kind === "unknown" && match.suggestion ? match.suggestion : null;
      errors.push({ field, message: hint ? `unknown_field_hint:${hint}` : "unknown_field" });
      continue;
    }
    const parsed = match.column.parse(value, match.unitExp);
    if (!parsed.ok) errors.push({ field, message: parsed.message });
    else patch[match.column.field] = parsed.value;
  }
  return { patch: patch as AccountFactPatch, errors };
}

export interface FactUpdate { changed: FactDiff[]; before: Assessment; after: Assessment; version: number }

/** Writes scalar facts (audited, versioned, in one transaction) and re-scores. Nothing is written on any error. */
export async function updateFacts(
  deps: ServiceDeps, actor: Actor, scope: Scope, accountId: string, patch: AccountFactPatch, expectedVersion?: number,
): Promise<FactUpdate> {
  await assertAccountInScope(deps, scope, accountId);
  const beforeAgg = await loadAccount(deps.db, { workspaceId: scope.workspaceId, accountId });
  if (!beforeAgg) throw new ServiceError("not_found", `account ${accountId} vanished`, "account");
  const asOf = today(deps);
  let result: { version: number; changed: FactDiff[] };
  try {
    result = await applyAccountFacts(deps.db, {
      workspaceId: scope.workspaceId, accountId, changes: patch, actorUserId: actor.userId, source: actor.source,
      sourceRef: actor.sourceRef ?? null, at: deps.now(), ...(expectedVersion === undefined ? {} : { expectedVersion }),
    });
  } catch (e) {
    if (e instanceof StoreError && e.code === "invalid_data") throw new ServiceError("invalid", e.message, e.path ?? undefined);
    if (e instanceof StoreError && e.code === "version_conflict") throw new ServiceError("conflict", e.message, "version");
    throw e;
  }
  const before = assess(beforeAgg.facts, { asOf });
  const afterAgg = result.changed.length ? await loadAccount(deps.db, { workspaceId: scope.workspaceId, accountId }) : beforeAgg;
  const after = afterAgg ? assess(afterAgg.facts, { asOf }) : before;
  if (result.changed.length) await recordScore(deps, accountId, after);
  return { changed: result.changed, before, after, version: result.version };
}

export type { AccountFactField };
