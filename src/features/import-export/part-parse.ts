// Reading a flat contacts, needs or opportunities CSV (part-columns.ts) into validated part records, each with the
// key of its account and its place in the file. Pure: text in, rows or every problem out, as the accounts CSV.
// Unknown columns are warnings (errors with `strict`); a bad cell stops the file, reported as row and column.
import { CsvQuoteError, eachCsvRecord } from "./csv-read.js";
import { unguarded } from "./cells.js";
import { issueMessage } from "../../core/issues.js";
import { closest, headerKey } from "./csv-columns.js";
import { OTHER_SOURCES, termKey } from "./labels.js";
import {
  PART_COLUMNS,
  PART_ID_HEADER,
  PART_KINDS,
  partColumnIndex,
  type PartColumn,
  type PartKind,
} from "./part-columns.js";
import { csvUnreadable, detectDelimiter, hintIn, saidIssue, zodSaid, type ImportIssue } from "./import-parse.js";
import { inEach, t } from "../../i18n/catalog.js";
import { importContactSchema, importNeedSchema, importOpportunitySchema } from "./records.js";
import type { Stage } from "../../core/enums.js";
import { ColumnValues } from "./column-values.js";
import type { PartInput } from "./match.js";

const OTHER_SOURCE_KEYS = new Set(OTHER_SOURCES.map(termKey));

/** One row as the import plans it (match.ts): its row number, its account's keys, its CRM id, and its other
 *  fields (an opportunity's with its owner), checked against the kind's schema; `given` lists which fields the file
 *  gives (an absent column is not compared on re-import). */
export type PartRow = PartInput;

export type PartParseResult<K extends PartKind = PartKind> =
  /** `stagesMapped`: rows whose 阶段 was read through the stage map (a CRM's own name). */
  { ok: true; kind: K; rows: PartRow[]; warnings: ImportIssue[]; stagesMapped: number } | PartParseFailure;

/** Bad cells or structure. `accounts`: the account key of every row whose key cells were read, so the accounts they
 *  name can be checked too and one report says everything wrong with the file. */
export interface PartParseFailure {
  ok: false;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  accounts: Pick<PartRow, "row" | "account">[];
}

export interface PartParseOptions {
  strict?: boolean;
  /** A CRM's own stage names → kvalue stages, keyed by termKey (stage-map.ts `stageLookup`). */
  stageMap?: ReadonlyMap<string, Stage>;
}

const SCHEMAS = { contacts: importContactSchema, needs: importNeedSchema, opportunities: importOpportunitySchema };

/** The fields every row of a kind must give (its id; an opportunity's 阶段 and 金额, a contact's 角色 and 影响力): a
 *  file without one of these columns is refused once, by its header, not row by row. */
const REQUIRED = Object.fromEntries(
  PART_KINDS.map((kind) => {
    const { shape } = SCHEMAS[kind];
    const fields = Object.keys(shape).filter((f) => !shape[f as keyof typeof shape].safeParse(undefined).success);
    return [kind, PART_COLUMNS[kind].filter((c) => fields.includes(c.field))];
  }),
) as Record<PartKind, PartColumn[]>;

const UNIT = /^(.*?)[([（【]\s*(元|千元|万元|万|亿元|亿)\s*[)\]）】]\s*$/;
const UNIT_EXP: Record<string, number> = { 元: 0, 千元: 3, 万元: 4, 万: 4, 亿元: 8, 亿: 8 };

/** "金额（万元）" → the name before the money unit and the unit's power of ten (0 without a unit). */
export function splitMoneyUnit(header: string): { name: string; unitExp: number } {
  const unit = UNIT.exec(header.normalize("NFKC"));
  return unit ? { name: unit[1] ?? "", unitExp: UNIT_EXP[unit[2] ?? ""] ?? 0 } : { name: header, unitExp: 0 };
}

interface Bound {
  index: number;
  header: string;
  column: PartColumn;
  unitExp: number;
  /** Its values, each kept once. */
  values: ColumnValues;
}

