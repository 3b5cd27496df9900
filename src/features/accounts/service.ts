// Account use cases: forgiving lookup, creation with lookup keys, the assessed card, and direct fact entry.
// Every query goes through `deps.repos.accounts`, every read of an account through the scope.
import { assess } from "../../core/index.js";
import { versionInForce, type ModelInForce } from "../calibration/model.js";
import type { AccountFactField, Assessment, ModelWeights } from "../../core/index.js";
import { ACCOUNT_FACT_FIELDS } from "../../core/facts.js";
import { MATRIX_FIELDS } from "../../core/fact-columns.js";
import { matchHeader } from "../import-export/csv-columns.js";
import type { CellFailure } from "../import-export/cells.js";
import { normalizeName } from "./keys.js";
import { StoreError } from "../../store/index.js";
import type { AccountAggregate, AccountFactPatch, AccountMatch, FactDiff, MatrixColumns } from "./repository.js";
import { cacheSpec } from "../caches.js";
import { today, type ServiceDeps } from "../deps.js";
import { invalidInput, ServiceError } from "../errors.js";
import { pipelineOf, teamProbabilities, type AccountPipeline } from "../funnel/pipeline.js";
import { pickTeam, type Actor, type Scope } from "../teams/scope.js";
import { recordScore } from "./snapshots.js";
import { withDefaults } from "../segments/defaults.js";

export type { AccountMatch };

export type LookupResult =
  | { kind: "found"; account: AccountMatch }
  | {
      kind: "choices";
      query: string;
      matches: AccountMatch[] /** all matches, when more than `matches` */;
      total: number;
    }
  | { kind: "none"; query: string };

/** Matches returned as choices (the choices message shows them all and says how many more there are). */
const MAX_CHOICES = 15;
/** The longest account name a person may give. */
const MAX_NAME_LENGTH = 200;

/** The account if it is in a team of the scope; not_found otherwise (no hint whether it exists elsewhere). */
export async function visibleAccount(
  deps: ServiceDeps,
  scope: Scope,
  accountId: string,
): Promise<{ id: string; teamId: string | null; version: number }> {
  const row = await deps.repos.accounts.findVisible(scope, accountId);
  if (!row) throw notVisible(scope, accountId);
  return row;
}

const notVisible = (scope: Scope, accountId: string) =>
  new ServiceError("not_found", `account ${accountId} is not visible to ${scope.userId}`, "account");

/**
 * Finds an account by what a rep types: exact name or alias first (after folding case, width, spaces and
 * punctuation, or by pinyin), then names containing it. One hit → found; several → choices; none → offer to create.
 * Two indexed queries, and a count only when there are more matches than choices shown (fetched one more than
 * shown: only then is the total worth a count).
 */
export async function lookupAccount(deps: ServiceDeps, scope: Scope, query: string): Promise<LookupResult> {
  const q = normalizeName(query);
  if (!q || scope.teams.length === 0) return { kind: "none", query };
  const repo = deps.repos.accounts;
  const id = query.trim();
  const exact = await repo.exactMatches(scope, id, q, MAX_CHOICES + 1);
  if (exact.length === 1 && exact[0]) return { kind: "found", account: exact[0] };
  if (exact.length > 1) return choices(query, exact, () => repo.countExact(scope, id, q));
  const partial = await repo.partialMatches(scope, q, MAX_CHOICES + 1);
  if (partial.length === 1 && partial[0]) return { kind: "found", account: partial[0] };
  if (partial.length > 1) return choices(query, partial, () => repo.countPartial(scope, q));
  return { kind: "none", query };
}

async function choices(query: string, found: AccountMatch[], count: () => Promise<number>): Promise<LookupResult> {
  if (found.length <= MAX_CHOICES) return { kind: "choices", query, matches: found, total: found.length };
  return { kind: "choices", query, matches: found.slice(0, MAX_CHOICES), total: await count() };
}

export async function createAccount(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  input: { name: string; team?: string | null; channelId?: string; aliases?: string[]; facts?: AccountFactPatch },
): Promise<AccountMatch> {
  const team = pickTeam(scope, input.team ?? null, input.channelId);
  const name = input.name.trim();
  if (!name) throw invalidInput("account_name_missing", "an account needs a name", "name");
  if (name.length > MAX_NAME_LENGTH)
    throw invalidInput("account_name_too_long", `an account name has at most ${MAX_NAME_LENGTH} characters`, "name", {
      max: MAX_NAME_LENGTH,
    });
  if (await deps.repos.accounts.nameTaken(actor.workspaceId, team.id, normalizeName(name))) {
    throw new ServiceError("conflict", `an account named ${name} exists`, "name", { name });
  }
  const { id } = await deps.repos.accounts.createAccount({
    workspaceId: actor.workspaceId,
    teamId: team.id,
    name,
    ownerUserId: actor.userId,
    facts: input.facts ?? {},
    aliases: input.aliases ?? [],
    actorUserId: actor.userId,
    source: actor.source,
    sourceRef: actor.sourceRef ?? null,
    at: deps.now(),
  });
  await recordScore(deps, id);
  return { id, name, teamId: team.id, industry: null, ownerUserId: actor.userId };
}

