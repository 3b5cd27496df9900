// The header alias table of the accounts CSV: which column names (English snake_case, natural English,
// Chinese as CRM exports and sales teams write them) feed which field of the import record, and how a cell
// of that column is read. Names that would be a guess are left out on purpose: a bare "Revenue" or
// "Annual revenue" in a CRM export is usually the customer's own turnover, and a bare "Budget" may be an
// amount or a status, so such headers are reported as unknown instead of being mapped.
import {
  type CellResult,
  parseBool,
  parseCount,
  parseDate,
  parseEnum,
  parseList,
  parseMoney,
  parsePercent,
  parseRate,
  parseText,
} from "./cells.js";
import { MATRIX_COLUMNS } from "./export-format.js";
import type { ImportAccount } from "./records.js";
import { MAX_RELATIONSHIP_YEARS } from "../../core/weights.js";

/** The account fields a CSV row can carry: every scalar field (nested lists come by JSON). */
export type AccountCsvField = Exclude<keyof ImportAccount, "needs" | "contacts" | "opportunities">;

export interface AccountCsvColumn {
  field: AccountCsvField;
  /** The canonical headers, used in templates and in "did you mean" hints. */
  zh: string;
  en: string;
  /** Further spellings accepted (matched after `headerKey`). */
  names: readonly string[];
  /** `unitExp`: the power of ten a unit in the header implies, e.g. 3 for （千元）, 4 for （万元）. */
  parse: (raw: string, unitExp: number) => CellResult<unknown>;
  /** What the column holds, for the documentation table. */
  format: string;
}

const col = (
  field: AccountCsvField,
  zh: string,
  en: string,
  format: string,
  parse: AccountCsvColumn["parse"],
  names: readonly string[] = [],
): AccountCsvColumn => ({ field, zh, en, format, parse, names });

const text = (raw: string) => parseText(raw);
const money = (raw: string, unitExp: number) => parseMoney(raw, unitExp);