/** Columns that name the row's account or owner (kept beside the record), and the part's own id. */
const NOT_GIVEN = new Set(["account_id", "account_name", "owner", "id"]);

export function parsePartsCsv<K extends PartKind>(
  content: string,
  kind: K,
  options: PartParseOptions = {},
): PartParseResult<K> {
  const text = content.startsWith("\uFEFF") ? content.slice(1) : content;
  // Read record by record (keeping none), as the accounts parser does: a 100,000-row export
  // never exists as one array of cells, only as the rows it yields (issue 11.7).
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const rows: PartRow[] = [];
  /** The account keys of rows refused after their keys were read. */
  const refused: Pick<PartRow, "row" | "account">[] = [];
  // Set inside the record callback, which the compiler's narrowing does not follow: typed by assertion, not narrowed.
  let bound = null as Bound[] | null;
  let records = 0;
  let stagesMapped = 0;
  let given: string[] = [];
  /** `given` for a row whose source detail comes from its source cell (below), when the file has no detail column. */
  let givenWithDetail: string[] = [];
  const seen = new Map<string, string>();
  const keys = new Map<string, number>();
  try {
    eachCsvRecord(text, detectDelimiter(text), (record) => {
      records++;
      if (records === 1) bound = bindHeader(record.map((h) => h.trim()));
      else if (bound !== null) readRow(bound, record, records);
    });
  } catch (e) {
    if (!(e instanceof CsvQuoteError)) throw e;
    return { ok: false, errors: [csvUnreadable(e)], warnings: [], accounts: [] };
  }
  if (records === 0) bindHeader([]);
  if (errors.length === 0) return { ok: true, kind, rows, warnings, stagesMapped };
  const accounts = [...rows.map(({ row, account }) => ({ row, account })), ...refused].sort((a, b) => a.row - b.row);
  return { ok: false, errors, warnings, accounts };

  /** The header row's columns, or null with its errors (unknown columns are warnings unless strict). */
  function bindHeader(header: readonly string[]): Bound[] | null {
    const columns = partColumnIndex(kind);
    const bound: Bound[] = [];
    header.forEach((h, index) => {
      if (h === "") return;
      const { name, unitExp } = splitMoneyUnit(h);
      const key = headerKey(name);
      const column = columns.get(key);
      if (!column) {
        const hint = closest(
          key,
          PART_COLUMNS[kind].map((c): [string, string] => [headerKey(c.zh), c.zh]),
        );
        const message = options.strict ? "import.parse.unknown_column_strict" : "import.parse.unknown_column";
        const said = inEach((l) => t(l, message, { column: h, hint: hintIn(l, hint) }));
        (options.strict ? errors : warnings).push(saidIssue(1, h, "", said));
        return;
      }
      const twin = seen.get(column.field);
      if (twin !== undefined) {
        const said = inEach((l) => t(l, "import.parse.twin", { column: h, other: twin, field: column.field }));
        errors.push(saidIssue(1, h, column.field, said));
        return;
      }
      seen.set(column.field, h);
      bound.push({ index, header: h, column, unitExp, values: new ColumnValues() });
    });
    for (const c of REQUIRED[kind])
      if (!seen.has(c.field))
        errors.push(
          saidIssue(
            1,
            null,
            c.field,
            inEach((l) => t(l, "import.parse.missing_column", { column: l === "en" ? `${c.zh} / ${c.en}` : c.zh })),
          ),
        );
    if (!seen.has("account_id") && !seen.has("account_name"))
      errors.push(
        saidIssue(
          1,
          null,
          "account",
          inEach((l) => t(l, "import.parse.missing_account_column")),
        ),
      );
    if (errors.length) return null;
    // Every good row gives the same fields (a row with a bad cell fails the file): one list for all.
    given = [
      ...bound.map((b) => b.column.field).filter((f) => !NOT_GIVEN.has(f)),
      ...(seen.has("owner") ? ["owner"] : []),
    ];
    givenWithDetail = given.includes("source_detail") ? given : [...given, "source_detail"];
    return bound;
  }

  /** One data row (`row`: its spreadsheet row, the header being 1) into a part or its errors. */
  function readRow(bound: readonly Bound[], cells: string[], row: number): void {
    if (cells.every((c) => c.trim() === "")) return;
    // The part's own fields, checked by its schema below; the account's keys and the owner kept beside them. An
    // empty id is left out (then reported as missing).
    const record: Record<string, unknown> = {};
    let account_id: unknown = null;
    let account_name: unknown = null;
    let owner: unknown = null;
    let sourceText = "";
    const bad = new Set<string>();
    for (const b of bound) {
      const { field } = b.column;
      let raw = unguarded(cells[b.index] ?? "");
      const mapped = field === "stage" ? options.stageMap?.get(termKey(raw)) : undefined;
      if (mapped !== undefined) {
        raw = mapped;
        stagesMapped++;
      }
      if (field === "source") sourceText = raw.trim();
      const r = b.column.parse(raw, b.unitExp);
      if (!r.ok) {
        bad.add(field);
        errors.push({ row, column: b.header, path: field, message: r.message, cell: r });
        continue;
      }
      const value = b.values.one(r.value);
      if (field === "account_id") account_id = value;
      else if (field === "account_name") account_name = value;
      else if (field === "owner") owner = value;
      else if (value !== null || field !== "id") record[field] = value;
    }
    // A source METHOD §2.7 counts as `other` (a tender notice, a cold visit …) keeps its name as the detail.
    const detailFromSource =
      record["source"] === "other" && record["source_detail"] == null && OTHER_SOURCE_KEYS.has(termKey(sourceText));
    if (detailFromSource) record["source_detail"] = sourceText;
    if (account_id == null && account_name == null) {
      errors.push(
        saidIssue(
          row,
          null,
          "account",
          inEach((l) => t(l, "import.parse.account_required")),
        ),
      );
      return;
    }
    const account = {
      id: typeof account_id === "string" ? account_id : null,
      name: typeof account_name === "string" ? account_name : null,
    };
    if (record["id"] == null && !bad.has("id")) {
      const said = inEach((l) => t(l, "import.parse.required", { column: PART_ID_HEADER[kind] }));
      errors.push(saidIssue(row, seen.get("id") ?? null, "id", said));
      refused.push({ row, account });
      return;
    }
    const parsed = SCHEMAS[kind].safeParse(record, { error: issueMessage, reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        if (bad.has(field)) continue;
        const column = seen.get(field) ?? null;
        // An empty cell is null here: "required", not "expected a number (got null)".
        const empty = (issue as { input?: unknown }).input === null && column !== null;
        const said = empty ? inEach((l) => t(l, "import.parse.empty_cell", { column })) : zodSaid(issue);
        errors.push(saidIssue(row, column, field, said));
      }
      refused.push({ row, account });
      return;
    }
    const accountKey = `${account_id ?? ""}\u0000${account_id == null ? (account_name ?? "") : ""}`;
    const dup = keys.get(`${accountKey}\u0000${String(record["id"])}`);
    if (dup !== undefined) {
      const said = inEach((l) =>
        t(l, "import.parse.duplicate_part_csv", { column: PART_ID_HEADER[kind], id: String(record["id"]), row: dup }),
      );
      errors.push(saidIssue(row, seen.get("id") ?? null, "id", said));
      refused.push({ row, account });
      return;
    }
    keys.set(`${accountKey}\u0000${String(record["id"])}`, row);
    // Kept for the whole import, so in the shape the plan reads (no second copy per row).
    const { id, ...fields } = parsed.data as { id: string } & Record<string, unknown>;
    if (kind === "opportunities") fields["owner"] = typeof owner === "string" ? owner : null;
    rows.push({
      row,
      account,
      id,
      fields,
      given: detailFromSource ? givenWithDetail : given,
    });
  }
}
