// The header tables of the flat contacts, needs and opportunities files a CRM exports (one row per part, keyed by
// the account's CRM id or name), and how a cell of each column is read and written back. Matching of headers is
// the accounts CSV's (headerKey: case, width, spaces, `_`, brackets aside; a money unit in brackets scales).
import { type CellResult, fail, parseBool, parseDate, parseEnum, parseMoney, parseText } from "./cells.js";
import { headerKey, matchHeader } from "./csv-columns.js";
import { scaleLevels, termKey, type ImportVocabulary } from "./labels.js";

export const PART_KINDS = ["contacts", "needs", "opportunities"] as const;
export type PartKind = (typeof PART_KINDS)[number];
/** Every kind of file an import reads (`--kind`). */
export const IMPORT_KINDS = ["accounts", ...PART_KINDS, "segments"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface PartColumn {
  /** The record field (`account_id`/`account_name` key the account; `owner` is the opportunity's owner). */
  field: string;
  zh: string;
  en: string;
  names: readonly string[];
  parse: (raw: string, unitExp: number) => CellResult<unknown>;
  /** The vocabulary of an enum column (written back by kvalue's name). */
  vocabulary?: ImportVocabulary;
  /** A yes/no column (written back as 是/否, yes/no). */
  yesNo?: boolean;
  /** An amount of yuan (shown as 1,500万 / ¥15M where a person reads it, e.g. an import preview). */
  money?: boolean;
}

const text = (raw: string) => parseText(raw);
const money = (raw: string, unitExp: number) => parseMoney(raw, unitExp);
const date = (raw: string) => parseDate(raw);

/** A whole number in [min, max] (attitude −2…2, severity 1…5 …), or the name of one of the scale's `levels`
 *  (态度 支持 = 1, 关系强度 熟悉 = 2). */
const int =
  (min: number, max: number, levels?: ReadonlyMap<string, number>) =>
  (raw: string): CellResult<number> => {
    const s = raw.normalize("NFKC").trim().replace("−", "-");
    if (s === "" || s === "-" || s === "—") return { ok: true, value: null };
    const level = levels?.get(termKey(s));
    if (level !== undefined) return { ok: true, value: level };
    if (!/^-?\d+$/.test(s))
      return fail("int_invalid", raw, `"${raw.trim()}" is not a whole number ${min}–${max}`, { min, max });
    const v = Number(s);
    if (v < min || v > max) return fail("int_range", raw, `"${raw.trim()}" is outside ${min}–${max}`, { min, max });
    return { ok: true, value: v };
  };

const col = (
  field: string,
  zh: string,
  en: string,
  parse: PartColumn["parse"],
  names: readonly string[] = [],
  extra: Partial<PartColumn> = {},
): PartColumn => ({ field, zh, en, parse, names, ...extra });
const enumCol = (field: ImportVocabulary, zh: string, en: string, names: readonly string[] = []): PartColumn =>
  col(field, zh, en, (raw) => parseEnum(field, raw), names, { vocabulary: field });

/** The account a row belongs to: its CRM id, else its name. */
const ACCOUNT_KEY: readonly PartColumn[] = [
  col("account_id", "客户编号", "account_id", text, [
    "客户id",
    "客户代码",
    "客户编码",
    "account id",
    "crm id",
    "crm编号",
  ]),
  col("account_name", "客户名称", "account_name", text, ["客户", "客户全称", "单位名称", "account", "account name"]),
];

export const PART_COLUMNS: Readonly<Record<PartKind, readonly PartColumn[]>> = {
  opportunities: [
    ...ACCOUNT_KEY,
    col("id", "商机编号", "opportunity_id", text, ["商机id", "项目编号", "opportunity id", "deal id"]),
    col("name", "商机名称", "opportunity_name", text, ["项目名称", "opportunity name", "deal name", "opportunity"]),
    enumCol("stage", "阶段", "stage", ["商机阶段", "销售阶段", "deal stage"]),
    col("amount", "金额", "amount", money, ["商机金额", "预计金额", "deal amount"], { money: true }),
    col("expected_close_date", "预计签约日期", "expected_close_date", date, [
      "预计成交日期",
      "预计签单日期",
      "expected close date",
      "close date",
    ]),
    enumCol("source", "商机来源", "source", ["来源", "lead source", "opportunity source"]),
    col("owner", "负责人", "owner", text, ["商机负责人", "销售负责人", "opportunity owner", "deal owner"]),
    col("created_date", "创建日期", "created_date", date, ["创建时间", "商机创建日期", "created", "created date"]),
    col("closed_date", "关闭日期", "closed_date", date, ["成交日期", "关单日期", "closed date"]),
    enumCol("project_type", "项目类型", "project_type", ["project type"]),
    enumCol("procurement_method", "采购方式", "procurement_method", ["procurement method"]),
    enumCol("lead_temperature", "线索温度", "lead_temperature", ["lead temperature"]),
    enumCol("close_reason", "关单原因", "close_reason", ["输单原因", "丢单原因", "close reason"]),
    col("final_amount", "最终金额", "final_amount", money, ["成交金额", "签约金额", "final amount"], { money: true }),
    col("source_detail", "来源说明", "source_detail", text, ["来源详情", "source detail"]),
  ],
  contacts: [
    ...ACCOUNT_KEY,
    col("id", "联系人编号", "contact_id", text, ["联系人id", "contact id"]),
    col("name", "姓名", "name", text, ["联系人", "联系人姓名", "contact name", "contact"]),
    col("title", "职务", "title", text, ["职位", "job title"]),
    col("org_unit", "部门", "org_unit", text, ["所在部门", "department", "org unit"]),
    enumCol("role", "角色", "role", ["决策角色", "buying role"]),
    enumCol("influence", "影响力", "influence", []),
    col("attitude", "态度", "attitude", int(-2, 2, scaleLevels("attitude")), ["支持度"]),
    col("relationship_strength", "关系强度", "relationship_strength", int(0, 4, scaleLevels("relationshipStrength")), [
      "relationship strength",
    ]),
    enumCol("relationship_layer", "关系层级", "relationship_layer", ["relationship layer"]),
    enumCol("response_mode", "反应模式", "response_mode", ["response mode"]),
    col("last_contact_date", "最近联系日期", "last_contact_date", date, [
      "最后联系日期",
      "last contact",
      "last contact date",
    ]),
  ],
  needs: [
    ...ACCOUNT_KEY,
    col("id", "需求编号", "need_id", text, ["需求id", "need id"]),
    col("description", "需求描述", "description", text, ["需求", "痛点", "need"]),
    enumCol("category", "需求类别", "category", ["类别", "need category"]),
    col("severity", "严重度", "severity", int(1, 5), ["严重程度"]),
    col("urgency", "紧迫度", "urgency", int(1, 5), ["紧急程度"]),
    col("our_fit", "匹配度", "our_fit", int(0, 3), ["我方匹配度", "our fit"]),
    col("confirmed", "已确认", "confirmed", (raw) => parseBool(raw), ["是否确认"], { yesNo: true }),
    col("metric", "衡量指标", "metric", text, ["指标"]),
  ],
};

/** The header that names the part's own id: it tells the kind of a file. */
export const PART_ID_HEADER: Readonly<Record<PartKind, string>> = {
  opportunities: "商机编号",
  contacts: "联系人编号",
  needs: "需求编号",
};

const index = new Map<PartKind, Map<string, PartColumn>>();
/** key → column of one kind (canonical names and listed spellings). */
export function partColumnIndex(kind: PartKind): Map<string, PartColumn> {
  let m = index.get(kind);
  if (!m) {
    m = new Map();
    for (const c of PART_COLUMNS[kind]) for (const n of [c.zh, c.en, ...c.names]) m.set(headerKey(n), c);
    index.set(kind, m);
  }
  return m;
}

/** The kind a header row names: the one whose part id column (or, failing that, most columns) it has; accounts
 *  when it has none of a part's own columns. */
export function detectKind(headers: readonly string[]): PartKind | "accounts" {
  const keys = headers.map((h) => headerKey(h.replace(/[(（[【].*$/, "")));
  let best: { kind: PartKind | "accounts"; score: number } = { kind: "accounts", score: 0 };
  for (const kind of PART_KINDS) {
    const cols = partColumnIndex(kind);
    const own = keys.filter((k) => {
      const c = cols.get(k);
      return c !== undefined && c.field !== "account_id" && c.field !== "account_name";
    });
    const hasId = own.some((k) => cols.get(k)?.field === "id");
    const score = (hasId ? 100 : 0) + own.length;
    if (score > best.score && (hasId || own.length >= 2)) best = { kind, score };
  }
  return best.kind;
}

/** Whether headers read as an accounts file to one who was told they hold `kind`: two or more account columns that
 *  are not also columns of `kind` (a CRM's 负责人 is both). */
export function showsAccounts(headers: readonly string[], kind: PartKind): boolean {
  const cols = partColumnIndex(kind);
  const own = headers.filter((h) => {
    const m = matchHeader(h);
    return m.kind === "field" && m.column.field !== "id" && m.column.field !== "name" && !cols.has(headerKey(h));
  });
  return own.length >= 2;
}