export const ACCOUNT_CSV_COLUMNS: readonly AccountCsvColumn[] = [
  col("id", "客户编号", "id", "text, required, unique", text, [
    "account_id",
    "account id",
    "客户id",
    "客户代码",
    "客户编码",
    "编号",
    "crm id",
    "crm编号",
  ]),
  col("name", "客户名称", "name", "text, required, unique", text, [
    "account_name",
    "account name",
    "account",
    "客户",
    "客户全称",
    "单位名称",
  ]),
  col("aliases", "别名", "aliases", "list, split on ; ； 、 or a vertical bar", (raw) => parseList(raw), [
    "alias",
    "简称",
    "客户简称",
    "其他名称",
    "short name",
  ]),
  col("uscc", "统一社会信用代码", "uscc", "18 characters", text, [
    "信用代码",
    "社会信用代码",
    "credit code",
    "social credit code",
  ]),
  col("customer_type", "客户类型", "customer_type", "enum", (raw) => parseEnum("customer_type", raw), [
    "单位性质",
    "客户性质",
    "customer type",
    "type",
  ]),
  col("admin_level", "行政级别", "admin_level", "enum", (raw) => parseEnum("admin_level", raw), [
    "级别",
    "行政层级",
    "admin level",
    "level",
  ]),
  col("industry", "行业", "industry", "enum", (raw) => parseEnum("industry", raw), [
    "所属行业",
    "行业分类",
    "行业类别",
  ]),
  col("region_code", "行政区划代码", "region_code", "6 digits (GB/T 2260)", text, [
    "区划代码",
    "地区编码",
    "region code",
    "region",
  ]),
  col("is_existing_customer", "是否老客户", "is_existing_customer", "是/否", (raw) => parseBool(raw), [
    "老客户",
    "是否存量客户",
    "存量客户",
    "existing customer",
    "existing",
  ]),
  col("revenue_ttm", "近12月收入", "revenue_ttm", "money", money, [
    "近12个月收入",
    "近一年收入",
    "近12月营收",
    "年收入",
    "revenue ttm",
    "our revenue ttm",
    "revenue last 12 months",
  ]),
  col("gross_margin_pct", "毛利率", "gross_margin_pct", "percent 0–100", (raw) => parsePercent(raw), [
    "gross margin",
    "gross margin pct",
    "margin",
    "gm",
  ]),
  col(
    "relationship_years",
    "合作年限",
    "relationship_years",
    "whole years",
    (raw) => parseCount(raw, "years", MAX_RELATIONSHIP_YEARS),
    ["合作年数", "合作时间", "relationship years", "years", "tenure"],
  ),
  col("wallet_annual", "年度相关预算", "wallet_annual", "money", money, [
    "年度预算",
    "相关预算",
    "客户年度预算",
    "年度it预算",
    "wallet",
    "annual wallet",
    "wallet annual",
    "annual budget",
  ]),
  col("industry_outlook", "行业前景", "industry_outlook", "enum", (raw) => parseEnum("industry_outlook", raw), [
    "行业背景",
    "行业趋势",
    "industry outlook",
    "outlook",
  ]),
  col("market_position", "市场地位", "market_position", "enum", (raw) => parseEnum("market_position", raw), [
    "行业地位",
    "market position",
  ]),
  col("development_trend", "发展趋势", "development_trend", "enum", (raw) => parseEnum("development_trend", raw), [
    "发展态势",
    "development trend",
    "trend",
  ]),
  col("budget_status", "预算状态", "budget_status", "enum", (raw) => parseEnum("budget_status", raw), [
    "立项状态",
    "预算/立项状态",
    "预算状态/立项状态",
    "客户立项状态",
    "budget status",
  ]),
  col("segment_match", "是否目标细分", "segment_match", "是/否", (raw) => parseBool(raw), [
    "目标细分",
    "是否目标市场",
    "目标市场",
    "segment match",
    "target segment",
  ]),
  col("reference_value", "标杆价值", "reference_value", "enum", (raw) => parseEnum("reference_value", raw), [
    "标杆效应",
    "示范价值",
    "reference value",
  ]),
  col("incumbent", "在位厂商", "incumbent", "enum", (raw) => parseEnum("incumbent", raw), ["现有供应商", "在位供应商"]),
  col("retention_rate", "留存率", "retention_rate", "rate (0,1) or %", (raw) => parseRate(raw), [
    "续约率",
    "客户留存率",
    "retention rate",
    "retention",
  ]),
  col("discount_rate", "折现率", "discount_rate", "rate (0,1) or %", (raw) => parseRate(raw), [
    "贴现率",
    "discount rate",
  ]),
  col("owner", "负责人", "owner", "text", text, ["归属人", "所有人", "客户负责人", "销售负责人", "account owner"]),
  col("owner_ar", "客户经理", "owner_ar", "text", text, ["ar", "owner ar", "客户经理(ar)"]),
  col("owner_sr", "方案经理", "owner_sr", "text", text, ["解决方案经理", "sr", "owner sr", "方案经理(sr)"]),
  col("owner_fr", "交付经理", "owner_fr", "text", text, ["交付负责人", "fr", "owner fr", "交付经理(fr)"]),
  col("executive_sponsor", "高层赞助人", "executive_sponsor", "text", text, [
    "高层联系人",
    "挂帅领导",
    "executive sponsor",
    "sponsor",
  ]),
  col("visit_cadence", "拜访频率", "visit_cadence", "enum", (raw) => parseEnum("visit_cadence", raw), [
    "拜访节奏",
    "拜访周期",
    "visit cadence",
    "cadence",
  ]),
  col("revenue_target", "客户收入目标", "revenue_target", "money", money, [
    "收入目标",
    "年度收入目标",
    "revenue target",
    "account revenue target",
  ]),
  col("last_review_date", "上次评审日期", "last_review_date", "date", (raw) => parseDate(raw), [
    "最近评审日期",
    "评审日期",
    "last review",
    "last review date",
    "last reviewed",
  ]),
];

