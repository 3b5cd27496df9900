// Import of parsed account records (CSV/JSON from CRM exports, the demo portfolio) into one team: all or
// nothing, in one transaction. New accounts go through the accounts repository's one write path (`prepareAccounts`
// then `writeAccounts`: multi-row INSERTs, one creation audit row each holding its facts); accounts already in the
// team (matched by CRM id, else by name: match.ts) get only their changed fields written, each with an audit row;
// every written account gets a score snapshot. Accounts absent from the file are reported, never deleted. A dry run
// plans the same and writes nothing.
import { mapInTurns } from "../in-turns.js";
import {
  applySegmentDefaults,
  assessAll,
  extend,
  isOpen,
  yearOf,
  type AccountFacts,
  type Assessment,
  type SegmentKey,
  type SegmentRecord,
} from "../../core/index.js";
import type { ImportAccount, KeyedImportAccount } from "./records.js";
import {
  decodeImportFile,
  detectDelimiter,
  parseImportFile,
  saidIssue,
  type FileProblem,
  type ImportIssue,
} from "./import-parse.js";
import { inEach, t } from "../../i18n/catalog.js";
import {
  nestedPartChanges,
  planImport,
  plannedUpdate,
  partPlanner,
  accountProblems,
  type FieldChange,
  type ImportPlan,
  type ImportProblem,
  type OtherAccountName,
  type PartPlan,
  type PlannedUpdate,
} from "./match.js";
import { detectKind, showsAccounts, type ImportKind, type PartKind } from "./part-columns.js";
import { parsePartsCsv, type PartParseFailure, type PartRow } from "./part-parse.js";
import { stageLookup, type StageMap } from "./stage-map.js";
import { storedStageMap } from "./stage-map-service.js";
import type { Stage } from "../../core/enums.js";
import { eachCsvRecord } from "./csv-read.js";
import { Handoff, received } from "./handoff.js";
import type {
  ChangeContext,
  NewAccount,
  NewOpportunity,
  NewScoreSnapshot,
  PartImport,
  PreparedAccount,
} from "../accounts/repository.js";
import { versionInForce } from "../calibration/model.js";
import { normalizeName } from "../accounts/keys.js";
import { aliasKeys } from "../accounts/name-keys.js";
import { encodeFactValue, type ImportUpdate } from "../accounts/repository.js";
import { today, type ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import { pickTeam, type Actor, type Scope, type TeamRef } from "../teams/scope.js";
import { accountRecordOf, type PartExportRow } from "./accounts-csv.js";
import { scoreRow } from "../accounts/snapshots.js";
import { isSegmentsHeader, parseSegmentsFile, type SegmentRow } from "./segment-parse.js";
import { planSegments, writeSegments } from "../segments/service.js";

export interface ImportSummary {
  /** What the file held: accounts (with their nested parts, for JSON), one kind of part, or market segments. */
  kind: "accounts" | PartKind | "segments";
  /** New accounts, and the contacts, needs and opportunities they came with (or, for a parts file, the new parts). */
  accounts: number;
  contacts: number;
  needs: number;
  opportunities: number;
  /** New segments (a segments file). */
  segments: number;
  /** Accounts re-scored because a segment they take defaults from changed (a segments file). */
  rescored: number;
  /** Accounts whose 是否目标细分 a decided segment would set but which keep their own (a segments file). */
  keptOwn: { id: string; name: string }[];
  auditRows: number;
  /** Accounts (or parts, or segments) already in the team whose fields changed, each changed field with its stored
   *  value and the file's (so a preview shows what a stage or an amount becomes, not only that it changes); a segment
   *  with its key, which a surface names in its reader's words (政务 · 330000 · 2026), `name` holding the codes. */
  changed: { name: string; changes: FieldChange[]; segment?: SegmentKey }[];
  unchanged: number;
  /** Accounts (or parts, or segments) of the team the file does not mention (kept as they are). */
  notInFile: { name: string; crmId: string | null; segment?: SegmentKey; open?: boolean }[];
  /** Opportunities whose stage moved, recorded as entered on `asOf`. */
  stageChanges: number;
  /** Rows whose stage the file gives in the CRM's own words, read through the team's stage map (or `--stage-map`). */
  stagesMapped: number;
  /** New deals the file gives no creation date (创建日期): they are created, and enter their stage, on `asOf`, which
   *  shortens their sales cycle. Deals already stored are not counted (a re-import never changes that date). */
  undatedDeals: number;
  /** Parts rows whose CRM id found an account kvalue stores under another name (imported there, not renamed). */
  otherNames: OtherAccountName[];
  asOf: string;
  dryRun: boolean;
}

/** Rows written (and scored) per step of an import's one transaction: bounds its memory, not its atomicity. */
const WRITE_CHUNK = 2_000;
/** New accounts laid out between two looks at the database's replies (a few milliseconds of work). */
const PREPARE_SLICE = 250;
/** New accounts from which an import refreshes the planner's statistics of the table (a bulk load leaves them
 *  stale until autovacuum comes by: a parts file imported right after took 9× as long to match by CRM id). */
const RESTAT_AFTER = 1_000;

/** Told after each written step of an import: rows written so far, of the rows the import writes (a long import's
 *  progress, for the CLI; unchanged rows are not counted). */
export type ImportProgress = (written: number, total: number) => void;

export interface ImportOptions {
  /** Plan and report, write nothing. */
  dryRun?: boolean;
  onProgress?: ImportProgress;
  /** Where each record is in the file ("row 5", "accounts[3]"), for problems; by index when absent. */
  places?: readonly string[];
}

/** The file matches accounts ambiguously (a key matching two accounts, two rows for one account …): nothing is
 *  written; `problems` says what and where. */
export class ImportRefused extends ServiceError {
  constructor(readonly problems: readonly ImportProblem[]) {
    super("conflict", problems.map((p) => `${p.place}: ${p.kind}`).join("; "), problems[0]?.place);
    this.name = "ImportRefused";
  }
}

/** The score snapshots (reason `change`) of accounts an import wrote: scored as every reader scores them, with
 *  the team's segment defaults for what they leave unknown, and stamped with the model version in force (§6.6). */
function changeSnapshots(
  scored: readonly AccountFacts[],
  s: {
    workspaceId: string;
    teamId: string;
    at: Date;
    asOf: string;
    model: Awaited<ReturnType<typeof versionInForce>>;
    segments: readonly SegmentRecord[];
  },
): NewScoreSnapshot[] {
  const facts = scored.map((f) => applySegmentDefaults(f, s.segments, yearOf(s.asOf)).facts);
  const assessments = assessAll({ as_of: s.asOf, accounts: facts }, { model: s.model });
  return facts.map((f, i) => ({
    workspaceId: s.workspaceId,
    accountId: f.id,
    teamId: s.teamId,
    periodKey: null,
    takenAt: s.at,
    reason: "change",
    ...scoreRow(assessments[i] as Assessment, s.model.label),
  }));
}

/** Counts written rows into `onProgress` (a no-op without one). */
function progressOf(onProgress: ImportProgress | undefined, total: number): (rows: number) => void {
  let written = 0;
  return (rows) => {
    written += rows;
    onProgress?.(written, total);
  };
}

/** A new deal the file gives neither a creation date nor a history: `opportunityOf` dates it by the import. */
const undatedDeal = (o: { created_date?: unknown; stage_history?: unknown }): boolean =>
  o.created_date == null && !(Array.isArray(o.stage_history) && o.stage_history.length > 0);

/** An imported opportunity with the dates the file leaves out: a deal without history entered its stage when it
 *  was created (or today); a closed deal closed when it entered its last stage. */
function opportunityOf(
  o: Omit<NonNullable<ImportAccount["opportunities"]>[number], "id">,
  asOf: string,
): NewOpportunity {
  const history = o.stage_history?.length
    ? o.stage_history
    : [{ stage: o.stage, entered_date: o.created_date ?? asOf, amount_at_entry: o.amount }];
  return extend(o, {
    created_date: o.created_date ?? history[0]?.entered_date ?? asOf,
    closed_date: isOpen(o.stage) ? null : (o.closed_date ?? history[history.length - 1]?.entered_date ?? asOf),
    stage_history: history,
  });
}

/** The record as a new account of the team; the CRM id is kept as the account's crmId and as an alias, so
 *  `/kvalue CRM-001` finds the account by it. */
function newAccountOf(r: ImportAccount, workspaceId: string, teamId: string, asOf: string): NewAccount {
  const {
    id,
    name,
    aliases,
    owner,
    needs,
    contacts,
    opportunities,
    owner_ar,
    owner_sr,
    owner_fr,
    executive_sponsor,
    visit_cadence,
    revenue_target,
    last_review_date,
    ...facts
  } = r;
  return {
    workspaceId,
    teamId,
    name,
    ownerUserId: owner ?? null,
    crmId: id ?? null,
    ...(id == null ? {} : { importId: id }),
    aliases: [...(id == null ? [] : [id]), ...(aliases ?? [])],
    facts,
    matrix: { owner_ar, owner_sr, owner_fr, executive_sponsor, visit_cadence, revenue_target, last_review_date },
    needs: (needs ?? []).map(({ id: crm_id, ...n }) => extend(n, { crm_id })),
    contacts: (contacts ?? []).map(({ id: crm_id, ...c }) => extend(c, { crm_id })),
    opportunities: (opportunities ?? []).map(({ id: crm_id, ...o }) => extend(opportunityOf(o, asOf), { crm_id })),
  };
}

/** The account-level write of one planned update (the fields that changed, by where they are stored). */
function updateOf(u: PlannedUpdate): ImportUpdate {
  const out: ImportUpdate = { id: u.account.id, version: u.account.version, facts: {}, matrix: {} };
  const facts = out.facts as Record<string, unknown>;
  const matrix = out.matrix as Record<string, unknown>;
  for (const c of u.changes) {
    if (c.field === "name") out.name = String(c.after);
    else if (c.field === "crm_id") out.crmId = c.after === null ? null : String(c.after);
    else if (c.field === "owner") out.ownerUserId = c.after === null ? null : String(c.after);
    else if (c.field === "aliases") continue;
    else if (c.field in u.account.matrix) matrix[c.field] = c.after;
    else facts[c.field] = c.after;
  }
  return out;
}

/** Alias rows an update adds: new aliases, and after a rename the new name's keys and the old name (still found). */
function newAliasRows(u: PlannedUpdate): { accountId: string; alias: string; normalized: string }[] {
  const renamed = u.changes.some((c) => c.field === "name");
  const name = renamed ? u.record.name.trim() : u.account.name;
  const have = new Set([normalizeName(name), ...u.account.aliasKeys]);
  const extra = [...(renamed ? [u.account.name] : []), ...u.newAliases];
  return aliasKeys(name, extra)
    .filter(([key]) => !have.has(key))
    .map(([normalized, alias]) => ({ accountId: u.account.id, alias, normalized }));
}

/** The audit rows of one entity's changed fields, as an import writes them: one per field, before and after. */
function changeAudit(
  actor: Actor,
  at: Date,
  target: { accountId: string; entity: string; entityId: string },
  changes: readonly { field: string; before: unknown; after: unknown }[],
) {
  return changes.map((c) => ({
    workspaceId: actor.workspaceId,
    ...target,
    field: c.field,
    before: encodeFactValue(c.before),
    after: encodeFactValue(c.after),
    actorUserId: actor.userId,
    source: actor.source,
    sourceRef: actor.sourceRef ?? null,
    at,
  }));
}

/** The matched accounts whose stored fields the file changes, read and compared a step at a time: only a step's
 *  stored fields are in memory, and only the changed accounts are kept (a weekly re-import of 100,000 unchanged
 *  rows, issue 11.7). */
async function changedAccounts(
  deps: ServiceDeps,
  workspaceId: string,
  matched: ImportPlan["matched"],
): Promise<PlannedUpdate[]> {
  const updates: PlannedUpdate[] = [];
  for (let i = 0; i < matched.length; i += WRITE_CHUNK) {
    const step = matched.slice(i, i + WRITE_CHUNK);
    const rows = await deps.repos.accounts.importState(
      workspaceId,
      step.map((m) => m.account),
    );
    const stored = new Map(rows.map((a) => [a.id, a]));
    for (const m of step) {
      const account = stored.get(m.account.id);
      const update = account && plannedUpdate(account, m.record, m.byAlias);
      if (update) updates.push(update);
    }
  }
  return updates;
}

/** Matched records (a JSON file's) whose nested contacts, needs or opportunities are new or changed: refused, where
 *  they were dropped without a word. Only accounts that carry parts are read, whole, a chunk at a time. */
async function nestedPartProblems(
  deps: ServiceDeps,
  workspaceId: string,
  matched: ImportPlan["matched"],
): Promise<ImportProblem[]> {
  const carrying = matched.filter(
    (m) => m.record.contacts?.length || m.record.needs?.length || m.record.opportunities?.length,
  );
  const problems: ImportProblem[] = [];
  for (let i = 0; i < carrying.length; i += WRITE_CHUNK) {
    const step = carrying.slice(i, i + WRITE_CHUNK);
    const stored = await deps.repos.accounts.loadAccountsByIds(
      workspaceId,
      step.map((m) => m.account.id),
    );
    const byId = new Map(stored.map((g) => [g.facts.id, accountRecordOf(g)])); // its parts are what is compared
    for (const { account, record, place } of step) {
      const have = byId.get(account.id);
      const parts = have ? nestedPartChanges(have, record) : [];
      if (parts.length > 0)
        problems.push({ kind: "nested_parts", place, account: account.name, parts: parts.join("; ") });
    }
  }
  return problems;
}

/**
 * Imports `records` into `team`: new accounts are created, accounts already there (by CRM id, else lookup name) get
 * their changed fields written with an audit row each; unchanged ones write nothing; none is deleted. A record
 * matching two accounts, or two records matching one, refuses the whole file (ImportRefused) before anything is
 * written. With `dryRun`, the same summary and nothing written.
 */
export async function importAccounts(
  deps: ServiceDeps,
  actor: Actor,
  team: TeamRef,
  records: readonly ImportAccount[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const at = deps.now();
  const asOf = today(deps);
  const keys = await deps.repos.accounts.accountKeys(actor.workspaceId, team.id);
  const plan = planImport(keys, records, options.places ?? records.map((_, i) => `accounts[${i}]`));
  plan.problems.push(...(await nestedPartProblems(deps, actor.workspaceId, plan.matched)));
  if (plan.problems.length > 0) {
    deps.metrics.importRows.inc({ outcome: "refused" }, records.length);
    throw new ImportRefused(plan.problems);
  }
  const updates = await changedAccounts(deps, actor.workspaceId, plan.matched);

  const created = plan.create.map((c) => c.record);
  const ctx: ChangeContext = {
    actorUserId: actor.userId,
    source: actor.source,
    sourceRef: actor.sourceRef ?? null,
    at,
  };
  const auditOf = (updates: readonly PlannedUpdate[]) =>
    updates.flatMap((u) =>
      changeAudit(actor, at, { accountId: u.account.id, entity: "account", entityId: u.account.id }, u.changes),
    );
  if (!options.dryRun && (created.length > 0 || updates.length > 0)) {
    const progress = progressOf(options.onProgress, created.length + updates.length);
    // Written accounts are scored and stamped under the workspace's model version in force (§6.6).
    const model = await versionInForce(deps, actor.workspaceId);
    await deps.repos.transaction(
      async (r) => {
        // Scored as every reader scores them: with the team's segment defaults for what they leave unknown.
        const segments = await r.segments.teamSegments([team.id]);
        const scoring = { workspaceId: actor.workspaceId, teamId: team.id, at, asOf, model, segments };
        const scoreRows = (scored: readonly AccountFacts[]) => changeSnapshots(scored, scoring);
        // New accounts in chunks, all in this one transaction: only a chunk or two of rows, audit and scores are in
        // memory at a time (issue 11.7). The next chunk is laid out and scored while the database writes this one,
        // in slices that let its replies through: on PostgreSQL the work and the writes overlap.
        let writing: Promise<void> = Promise.resolve();
        for (let i = 0; i < created.length; i += WRITE_CHUNK) {
          const chunk = created.slice(i, i + WRITE_CHUNK);
          const prepared: PreparedAccount[] = [];
          const scores: NewScoreSnapshot[] = [];
          try {
            for (let j = 0; j < chunk.length; j += PREPARE_SLICE) {
              const slice = chunk.slice(j, j + PREPARE_SLICE);
              const rows = r.accounts.prepareAccounts(
                slice.map((rec) => newAccountOf(rec, actor.workspaceId, team.id, asOf)),
                ctx,
                i + j,
              );
              prepared.push(...rows);
              // A new account is scored from its record; a changed one from what is stored now, with all its parts.
              scores.push(
                ...scoreRows(slice.map((rec, k): KeyedImportAccount => extend(rec, { id: rows[k]?.id ?? "" }))),
              );
              await new Promise((resolve) => setImmediate(resolve));
            }
          } catch (error) {
            await writing.catch(() => {}); // the bad row's error is the one to report
            throw error;
          }
          await writing;
          writing = r.accounts
            .writeAccounts(prepared)
            .then(() => r.accounts.insertScoreSnapshots(scores))
            .then(() => progress(chunk.length));
          writing.catch(() => {}); // awaited on the next turn or below; not unhandled meanwhile
        }
        await writing;
        for (let i = 0; i < updates.length; i += WRITE_CHUNK) {
          const chunk = updates.slice(i, i + WRITE_CHUNK);
          await r.accounts.applyImportUpdates(chunk.map(updateOf), chunk.flatMap(newAliasRows), auditOf(chunk), at);
          const changed = await r.accounts.loadAccountsByIds(
            actor.workspaceId,
            chunk.map((u) => u.account.id),
          );
          await r.accounts.insertScoreSnapshots(scoreRows(changed.map((a) => a.facts)));
          progress(chunk.length);
        }
      },
      { timeout: 600_000 },
    );
    if (created.length >= RESTAT_AFTER) await deps.repos.accounts.refreshStatistics();
    deps.metrics.importRows.inc({ outcome: "created" }, created.length);
    deps.metrics.importRows.inc({ outcome: "updated" }, updates.length);
  }
  const count = (pick: (r: ImportAccount) => readonly unknown[] | null | undefined) =>
    created.reduce((n, r) => n + (pick(r)?.length ?? 0), 0);
  const undated = (r: ImportAccount) => r.opportunities?.filter((o) => undatedDeal(o)) ?? [];
  // The creation row of each new account (holding its facts); one per changed field.
  const auditRows = created.length + updates.reduce((n, u) => n + u.changes.length, 0);
  return {
    accounts: created.length,
    contacts: count((r) => r.contacts),
    needs: count((r) => r.needs),
    opportunities: count((r) => r.opportunities),
    auditRows,
    changed: updates.map((u) => ({ name: u.account.name, changes: u.changes })),
    unchanged: plan.matched.length - updates.length,
    notInFile: plan.notInFile.map((a) => ({ name: a.name, crmId: a.crmId })),
    kind: "accounts",
    segments: 0,
    rescored: 0,
    keptOwn: [],
    stageChanges: 0,
    stagesMapped: 0,
    undatedDeals: count(undated),
    otherNames: [],
    asOf,
    dryRun: options.dryRun === true,
  };
}

export interface FileImportInput {
  /** Handed over, they are let go of once decoded. */
  bytes: Uint8Array | Handoff<Uint8Array>;
  /** The file's name: its extension picks the format unless `format` is given; audit rows name it. */
  fileName: string;
  format?: "csv" | "json";
  /** Unknown CSV columns are errors, not warnings. */
  strict?: boolean;
  dryRun?: boolean;
  /** What the file holds; recognised from the CSV headers (or JSON's top-level key) when absent. */
  kind?: ImportKind;
  /** The export's date: stage changes are recorded as entered on it (default today). */
  asOf?: string;
  /** A CRM's stage names → kvalue stages (`--stage-map`), over the team's stored map (a name in both: this one). */
  stageMap?: StageMap;
  onProgress?: ImportProgress;
}

/** The header cells of a CSV text (for recognising its kind). */
function headerRow(text: string): string[] {
  const body = text.replace(/^\uFEFF/, "");
  let header: string[] = [];
  try {
    eachCsvRecord(body, detectDelimiter(body), (cells) => {
      header = cells;
      return false;
    });
  } catch {
    // An open quote: the kind is left to the accounts reader, which names the line.
  }
  return header;
}

/** A segments file by its headers, else a parts or accounts file. */
const csvKind = (headers: readonly string[]): FileImportInput["kind"] & string =>
  isSegmentsHeader(headers) ? "segments" : detectKind(headers);

/** `{ "segments": [...] }` is a segments file; every other JSON is accounts (§10.1 form). */
function jsonKind(text: string): "accounts" | "segments" {
  return /^\s*\{\s*"segments"\s*:/.test(text.replace(/^\uFEFF/, "")) ? "segments" : "accounts";
}

export type FileImportResult =
  | { status: "done"; summary: ImportSummary; warnings: ImportIssue[] }
  /** Not a file kvalue reads: empty, too large, binary. */
  | { status: "unreadable"; problem: FileProblem }
  /** A bad cell or structure: every error with its row and column (or JSON path); for a parts file, also the rows
   *  whose account the team lacks or cannot tell (`problems`), so that one report lists all there is to mend. */
  | { status: "invalid"; errors: ImportIssue[]; warnings: ImportIssue[]; problems?: readonly ImportProblem[] }
  /** Rows that match accounts ambiguously. */
  | { status: "refused"; problems: readonly ImportProblem[]; warnings: ImportIssue[] };

/** A file's records by kind, or why it cannot be imported. */
type ReadFile =
  | Exclude<FileImportResult, { status: "done" } | { status: "refused" }>
  /** A parts file with bad cells, and the account keys of its rows, still to be checked against the team. */
  | { status: "invalid"; errors: ImportIssue[]; warnings: ImportIssue[]; accounts: PartParseFailure["accounts"] }
  | { status: "read"; kind: "segments"; rows: SegmentRow[]; warnings: ImportIssue[] }
  | {
      status: "read";
      kind: PartKind;
      rows: Handoff<readonly PartRow[]>;
      warnings: ImportIssue[];
      stagesMapped: number;
    }
  | { status: "read"; kind: "accounts"; accounts: ImportAccount[]; places: string[]; warnings: ImportIssue[] };

/** The file's bytes decoded, its kind recognised and its rows parsed. Its own function so that the decoded text
 *  (tens of MB for a 100,000-row export) is garbage once the records exist, not kept through the writes. */
function readFile(input: FileImportInput, stageMap: StageMap): ReadFile {
  const decoded = decodeImportFile(received(input.bytes));
  if (!decoded.ok) return { status: "unreadable", problem: decoded.problem };
  const format = input.format ?? (/\.json$/i.test(input.fileName) ? "json" : "csv");
  const headers = format === "json" ? [] : headerRow(decoded.text);
  const seen = format === "json" ? jsonKind(decoded.text) : csvKind(headers);
  const kind = input.kind ?? seen;
  // A --kind the headers contradict (an opportunities file said to be accounts, an accounts file said to be
  // contacts) would be read row by row into a pile of errors: say what the headers show instead. Accounts is also
  // what unrecognised headers fall back to, so an accounts file must show account columns.
  const contradicted =
    seen !== "accounts" || (kind !== "accounts" && kind !== "segments" && showsAccounts(headers, kind));
  if (format === "csv" && seen !== kind && contradicted) {
    const said = inEach((l) => t(l, "import.kind_contradicted", { given: kind, seen }));
    return { status: "invalid", errors: [saidIssue(1, null, "", said)], warnings: [] };
  }
  const strict = input.strict === true;
  if (kind === "segments") {
    const parsed = parseSegmentsFile(decoded.text, format, { strict });
    return parsed.ok ? { status: "read", kind, ...parsed } : { status: "invalid", ...parsed };
  }
  if (kind !== "accounts") {
    const parsed = parsePartsCsv(decoded.text, kind, { strict, stageMap: stageLookup(stageMap) });
    if (!parsed.ok) return { status: "invalid", ...parsed };
    const { rows, warnings, stagesMapped } = parsed;
    return { status: "read", kind, rows: new Handoff(rows), warnings, stagesMapped };
  }
  const parsed = parseImportFile(decoded.text, format, { strict });
  return parsed.ok ? { status: "read", kind, ...parsed } : { status: "invalid", ...parsed };
}

/** An uploaded or local file, read, checked, planned and (unless a dry run) written: the one entry point of the CLI,
 *  the console and Slack. Nothing is written unless the whole file is good. Not itself async: an async function keeps
 *  its arguments until it ends, and the file's bytes are not needed once read (18 MB of a 100,000-row export). */
export function importFile(
  deps: ServiceDeps,
  actor: Actor,
  team: TeamRef,
  input: FileImportInput,
): Promise<FileImportResult> {
  // The team's stage map is read before the file is decoded, so the text is not held across a query.
  return storedStageMap(deps, team.id).then((stored) => {
    const read = readFile(input, input.stageMap ? [...stored, ...input.stageMap] : stored);
    if (read.status === "invalid" && "accounts" in read) {
      const { accounts, ...invalid } = read;
      if (accounts.length === 0) return invalid;
      return deps.repos.accounts
        .accountKeys(actor.workspaceId, team.id)
        .then((keys) => ({ ...invalid, problems: accountProblems(keys, accounts) }));
    }
    if (read.status !== "read") return read;
    const { fileName, dryRun, asOf, onProgress } = input;
    return importRead(deps, { ...actor, sourceRef: fileName }, team, read, {
      dryRun: dryRun === true,
      asOf,
      onProgress,
    });
  });
}

/** The records of a file read, imported (or planned, on a dry run). */
async function importRead(
  deps: ServiceDeps,
  actor: Actor,
  team: TeamRef,
  read: Extract<ReadFile, { status: "read" }>,
  options: { dryRun: boolean; asOf?: string; onProgress?: ImportProgress },
): Promise<FileImportResult> {
  const { warnings } = read;
  const { dryRun, onProgress } = options;
  try {
    const summary =
      read.kind === "segments"
        ? await importSegments(deps, actor, team, read.rows, { dryRun })
        : read.kind === "accounts"
          ? await importAccounts(deps, actor, team, read.accounts, { dryRun, places: read.places, onProgress })
          : {
              ...(await importParts(deps, actor, team, read.kind, read.rows, {
                dryRun,
                asOf: options.asOf,
                onProgress,
              })),
              stagesMapped: read.stagesMapped,
            };
    return { status: "done", summary, warnings };
  } catch (e) {
    if (e instanceof ImportRefused) return { status: "refused", problems: e.problems, warnings };
    throw e;
  }
}

/** Every account of a team (in the scope) as the import record that would recreate it: the export that carries the
 *  facts, for a round trip or a move to another database. */
export async function exportAccounts(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; channelId?: string },
): Promise<{ team: TeamRef; records: ImportAccount[] }> {
  const team = pickTeam(scope, input.team, input.channelId);
  const [aggregates, aliases] = await Promise.all([
    deps.repos.accounts.loadTeamAccounts(scope, team.id),
    deps.repos.accounts.givenAliases(scope.workspaceId, team.id),
  ]);
  const records = await mapInTurns(aggregates, (slice) =>
    slice.map((g) => accountRecordOf(g, aliases.get(g.facts.id) ?? [])),
  );
  return { team, records };
}

const ENTITY: Readonly<Record<PartKind, string>> = { contacts: "contact", needs: "need", opportunities: "opportunity" };

/** How a part is named in a summary: its name (a need: its description), else its id. */
const partName = (fields: Record<string, unknown>, id: string): string => {
  const n = fields["name"] ?? fields["description"];
  return typeof n === "string" && n !== "" ? n : id;
};

/**
 * Imports a flat contacts, needs or opportunities file into the accounts of `team`: each row's account must exist
 * (CRM id, else name); a part is matched by its CRM id (or kvalue's id, for one made in Slack); new ones are created,
 * changed fields written and audited, unchanged ones write nothing, none is deleted. An opportunity at another
 * stage gets a stage-history entry as of `asOf` (default today), so conversion rates and the bridge work from
 * weekly CRM exports alone. All or nothing; `dryRun` writes nothing.
 */
export async function importParts(
  deps: ServiceDeps,
  actor: Actor,
  team: TeamRef,
  kind: PartKind,
  rows: readonly PartRow[] | Handoff<readonly PartRow[]>,
  options: { dryRun?: boolean; asOf?: string; onProgress?: ImportProgress } = {},
): Promise<ImportSummary> {
  const at = deps.now();
  const asOf = options.asOf ?? today(deps);
  const dryRun = options.dryRun === true;
  const { steps, summary } = await planPartFile(deps, actor, team, kind, received(rows), { at, asOf, dryRun });
  const total = steps.reduce((n, s) => n + s.creates.length + s.updates.length, 0);
  if (dryRun || total === 0) return summary;

  const progress = progressOf(options.onProgress, total);
  const model = await versionInForce(deps, actor.workspaceId);
  const ctx = {
    actorUserId: actor.userId,
    source: actor.source,
    sourceRef: actor.sourceRef ?? null,
    at,
    workspaceId: actor.workspaceId,
  };
  // A new part's row is laid out when its step is written: only a step's rows are in memory at a time.
  const createOf = ({ accountId, id, fields: given }: NewPart): PartImport["creates"][number] => {
    const { owner, ...fields } = given;
    if (kind === "opportunities") {
      const record = fields as Omit<NonNullable<ImportAccount["opportunities"]>[number], "id">;
      return {
        accountId,
        opportunity: extend(opportunityOf(record, asOf), { crm_id: id, owner: (owner as string | null) ?? null }),
      };
    }
    if (kind === "contacts")
      return {
        accountId,
        contact: extend(fields as Omit<NonNullable<ImportAccount["contacts"]>[number], "id">, { crm_id: id }),
      };
    return {
      accountId,
      need: extend(fields as Omit<NonNullable<ImportAccount["needs"]>[number], "id">, { crm_id: id }),
    };
  };
  await deps.repos.transaction(
    async (r) => {
      // Scored as every reader scores them (and as the accounts import does): with the team's segment defaults.
      const segments = await r.segments.teamSegments([team.id]);
      const scoring = { workspaceId: actor.workspaceId, teamId: team.id, at, asOf, model, segments };
      // In steps of whole accounts (each account's parts, audit and version bump in one step), all in this one
      // transaction. A step is let go of once written: the file's rows leave memory as they are written.
      for (let step = steps.shift(); step !== undefined; step = steps.shift()) {
        // Parts change the score: a snapshot of every account touched, as it now stands.
        const aggregates = await r.accounts.applyPartImport(
          { kind, ...step, creates: step.creates.map(createOf) },
          ctx,
        );
        await r.accounts.insertScoreSnapshots(
          changeSnapshots(
            aggregates.map((a) => a.facts),
            scoring,
          ),
        );
        progress(step.creates.length + step.updates.length);
      }
    },
    { timeout: 600_000 },
  );
  return summary;
}

/** A new part as its step writes it. */
interface NewPart {
  accountId: string;
  id: string;
  fields: Record<string, unknown>;
}

/** A parts file matched against the team: the steps that write it and the summary of what they do. The file's rows
 *  and the team's account keys are held here alone; once it returns, only the steps keep what is still to write. */
async function planPartFile(
  deps: ServiceDeps,
  actor: Actor,
  team: TeamRef,
  kind: PartKind,
  rows: readonly PartRow[],
  s: { at: Date; asOf: string; dryRun: boolean },
): Promise<{ steps: PartStep<NewPart>[]; summary: ImportSummary }> {
  const { accounts: repo } = deps.repos;
  const parts = await repo.teamParts(actor.workspaceId, team.id, kind);
  // Rows find their account by CRM id, a page at a time: only a page's accounts are read (issue 11.7: the whole
  // team's keys for 100,000 rows were ~25 MB more at once). A row naming its account otherwise (a name, a CRM id
  // the team lacks) has the whole file matched against every key of the team, alias keys included.
  let planner = partPlanner(parts);
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    const page = rows.slice(i, i + WRITE_CHUNK);
    const crmIds = new Set(page.flatMap((r) => (r.account.id === null ? [] : [r.account.id])));
    const keys = await repo.accountKeysByCrmId(actor.workspaceId, team.id, [...crmIds]);
    if (someRowNotByCrmId(keys, page)) {
      planner = partPlanner(parts);
      planner.add(await repo.accountKeys(actor.workspaceId, team.id), rows);
      break;
    }
    planner.add(keys, page);
  }
  const plan = planner.done();
  // A part found under another account is named by that account's name, read for those alone.
  const movedFrom = plan.problems.flatMap((p) => (p.kind === "part_moved" ? [p.from] : []));
  if (movedFrom.length > 0) {
    const names = await repo.accountNames(actor.workspaceId, movedFrom);
    for (const p of plan.problems) if (p.kind === "part_moved") p.from = names.get(p.from) ?? p.from;
  }
  if (kind === "opportunities") plan.problems.push(...(await stageDateProblems(deps, plan.update, s.asOf)));
  if (plan.problems.length > 0) throw new ImportRefused(plan.problems);
  // Names of the accounts the summary lists (none on a first import), not of the whole team.
  const listed = new Set([...plan.update.map((u) => u.part.accountId), ...plan.notInFile.map((p) => p.accountId)]);
  const accountName = await repo.accountNames(actor.workspaceId, [...listed]);

  const entity = ENTITY[kind];
  let stageChanges = 0;
  const updates: PartImport["updates"] = plan.update.map(({ part, input, changes }) => {
    const set: Record<string, unknown> = Object.fromEntries(changes.map((c) => [c.field, c.after]));
    const update: PartImport["updates"][number] = { id: part.id, accountId: part.accountId, changes: set };
    const stage = changes.find((c) => c.field === "stage");
    if (stage && typeof stage.after === "string") {
      stageChanges++;
      const amount = (set["amount"] ?? part.fields["amount"] ?? null) as number | null;
      update.stageEntered = { stage: stage.after, date: s.asOf, amount };
      const closing = !isOpen(stage.after as Stage);
      // The closing date follows the stage (derived, not audited): the file's, else the export's date.
      set["closed_date"] = closing ? (input.fields["closed_date"] ?? s.asOf) : null;
    }
    return update;
  });
  const audit = plan.update.flatMap(({ part, changes }) =>
    changeAudit(actor, s.at, { accountId: part.accountId, entity, entityId: part.id }, changes),
  );
  const label = (accountId: string, fields: Record<string, unknown>, id: string) =>
    `${accountName.get(accountId) ?? accountId} · ${partName(fields, id)}`;
  // A new part's audit is its one `*` row (holding its fields).
  const createdAudit = plan.create.length;
  return {
    // A new part keeps only what its write reads, not the row it came from.
    steps: s.dryRun
      ? []
      : chunksByAccount(
          plan.create.map(({ accountId, input }) => ({ accountId, id: input.id, fields: input.fields })),
          updates,
          audit,
        ),
    summary: {
      kind,
      accounts: 0,
      contacts: kind === "contacts" ? plan.create.length : 0,
      needs: kind === "needs" ? plan.create.length : 0,
      opportunities: kind === "opportunities" ? plan.create.length : 0,
      segments: 0,
      rescored: 0,
      keptOwn: [],
      auditRows: audit.length + createdAudit,
      changed: plan.update.map(({ part, changes }) => ({
        name: label(part.accountId, part.fields, part.crmId ?? part.id),
        changes,
      })),
      unchanged: plan.unchanged,
      // An open deal missing from an export still counts in the funnel: those come first and are marked.
      notInFile: plan.notInFile
        .map((p) => ({
          name: label(p.accountId, p.fields, p.crmId ?? p.id),
          crmId: p.crmId,
          open: kind === "opportunities" && isOpen(p.fields["stage"] as Stage),
        }))
        .sort((a, b) => Number(b.open) - Number(a.open)),
      stageChanges,
      stagesMapped: 0,
      undatedDeals: kind === "opportunities" ? plan.create.filter((c) => undatedDeal(c.input.fields)).length : 0,
      otherNames: plan.otherNames,
      asOf: s.asOf,
      dryRun: s.dryRun,
    },
  };
}

/** A stage change is recorded as of the export's date, so that date must not be in the future, nor before the day a
 *  deal entered its current stage: its history would then run backwards (a win dated before the deal began). Only
 *  the deals whose stage moves are read. */
async function stageDateProblems(
  deps: ServiceDeps,
  update: PartPlan["update"],
  asOf: string,
): Promise<ImportProblem[]> {
  const moved = update.filter((u) => u.changes.some((c) => c.field === "stage"));
  if (moved.length === 0) return [];
  const now = today(deps);
  if (asOf > now) return [{ kind: "as_of_future", place: "--as-of", asOf, today: now }];
  const last = await deps.repos.accounts.lastStageDates(moved.map((u) => u.part.id));
  return moved.flatMap(({ part, input }): ImportProblem[] => {
    const entered = last.get(part.id);
    if (entered === undefined || entered <= asOf) return [];
    const name = partName(part.fields, part.crmId ?? part.id);
    return [{ kind: "stage_before_history", place: `row ${input.row}`, part: name, asOf, last: entered }];
  });
}

/** Whether some row names its account by something other than the CRM id of one of `keyed`. */
function someRowNotByCrmId(keyed: readonly { crmId: string | null }[], rows: readonly PartRow[]): boolean {
  const crmIds = new Set(keyed.map((a) => a.crmId));
  return rows.some((r) => r.account.id === null || !crmIds.has(r.account.id));
}

interface PartStep<C> {
  creates: C[];
  updates: PartImport["updates"][number][];
  audit: PartImport["audit"][number][];
}

/** A parts import split into steps of whole accounts (about WRITE_CHUNK parts each, accounts in first-seen order,
 *  parts in file order), so each account's parts, audit and one version bump stay in one step. Accounts are
 *  numbered, not grouped: a group of lists for each of 100,000 accounts held 25 MB at once (issue 11.7). */
function chunksByAccount<C extends { accountId: string }>(
  creates: readonly C[],
  updates: PartImport["updates"],
  audit: PartImport["audit"],
): PartStep<C>[] {
  const rank = new Map<string, number>();
  const parts: number[] = [];
  for (const { accountId } of [...creates, ...updates]) {
    const r = rank.get(accountId);
    if (r === undefined) {
      rank.set(accountId, parts.length);
      parts.push(1);
    } else parts[r] = (parts[r] ?? 0) + 1;
  }
  const stepOf: PartStep<C>[] = [];
  let step: PartStep<C> | undefined;
  let size = WRITE_CHUNK;
  for (const r of rank.values()) {
    if (step === undefined || size >= WRITE_CHUNK) {
      step = { creates: [], updates: [], audit: [] };
      size = 0;
    }
    stepOf.push(step);
    size += parts[r] ?? 0;
  }
  const stepFor = (accountId: string | null) => stepOf[rank.get(accountId ?? "") ?? 0];
  for (const c of creates) stepFor(c.accountId)?.creates.push(c);
  for (const u of updates) stepFor(u.accountId)?.updates.push(u);
  // Every audit row goes with its account's step (a part's audit always names its account).
  for (const row of audit) stepFor(row.accountId)?.audit.push(row);
  return [...new Set(stepOf)];
}

/** Every contact, need or opportunity of a team (in the scope) as export rows (`kvalue export --kind …`). */
export async function exportParts(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; channelId?: string },
  kind: PartKind,
): Promise<{ team: TeamRef; rows: PartExportRow[] }> {
  const team = pickTeam(scope, input.team, input.channelId);
  const [accounts, parts] = await Promise.all([
    deps.repos.accounts.accountKeys(scope.workspaceId, team.id, false),
    deps.repos.accounts.teamParts(scope.workspaceId, team.id, kind),
  ]);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return {
    team,
    rows: parts.flatMap((p) => {
      const a = byId.get(p.accountId);
      return a ? [{ account: { crmId: a.crmId, name: a.name }, id: p.crmId ?? p.id, fields: p.fields }] : [];
    }),
  };
}

