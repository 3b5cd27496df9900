// How enum values are spelt in CRM exports and spreadsheets. The names kvalue itself shows come from the
// i18n vocabulary (so whatever an export or a Slack card displays can be typed back in); this file adds the
// other spellings sales teams use (已批复 for approved, 城投 for a local SOE, …) and the names of the one
// enum the import adds (visit cadence). Codes come from src/core/enums.ts.
import {
  ADMIN_LEVELS,
  BUDGET_STATUSES,
  CLOSE_REASONS,
  CUSTOMER_TYPES,
  INFLUENCES,
  LEAD_TEMPERATURES,
  NEED_CATEGORIES,
  PROCUREMENT_METHODS,
  PROJECT_TYPES,
  RELATIONSHIP_LAYERS,
  RESPONSE_MODES,
  ROLES,
  SOURCES,
  STAGES,
  DEVELOPMENT_TRENDS,
  INCUMBENTS,
  INDUSTRIES,
  INDUSTRY_OUTLOOKS,
  MARKET_POSITIONS,
  REFERENCE_VALUES,
} from "../../core/enums.js";
import type { ActionCode, RedFlag } from "../../core/results.js";
import { vocabulary } from "../../i18n/catalog.js";
import { LOCALES, type Locale } from "../../i18n/locale.js";
import type { VocabularyKind } from "../../i18n/vocabulary.js";
import { VISIT_CADENCES } from "./records.js";

export interface Term {
  zh: string;
  en: string;
}

interface Spellings<C extends string> {
  readonly codes: readonly C[];
  /** Where kvalue's own names for these codes live; null when this file names them (`names`). */
  readonly kind: VocabularyKind | null;
  readonly names?: Readonly<Record<C, Term>>;
  /** Further spellings accepted on import, beyond the code and kvalue's names. */
  readonly also: Readonly<Partial<Record<C, readonly string[]>>>;
}

const spellings = <C extends string>(s: Spellings<C>): Spellings<C> => s;

/** Sources METHOD §2.7 lists as candidates outside the eight methods: read as `other`, with the cell's text kept as
 *  the opportunity's source detail. */
export const OTHER_SOURCES: readonly string[] = [
  "招投标",
  "招投标平台",
  "招投标信息",
  "招标公告",
  "采购公告",
  "公共资源交易",
  "全员营销",
  "内部推荐",
  "员工推荐",
  "陌拜",
  "陌生拜访",
  "扫街",
  "电话营销",
  "线上咨询",
  "网站",
  "官网",
  "400电话",
  "tender",
  "public tender",
  "cold call",
  "cold visit",
  "inbound",
  "website",
];

