// Reading a segments file (`kvalue export --kind segments`, or a market study kept in Excel) into checked segment
// changes: CSV with the segment screens' field names in Chinese or English (plus common spellings) or JSON
// `{ "segments": [...] }`. Pure. Every refused value is named by row and column (or JSON path) and field, and the
// file is refused whole: a segment import writes all of it or nothing.
import {
  checkSegmentKey,
  checkSegmentPatch,
  COMPETITION_INTENSITIES,
  SEGMENT_FIELDS,
  type SegmentField,
  type SegmentIssue,
  type SegmentIssueCode,
  type SegmentKey,
  type SegmentPatch,
} from "../../core/index.js";
import { t } from "../../i18n/catalog.js";
import { CsvQuoteError, csvRecords } from "./csv-read.js";
import { formatPath } from "../../core/issues.js";
import { parseBool, parseCount, parseEnum, parseMoney, parseText, isUnknownCell } from "./cells.js";
import { closest, headerKey } from "./csv-columns.js";
import { csvUnreadable, detectDelimiter, hintIn, jsonErrorSaid, saidIssue, type ImportIssue } from "./import-parse.js";
import { splitMoneyUnit } from "./part-parse.js";
import { inEach } from "../../i18n/catalog.js";

type KeyField = "industry" | "region_code" | "year";
type Column = KeyField | SegmentField;

/** Spellings besides the screens' own labels (which are read from the message catalogue in both languages). */
const ALSO: Readonly<Record<Column, readonly string[]>> = {
  industry: ["所属行业", "行业分类"],
  region_code: ["区划代码", "地区编码", "区域代码", "region"],
  year: ["年度"],
  industry_outlook: ["行业趋势", "outlook"],
  industry_findings: ["研判发现", "行业研判", "findings"],
  market_wallet: ["市场规模", "市场容量", "细分市场预算", "market wallet", "segment wallet"],
  market_accounts: ["客户数", "市场客户数", "customers", "market accounts"],
  market_notes: ["采购行为说明", "buying behavior", "market notes"],
  competitors: ["竞争对手", "competitors"],
  competition_intensity: ["竞争程度", "intensity"],
  solution_fit: ["解决方案匹配度", "方案匹配度", "solution fit"],
  opportunity_refs: ["机会点", "线索", "opportunity refs", "opportunities"],
  opportunity_notes: ["机会点说明", "opportunity notes"],
  chosen: ["是否选定", "选定", "目标细分市场", "chosen", "target segment"],
  control_points: ["控制点", "control points"],
  revenue_target: ["定目标", "收入目标", "目标", "revenue target", "target"],
  strategy: ["策略", "strategy"],
};

const COLUMNS: readonly Column[] = ["industry", "region_code", "year", ...SEGMENT_FIELDS];

/** The header of a column as the export writes it. */
export const segmentHeader = (field: Column, locale: "zh-CN" | "en"): string => t(locale, `segment.field.${field}`);

const index = new Map<string, Column>();
for (const c of COLUMNS)
  for (const n of [segmentHeader(c, "zh-CN"), segmentHeader(c, "en"), ...ALSO[c]]) index.set(headerKey(n), c);

/** Columns only a segments file has (an accounts file has 行业, 行政区划代码 and 行业前景 too). */
const OWN = new Set<Column>(COLUMNS.filter((c) => !["industry", "region_code", "industry_outlook"].includes(c)));

/** Whether a CSV header row is a segments file: two columns of its own and no account name column. */
export function isSegmentsHeader(headers: readonly string[]): boolean {
  const keys = headers.map((h) => headerKey(h.trim()));
  if (keys.some((k) => k === headerKey("客户名称") || k === "name")) return false;
  return keys.filter((k) => OWN.has(index.get(k) as Column)).length >= 2;
}

/** One segment of the file: where it is, its key and the fields it gives (absent columns or keys are absent). */
export interface SegmentRow {
  place: string;
  key: SegmentKey;
  patch: SegmentPatch;
}

export type SegmentParseResult =
  | { ok: true; rows: SegmentRow[]; warnings: ImportIssue[] }
  | { ok: false; errors: ImportIssue[]; warnings: ImportIssue[] };

const issueOf = (row: number | null, column: string | null, path: string, i: SegmentIssue): ImportIssue => ({
  row,
  column,
  path,
  message: `${i.field}: ${i.code.replace(/_/g, " ")} (${i.value})`,
  segment: i,
});

