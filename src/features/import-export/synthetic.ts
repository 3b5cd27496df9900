// A large, deterministic accounts CSV shaped like a real CRM export (Chinese headers, a BOM, CRLF, money
// written every way the import accepts, empty cells for unknowns, quoted cells with commas), for the import
// benchmark and for tests that need volume. Same (n, seed) → same text.
import { IMPORT_VOCABULARIES, termLabel, type ImportVocabulary } from "./labels.js";

/** mulberry32: a small seeded PRNG, so fixtures and benchmarks need no stored files. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = [
  "客户编号",
  "客户名称",
  "别名",
  "客户类型",
  "行政级别",
  "行业",
  "是否老客户",
  "近12月收入",
  "毛利率",
  "合作年限",
  "年度相关预算（万元）",
  "行业前景",
  "市场地位",
  "发展趋势",
  "立项状态",
  "是否目标细分",
  "标杆价值",
  "负责人",
  "上次评审日期",
];

const PLACES = ["东江", "临海", "江川", "青溪", "云溪", "明州", "南屿", "北岭", "西澄", "安平"];
const BODIES = [
  "大数据局",
  "公安局",
  "人民医院",
  "城投集团",
  "交通集团",
  "供水集团",
  "农商银行",
  "职业技术学院",
  "税务局",
  "港务集团",
];
const OWNERS = ["周立", "陈静", "王磊", "林晓", "赵敏"];

/** Quote a cell the way Excel does: only when it holds a comma, quote or line break. */
const cell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function syntheticAccountsCsv(n: number, seed: number): string {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const maybe = (p: number, s: () => string): string => (rnd() < p ? s() : "");
  // Enum cells alternate between the code and the Chinese name, as mixed CRM data does.
  const term = <N extends ImportVocabulary>(name: N): string => {
    const code: (typeof IMPORT_VOCABULARIES)[N]["codes"][number] = pick(IMPORT_VOCABULARIES[name].codes);
    return rnd() < 0.5 ? code : termLabel(name, code, "zh-CN");
  };
  const money = (yuan: number): string => {
    const r = rnd();
    if (r < 0.25) return String(yuan);
    if (r < 0.5) return yuan.toLocaleString("en-US");
    if (r < 0.75) return `¥${yuan.toLocaleString("en-US")}`;
    return `${yuan / 10_000}万`;
  };

  const lines = [HEADER.join(",")];
  for (let i = 1; i <= n; i++) {
    const place = pick(PLACES);
    const body = pick(BODIES);
    const revenue = Math.floor(rnd() * 2000) * 10_000; // whole 万, so every money form stays exact
    const row = [
      `SYN-${String(i).padStart(6, "0")}`,
      `${place}${body}${i}号`,
      maybe(0.6, () => `${place}${body.slice(0, 2)}${i}；SYN${i}`),
      term("customer_type"),
      term("admin_level"),
      term("industry"),
      pick(["是", "否", "Y", "true", ""]),
      maybe(0.85, () => money(revenue)),
      maybe(0.8, () => `${Math.floor(rnd() * 60)}${rnd() < 0.5 ? "%" : ""}`),
      maybe(0.8, () => String(Math.floor(rnd() * 12))),
      maybe(0.7, () => String(Math.floor(rnd() * 8000))),
      maybe(0.9, () => term("industry_outlook")),
      maybe(0.9, () => term("market_position")),
      maybe(0.9, () => term("development_trend")),
      maybe(0.8, () => term("budget_status")),
      maybe(0.9, () => pick(["是", "否"])),
      maybe(0.8, () => term("reference_value")),
      pick(OWNERS),
      maybe(0.5, () => `2025/${1 + Math.floor(rnd() * 12)}/${1 + Math.floor(rnd() * 28)}`),
    ];
    lines.push(row.map(cell).join(","));
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** A flat opportunities export for the accounts of `syntheticAccountsCsv(n, …)`: one deal per account (SYN-…),
 *  stages and discovery methods by their Chinese names or codes. Same (n, seed) → same text. */
export function syntheticOpportunitiesCsv(n: number, seed: number): string {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const term = <N extends ImportVocabulary>(name: N): string => {
    const code: (typeof IMPORT_VOCABULARIES)[N]["codes"][number] = pick(IMPORT_VOCABULARIES[name].codes);
    return rnd() < 0.5 ? code : termLabel(name, code, "zh-CN");
  };
  const lines = ["客户编号,商机编号,商机名称,阶段,金额,预计签约日期,商机来源,负责人"];
  for (let i = 1; i <= n; i++) {
    const stage = pick(["S0", "S1", "S2", "S3", "S4", "S5"] as const);
    lines.push(
      [
        `SYN-${String(i).padStart(6, "0")}`,
        `OPP-${String(i).padStart(6, "0")}`,
        `项目${i}`,
        rnd() < 0.5 ? stage : termLabel("stage", stage, "zh-CN"),
        `${1 + Math.floor(rnd() * 500)}万`,
        `2027-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}-15`,
        term("source"),
        pick(OWNERS),
      ]
        .map(cell)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
