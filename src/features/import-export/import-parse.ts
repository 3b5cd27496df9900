// Reading an accounts file (CRM export or §10.1 JSON) into validated import records. Pure: text in, records
// or every problem out, each with its place (spreadsheet row and column as the file names it, or JSON path),
// so the surface can show them all at once and nothing is half-imported.
//
// Formats
// - JSON: `{ "accounts": [...] }` (other top-level keys such as `as_of` are ignored) or a bare array, each
//   account in the §10.1 form plus the import fields of records.ts. Enum values are codes, money is a number.
// - CSV: one account per row with the scalar fields only (ACCOUNT_CSV_COLUMNS). Needs, contacts and
//   opportunities are nested lists a flat sheet cannot hold; they come by JSON. Absent columns leave the
//   field absent (the store keeps what it has); an empty cell is unknown (null), never zero.
import { ColumnValues } from "./column-values.js";
import { CsvQuoteError, eachCsvRecord } from "./csv-read.js";
import { formatPath, issueMessage } from "../../core/issues.js";
import { closest, matchHeader, type AccountCsvColumn } from "./csv-columns.js";
import { isUnknownCell, unguarded, type CellFailure } from "./cells.js";
import type { SegmentIssue } from "../../core/index.js";
import { normalizeName } from "../accounts/keys.js";
import { IMPORT_FIELD_NAMES, importAccountSchema, type ImportAccount } from "./records.js";
import { inEach, t, type Localized } from "../../i18n/catalog.js";
import { issueTextIn } from "../../i18n/issues.js";
import type { Locale } from "../../i18n/locale.js";
import type { z } from "zod";

export interface ImportIssue {
  /** Spreadsheet row (header = 1, first data row = 2); null for JSON and whole-file problems. */
  row: number | null;
  /** The column header exactly as the file has it; null when the problem is not in one column. */
  column: string | null;
  /** JSON path such as `accounts[3].budget_status`; for CSV the field the column feeds ("" for the file). */
  path: string;
  message: string;
  /** A refused cell, so a surface can say it in the user's language (`message` is English). */
  cell?: CellFailure;
  /** A refused segment value (segments file), said in the user's language the same way. */
  segment?: SegmentIssue;
  /** Any other problem, said in every language (`message` is its English). */
  said?: Localized;
}

/** An issue whose text is said in every language; `message` keeps the English (logs, tests). */
export function saidIssue(
  row: number | null,
  column: string | null,
  path: string,
  said: Localized,
  extra: Pick<ImportIssue, "cell" | "segment"> = {},
): ImportIssue {
  return { row, column, path, message: said.en, said, ...extra };
}

/** A CSV file the reader gave up on (unterminated quote, …), as the one issue of its result. */
export const csvUnreadable = (e: unknown): ImportIssue =>
  saidIssue(
    null,
    null,
    "",
    inEach((l) => t(l, "import.parse.csv_unreadable_any", { reason: (e as Error).message })),
  );

/** A zod issue of a record, said in every language. */
export const zodSaid = (iss: z.core.$ZodIssue): Localized => inEach((l) => issueTextIn(l, iss));

/** Where JSON.parse stopped, as " (near line 3, column 7)" in each language ("" when the engine does not say). */
export function jsonErrorSaid(text: string, e: unknown): Localized {
  const reason = e instanceof Error ? e.message : String(e);
  const at = /at position (\d+)/.exec(reason);
  let near: { line: number; column: number } | null = null;
  if (at) {
    const before = text.slice(0, Number(at[1]));
    near = { line: before.split("\n").length, column: before.length - before.lastIndexOf("\n") };
  }
  // English keeps the engine's own words (they name the token); Chinese says only where.
  return inEach((l) =>
    t(l, "import.parse.json_invalid", {
      reason,
      where: l === "en" || near === null ? "" : t(l, "import.parse.near", near),
    }),
  );
}