export interface AccountView {
  aggregate: AccountAggregate;
  assessment: Assessment;
  pipeline: AccountPipeline;
  asOf: string;
  /** The model version label the assessment was computed under. */
  modelVersion: string;
  /** Its V and Y weights, which the card's formula shows. */
  weights: ModelWeights;
  /** The account's record in the CRM (KVALUE_CRM_URL_TEMPLATE with its CRM id); null without either. */
  crmUrl: string | null;
}

/** The CRM record of an account: the template with the CRM id (URL-encoded) in place of `{crmId}`. */
export function crmUrlOf(template: string | null, crmId: string | null): string | null {
  if (!template || !crmId) return null;
  return template.split("{crmId}").join(encodeURIComponent(crmId));
}

// Assessed accounts by id, each valid for one version of the account and one business day. Every write to an
// account or to its needs, contacts and opportunities bumps Account.version (repository applyFacts, entities,
// proposals), and viewAccount reads the version in its scope check, so a write by any instance is seen at once.
// Loading the aggregate (four queries) and assessing it is most of a card's cost; repeat views skip both.
interface Assessed {
  aggregate: AccountAggregate;
  assessment: Assessment;
}
const ASSESSED = cacheSpec<Assessed>("accounts.assessed", 1000);
// The model version in force is part of the key: an adoption re-scores every card.
const assessedVersion = (version: number, asOf: string, model: string) => `${version}@${asOf}@${model}`;

async function assessedAccount(
  deps: ServiceDeps,
  scope: Scope,
  accountId: string,
  version: number,
  asOf: string,
  model: ModelInForce,
): Promise<Assessed> {
  const cache = deps.caches.of(ASSESSED);
  const hit = cache.peek(accountId, assessedVersion(version, asOf, model.label));
  if (hit) return hit;
  const own = await deps.repos.accounts.loadAccount(scope, accountId);
  if (!own) throw new ServiceError("not_found", `account ${accountId} vanished`, "account");
  // Segment defaults are part of what is cached: a segment change that feeds this account bumps its version.
  const aggregate = await withDefaults(deps, own, asOf);
  // The row just loaded may be newer than the version checked a moment ago: cache it under its own version.
  const entry: Assessed = { aggregate, assessment: assess(aggregate.facts, { asOf, model }) };
  cache.set(accountId, assessedVersion(aggregate.version, asOf, model.label), entry);
  return entry;
}

/**
 * The account with its assessment (as of today) and its open pipeline weighted by the team's rates.
 * `found`: the account as a lookup in this scope just read it, which spares the scope check's query.
 */
export async function viewAccount(
  deps: ServiceDeps,
  scope: Scope,
  accountId: string,
  found?: AccountMatch,
): Promise<AccountView> {
  const version =
    found?.id === accountId && found.version !== undefined
      ? found.version
      : (await visibleAccount(deps, scope, accountId)).version;
  const asOf = today(deps);
  const model = await versionInForce(deps, scope.workspaceId, scope.modelVersionId);
  const { aggregate, assessment } = await assessedAccount(deps, scope, accountId, version, asOf, model);
  const probabilities = await teamProbabilities(deps, aggregate.teamId, asOf);
  return {
    aggregate,
    asOf,
    assessment,
    pipeline: pipelineOf(aggregate.facts.opportunities ?? [], probabilities),
    modelVersion: model.label,
    weights: { weights: model.weights, yWeights: model.yWeights },
    crmUrl: crmUrlOf(deps.crmUrlTemplate, aggregate.crmId),
  };
}

/** A pair `parseAssignments` refused: a field it does not know (with the nearest known header, if any), a value the
 *  field's cell parser refused (its message says why), or a field given again (`first`: how it was written first,
 *  maybe under another name): which value was meant is unknown. */
export type FieldError =
  | { field: string; code: "unknown_field"; hint?: string }
  | { field: string; code: "invalid"; message: string; cell: CellFailure }
  | { field: string; code: "given_twice"; first: string };

