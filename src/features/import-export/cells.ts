// Parsers for one spreadsheet cell as people and CRM exports write it: money as 300万 or ¥3,000,000,
// percentages with or without %, 是/否, Chinese or code enum values, dates as 2025/6/30. Pure; each returns
// the typed value, null for an empty cell (unknown, never zero), or a message that says what is allowed.
// Exported on their own because `/kvalue set revenue_ttm=300万` needs the same reading as the CSV import.
import { isoDate } from "../../core/facts.js";
import { t } from "../../i18n/catalog.js";
import type { Locale } from "../../i18n/locale.js";
import { parseMoney as parseAmount } from "../../i18n/money.js";
import { describeAllowed, matchTerm, type CodeOf, type ImportVocabulary } from "./labels.js";

/** Why a cell was refused: a code for the user's language (cellErrorText), the cell as written, and for an enum
 *  the vocabulary whose values are allowed. `message` is the English text (logs, the JSON CLI). */
export type CellErrorCode =
  | "money_negative"
  | "money_fraction"
  | "money_too_large"
  | "money_invalid"
  | "percent_invalid"
  | "percent_range"
  | "rate_invalid"
  | "rate_range"
  | "count_invalid"
  | "count_negative"
  | "bool_invalid"
  | "enum_invalid"
  | "date_invalid"
  | "int_invalid"
  | "int_range";

export interface CellFailure {
  ok: false;
  code: CellErrorCode;
  raw: string;
  vocabulary?: ImportVocabulary;
  unit?: string;
  /** The bounds of an int_invalid / int_range refusal. */
  min?: number;
  max?: number;
  message: string;
}

export type CellResult<T> = { ok: true; value: T | null } | CellFailure;

const ok = <T>(value: T | null): CellResult<T> => ({ ok: true, value });
export const fail = (
  code: CellErrorCode,
  raw: string,
  message: string,
  extra: { vocabulary?: ImportVocabulary; unit?: string; min?: number; max?: number } = {},
): CellFailure => ({ ok: false, code, raw: raw.trim(), message, ...extra });

// Beyond ASCII only: NFKC is the costly step and most cells of a large export are plain digits or empty.
const NON_ASCII = /[^\x00-\x7f]/;
const nfkc = (s: string): string => (NON_ASCII.test(s) ? s.normalize("NFKC") : s);

/** NFKC turns full-width digits, commas, ％ and ￥ into ASCII; then every kind of space goes (U+3000, NBSP…). */
const squeeze = (raw: string): string => nfkc(raw).replace(/\s+/g, "");

/** Cells that mean "we don't know" in CRM exports. An empty cell is the common case. */
const UNKNOWN_MARKERS = new Set([
  "",
  "-",
  "--",
  "—",
  "——",
  "/",
  "n/a",
  "na",
  "null",
  "未知",
  "不详",
  "unknown",
  "#n/a",
]);
export const isUnknownCell = (raw: string): boolean => raw === "" || UNKNOWN_MARKERS.has(squeeze(raw).toLowerCase());

/** A cell without the ' that our own export (and Excel users) put in front of =, +, -, @ against formula
 *  injection: a contact's attitude −1 is exported as '-1, and must read back as −1. */
export function unguarded(raw: string): string {
  if (!raw.includes("'")) return raw; // every cell of an import passes here
  const s = raw.trim();
  return /^'[=+\-@]/.test(s) ? s.slice(1) : raw;
}

export function parseText(raw: string): CellResult<string> {
  const s = unguarded(raw).trim();
  return ok(s === "" ? null : s);
}

const MONEY_HINT = "write yuan as 3000000, 3,000,000, ¥3,000,000, 300万 or 1.2亿";
const UNIT_SUFFIX: Readonly<Record<number, string>> = { 3: "千", 4: "万", 8: "亿" };

/**
 * Integer CNY yuan (METHOD §2.1), read as people type money (the i18n parser: 300万, 1.2亿, ¥3,000,000,
 * full-width digits). `unitExp` is the power of ten a header such as 年收入（万元） implies for a plain number;
 * a unit in the cell itself wins. Fractional yuan (12.34567万) is an error, never rounded away.
 */
export function parseMoney(raw: string, unitExp = 0): CellResult<number> {
  if (isUnknownCell(raw)) return ok(null);
  const suffix = UNIT_SUFFIX[unitExp];
  const text = suffix !== undefined && /\d$/.test(raw.trim()) ? `${raw.trim()}${suffix}` : raw;
  const r = parseAmount(text);
  if (r.ok) return ok(r.value);
  const shown = `"${raw.trim()}"`;
  switch (r.error) {
    case "negative":
      return fail("money_negative", raw, `${shown} is negative; money is ≥ 0 yuan`);
    case "fraction":
      return fail("money_fraction", raw, `${shown} is not a whole number of yuan; money is recorded in whole 元`);
    case "too_large":
      return fail("money_too_large", raw, `${shown} is too large for an amount in yuan`);
    default:
      return fail("money_invalid", raw, `${shown} is not an amount of money; ${MONEY_HINT}`);
  }
}

const NUMBER = /^[-−]?\d+(?:\.\d+)?$/;