/** "; did you mean "x"?" in each language, or "" without a suggestion. */
export const hintIn = (l: Parameters<typeof t>[0], hint: string | null | undefined): string =>
  hint ? t(l, "import.parse.hint", { hint }) : "";

export type ImportResult =
  /** `places[i]`: where accounts[i] is in the file ("row 5", "accounts[3]"), for problems found later. */
  | { ok: true; accounts: ImportAccount[]; places: string[]; warnings: ImportIssue[] }
  | { ok: false; errors: ImportIssue[]; warnings: ImportIssue[] };

export interface ImportOptions {
  /** CSV headers to skip on purpose (a CRM's 创建时间, 备注 …) without a warning. */
  ignore_columns?: readonly string[];
  /** Unknown headers are errors instead of warnings (a real CRM export carries dozens kvalue does not use). */
  strict?: boolean;
}

export function parseImportFile(content: string, format: "json" | "csv", options: ImportOptions = {}): ImportResult {
  // Excel and Windows tools put a BOM first; JSON.parse rejects it and it would stick to the first header.
  const text = content.startsWith("\uFEFF") ? content.slice(1) : content;
  return format === "json" ? parseJson(text) : parseAccountsCsv(text, options);
}

/**
 * Bytes of an uploaded file as text: a BOM decides (UTF-8, or UTF-16 as Excel's "Unicode text" writes it);
 * otherwise UTF-8 if the bytes are valid UTF-8, else GB18030, which is what Excel on a Chinese Windows
 * saves as "CSV" (GBK is a subset).
 */
export function decodeImportBytes(bytes: Uint8Array): { text: string; gb18030: boolean } {
  const text = (encoding: string, from = 0) => ({
    text: new TextDecoder(encoding).decode(bytes.subarray(from)),
    gb18030: false,
  });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return text("utf-8", 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return text("utf-16le", 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return text("utf-16be", 2);
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), gb18030: false };
  } catch {
    return { text: new TextDecoder("gb18030").decode(bytes), gb18030: true };
  }
}

/** The largest file an import reads (a CRM export of 100,000 accounts is about 30 MB). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export type FileProblem =
  | { kind: "too_large"; sizeMb: number; maxMb: number }
  | { kind: "binary" }
  | { kind: "empty" }
  | { kind: "mixed_encoding"; line: number };

/** A file too large to import, said before it is read. */
export function fileSizeProblem(size: number): FileProblem | null {
  if (size > MAX_IMPORT_BYTES)
    return { kind: "too_large", sizeMb: Math.round(size / 1024 / 1024), maxMb: MAX_IMPORT_BYTES / 1024 / 1024 };
  return size === 0 ? { kind: "empty" } : null;
}

/** The text of an uploaded file, or why it is not one: empty, too large, or binary (a spreadsheet's .xlsx, an
 *  image): NUL or other control bytes in its first 64 KB, which no CSV or JSON text holds (UTF-16 aside). */
export function decodeImportFile(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: FileProblem } {
  const size = fileSizeProblem(bytes.length);
  if (size) return { ok: false, problem: size };
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16) {
    const head = bytes.subarray(0, 65_536);
    let control = 0;
    for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
    if (control > 0) return { ok: false, problem: { kind: "binary" } };
  }
  const decoded = decodeImportBytes(bytes);
  const mixed = decoded.gb18030 ? mixedEncodingLine(bytes) : null;
  if (mixed !== null) return { ok: false, problem: { kind: "mixed_encoding", line: mixed } };
  return { ok: true, text: decoded.text };
}

/** The line of the first byte that is not UTF-8 in a file that is otherwise mostly UTF-8 (more well-formed
 *  multi-byte characters than stray bytes): a cell pasted from a GBK file into a UTF-8 one. Read as GB18030, as a
 *  file that is not UTF-8 is, its UTF-8 Chinese would become other characters without a word. Null for a file that
 *  is UTF-8 throughout or mostly not UTF-8 (a GBK export). */
