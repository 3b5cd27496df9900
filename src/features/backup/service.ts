// `kvalue backup` and `kvalue restore`: every row of every model (or of one workspace) to a portable file, and
// that file into an empty database of either kind. The file format is format.ts; which models and columns is the
// generated data model (datamodel.ts), so new models are included without changes here.
import type { ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import { tCode } from "../../i18n/index.js";
import {
  loadDataModel,
  parentsFirst,
  scalarFields,
  workspaceScopes,
  type FieldInfo,
  type ModelInfo,
  type ScopeWhere,
} from "./datamodel.js";
import {
  BACKUP_FORMAT,
  decodeValue,
  encodeValue,
  type BackupHeader,
  type JsonValue,
  type SectionEnd,
  type SectionStart,
} from "./format.js";

/** Rows per read; a page is encoded and written before the next is read, so memory stays flat. */
const PAGE = 2_000;
/** Rows per INSERT batch on restore (split further to fit the parameter limits). */
const BATCH = 2_000;
/** A backup or restore is one transaction; a large database takes minutes, not the 5 s default. */
const TIMEOUT_MS = 6 * 3600_000;
/** Columns a migration dropped, by the migration that dropped them (its name without the timestamp, which differs
 *  by provider): a backup made before it still restores, the column's values left out. A column the schema never
 *  had is still refused. */
const DROPPED_COLUMNS: Readonly<Record<string, { column: string; migration: string }[]>> = {
  AccountAlias: [{ column: "id", migration: "alias_key" }],
};

export interface BackupOptions {
  /** one workspace's rows only; null = everything */
  workspaceId: string | null;
  /** written into the header, e.g. "kvalue 0.1.0" */
  producer: string;
}

export interface ModelCount {
  model: string;
  rows: number;
}

export interface BackupSummary {
  models: ModelCount[];
  rows: number;
}

/** Appends text to the backup file; resolves when it may be called again (backpressure). */
export type TextSink = (text: string) => Promise<void>;

/** Why a backup cannot be read or restored: a code the CLI says in the reader's language (backup.reason.*). */
export type BackupReason =
  | "not_json"
  | "not_backup"
  | "newer_format"
  | "header_lists"
  | "missing_column"
  | "empty"
  | "newer_migrations"
  | "not_empty"
  | "refused"
  | "after_end"
  | "value_count"
  | "bad_value"
  | "unknown_model"
  | "unknown_field"
  | "no_end"
  | "total_rows"
  | "unexpected_end"
  | "section_rows"
  | "bad_line"
  | "cut_off"
  | "no_workspace";

type ReasonParams = Record<string, string | number>;

/** A backup problem: the English message for logs and tests, the code and values for the reader's language. */
export function backupProblem(
  code: "invalid" | "conflict" | "not_found",
  reason: BackupReason,
  params: ReasonParams = {},
  line?: number,
): ServiceError {
  const said = tCode("en", `backup.reason.${reason}`, params);
  return new ServiceError(
    code,
    line === undefined ? said : `line ${line}: ${said}`,
    line === undefined ? reason : `line ${line}`,
    {
      ...params,
      reason,
      ...(line === undefined ? {} : { line }),
    },
  );
}

const invalid = (line: number, reason: BackupReason, params: ReasonParams = {}): ServiceError =>
  backupProblem("invalid", reason, params, line);

/** Writes the backup through `write`, read from one consistent snapshot of the database. */
export async function writeBackup(deps: ServiceDeps, write: TextSink, options: BackupOptions): Promise<BackupSummary> {
  const models = parentsFirst(loadDataModel(deps.repos.provider).models);
  return deps.repos.transaction(
    async (r) => {
      await r.backup.readOneSnapshot();
      let scopes: Map<string, ScopeWhere> | null = null;
      if (options.workspaceId !== null) {
        const workspaceId = options.workspaceId;
        const workspace = models.find((m) => m.name === "Workspace");
        if (!workspace || (await r.backup.count(workspace, { id: workspaceId })) === 0) {
          throw backupProblem("not_found", "no_workspace", { workspace: workspaceId });
        }
        scopes = workspaceScopes(models, workspaceId, await r.backup.teamIds(workspaceId));
      }
      const header: BackupHeader = {
        kvalue: "backup",
        format: BACKUP_FORMAT,
        createdAt: deps.now().toISOString(),
        provider: deps.repos.provider,
        workspace: options.workspaceId,
        migrations: await r.backup.appliedMigrations(),
        models: models.map((m) => m.name),
        producer: options.producer,
      };
      await write(`${JSON.stringify(header)}\n`);
      const counts: ModelCount[] = [];
      for (const model of models) {
        const fields = scalarFields(model);
        const start: SectionStart = { model: model.name, columns: fields.map((f) => f.name) };
        await write(`${JSON.stringify(start)}\n`);
        const where = scopes?.get(model.name);
        let rows = 0;
        let after: Record<string, unknown> | null = null;
        for (;;) {
          const page = await r.backup.page(model, where, after, PAGE);
          let text = "";
          for (const row of page) text += `${JSON.stringify(fields.map((f) => encodeValue(f.type, row[f.name])))}\n`;
          if (text) await write(text);
          rows += page.length;
          const last = page.at(-1);
          if (page.length < PAGE || !last) break;
          after = last;
        }
        const end: SectionEnd = { end: model.name, rows };
        await write(`${JSON.stringify(end)}\n`);
        counts.push({ model: model.name, rows });
      }
      const total = counts.reduce((s, c) => s + c.rows, 0);
      await write(`${JSON.stringify({ end: "backup", rows: total } satisfies SectionEnd)}\n`);
      return { models: counts, rows: total };
    },
    { timeout: TIMEOUT_MS },
  );
}

export interface RestoreSummary extends BackupSummary {
  header: BackupHeader;
}

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(line, "not_json");
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function readHeader(value: unknown): BackupHeader {
  if (!isRecord(value) || value.kvalue !== "backup") {
    throw invalid(1, "not_backup");
  }
  if (typeof value.format !== "number" || value.format > BACKUP_FORMAT) {
    throw invalid(1, "newer_format", { format: String(value.format), reads: BACKUP_FORMAT });
  }
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
  if (!strings(value.migrations) || !strings(value.models)) {
    throw invalid(1, "header_lists");
  }
  return value as unknown as BackupHeader;
}

/** A migration's name without its timestamp: the two providers' folders of one schema change differ only in the
 *  timestamp (20261126190556_init and 20261126190604_init), so a backup of either kind restores into the other. */
const migrationStep = (name: string): string => name.replace(/^\d+_/, "");

/** How to fill a field the backup has no column for (a backup from before the migration that added it). */
function fillFor(field: FieldInfo, model: ModelInfo, now: Date, line: number): unknown {
  if (field.default !== null) return field.default;
  if (field.defaultFunction === "now" || field.isUpdatedAt) return now;
  if (!field.isRequired) return null;
  throw invalid(line, "missing_column", { column: `${model.name}.${field.name}` });
}

interface Section {
  model: ModelInfo;
  /** the file's columns in order; null for a dropped column, whose values are skipped */
  fields: (FieldInfo | null)[];
  names: string[];
  fill: Record<string, unknown>;
  rows: Record<string, unknown>[];
  count: number;
}

/**
 * Loads a backup into an empty database, in one transaction: a bad or cut-off file, or a database that already
 * holds rows, changes nothing. The database must already have every migration the backup names (restore runs
 * after `migrate`); a backup from an older version restores into a newer schema.
 */
export async function restoreBackup(deps: ServiceDeps, lines: AsyncIterable<string>): Promise<RestoreSummary> {
  const models = loadDataModel(deps.repos.provider).models;
  const byName = new Map(models.map((m) => [m.name, m]));
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw invalid(1, "empty");
  const header = readHeader(parseLine(first.value, 1));
  const now = deps.now();

  return deps.repos.transaction(
    async (r) => {
      const applied = new Set((await r.backup.appliedMigrations()).map(migrationStep));
      const unknown = header.migrations.filter((m) => !applied.has(migrationStep(m)));
      if (unknown.length > 0) {
        throw backupProblem("invalid", "newer_migrations", { migrations: unknown.join(", ") });
      }
      const filled: string[] = [];
      for (const m of models) {
        const n = await r.backup.count(m);
        if (n > 0) filled.push(`${m.name} (${n})`);
      }
      if (filled.length > 0) {
        throw backupProblem("conflict", "not_empty", { tables: filled.join(", ") });
      }

      const counts: ModelCount[] = [];
      let section: Section | null = null;
      let lineNo = 1;
      let finished = false;
      const flush = async (s: Section): Promise<void> => {
        if (s.rows.length === 0) return;
        try {
          await r.backup.insert(s.model, s.names, s.rows);
        } catch (e) {
          const message = e instanceof Error ? e.message.split("\n").filter(Boolean).at(-1) : String(e);
          throw invalid(lineNo, "refused", { model: s.model.name, message: message ?? "" });
        }
        s.rows = [];
      };
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        lineNo += 1;
        const text = next.value;
        if (text.trim() === "") continue;
        if (finished) throw invalid(lineNo, "after_end");
        const value = parseLine(text, lineNo);
        if (section && Array.isArray(value)) {
          const s: Section = section;
          if (value.length !== s.fields.length) {
            throw invalid(lineNo, "value_count", {
              model: s.model.name,
              values: value.length,
              columns: s.fields.length,
            });
          }
          const row: Record<string, unknown> = { ...s.fill };
          s.fields.forEach((f, i) => {
            if (f === null) return;
            const decoded = decodeValue(f.type, value[i] as JsonValue);
            if (!decoded.ok || (decoded.value === null && f.isRequired)) {
              throw invalid(lineNo, "bad_value", {
                column: `${s.model.name}.${f.name}`,
                value: JSON.stringify(value[i]) ?? "undefined",
                type: f.type,
              });
            }
            row[f.name] = decoded.value;
          });
          s.rows.push(row);
          s.count += 1;
          if (s.rows.length >= BATCH) await flush(s);
        } else if (isRecord(value) && typeof value.model === "string" && !section) {
          const model = byName.get(value.model);
          if (!model) throw invalid(lineNo, "unknown_model", { model: value.model });
          const columns = Array.isArray(value.columns) ? value.columns.map(String) : [];
          const stored = new Map(scalarFields(model).map((f) => [f.name, f]));
          const dropped = (c: string) =>
            DROPPED_COLUMNS[model.name]?.some(
              (d) => d.column === c && !header.migrations.some((m) => migrationStep(m) === d.migration),
            );
          const fields = columns.map((c) => {
            const f = stored.get(c);
            if (!f && !dropped(c)) throw invalid(lineNo, "unknown_field", { model: model.name, field: c });
            return f ?? null;
          });
          const fill: Record<string, unknown> = {};
          for (const f of stored.values()) if (!columns.includes(f.name)) fill[f.name] = fillFor(f, model, now, lineNo);
          const names = [...Object.keys(fill), ...columns.filter((c) => stored.has(c))];
          section = { model, fields, names, fill, rows: [], count: 0 };
        } else if (isRecord(value) && typeof value.end === "string") {
          const expected = Number(value.rows);
          if (value.end === "backup") {
            if (section) throw invalid(lineNo, "no_end", { model: section.model.name });
            const total = counts.reduce((s, c) => s + c.rows, 0);
            if (total !== expected) throw invalid(lineNo, "total_rows", { expected, total });
            finished = true;
            continue;
          }
          if (!section || section.model.name !== value.end)
            throw invalid(lineNo, "unexpected_end", { model: value.end });
          if (section.count !== expected) {
            throw invalid(lineNo, "section_rows", { model: value.end, expected, total: section.count });
          }
          await flush(section);
          counts.push({ model: section.model.name, rows: section.count });
          section = null;
        } else {
          throw invalid(lineNo, "bad_line");
        }
      }
      if (!finished) {
        throw invalid(lineNo, "cut_off");
      }
      return { header, models: counts, rows: counts.reduce((s, c) => s + c.rows, 0) };
    },
    { timeout: TIMEOUT_MS },
  );
}