/** Per import field with an enum value: the codes and every accepted spelling. */
export const IMPORT_VOCABULARIES = {
  customer_type: spellings({
    codes: CUSTOMER_TYPES,
    kind: "customerType",
    also: {
      gov: ["政府", "机关", "党政机关", "政府部门", "行政机关", "government"],
      public_inst: ["事业", "医院", "学校", "高校"],
      soe_central: ["中央企业", "央企二级单位", "央企子公司", "央企分公司"],
      soe_local: ["国企", "地方国有企业", "省属国企", "市属国企", "城投", "local soe"],
      private: ["民营企业", "民营", "私营企业", "私企", "private"],
      foreign: ["外资企业", "外资", "合资企业", "foreign"],
    },
  }),
  admin_level: spellings({
    codes: ADMIN_LEVELS,
    kind: "adminLevel",
    also: {
      national: ["国家级", "部委", "中央", "national"],
      provincial: ["省", "省部级", "省属"],
      prefecture: ["地市", "市级", "地级", "地级市", "市", "prefecture"],
      county: ["区县", "县级", "区级", "县", "区", "county"],
      township: ["乡镇", "街道", "乡镇级", "township"],
      na: ["非行政", "n/a"],
    },
  }),
  industry: spellings({
    codes: INDUSTRIES,
    kind: "industry",
    also: {
      e_gov: ["电子政务", "数字政府", "政府"],
      public_security: ["政法", "公安政法"],
      education: ["高校", "学校"],
      healthcare: ["卫健", "卫生健康", "医疗卫生", "医院", "卫生"],
      finance: ["银行", "保险", "证券"],
      energy_power: ["电力", "能源", "电网"],
      transport: ["交通运输", "轨道交通", "高速公路"],
      manufacturing: ["制造业", "工业"],
      telecom: ["通信", "电信运营商", "telecom"],
      other: ["其他", "其它", "other"],
    },
  }),
  industry_outlook: spellings({
    codes: INDUSTRY_OUTLOOKS,
    kind: "industryOutlook",
    also: {
      strong_growth: ["高速增长", "快速增长"],
      growth: ["稳步增长"],
      flat: ["持平", "稳定"],
      decline: ["下降", "下滑"],
      strong_decline: ["大幅下降", "急剧收缩"],
    },
  }),
  market_position: spellings({
    codes: MARKET_POSITIONS,
    kind: "marketPosition",
    also: {
      national_leader: ["全国龙头", "国家级标杆", "全国领先"],
      regional_leader: ["区域龙头", "省级主管", "区域领先", "regional leader"],
      backbone: ["中坚"],
      ordinary: ["普通"],
    },
  }),
  development_trend: spellings({
    codes: DEVELOPMENT_TRENDS,
    kind: "developmentTrend",
    also: {
      expanding: ["扩张", "扩张中", "新建", "改扩建", "数字化转型", "expanding"],
      stable: ["平稳"],
      contracting: ["缩减"],
    },
  }),
  budget_status: spellings({
    codes: BUDGET_STATUSES,
    kind: "budgetStatus",
    also: {
      none: ["无", "无预算", "未立项", "没有预算", "none"],
      planned: ["规划", "计划中", "申报中", "已规划", "planned"],
      approved: ["已立项", "已批复", "立项", "已落实", "approved"],
    },
  }),
  reference_value: spellings({
    codes: REFERENCE_VALUES,
    kind: "referenceValue",
    also: {
      national: ["国家级"],
      provincial: ["省级", "provincial"],
      prefecture: ["地市级", "市级", "prefecture"],
      none: ["无", "没有", "none"],
    },
  }),
  incumbent: spellings({
    codes: INCUMBENTS,
    kind: "incumbent",
    also: {
      us: ["我司", "本公司", "我们"],
      competitor: ["友商", "竞品"],
      none: ["无", "空白"],
      unknown: ["未知", "不详"],
    },
  }),
  visit_cadence: spellings({
    codes: VISIT_CADENCES,
    kind: null,
    names: {
      weekly: { zh: "每周", en: "Weekly" },
      biweekly: { zh: "每两周", en: "Biweekly" },
      monthly: { zh: "每月", en: "Monthly" },
      quarterly: { zh: "每季度", en: "Quarterly" },
      semiannual: { zh: "每半年", en: "Semiannual" },
      annual: { zh: "每年", en: "Annual" },
    },
    also: {
      weekly: ["周", "每周一次"],
      biweekly: ["双周", "隔周"],
      monthly: ["月度", "每月一次"],
      quarterly: ["季度", "每季"],
      semiannual: ["半年"],
      annual: ["年度", "每年一次"],
    },
  }),
  // Contacts, needs and opportunities files (part-columns.ts): kvalue's names, plus the words CRMs use.
  stage: spellings({
    codes: STAGES,
    kind: "stage",
    also: {
      S0: ["线索阶段", "lead"],
      S1: ["商机确认", "初步接触", "qualification"],
      S2: ["需求确认", "立项阶段"],
      S3: ["方案阶段", "方案交流", "proposal", "solution"],
      S4: ["投标阶段", "招投标", "bidding", "tender"],
      S5: ["商务谈判", "谈判阶段", "negotiation"],
      W: ["成交", "已签约", "已成交", "won", "closed won"],
      L: ["丢单", "lost", "closed lost"],
      A: ["放弃", "取消", "abandoned", "cancelled"],
    },
  }),
  // The eight methods (METHOD §2.7) as CRMs spell them; the sources METHOD names as candidates outside the eight
  // (tender notices, 全员营销, cold visits, online inbound) are `other`, their text kept as the source detail
  // (part-parse.ts).
  source: spellings({
    codes: SOURCES,
    kind: "source",
    also: {
      industry_report: ["研究报告", "industry report", "industry research"],
      exhibition_event: ["市场活动", "会议", "论坛", "研讨会", "展览", "trade show", "event", "conference", "seminar"],
      social_circle: ["圈子", "朋友介绍", "熟人介绍", "social circle"],
      government_policy: ["政府", "政策", "政府规划", "预算公开", "government"],
      industry_association: ["协会", "学会", "商会", "association"],
      consultant_institute: ["咨询", "咨询公司", "第三方", "第三方机构", "consultant"],
      ecosystem_partner: ["渠道", "代理商", "生态伙伴", "伙伴推荐", "partner", "channel", "integrator"],
      customer_referral: [
        "转介绍",
        "客户转介绍",
        "老客户",
        "老客户推荐",
        "客户推荐",
        "交付中发现",
        "看网讲网",
        "referral",
        "customer referral",
        "existing customer",
      ],
      other: ["其他", "其它", "other", ...OTHER_SOURCES],
      unknown: ["未知", "不详", "unknown"],
    },
  }),
  role: spellings({ codes: ROLES, kind: "role", also: {} }),
  influence: spellings({ codes: INFLUENCES, kind: "influence", also: { high: ["高"], medium: ["中"], low: ["低"] } }),
  category: spellings({
    codes: NEED_CATEGORIES,
    kind: "needCategory",
    also: { cost: ["降本", "降低成本"], service: ["服务"] },
  }),
  relationship_layer: spellings({
    codes: RELATIONSHIP_LAYERS,
    kind: "relationshipLayer",
    also: { general: ["普通关系"] },
  }),
  response_mode: spellings({ codes: RESPONSE_MODES, kind: "responseMode", also: {} }),
  project_type: spellings({ codes: PROJECT_TYPES, kind: "projectType", also: {} }),
  procurement_method: spellings({
    codes: PROCUREMENT_METHODS,
    kind: "procurementMethod",
    also: { framework: ["框架协议"] },
  }),
  lead_temperature: spellings({
    codes: LEAD_TEMPERATURES,
    kind: "leadTemperature",
    also: { cold: ["冷"], warm: ["温"], hot: ["热"] },
  }),
  close_reason: spellings({
    codes: CLOSE_REASONS,
    kind: "closeReason",
    also: { price: ["价格原因", "价格高"], no_decision: ["无决策", "未决策"] },
  }),
} as const;