export function mixedEncodingLine(bytes: Uint8Array): number | null {
  let valid = 0;
  let stray = 0;
  let first = -1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const more =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = more >= 0 && i + more < bytes.length;
    for (let k = 1; ok && k <= more; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      if (more > 0) valid++;
      i += more + 1;
    } else {
      stray++;
      if (first < 0) first = i;
      i++;
    }
  }
  if (first < 0 || valid <= stray) return null;
  let line = 1;
  for (let i = 0; i < first; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Names compare by the store's lookup key (case, width, spacing and punctuation aside), so a file cannot hold
 *  two accounts the store would take for one ("东江省 公安厅" = "东江省公安厅"). */
const nameKey = (name: string): string => normalizeName(name);

// ---- JSON ----------------------------------------------------------------------------------------

function parseJson(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [saidIssue(null, null, "", jsonErrorSaid(text, e))], warnings: [] };
  }
  const bare = Array.isArray(data);
  const list: unknown = bare
    ? data
    : typeof data === "object" && data !== null
      ? (data as Record<string, unknown>)["accounts"]
      : undefined;
  if (!Array.isArray(list)) {
    return {
      ok: false,
      errors: [
        saidIssue(
          null,
          null,
          bare ? "" : "accounts",
          inEach((l) => t(l, "import.parse.json_shape", {})),
        ),
      ],
      warnings: [],
    };
  }
  const root: PropertyKey[] = bare ? [] : ["accounts"];
  const issue = (path: readonly PropertyKey[], said: Localized): ImportIssue =>
    saidIssue(null, null, formatPath([...root, ...path]), said);
  const errors: ImportIssue[] = [];
  // Indexed as in the file, with holes where an account is invalid, so duplicate checks over the valid ones
  // (forEach skips holes) still name the right positions.
  const accounts: ImportAccount[] = new Array<ImportAccount>(list.length);
  list.forEach((item, i) => {
    const r = importAccountSchema.safeParse(item, { error: issueMessage, reportInput: true });
    if (r.success) {
      accounts[i] = r.data;
      return;
    }
    for (const iss of r.error.issues) {
      if (iss.code !== "unrecognized_keys") {
        errors.push(issue([i, ...iss.path], zodSaid(iss)));
        continue;
      }
      // One error per key, at the key's own path, with the nearest known field as a hint.
      for (const key of iss.keys) {
        // A field of another level (an account's `owner` on a contact) is no hint for itself.
        const hint = closest(
          key,
          IMPORT_FIELD_NAMES.filter((f) => f !== key).map((f): [string, string] => [f, f]),
        );
        errors.push(
          issue(
            [i, ...iss.path, key],
            inEach((l) => t(l, "import.parse.unknown_field", { key, hint: hintIn(l, hint) })),
          ),
        );
      }
    }
  });
  errors.push(...duplicatesInJson(accounts, root));
  return errors.length > 0
    ? { ok: false, errors, warnings: [] }
    : { ok: true, accounts, places: accounts.map((_, i) => formatPath([...root, i])), warnings: [] };
}

/**
 * One rule for every id in a file: account ids and names are unique in the file; the ids of an account's needs,
 * contacts and opportunities are unique within that account (the store gives every row its own key, so two
 * accounts may both have an opportunity "O-1"). A clash names where it is and both accounts involved.
 */
