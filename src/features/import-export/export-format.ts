// The 价值客户矩阵管理表 (METHOD §4.4) as a file: one row per account, sorted by priority, then V descending,
// then id. Pure formatting of rows the caller builds from the core's assessment and the store; no I/O.
//
// CSV is for Excel: UTF-8 with a BOM (without it Excel on Windows reads Chinese as GBK mojibake), CRLF,
// money as plain yuan so columns can be summed, formula-like text escaped with a leading '.
// JSON keeps the row shape, rounded like the §10 output (scores and money 2 dp, completeness 4 dp).
import { stringify } from "csv-stringify/sync";
import type { AdminLevel, Confidence, Industry, Priority, Quadrant, SubScore, Tier } from "../../core/enums.js";
import { PRIORITIES, SUB_SCORES } from "../../core/enums.js";
import { MODEL_VERSION } from "../../core/index.js";
import { q9, round2, round4, roundHalfUp } from "../../core/numerics.js";
import type { ActionCode, Component, Driver, RedFlag } from "../../core/results.js";
import { name } from "../../i18n/catalog.js";
import type { Locale } from "../../i18n/locale.js";
import { ACTION_LABELS, RED_FLAG_LABELS, termLabel } from "./labels.js";
import type { VisitCadence } from "./records.js";

/** A component that moves the account's score most, as the table shows it ("PT·可拓展空间 +37.17"). */
export interface MatrixDriverCell {
  sub: SubScore;
  component: Component;
  points: number;
}

/** One row of the 价值客户矩阵管理表. Plain data: scores from `Assessment`, the rest from the store. */
export interface MatrixTableRow {
  /** kvalue's own id (sorting, links); never exported as the CRM id. */
  id: string;
  /** The account's id in its CRM: the 客户编号 column (empty for an account made in Slack). */
  crm_id?: string | null;
  name: string;
  industry: Industry | null;
  admin_level: AdminLevel | null;
  tier: Tier | null;
  quadrant: Quadrant;
  /** κ < 0.5: the quadrant is shown as 待评估 and tier and priority are null (§3.4). */
  provisional: boolean;
  priority: Priority | null;
  X: number;
  Y: number;
  V: number;
  RA: number;
  /** Overall completeness κ, 0–1. */
  completeness: number;
  confidence: Confidence;
  /** Up to three, largest first (see `topDrivers`). */
  top_drivers: MatrixDriverCell[];
  red_flags: RedFlag[];
  actions: ActionCode[];
  owner_ar: string | null;
  owner_sr: string | null;
  owner_fr: string | null;
  executive_sponsor: string | null;
  visit_cadence: VisitCadence | null;
  /** Open opportunities (S0–S5): count, Σ amount, Σ amount·P_amt(stage) (§5.3). */
  open_pipeline: { count: number; amount: number; weighted: number };
  revenue_target: number | null;
  last_review_date: string | null;
  /** Quadrant in the last ScoreSnapshot; null when the account has none yet. */
  previous_quadrant: Quadrant | null;
  /** The model version the scores were computed under (METHOD §6.6); absent = v1-default. */
  model_version?: string;
}

/** The three drivers with the most points across all sub-scores; ties by sub-score order, then component. */
export function topDrivers(drivers: readonly Driver[], n = 3): MatrixDriverCell[] {
  return [...drivers]
    .sort(
      (a, b) =>
        q9(b.points) - q9(a.points) ||
        SUB_SCORES.indexOf(a.sub) - SUB_SCORES.indexOf(b.sub) ||
        (a.component < b.component ? -1 : a.component > b.component ? 1 : 0),
    )
    .slice(0, n)
    .map(({ sub, component, points }) => ({ sub, component, points }));
}

// §2.1 display rounding (quantize to 9 dp, then half-up), printed with exactly `dp` decimals.
const fixed = (x: number, dp: number): string => roundHalfUp(x, dp).toFixed(dp);

// ---- sort ----------------------------------------------------------------------------------------