/** "row 5" as "第 5 行" in Chinese; a JSON path stays as it is. */
const placeIn = (l: "zh-CN" | "en", place: string): string => {
  const row = /^row (\d+)$/.exec(place);
  return row ? t(l, "import.place.row", { row: Number(row[1]) }) : place;
};

const LIST_SPLIT = /[、,，;；|\r\n]+/u;
const INTENSITY = new Map<string, string>(
  COMPETITION_INTENSITIES.flatMap((c) => [
    [c, c],
    [t("zh-CN", `segment.intensity.${c}`), c],
    [t("en", `segment.intensity.${c}`).toLowerCase(), c],
  ]),
);
const CHOSEN = new Map<string, boolean>([
  [t("zh-CN", "segment.chosen.true"), true],
  [t("zh-CN", "segment.chosen.false"), false],
  [t("en", "segment.chosen.true").toLowerCase(), true],
  [t("en", "segment.chosen.false").toLowerCase(), false],
]);

/** One cell → the typed value the core checks, or the issue that names it. */
function readCell(
  field: Column,
  raw: string,
  unitExp: number,
): { ok: true; value: unknown } | { ok: false; code: SegmentIssueCode } {
  const cell = raw.trim();
  const fromCell = <T>(r: { ok: true; value: T | null } | { ok: false }, code: SegmentIssueCode) =>
    r.ok ? { ok: true as const, value: r.value } : { ok: false as const, code };
  switch (field) {
    case "industry":
      return fromCell(parseEnum("industry", cell), "unknown_industry");
    case "region_code":
      return { ok: true, value: cell.normalize("NFKC") };
    case "year":
      return /^\d{4}$/.test(cell.normalize("NFKC").replace(/年$/, ""))
        ? { ok: true, value: Number(cell.normalize("NFKC").replace(/年$/, "")) }
        : { ok: false, code: "bad_year" };
    case "industry_outlook":
      return fromCell(parseEnum("industry_outlook", cell), "not_enum");
    case "competition_intensity": {
      if (isUnknownCell(cell)) return { ok: true, value: null };
      const v = INTENSITY.get(cell.toLowerCase());
      return v ? { ok: true, value: v } : { ok: false, code: "not_enum" };
    }
    case "chosen": {
      const named = CHOSEN.get(cell.toLowerCase());
      return named === undefined ? fromCell(parseBool(cell), "not_boolean") : { ok: true, value: named };
    }
    case "market_wallet":
    case "revenue_target":
      return fromCell(parseMoney(cell, unitExp), "not_money");
    case "market_accounts":
      return fromCell(parseCount(cell, "个"), "not_count");
    case "competitors":
    case "opportunity_refs":
      return { ok: true, value: splitList(cell) };
    case "solution_fit": {
      const lines: { line: string; fit: number }[] = [];
      for (const item of splitList(cell)) {
        const m = /^(.+?)\s*[=＝:：]\s*(\S+)$/u.exec(item);
        const fit = m ? Number((m[2] ?? "").normalize("NFKC")) : Number.NaN;
        if (!m || !Number.isInteger(fit)) return { ok: false, code: "fit_range" };
        lines.push({ line: (m[1] ?? "").trim(), fit });
      }
      return { ok: true, value: lines };
    }
    default:
      return fromCell(parseText(cell), "not_text");
  }
}

const splitList = (cell: string): string[] =>
  cell
    .split(LIST_SPLIT)
    .map((x) => x.trim())
    .filter((x) => x !== "");

/** `{ "segments": [...] }` or a bare array, each in the export's field names; or CSV with a header row. */
export function parseSegmentsFile(
  content: string,
  format: "json" | "csv",
  options: { strict?: boolean } = {},
): SegmentParseResult {
  const text = content.startsWith("\uFEFF") ? content.slice(1) : content;
  return format === "json" ? parseJson(text) : parseCsvText(text, options);
}

const keyText = (k: SegmentKey) => `${k.industry}/${k.region_code}/${k.year}`;

/** The same segment twice in a file: refused, naming both places. */
function duplicates(rows: readonly SegmentRow[]): ImportIssue[] {
  const seen = new Map<string, string>();
  const out: ImportIssue[] = [];
  for (const r of rows) {
    const first = seen.get(keyText(r.key));
    if (first === undefined) seen.set(keyText(r.key), r.place);
    else
      out.push(
        saidIssue(
          /^row (\d+)$/.test(r.place) ? Number(r.place.slice(4)) : null,
          null,
          r.place,
          inEach((l) =>
            t(l, "import.parse.segment_twice", { key: keyText(r.key), a: placeIn(l, r.place), b: placeIn(l, first) }),
          ),
        ),
      );
  }
  return out;
}