/** A percentage in points, [0,100]: `30` and `30%` are both 30 (a spreadsheet shows 30% for the number 30%). */
export function parsePercent(raw: string): CellResult<number> {
  if (isUnknownCell(raw)) return ok(null);
  const s = squeeze(raw).replace(/%$/, "").replace("−", "-");
  if (!NUMBER.test(s)) return fail("percent_invalid", raw, `"${raw.trim()}" is not a percentage; write 30 or 30%`);
  const v = Number(s);
  if (v < 0 || v > 100) return fail("percent_range", raw, `"${raw.trim()}" is outside 0–100%`);
  return ok(v);
}

/** A rate strictly between 0 and 1, written as 0.9 or 90% (retention and discount rates, §3.7). */
export function parseRate(raw: string): CellResult<number> {
  if (isUnknownCell(raw)) return ok(null);
  const s = squeeze(raw);
  const pct = s.endsWith("%");
  const body = pct ? s.slice(0, -1) : s;
  if (!NUMBER.test(body)) return fail("rate_invalid", raw, `"${raw.trim()}" is not a rate; write 0.9 or 90%`);
  const v = pct ? Number(body) / 100 : Number(body);
  if (!(v > 0 && v < 1)) return fail("rate_range", raw, `"${raw.trim()}" must lie strictly between 0 and 1 (0%–100%)`);
  return ok(v);
}

/** A whole number ≥ 0, allowing a unit such as 年 or 个 after it (合作年限 "4年"). */
export function parseCount(raw: string, unit = "", max = Number.MAX_SAFE_INTEGER): CellResult<number> {
  if (isUnknownCell(raw)) return ok(null);
  const s = squeeze(raw).replace(/^(.*?)(年|个|人|次)$/, "$1");
  if (!NUMBER.test(s))
    return fail("count_invalid", raw, `"${raw.trim()}" is not a whole number${unit ? ` of ${unit}` : ""}`, { unit });
  const v = Number(s.replace("−", "-"));
  if (v < 0) return fail("count_negative", raw, `"${raw.trim()}" is negative; expected a whole number ≥ 0`);
  if (!Number.isInteger(v))
    return fail("count_invalid", raw, `"${raw.trim()}" is not a whole number${unit ? ` of ${unit}` : ""}`, { unit });
  if (v > max) return fail("int_range", raw, `"${raw.trim()}" is outside 0–${max}`, { min: 0, max });
  return ok(v);
}

const TRUE_WORDS = new Set(["是", "是的", "y", "yes", "true", "t", "1", "√", "✓", "✔", "有", "对"]);
const FALSE_WORDS = new Set(["否", "不是", "n", "no", "false", "f", "0", "×", "✗", "✘", "x", "没有", "无", "不"]);

export function parseBool(raw: string): CellResult<boolean> {
  const s = squeeze(raw).toLowerCase();
  if (TRUE_WORDS.has(s)) return ok(true);
  if (FALSE_WORDS.has(s)) return ok(false);
  if (isUnknownCell(raw)) return ok(null);
  return fail("bool_invalid", raw, `"${raw.trim()}" is not yes/no; write 是/否, Y/N or true/false`);
}

/** A value of one of the §2 enums, given as its code (`approved`), Chinese name (已批复) or English label. */
export function parseEnum<N extends ImportVocabulary>(name: N, raw: string): CellResult<CodeOf<N>> {
  // Some enums have a value that looks like an unknown marker (incumbent "未知" = unknown, admin level N/A = na),
  // so the vocabulary is asked first.
  const code = matchTerm(name, raw);
  if (code !== null) return ok(code);
  if (isUnknownCell(raw)) return ok(null);
  return fail("enum_invalid", raw, `"${raw.trim()}" is not allowed; use one of: ${describeAllowed(name)}`, {
    vocabulary: name,
  });
}

/** ISO date from 2025-06-30, 2025/6/30, 2025.6.30, 2025年6月30日, with an optional time after it (CRM exports). */
export function parseDate(raw: string): CellResult<string> {
  if (isUnknownCell(raw)) return ok(null);
  const s = nfkc(raw).trim();
  // 20250630 as some ERP/CRM exports write it: eight digits are a date only one way.
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  const iso = m ? `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}` : null;
  if (iso === null || !isoDate.safeParse(iso).success) {
    return fail("date_invalid", raw, `"${raw.trim()}" is not a date; write 2025-06-30 or 2025/6/30`);
  }
  return ok(iso);
}

/** A list in one cell, split on ; ； 、 | or line breaks (别名 "省大数据局；大数据局；DJ Big Data"). */
export function parseList(raw: string): CellResult<string[]> {
  const items = [
    ...new Set(
      raw
        .split(/[;；、|\r\n]+/)
        .map((x) => x.trim())
        .filter((x) => x !== ""),
    ),
  ];
  return ok(items.length === 0 ? null : items);
}

/** A refused cell in the user's language: what was written, why, and what to write instead. */
export function cellErrorText(locale: Locale, f: CellFailure): string {
  const raw = f.raw;
  if (f.code === "enum_invalid" && f.vocabulary)
    return t(locale, "cell.enum_invalid", { raw, allowed: describeAllowed(f.vocabulary, locale) });
  if (f.code === "int_invalid" || f.code === "int_range")
    return t(locale, `cell.${f.code}`, { raw, min: String(f.min ?? ""), max: String(f.max ?? "") });
  return t(locale, `cell.${f.code}`, { raw });
}