// V is compared at the 9 dp quantum, so float noise cannot reorder two accounts the method scores equal.
const quantizedV = (r: MatrixTableRow): number => q9(r.V);
const priorityRank = (p: Priority | null): number => (p === null ? PRIORITIES.length : PRIORITIES.indexOf(p));

/** §4.4 order: priority P1…P4 (provisional rows, which have none, last), then V descending, then id. */
export function sortMatrixRows(rows: readonly MatrixTableRow[]): MatrixTableRow[] {
  return [...rows].sort(
    (a, b) =>
      priorityRank(a.priority) - priorityRank(b.priority) ||
      quantizedV(b) - quantizedV(a) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

// ---- columns -------------------------------------------------------------------------------------

type Cell = (row: MatrixTableRow, locale: Locale) => string;
export interface MatrixColumn {
  key: string;
  zh: string;
  en: string;
  cell: Cell;
}

const sep = (locale: Locale): string => (locale === "zh-CN" ? "；" : "; ");
const text = (v: string | null): string => v ?? "";
const money = (v: number | null): string => (v === null ? "" : fixed(v, 0));

/** A provisional account is in no quadrant (as `/kvalue matrix` and the digest count it): just 待评估. */
function quadrantCell(r: MatrixTableRow, locale: Locale): string {
  if (r.provisional) return locale === "zh-CN" ? "待评估" : "provisional";
  return name(locale, "quadrant", r.quadrant);
}

function quadrantChange(r: MatrixTableRow, locale: Locale): string {
  if (r.previous_quadrant === null) return locale === "zh-CN" ? "新增" : "new";
  if (r.previous_quadrant === r.quadrant) return locale === "zh-CN" ? "不变" : "unchanged";
  return `${name(locale, "quadrant", r.previous_quadrant)} → ${name(locale, "quadrant", r.quadrant)}`;
}

const pick = (locale: Locale, t: { zh: string; en: string }): string => (locale === "zh-CN" ? t.zh : t.en);

/** The table's columns in §4.4 order. The import reads the editable ones back (owners, cadence, target…). */
export const MATRIX_COLUMNS: readonly MatrixColumn[] = [
  { key: "id", zh: "客户编号", en: "Account ID", cell: (r) => r.crm_id ?? "" },
  { key: "name", zh: "客户名称", en: "Account", cell: (r) => r.name },
  { key: "industry", zh: "行业", en: "Industry", cell: (r, l) => (r.industry ? name(l, "industry", r.industry) : "") },
  {
    key: "admin_level",
    zh: "行政级别",
    en: "Admin level",
    cell: (r, l) => (r.admin_level ? name(l, "adminLevel", r.admin_level) : ""),
  },
  {
    key: "tier",
    zh: "客户分级",
    en: "Tier",
    cell: (r, l) => (r.tier ? name(l, "tier", r.tier) : l === "zh-CN" ? "待评估" : "provisional"),
  },
  { key: "quadrant", zh: "象限", en: "Quadrant", cell: quadrantCell },
  { key: "priority", zh: "优先级", en: "Priority", cell: (r) => r.priority ?? "" },
  { key: "X", zh: "X 当前价值", en: "X current value", cell: (r) => fixed(r.X, 2) },
  { key: "Y", zh: "Y 未来吸引力", en: "Y attractiveness", cell: (r) => fixed(r.Y, 2) },
  { key: "V", zh: "V 综合价值", en: "V value score", cell: (r) => fixed(r.V, 2) },
  { key: "RA", zh: "RA 关系与决策链", en: "RA relationship & access", cell: (r) => fixed(r.RA, 2) },
  { key: "completeness", zh: "完整度 κ", en: "Completeness κ", cell: (r) => fixed(r.completeness, 2) },
  { key: "confidence", zh: "置信度", en: "Confidence", cell: (r, l) => name(l, "confidence", r.confidence) },
  {
    key: "top_drivers",
    zh: "主要驱动因素",
    en: "Top drivers",
    cell: (r, l) =>
      r.top_drivers
        .map((d) => `${d.sub}·${name(l, "component", d.component)} ${d.points >= 0 ? "+" : ""}${fixed(d.points, 2)}`)
        .join(sep(l)),
  },
  {
    key: "red_flags",
    zh: "风险信号",
    en: "Red flags",
    cell: (r, l) => r.red_flags.map((f) => pick(l, RED_FLAG_LABELS[f])).join(sep(l)),
  },
  {
    key: "actions",
    zh: "建议动作",
    en: "Recommended actions",
    cell: (r, l) => r.actions.map((a) => pick(l, ACTION_LABELS[a])).join(sep(l)),
  },
  { key: "owner_ar", zh: "客户经理 AR", en: "Owner AR", cell: (r) => text(r.owner_ar) },
  { key: "owner_sr", zh: "方案经理 SR", en: "Owner SR", cell: (r) => text(r.owner_sr) },
  { key: "owner_fr", zh: "交付经理 FR", en: "Owner FR", cell: (r) => text(r.owner_fr) },
  { key: "executive_sponsor", zh: "高层赞助人", en: "Executive sponsor", cell: (r) => text(r.executive_sponsor) },
  {
    key: "visit_cadence",
    zh: "拜访频率",
    en: "Visit cadence",
    cell: (r, l) => (r.visit_cadence ? termLabel("visit_cadence", r.visit_cadence, l) : ""),
  },
  { key: "open_count", zh: "在途商机数", en: "Open deals", cell: (r) => String(r.open_pipeline.count) },
  { key: "open_amount", zh: "在途商机金额（元）", en: "Open amount (CNY)", cell: (r) => money(r.open_pipeline.amount) },
  {
    key: "open_weighted",
    zh: "加权商机金额（元）",
    en: "Weighted amount (CNY)",
    cell: (r) => fixed(r.open_pipeline.weighted, 2),
  },
  { key: "revenue_target", zh: "客户收入目标（元）", en: "Revenue target (CNY)", cell: (r) => money(r.revenue_target) },
  { key: "last_review_date", zh: "上次评审日期", en: "Last review date", cell: (r) => text(r.last_review_date) },
  { key: "model_version", zh: "模型版本", en: "Model version", cell: (r) => r.model_version ?? MODEL_VERSION },
  { key: "quadrant_change", zh: "象限变化", en: "Quadrant change", cell: quadrantChange },
];

export interface MatrixCsvOptions {
  locale: Locale;
  /** Default true: Excel needs the BOM to read UTF-8. */
  bom?: boolean;
}

/** The 管理表 as CSV text (header row in the chosen language, rows in §4.4 order). */
export function matrixTableCsv(rows: readonly MatrixTableRow[], options: MatrixCsvOptions): string {
  const { locale, bom = true } = options;
  const header = MATRIX_COLUMNS.map((c) => (locale === "zh-CN" ? c.zh : c.en));
  const body = sortMatrixRows(rows).map((r) => MATRIX_COLUMNS.map((c) => c.cell(r, locale)));
  return stringify([header, ...body], { bom, record_delimiter: "windows", escape_formulas: true });
}

/** The 管理表 as JSON: `{ rows: MatrixTableRow[] }` in §4.4 order, numbers rounded as in §10. */
export function matrixTableJson(rows: readonly MatrixTableRow[]): string {
  const rounded = sortMatrixRows(rows).map(
    (r): MatrixTableRow => ({
      ...r,
      X: round2(r.X),
      Y: round2(r.Y),
      V: round2(r.V),
      RA: round2(r.RA),
      completeness: round4(r.completeness),
      top_drivers: r.top_drivers.map((d) => ({ ...d, points: round2(d.points) })),
      open_pipeline: { ...r.open_pipeline, weighted: round2(r.open_pipeline.weighted) },
    }),
  );
  return `${JSON.stringify({ rows: rounded }, null, 2)}\n`;
}