/**
 * Key for comparing headers: "Revenue TTM", "revenue_ttm" and " 近12月收入 " compare by letters only.
 * Full-width characters fold to ASCII, case and separators go, and a leading * (a CRM's "required" mark) too.
 */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/^\*+/, "")
    .replace(/[\s_\-.:：%()[\]【】]+/g, "");
}

const UNIT_EXP: Readonly<Record<string, number>> = {
  元: 0,
  人民币: 0,
  元人民币: 0,
  cny: 0,
  rmb: 0,
  yuan: 0,
  "%": 0,
  千元: 3,
  千: 3,
  万元: 4,
  万: 4,
  万元人民币: 4,
  亿元: 8,
  亿: 8,
};

/** Split "年收入（万元）" into the name and the unit's power of ten; other brackets stay part of the name. */
function splitUnit(header: string): { name: string; unitExp: number } {
  const m = /^(.*?)[([【]\s*([^)\]】]*?)\s*[)\]】]\s*$/.exec(header.normalize("NFKC"));
  const unit = m ? UNIT_EXP[(m[2] ?? "").toLowerCase()] : undefined;
  return m && unit !== undefined ? { name: m[1] ?? "", unitExp: unit } : { name: header, unitExp: 0 };
}

export type HeaderMatch =
  | { kind: "field"; column: AccountCsvColumn; unitExp: number }
  /** A column of our own 管理表 export that kvalue computes (X, V, tier…): read-only, skipped on import. */
  | { kind: "derived" }
  | { kind: "unknown"; suggestion: string | null };

// key → column, built once: canonical names, listed aliases, and the export's headers for the same fields.
const byKey = new Map<string, AccountCsvColumn>();
const spelling = new Map<string, string>(); // key → a spelling to suggest
for (const c of ACCOUNT_CSV_COLUMNS) {
  const exported = MATRIX_COLUMNS.filter((m) => m.key === c.field).flatMap((m) => [m.zh, m.en]);
  for (const n of [c.zh, c.en, ...c.names, ...exported]) {
    const key = headerKey(splitUnit(n).name);
    byKey.set(key, c);
    if (!spelling.has(key)) spelling.set(key, n);
  }
}
const derivedKeys = new Set(
  MATRIX_COLUMNS.filter((m) => !byKey.has(headerKey(splitUnit(m.zh).name)))
    .flatMap((m) => [m.zh, m.en])
    .map((n) => headerKey(splitUnit(n).name)),
);

/** Edit distance, for "did you mean" hints on misspelt headers and field names. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/** The closest of `candidates` to `word` by `key`, if it is close enough to be a typo (≤ 1/3 of the letters). */
export function closest(word: string, candidates: Iterable<[key: string, shown: string]>): string | null {
  let best: { d: number; shown: string } | null = null;
  for (const [key, shown] of candidates) {
    const d = editDistance(word, key);
    if (!best || d < best.d) best = { d, shown };
  }
  const limit = Math.max(1, Math.floor([...word].length / 3));
  return best && best.d <= limit ? best.shown : null;
}

export function matchHeader(header: string): HeaderMatch {
  const { name, unitExp } = splitUnit(header);
  const key = headerKey(name);
  const column = byKey.get(key);
  if (column) return { kind: "field", column, unitExp };
  if (derivedKeys.has(key)) return { kind: "derived" };
  return { kind: "unknown", suggestion: closest(key, spelling.entries()) };
}

/** A header-only accounts CSV (UTF-8 with BOM) to hand to users as an import template. */
export function accountsCsvTemplate(locale: "zh-CN" | "en"): string {
  return `\uFEFF${ACCOUNT_CSV_COLUMNS.map((c) => (locale === "zh-CN" ? c.zh : c.en)).join(",")}\r\n`;
}