export type ImportVocabulary = keyof typeof IMPORT_VOCABULARIES;
export type CodeOf<N extends ImportVocabulary> = (typeof IMPORT_VOCABULARIES)[N]["codes"][number];

function labelOf(s: Spellings<string>, code: string, locale: Locale): string {
  if (s.kind === null) {
    const t = s.names?.[code];
    return t ? (locale === "zh-CN" ? t.zh : t.en) : code;
  }
  // Each i18n kind is a record over exactly these codes; widening it to string keys only loses precision.
  return (vocabulary(locale)[s.kind] as Readonly<Record<string, string>>)[code] ?? code;
}

/** kvalue's own name of a code in one language, from the i18n vocabulary or this file. */
export function termLabel<N extends ImportVocabulary>(name: N, code: CodeOf<N>, locale: Locale): string {
  return labelOf(IMPORT_VOCABULARIES[name], code, locale);
}

/** `none（无预算）, planned（规划中）, …`: the list an error message offers. */
export function describeAllowed(name: ImportVocabulary, locale?: Locale): string {
  const s: Spellings<string> = IMPORT_VOCABULARIES[name];
  // Without a locale: the code with its Chinese name, as the English CLI and logs have always written it.
  if (locale === undefined) return s.codes.map((c) => `${c}（${labelOf(s, c, "zh-CN")}）`).join(", ");
  return s.codes
    .map((c) => (locale === "zh-CN" ? `${labelOf(s, c, locale)}（${c}）` : `${c} (${labelOf(s, c, locale)})`))
    .join(locale === "zh-CN" ? "、" : ", ");
}

/** Same key for "Strong Growth", "strong_growth", " 强劲 增长 " and full-width forms. */
export function termKey(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-·]+/g, "");
}

/** The names a label lists: 展会/峰会/行业会议 also stands for 展会, 峰会 and 行业会议 (a CRM cell holds one of them).
 *  A label with a bracketed remark (扩张（新建/改扩建/…）) is not split. */
const labelParts = (label: string): string[] =>
  label.includes("/") && !/[()（）]/.test(label)
    ? label
        .split("/")
        .map((part) => part.trim())
        .filter((part) => part !== "")
    : [];

/** Every accepted spelling per code: the code, kvalue's zh and en names, the further spellings, and each name a
 *  label lists unless another code of the enum claims it too. */
export function spellingsOf(name: ImportVocabulary): Map<string, string[]> {
  const s: Spellings<string> = IMPORT_VOCABULARIES[name];
  const words = s.codes.map((code) => {
    const names = [labelOf(s, code, "zh-CN"), labelOf(s, code, "en")];
    return { code, given: [code, ...names, ...(s.also[code] ?? [])], parts: names.flatMap(labelParts) };
  });
  const claims = new Map<string, Set<string>>();
  for (const { code, given, parts } of words) {
    for (const word of [...given, ...parts]) {
      const key = termKey(word);
      claims.set(key, (claims.get(key) ?? new Set()).add(code));
    }
  }
  const own = (word: string) => claims.get(termKey(word))?.size === 1;
  return new Map(words.map(({ code, given, parts }) => [code, [...new Set([...given, ...parts.filter(own)])]]));
}

