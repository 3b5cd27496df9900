// The 价值客户矩阵管理表 (METHOD §4.4) as CSV for Excel and as JSON.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { Driver } from "../../src/core/results.js";
import {
  MATRIX_COLUMNS,
  matrixTableCsv,
  matrixTableJson,
  sortMatrixRows,
  topDrivers,
  type MatrixTableRow,
} from "../../src/features/import-export/export-format.js";
import { parseImportFile } from "../../src/features/import-export/import-parse.js";

const row = (over: Partial<MatrixTableRow> & Pick<MatrixTableRow, "id">): MatrixTableRow => ({
  name: `客户${over.id}`,
  industry: "e_gov",
  admin_level: "provincial",
  tier: "strategic",
  quadrant: "strategic",
  provisional: false,
  priority: "P1",
  X: 74.6992439,
  Y: 79.0044892,
  V: 77.8009067,
  RA: 79.4444444,
  completeness: 1,
  confidence: "high",
  top_drivers: [
    { sub: "CV", component: "S_rev", points: 51.6992439 },
    { sub: "PT", component: "S_head", points: 37.1741487 },
    { sub: "SF", component: "S_need", points: 39.375 },
  ],
  red_flags: [],
  actions: ["deepen_expand", "guide_customer_budget"],
  owner_ar: "周立",
  owner_sr: "林晓",
  owner_fr: "黄涛",
  executive_sponsor: "刘志远",
  visit_cadence: "biweekly",
  open_pipeline: { count: 2, amount: 24_000_000, weighted: 2_640_000.004 },
  revenue_target: 12_000_000,
  last_review_date: "2025-06-12",
  previous_quadrant: "develop",
  ...over,
});

const A = row({ id: "A", crm_id: "A", name: "某省大数据管理局" });
const B = row({
  id: "B",
  crm_id: "B",
  name: "某地市人民医院",
  industry: "healthcare",
  admin_level: "prefecture",
  tier: "key",
  quadrant: "develop",
  priority: "P2",
  X: 22.5360498,
  Y: 81.3921626,
  V: 55.3318963,
  RA: 39.37499999999999,
  red_flags: ["eb_weak_relationship", "no_coach", "role_uncovered:user_buyer"],
  actions: ["invest_grow", "find_coach_identify_ub_raise_eb"],
  owner_sr: null,
  owner_fr: null,
  executive_sponsor: null,
  visit_cadence: "monthly",
  revenue_target: null,
  last_review_date: null,
  previous_quadrant: "develop",
});
const C = row({
  id: "C",
  crm_id: "C",
  name: "=某区县国企",
  industry: "other",
  admin_level: "county",
  tier: "key",
  quadrant: "maintain",
  priority: "P3",
  X: 58.6631941,
  Y: 36.5,
  V: 41.8489582,
  RA: 30,
  completeness: 0.7666667,
  confidence: "medium",
  red_flags: ["eb_opposed", "no_coach", "role_uncovered:technical_buyer"],
  actions: ["protect_share", "repair_eb_before_renewal"],
  previous_quadrant: null,
  visit_cadence: null,
});
const P = row({
  id: "P",
  name: "待评估客户",
  tier: null,
  quadrant: "develop",
  provisional: true,
  priority: null,
  V: 90,
  completeness: 0.3,
  confidence: "low",
  actions: ["collect_facts_first"],
});
const A2 = row({ id: "A2", name: "同分客户", V: 77.80090670000001 });

describe("sort order of the 管理表", () => {
  it("sorts by priority, then V descending, then id; provisional rows (no priority) last whatever their V", () => {
    expect(sortMatrixRows([P, C, B, A2, A]).map((r) => r.id)).toEqual(["A", "A2", "B", "C", "P"]);
  });

  it("treats V equal at 9 decimals as a tie, broken by id", () => {
    const x = row({ id: "x", V: 50.0000000001 });
    const y = row({ id: "w", V: 50 });
    expect(sortMatrixRows([x, y]).map((r) => r.id)).toEqual(["w", "x"]);
  });
});