/** The field an error is about, as typed: a field given twice under two names is named by both. */
export const fieldErrorName = (e: FieldError): string =>
  e.code === "given_twice" && e.first !== e.field ? `${e.first} / ${e.field}` : e.field;

/**
 * `field=value` pairs as people type them (`revenue_ttm=300万`, `预算状态=已立项`, `wallet=unknown`) → a fact
 * patch, read with the same column names and cell parsers as the CSV import. Every bad pair is reported.
 */
export function parseAssignments(
  assignments: readonly { field: string; value: string }[],
  options: { matrix?: boolean } = {},
): {
  patch: AccountPatch;
  errors: FieldError[];
} {
  const patch: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const settable = new Set<string>([...ACCOUNT_FACT_FIELDS, ...(options.matrix ? MATRIX_FIELDS : [])]);
  const seen = new Map<string, string>();
  for (const { field, value } of assignments) {
    const match = matchHeader(field);
    if (match.kind !== "field" || !settable.has(match.column.field)) {
      const hint = match.kind === "unknown" && match.suggestion ? match.suggestion : null;
      errors.push(hint ? { field, code: "unknown_field", hint } : { field, code: "unknown_field" });
      continue;
    }
    const first = seen.get(match.column.field);
    if (first !== undefined) {
      errors.push({ field, code: "given_twice", first });
      continue;
    }
    seen.set(match.column.field, field);
    const parsed = match.column.parse(value, match.unitExp);
    if (!parsed.ok) errors.push({ field, code: "invalid", message: parsed.message, cell: parsed });
    else patch[match.column.field] = parsed.value;
  }
  return { patch: patch as AccountPatch, errors };
}

/** What `set` changes: facts and, with `parseAssignments(…, { matrix: true })`, the 管理表 columns (owners, visit
 *  cadence, revenue target, review date), which score nothing but are the account's plan. */
export type AccountPatch = AccountFactPatch & Partial<MatrixColumns>;

function splitPatch(patch: AccountPatch): { facts: AccountFactPatch; matrix: Partial<MatrixColumns> } {
  const facts: Record<string, unknown> = { ...patch };
  const matrix: Record<string, unknown> = {};
  for (const field of MATRIX_FIELDS) {
    if (!(field in facts)) continue;
    matrix[field] = facts[field];
    delete facts[field];
  }
  return { facts: facts as AccountFactPatch, matrix: matrix as Partial<MatrixColumns> };
}

export interface FactUpdate {
  /** The account's name as stored, for the reply (a button may carry only the id). */
  accountName: string;
  changed: FactDiff[];
  before: Assessment;
  after: Assessment;
  version: number;
}

/** Writes scalar facts (audited, versioned, in one transaction) and re-scores. Nothing is written on any error. */
export async function updateFacts(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  accountId: string,
  patch: AccountPatch,
  expectedVersion?: number,
): Promise<FactUpdate> {
  const beforeOwn = await deps.repos.accounts.loadAccount(scope, accountId);
  if (!beforeOwn) throw notVisible(scope, accountId);
  const asOf = today(deps);
  const beforeAgg = await withDefaults(deps, beforeOwn, asOf);
  const { facts, matrix } = splitPatch(patch);
  let result: { version: number; changed: FactDiff[] };
  try {
    result = await deps.repos.accounts.applyFacts({
      workspaceId: scope.workspaceId,
      accountId,
      changes: facts,
      matrix,
      actorUserId: actor.userId,
      source: actor.source,
      sourceRef: actor.sourceRef ?? null,
      at: deps.now(),
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    });
  } catch (e) {
    if (e instanceof StoreError && e.code === "invalid_data")
      throw new ServiceError("invalid", e.message, e.path ?? undefined);
    if (e instanceof StoreError && e.code === "version_conflict")
      throw new ServiceError("conflict", e.message, "version");
    throw e;
  }
  const before = assess(beforeAgg.facts, { asOf });
  const afterOwn = result.changed.length ? await deps.repos.accounts.loadAccount(scope, accountId) : null;
  const afterAgg = afterOwn ? await withDefaults(deps, afterOwn, asOf) : beforeAgg;
  const after = afterAgg ? assess(afterAgg.facts, { asOf }) : before;
  if (result.changed.length) await recordScore(deps, accountId, after);
  return {
    accountName: afterAgg?.facts.name ?? beforeAgg.facts.name ?? "",
    changed: result.changed,
    before,
    after,
    version: result.version,
  };
}

export type { AccountFactField };