/** Further names of the contact scales' levels, beyond kvalue's own, as CRMs write them. */
const SCALE_ALSO: Readonly<Record<"attitude" | "relationshipStrength", Readonly<Record<string, readonly string[]>>>> = {
  attitude: { "-1": ["反对"], "2": ["强烈支持"] },
  relationshipStrength: {},
};

/** A contact scale's levels by name (METHOD §2.5: 支持 = 1, 熟悉 = 2), in either language, each name of a label that
 *  lists several (强力支持/倡导) included. Its numbers are not among them: `-1` and `1` share a termKey. */
export function scaleLevels(kind: "attitude" | "relationshipStrength"): ReadonlyMap<string, number> {
  const levels = new Map<string, number>();
  for (const locale of LOCALES) {
    for (const [code, label] of Object.entries(vocabulary(locale)[kind])) {
      for (const name of [label, ...labelParts(label), ...(SCALE_ALSO[kind][code] ?? [])])
        levels.set(termKey(name), Number(code));
    }
  }
  return levels;
}

// One lookup table per vocabulary, built on first use.
const lookups = new Map<ImportVocabulary, Map<string, string>>();
function lookupFor(name: ImportVocabulary): Map<string, string> {
  let table = lookups.get(name);
  if (!table) {
    table = new Map();
    for (const [code, words] of spellingsOf(name)) for (const word of words) table.set(termKey(word), code);
    lookups.set(name, table);
  }
  return table;
}

// A large export repeats the same few spellings per column ("已立项", "approved"…), so the answer per raw
// cell text is remembered; the bound keeps a file of endless distinct junk from growing it without end.
const MEMO_LIMIT = 4096;
const memo = new Map<ImportVocabulary, Map<string, string | null>>();

/** The code a cell such as "已批复", "Approved" or "approved" stands for, or null when it names none. */
export function matchTerm<N extends ImportVocabulary>(name: N, raw: string): CodeOf<N> | null {
  let seen = memo.get(name);
  if (!seen) memo.set(name, (seen = new Map()));
  let code = seen.get(raw);
  if (code === undefined) {
    code = lookupFor(name).get(termKey(raw)) ?? null;
    if (seen.size < MEMO_LIMIT) seen.set(raw, code);
  }
  // The table is filled from IMPORT_VOCABULARIES[name].codes only, so every value it returns is one of them.
  return code as CodeOf<N> | null;
}

// ---- short labels for table cells -------------------------------------------------------------------
// The i18n vocabulary words red flags and actions as full sentences for the account card; a spreadsheet
// cell of the 管理表 needs the few words that name each one.

export const RED_FLAG_LABELS: Readonly<Record<RedFlag, Term>> = {
  no_contacts: { zh: "决策链未识别", en: "No contacts" },
  eb_missing: { zh: "未识别决策者", en: "EB missing" },
  eb_opposed: { zh: "决策者反对", en: "EB opposed" },
  eb_weak_relationship: { zh: "决策者关系弱", en: "EB relationship weak" },
  eb_response_mode: { zh: "决策者无紧迫感", en: "EB even keel / overconfident" },
  no_coach: { zh: "无教练", en: "No coach" },
  "role_uncovered:technical_buyer": { zh: "技术把关人未覆盖", en: "Technical buyer uncovered" },
  "role_uncovered:user_buyer": { zh: "使用者未覆盖", en: "User buyer uncovered" },
  high_influence_opposed: { zh: "高影响力人员反对", en: "High-influence contact opposed" },
  contact_stale: { zh: "超90天未联系", en: "Contact stale (> 90 days)" },
  late_stage_unqualified: { zh: "投标/谈判商机未确认决策者或教练", en: "Late-stage deal without EB or champion" },
  no_budget_late_stage: { zh: "无预算但商机已到方案阶段", en: "No budget at S3+" },
};

export const ACTION_LABELS: Readonly<Record<ActionCode, Term>> = {
  deepen_expand: { zh: "深耕扩展", en: "Deepen and expand" },
  invest_grow: { zh: "投入发展", en: "Invest to grow" },
  protect_share: { zh: "维持份额", en: "Protect share" },
  monitor_selective: { zh: "观察为主，择机投标", en: "Monitor, bid selectively" },
  access_breakthrough: { zh: "关系突破", en: "Access breakthrough" },
  find_coach_identify_ub_raise_eb: {
    zh: "找教练、识别使用者、提升决策者关系",
    en: "Find a coach, identify the UB, raise the EB",
  },
  repair_eb_before_renewal: { zh: "续约前修复决策者关系", en: "Repair the EB before renewal" },
  guide_customer_budget: { zh: "标前引导，推动客户立项", en: "Guide the customer's budget approval" },
  collect_facts_first: { zh: "先补齐关键信息", en: "Collect facts first" },
};