describe("CSV", () => {
  const zh = matrixTableCsv([C, B, A, P], { locale: "zh-CN" });
  const en = matrixTableCsv([C, B, A, P], { locale: "en" });
  const cells = (text: string): string[][] => parse(text, { bom: true });

  it("starts with a UTF-8 BOM and uses CRLF, so Excel opens Chinese correctly", () => {
    expect(zh.startsWith("\uFEFF客户编号,客户名称,行业,行政级别")).toBe(true);
    expect(zh.split("\r\n").length).toBe(6);
    expect(matrixTableCsv([A], { locale: "zh-CN", bom: false }).startsWith("客户编号")).toBe(true);
  });

  it("has the §4.4 columns in Chinese or English", () => {
    expect(cells(zh)[0]).toEqual(MATRIX_COLUMNS.map((c) => c.zh));
    expect(cells(en)[0]).toEqual(MATRIX_COLUMNS.map((c) => c.en));
  });

  it("writes 某地市人民医院 as account B of METHOD §7.2 shows it", () => {
    const b = Object.fromEntries(MATRIX_COLUMNS.map((c, i) => [c.key, cells(zh)[2]?.[i]]));
    expect(b).toMatchObject({
      id: "B",
      name: "某地市人民医院",
      industry: "医疗",
      admin_level: "地市级",
      tier: "重点客户",
      quadrant: "发展客户",
      priority: "P2",
      X: "22.54",
      Y: "81.39",
      V: "55.33",
      RA: "39.38",
      completeness: "1.00",
      confidence: "高",
      red_flags: "决策者关系弱；无教练；使用者未覆盖",
      actions: "投入发展；找教练、识别使用者、提升决策者关系",
      owner_sr: "",
      visit_cadence: "每月",
      open_count: "2",
      open_amount: "24000000",
      open_weighted: "2640000.00",
      revenue_target: "",
      quadrant_change: "不变",
    });
    const a = Object.fromEntries(MATRIX_COLUMNS.map((c, i) => [c.key, cells(zh)[1]?.[i]]));
    expect(a["top_drivers"]).toBe("CV·近12月收入 +51.70；PT·可拓展空间 +37.17；SF·需求强度 +39.38");
    expect(a["quadrant_change"]).toBe("发展客户 → 战略客户");
  });

  it("marks provisional rows and new accounts, and escapes formula-like text", () => {
    const rows = cells(en);
    const p = Object.fromEntries(MATRIX_COLUMNS.map((c, i) => [c.key, rows[4]?.[i]]));
    expect(p).toMatchObject({
      tier: "provisional",
      quadrant: "provisional", // in no quadrant, as the matrix and the digest count it (issue 13, item 14)
      priority: "",
      actions: "Collect facts first",
    });
    const c = Object.fromEntries(MATRIX_COLUMNS.map((col, i) => [col.key, rows[3]?.[i]]));
    expect(c).toMatchObject({
      name: "'=某区县国企",
      quadrant_change: "new",
      completeness: "0.77",
      confidence: "Medium",
    });
  });

  it("round-trips through the import: the editable columns come back, computed ones are skipped with a warning", () => {
    for (const text of [zh, en]) {
      const r = parseImportFile(text, "csv");
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      // 客户编号 is the CRM id; P was made in Slack and has none (kvalue's own id is never exported as one).
      expect(r.accounts.map((a) => a.id)).toEqual(["A", "B", "C", undefined]);
      expect(r.accounts[1]).toEqual({
        id: "B",
        name: "某地市人民医院",
        industry: "healthcare",
        admin_level: "prefecture",
        owner_ar: "周立",
        owner_sr: null,
        owner_fr: null,
        executive_sponsor: null,
        visit_cadence: "monthly",
        revenue_target: null,
        last_review_date: null,
      });
      expect(r.accounts[0]).toMatchObject({
        owner_sr: "林晓",
        visit_cadence: "biweekly",
        revenue_target: 12_000_000,
        last_review_date: "2025-06-12",
      });
      expect(r.accounts[2]?.name).toBe("=某区县国企");
      // One warning names all 17 computed columns.
      expect(r.warnings).toHaveLength(1);
      const warned = r.warnings[0]?.said?.en ?? "";
      expect(warned).toContain(text === zh ? '"V 综合价值"' : '"V value score"');
      expect(warned).toContain(text === zh ? '"模型版本"' : '"Model version"');
      expect(warned).toContain("(17 columns) are computed by kvalue and not imported");
    }
  });
});

describe("JSON", () => {
  it("round-trips the rows in §4.4 order, rounded as §10 output (scores 2 dp, κ 4 dp)", () => {
    const back = JSON.parse(matrixTableJson([C, B, A])) as { rows: MatrixTableRow[] };
    expect(back.rows.map((r) => r.id)).toEqual(["A", "B", "C"]);
    expect(back.rows[1]).toEqual({
      ...B,
      X: 22.54,
      Y: 81.39,
      V: 55.33,
      RA: 39.38,
      top_drivers: [
        { sub: "CV", component: "S_rev", points: 51.7 },
        { sub: "PT", component: "S_head", points: 37.17 },
        { sub: "SF", component: "S_need", points: 39.38 },
      ],
      open_pipeline: { count: 2, amount: 24_000_000, weighted: 2_640_000 },
    });
    expect(back.rows[2]?.completeness).toBe(0.7667);
  });

  it("gives the same text for the same rows in any order", () => {
    expect(matrixTableJson([A, B, C])).toBe(matrixTableJson([C, A, B]));
  });
});

describe("top drivers", () => {
  it("takes the three components with the most points, largest first", () => {
    const d = (sub: Driver["sub"], component: Driver["component"], points: number): Driver => ({
      sub,
      component,
      points,
      value: 0,
      facts: {},
    });
    expect(
      topDrivers([
        d("RA", "M", 10),
        d("CV", "S_rev", 51.7),
        d("PT", "S_head", 37.2),
        d("SF", "S_need", 39.4),
        d("PT", "industry_outlook", 15),
      ]),
    ).toEqual([
      { sub: "CV", component: "S_rev", points: 51.7 },
      { sub: "SF", component: "S_need", points: 39.4 },
      { sub: "PT", component: "S_head", points: 37.2 },
    ]);
  });
});