function duplicatesInJson(accounts: readonly ImportAccount[], root: readonly PropertyKey[]): ImportIssue[] {
  const placed: { path: string; said: Localized }[] = [];
  const at = (...path: PropertyKey[]) => formatPath([...root, ...path]);
  const label = (i: number) => `${at(i)} (${accounts[i]?.id} ${JSON.stringify(accounts[i]?.name ?? "")})`;
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  accounts.forEach((a, i) => {
    const firstId = a.id == null ? undefined : ids.get(a.id);
    if (a.id == null) {
      // no CRM id: the account is found by its name
    } else if (firstId === undefined) ids.set(a.id, i);
    else
      placed.push({
        path: at(i, "id"),
        said: inEach((l) =>
          t(l, "import.parse.duplicate_id_json", { id: JSON.stringify(a.id), a: label(i), b: label(firstId) }),
        ),
      });
    const firstName = names.get(nameKey(a.name));
    if (firstName === undefined) names.set(nameKey(a.name), i);
    else
      placed.push({
        path: at(i, "name"),
        said: inEach((l) =>
          t(l, "import.parse.duplicate_name_json", { name: JSON.stringify(a.name), a: label(i), b: label(firstName) }),
        ),
      });
    for (const [list, what] of [
      ["needs", "need"],
      ["contacts", "contact"],
      ["opportunities", "opportunity"],
    ] as const) {
      const seen = new Map<string, number>();
      (a[list] ?? []).forEach((item, j) => {
        const first = seen.get(item.id);
        if (first === undefined) seen.set(item.id, j);
        else
          placed.push({
            path: at(i, list, j, "id"),
            said: inEach((l) =>
              t(l, "import.parse.duplicate_part_json", {
                what: t(l, `import.what.${what}`),
                id: JSON.stringify(item.id),
                account: label(i),
                a: at(i, list, j),
                b: at(i, list, first),
              }),
            ),
          });
      });
    }
  });
  return placed.map((p) => saidIssue(null, null, p.path, p.said));
}

// ---- CSV -----------------------------------------------------------------------------------------

/** Excel writes ";" or tab in some locales and "Unicode text" exports; pick what the header line uses most. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (d: string) => firstLine.split(d).length - 1;
  return [",", "\t", ";"].reduce((best, d) => (count(d) > count(best) ? d : best), ",");
}

interface BoundColumn {
  index: number;
  header: string;
  column: AccountCsvColumn;
  unitExp: number;
  /** Its values, each kept once. */
  values: ColumnValues;
}

interface BoundHeader {
  bound: BoundColumn[];
  byField: Map<string, BoundColumn>;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  /** Columns without a header: the first cell found under each is an error, said at `slot` among `errors`. */
  unnamed: { index: number; slot: number; found: ImportIssue | null }[];
}

/** Bind each header cell to a field, or say why not: unknown, computed by kvalue, a second column for a field. */
function bindHeader(header: readonly string[], options: ImportOptions): BoundHeader {
  const out: BoundHeader = { bound: [], byField: new Map(), errors: [], warnings: [], unnamed: [] };
  const ignored = new Set((options.ignore_columns ?? []).map((h) => h.trim()));
  const derived: string[] = [];
  header.forEach((h, index) => {
    if (h === "") {
      // Trailing empty header cells are common in Excel exports; they only matter if something is under them
      // (looked for row by row as the file is read: `noteUnnamed`).
      out.unnamed.push({ index, slot: out.errors.length, found: null });
      return;
    }
    if (ignored.has(h)) return;
    const m = matchHeader(h);
    if (m.kind === "derived") {
      derived.push(h);
      return;
    }
    if (m.kind === "unknown") {
      const key = options.strict ? "import.parse.unknown_column_strict" : "import.parse.unknown_column";
      const said = inEach((l) => t(l, key, { column: h, hint: hintIn(l, m.suggestion) }));
      (options.strict ? out.errors : out.warnings).push(saidIssue(1, h, "", said));
      return;
    }
    const twin = out.byField.get(m.column.field);
    if (twin) {
      const field = m.column.field;
      out.errors.push(
        saidIssue(
          1,
          h,
          field,
          inEach((l) => t(l, "import.parse.twin", { column: h, other: twin.header, field })),
        ),
      );
      return;
    }
    const b = { index, header: h, column: m.column, unitExp: m.unitExp, values: new ColumnValues() };
    out.bound.push(b);
    out.byField.set(m.column.field, b);
  });
  // 客户编号 may be absent (a sheet of accounts made in Slack has none): rows are then matched by name.
  if (!out.byField.has("name"))
    out.errors.push(
      saidIssue(
        1,
        null,
        "name",
        inEach((l) => t(l, "import.parse.missing_name")),
      ),
    );
  // One line for them all: kvalue's own 管理表 export carries 17, and its weekly round trip should not warn 17 times.
  if (derived.length > 0) {
    const columns = (l: Locale) =>
      derived.map((h) => (l === "en" ? `"${h}"` : `“${h}”`)).join(l === "en" ? ", " : "、");
    out.warnings.push(
      saidIssue(
        1,
        null,
        "",
        inEach((l) => t(l, "import.parse.derived", { columns: columns(l), n: derived.length })),
      ),
    );
  }
  return out;
}