function parseJson(text: string): SegmentParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      errors: [saidIssue(null, null, "", jsonErrorSaid(text, e))],
      warnings: [],
    };
  }
  const bare = Array.isArray(data);
  const list = bare ? data : (data as Record<string, unknown> | null)?.["segments"];
  if (!Array.isArray(list))
    return {
      ok: false,
      errors: [
        saidIssue(
          null,
          null,
          "segments",
          inEach((l) => t(l, "import.parse.segments_shape", {})),
        ),
      ],
      warnings: [],
    };
  const root: PropertyKey[] = bare ? [] : ["segments"];
  const errors: ImportIssue[] = [];
  const rows: SegmentRow[] = [];
  list.forEach((item: unknown, i) => {
    const place = formatPath([...root, i]);
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      errors.push(
        saidIssue(
          null,
          null,
          place,
          inEach((l) => t(l, "import.parse.object_expected")),
        ),
      );
      return;
    }
    const { industry, region_code, year, ...fields } = item as Record<string, unknown>;
    const key = checkSegmentKey({ industry, region_code, year });
    const { patch, issues } = checkSegmentPatch(fields);
    const all = [...(key.ok ? [] : key.issues), ...issues];
    for (const iss of all) errors.push(issueOf(null, null, formatPath([...root, i, iss.field]), iss));
    if (key.ok && all.length === 0) rows.push({ place, key: key.key, patch });
  });
  errors.push(...duplicates(rows));
  return errors.length ? { ok: false, errors, warnings: [] } : { ok: true, rows, warnings: [] };
}

function parseCsvText(text: string, options: { strict?: boolean }): SegmentParseResult {
  let records: string[][];
  try {
    records = csvRecords(text, detectDelimiter(text));
  } catch (e) {
    if (!(e instanceof CsvQuoteError)) throw e;
    return {
      ok: false,
      errors: [csvUnreadable(e)],
      warnings: [],
    };
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const bound: { index: number; header: string; field: Column; unitExp: number }[] = [];
  header.forEach((h, i) => {
    if (h === "") return;
    const { name, unitExp } = splitMoneyUnit(h);
    const field = index.get(headerKey(name));
    if (!field) {
      const hint = closest(
        headerKey(h),
        [...index.keys()].map((k): [string, string] => [k, k]),
      );
      const key = options.strict ? "import.parse.unknown_column_strict" : "import.parse.unknown_column";
      const said = inEach((l) => t(l, key, { column: h, hint: hintIn(l, hint) }));
      (options.strict ? errors : warnings).push(saidIssue(1, h, "", said));
      return;
    }
    const twin = bound.find((b) => b.field === field);
    if (twin) {
      const said = inEach((l) => t(l, "import.parse.twin", { column: h, other: twin.header, field }));
      errors.push(saidIssue(1, h, field, said));
      return;
    }
    bound.push({ index: i, header: h, field, unitExp });
  });
  for (const k of ["industry", "region_code", "year"] as const)
    if (!bound.some((b) => b.field === k))
      errors.push(
        saidIssue(
          1,
          null,
          k,
          inEach((l) =>
            t(l, "import.parse.missing_segment_column", { zh: segmentHeader(k, l), en: segmentHeader(k, "en") }),
          ),
        ),
      );
  if (errors.length) return { ok: false, errors, warnings };

  const rows: SegmentRow[] = [];
  records.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === "")) return;
    const raw: Record<string, unknown> = {};
    const bad: ImportIssue[] = [];
    for (const b of bound) {
      const cell = cells[b.index] ?? "";
      const r = readCell(b.field, cell, b.unitExp);
      if (r.ok) raw[b.field] = r.value;
      else bad.push(issueOf(row, b.header, b.field, { field: b.field, code: r.code, value: cell.trim() }));
    }
    const column = (f: string) => bound.find((b) => b.field === f)?.header ?? null;
    const refused = new Set(bad.map((b) => b.path));
    const { industry, region_code, year, ...fields } = raw;
    const key = checkSegmentKey({ industry: industry ?? "", region_code, year });
    const checked = checkSegmentPatch(fields);
    for (const iss of [...(key.ok ? [] : key.issues), ...checked.issues])
      if (!refused.has(iss.field)) bad.push(issueOf(row, column(iss.field), iss.field, iss));
    errors.push(...bad);
    if (key.ok && bad.length === 0) rows.push({ place: `row ${row}`, key: key.key, patch: checked.patch });
  });
  errors.push(...duplicates(rows));
  return errors.length ? { ok: false, errors, warnings } : { ok: true, rows, warnings };
}