/**
 * Imports market segments into `team`: each row's segment (industry × region × year) is created or gets its changed
 * fields written, each with an audit row (source import, the file as sourceRef); the accounts whose defaults move
 * are re-scored; segments absent from the file are reported, never deleted. One transaction; `dryRun` writes nothing.
 */
export async function importSegments(
  deps: ServiceDeps,
  actor: Actor,
  team: TeamRef,
  rows: readonly SegmentRow[],
  options: { dryRun?: boolean } = {},
): Promise<ImportSummary> {
  const changes = rows.map((r) => ({ key: r.key, patch: r.patch }));
  const plan = await planSegments(deps, team, changes);
  const stored = await deps.repos.segments.teamSegments([team.id]);
  const label = (k: SegmentKey) => `${k.industry} · ${k.region_code} · ${k.year}`;
  const keyOf = ({ industry, region_code, year }: SegmentKey): SegmentKey => ({ industry, region_code, year });
  const inFile = new Set(rows.map((r) => label(r.key)));
  const writes = changes.filter((_, i) => plan[i]?.before === null || (plan[i]?.changed.length ?? 0) > 0);
  const saves =
    options.dryRun || writes.length === 0 ? [] : await writeSegments(deps, actor, actor.workspaceId, team, writes);
  const created = plan.filter((p) => p.before === null).length;
  const changed = plan.flatMap((p, i) => {
    if (p.before === null || p.changed.length === 0) return [];
    const segment = keyOf(rows[i]?.key ?? p.before);
    return [{ name: label(segment), changes: p.changed, segment }];
  });
  return {
    kind: "segments",
    accounts: 0,
    contacts: 0,
    needs: 0,
    opportunities: 0,
    segments: created,
    rescored: new Set(saves.flatMap((s) => s.rescored)).size,
    keptOwn: saves.flatMap((s) => s.keptOwn),
    // A new segment's `*` row and one per field it sets; one per changed field.
    auditRows: plan.reduce((n, p) => n + (p.before === null ? 1 : 0) + p.changed.length, 0),
    changed,
    unchanged: plan.filter((p) => p.before !== null && p.changed.length === 0).length,
    notInFile: stored
      .filter((s) => !inFile.has(label(s)))
      .map((s) => ({ name: label(s), crmId: null, segment: keyOf(s) })),
    stageChanges: 0,
    stagesMapped: 0,
    undatedDeals: 0,
    otherNames: [],
    asOf: today(deps),
    dryRun: options.dryRun === true,
  };
}