/** The first non-blank cell of a row under a column without a header, as bindHeader's deferred error. */
function noteUnnamed(bound: BoundHeader, cells: readonly string[], row: number): void {
  for (const u of bound.unnamed) {
    if (u.found !== null) continue;
    const value = (cells[u.index] ?? "").trim();
    if (value !== "")
      u.found = saidIssue(
        row,
        null,
        "",
        inEach((l) => t(l, "import.parse.unnamed", { n: u.index + 1, value })),
      );
  }
}

/** The header's errors with the unnamed columns' ones in their places (header order). */
function headerErrors(bound: BoundHeader): ImportIssue[] {
  const out = [...bound.errors];
  for (const u of [...bound.unnamed].reverse()) if (u.found) out.splice(u.slot, 0, u.found);
  return out;
}

function parseAccountsCsv(text: string, options: ImportOptions): ImportResult {
  // Read record by record (keeping none): a 100,000-row export never exists as one array of cells, only as the
  // accounts it yields (issue 11.7). Set inside the record callback, which the compiler's narrowing does not follow:
  // typed by assertion, not narrowed to null.
  let header = null as string[] | null;
  let bound = null as BoundHeader | null;
  let records = 0;
  const rowErrors: ImportIssue[] = [];
  const accounts: ImportAccount[] = [];
  const places: string[] = [];
  const seenIds = new Map<string, { row: number; name: string | null }>();
  const seenNames = new Map<string, number>();
  const margins = new FractionWatch();
  try {
    eachCsvRecord(text, detectDelimiter(text), (record) => {
      records++;
      if (header === null) {
        header = record.map((h) => h.trim());
        if (!header.every((h) => h === "")) bound = bindHeader(header, options);
      } else if (bound !== null) readRow(header, bound, record, records);
    });
  } catch (e) {
    if (!(e instanceof CsvQuoteError)) throw e;
    return {
      ok: false,
      errors: [
        saidIssue(
          e.records + 1,
          null,
          "",
          inEach((l) => t(l, "import.parse.csv_unreadable", { line: e.line, reason: e.message })),
        ),
      ],
      warnings: [],
    };
  }
  if (bound === null) {
    return {
      ok: false,
      errors: [
        saidIssue(
          1,
          null,
          "",
          inEach((l) => t(l, "import.parse.no_header")),
        ),
      ],
      warnings: [],
    };
  }
  const warnings = [...bound.warnings];
  const margin = bound.byField.get("gross_margin_pct");
  const fraction = margins.onlyFractions();
  if (margin && fraction)
    warnings.push(
      saidIssue(
        fraction.row,
        margin.header,
        "gross_margin_pct",
        inEach((l) => t(l, "import.parse.margin_fraction", { column: margin.header, value: fraction.raw })),
      ),
    );
  const errors = [...headerErrors(bound), ...rowErrors];
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, accounts, places, warnings };

  /** One data row (`row`: its spreadsheet row, the header being 1) into an account or its errors. */
  function readRow(header: readonly string[], columns: BoundHeader, cells: string[], row: number): void {
    const { bound, byField } = columns;
    const errors = rowErrors;
    noteUnnamed(columns, cells, row);
    if (cells.every((c) => c.trim() === "")) return; // blank line or ",,,," row
    const extra = cells.slice(header.length).filter((c) => c.trim() !== "");
    if (extra.length > 0) {
      const counts = { cells: cells.length, header: header.length };
      errors.push(
        saidIssue(
          row,
          null,
          "",
          inEach((l) => t(l, "import.parse.extra_cells", counts)),
        ),
      );
      return;
    }
    const account: Record<string, unknown> = {};
    const cellErrors = new Set<string>();
    for (const b of bound) {
      const res = b.column.parse(unguarded(cells[b.index] ?? ""), b.unitExp);
      if (res.ok) account[b.column.field] = b.values.one(res.value);
      else {
        cellErrors.add(b.column.field);
        errors.push({ row, column: b.header, path: b.column.field, message: res.message, cell: res });
      }
    }
    const margin = byField.get("gross_margin_pct");
    if (margin) margins.see(unguarded(cells[margin.index] ?? ""), row);
    const nameColumn = byField.get("name");
    if (nameColumn && account["name"] === null) {
      cellErrors.add("name");
      errors.push(
        saidIssue(
          row,
          nameColumn.header,
          "name",
          inEach((l) => t(l, "import.parse.name_required")),
        ),
      );
    }
    if (account["id"] === null) delete account["id"]; // an empty 客户编号: matched by name
    const parsed = importAccountSchema.safeParse(account, { error: issueMessage, reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        // Already reported: the cell itself, or (for id and name) the missing column.
        if (cellErrors.has(field) || (field === "name" && !byField.has(field))) continue;
        errors.push(saidIssue(row, byField.get(field)?.header ?? null, field, zodSaid(issue)));
      }
    }
    const id = typeof account["id"] === "string" ? account["id"] : null;
    const name = typeof account["name"] === "string" ? account["name"] : null;
    if (id !== null) {
      const first = seenIds.get(id);
      if (first !== undefined)
        errors.push(
          saidIssue(
            row,
            byField.get("id")?.header ?? null,
            "id",
            inEach((l) =>
              t(l, "import.parse.duplicate_id_csv", {
                id,
                row,
                name: JSON.stringify(name ?? ""),
                first: first.row,
                firstName: JSON.stringify(first.name ?? ""),
              }),
            ),
          ),
        );
      else seenIds.set(id, { row, name });
    }
    if (name !== null) {
      const first = seenNames.get(nameKey(name));
      if (first !== undefined)
        errors.push(
          saidIssue(
            row,
            byField.get("name")?.header ?? null,
            "name",
            inEach((l) => t(l, "import.parse.duplicate_name_csv", { name, first })),
          ),
        );
      else seenNames.set(nameKey(name), row);
    }
    if (parsed.success) {
      accounts.push(parsed.data);
      places.push(`row ${row}`);
    }
  }
}

/** Whether a percentage column holds nothing but bare numbers from 0 to 1, one of them strictly between: a CRM
 *  exporting 毛利率 as a fraction (0.25 for 25%), which reads as 0.25%. A `%` or a value above 1 anywhere says the
 *  column is in points. */
class FractionWatch {
  #first: { row: number; raw: string } | null = null;
  #points = false;

  see(cell: string, row: number): void {
    const raw = cell.trim();
    if (this.#points || raw === "" || isUnknownCell(raw)) return;
    const v = Number(raw);
    if (raw.endsWith("%") || !(v >= 0 && v <= 1)) this.#points = true;
    else if (v > 0 && v < 1 && this.#first === null) this.#first = { row, raw };
  }

  /** The first fraction-like value, when every value of the column looked like one. */
  onlyFractions(): { row: number; raw: string } | null {
    return this.#points ? null : this.#first;
  }
}
