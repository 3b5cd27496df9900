// Importing accounts files: CSV as CRM exports and spreadsheets produce them, JSON in the §10.1 form.
// Every problem comes back at once with its row and column (CSV) or JSON path.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACCOUNT_CSV_COLUMNS, matchHeader } from "../../src/features/import-export/csv-columns.js";
import {
  decodeImportBytes,
  decodeImportFile,
  mixedEncodingLine,
  parseImportFile,
  type ImportIssue,
  type ImportResult,
} from "../../src/features/import-export/import-parse.js";
import type { ImportAccount } from "../../src/features/import-export/records.js";

const accountsOf = (r: ImportResult): ImportAccount[] => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.accounts;
};
/** Issues as compared below: each said in both languages, English being its message (the Chinese is checked in
 *  test/cli/import-lang.test.ts), then without the two texts. */
const plain = (issues: readonly ImportIssue[]) =>
  issues.map(({ said, ...rest }) => {
    if (said) {
      expect(said.en).toBe(rest.message);
      expect(said["zh-CN"]).not.toBe("");
    }
    return rest;
  });
const errorsOf = (r: ImportResult) => {
  if (r.ok) throw new Error("expected errors");
  return plain(r.errors);
};
const csv = (...lines: string[]): string => `${lines.join("\r\n")}\r\n`;

const ZH_HEADER =
  "客户编号,客户名称,别名,客户类型,行政级别,行业,是否老客户,近12月收入,毛利率,合作年限,年度相关预算,行业前景,市场地位,发展趋势,预算状态,是否目标细分,标杆价值,负责人";

describe("CSV with Chinese headers", () => {
  it("reads every §2.2 scalar field of 某省大数据管理局 (account A of METHOD §7.1)", () => {
    const [a] = accountsOf(
      parseImportFile(
        csv(
          ZH_HEADER,
          'A,某省大数据管理局,省大数据局；大数据局,政府机关,省级,政务,是,300万,30%,4,"20,000,000",增长,区域龙头,扩张,规划中,是,省级,周立',
        ),
        "csv",
      ),
    );
    expect(a).toEqual({
      id: "A",
      name: "某省大数据管理局",
      aliases: ["省大数据局", "大数据局"],
      customer_type: "gov",
      admin_level: "provincial",
      industry: "e_gov",
      is_existing_customer: true,
      revenue_ttm: 3_000_000,
      gross_margin_pct: 30,
      relationship_years: 4,
      wallet_annual: 20_000_000,
      industry_outlook: "growth",
      market_position: "regional_leader",
      development_trend: "expanding",
      budget_status: "planned",
      segment_match: true,
      reference_value: "provincial",
      owner: "周立",
    });
  });

  it("accepts the other Chinese spellings: 年收入, 立项状态, 已批复, 强劲增长, 否", () => {
    const [a] = accountsOf(
      parseImportFile(
        csv(
          "客户编号,客户名称,年收入,立项状态,行业前景,是否老客户,客户类型,行政级别,在位厂商,拜访频率,客户收入目标（万元）,上次评审日期",
          'B,某地市人民医院,"200,000",已批复,强劲增长,否,事业单位,地市级,友商,每月,300,2025/6/30',
        ),
        "csv",
      ),
    );
    expect(a).toMatchObject({
      revenue_ttm: 200_000,
      budget_status: "approved",
      industry_outlook: "strong_growth",
      is_existing_customer: false,
      customer_type: "public_inst",
      admin_level: "prefecture",
      incumbent: "competitor",
      visit_cadence: "monthly",
      revenue_target: 3_000_000,
      last_review_date: "2025-06-30",
    });
  });

  it("reads an empty cell as unknown (null) and leaves a column that is not in the file absent", () => {
    const [a] = accountsOf(parseImportFile(csv("客户编号,客户名称,近12月收入,毛利率", "C,某区县国企,,"), "csv"));
    expect(a).toEqual({ id: "C", name: "某区县国企", revenue_ttm: null, gross_margin_pct: null });
    expect(a).not.toHaveProperty("wallet_annual");
  });
});

describe("CSV with English headers", () => {
  it("reads snake_case and natural forms alike", () => {
    const [a, b] = accountsOf(
      parseImportFile(
        csv(
          "id,Account Name,Customer Type,Admin Level,Industry,Revenue TTM,Gross Margin %,Relationship Years,Wallet Annual,Industry Outlook,Market Position,Development Trend,Budget Status,Segment Match,Reference Value,Aliases,Account Owner",
          "A,Provincial Big Data Bureau,gov,provincial,e_gov,3000000,30,4,20000000,growth,regional_leader,expanding,planned,Y,provincial,PBDB;Big Data Bureau,Zhou Li",
          "B,City Hospital,Public institution,Prefecture,Healthcare,200000,20,1,30000000,Strong growth,Regional leader,Expanding,Approved,N,Prefecture,,",
        ),
        "csv",
      ),
    );
    expect(a).toMatchObject({
      customer_type: "gov",
      revenue_ttm: 3_000_000,
      segment_match: true,
      aliases: ["PBDB", "Big Data Bureau"],
      owner: "Zhou Li",
    });
    expect(b).toMatchObject({
      customer_type: "public_inst",
      admin_level: "prefecture",
      industry: "healthcare",
      industry_outlook: "strong_growth",
      budget_status: "approved",
      segment_match: false,
      aliases: null,
    });
  });

  it("maps every canonical and listed header of the alias table to its own field", () => {
    for (const c of ACCOUNT_CSV_COLUMNS) {
      for (const h of [c.zh, c.en, ...c.names]) {
        const m = matchHeader(h);
        expect(m.kind === "field" ? m.column.field : m.kind, h).toBe(c.field);
      }
    }
  });

  it("leaves out headers that would be a guess (a CRM's Annual Revenue is the customer's own turnover)", () => {
    expect(matchHeader("Annual Revenue").kind).toBe("unknown");
    expect(matchHeader("Budget").kind).toBe("unknown");
  });
});

describe("CSV money, in every form the import accepts", () => {
  it("reads each row's 近12月收入 to the same yuan", () => {
    const forms = [
      "3000000",
      "300万",
      '"3,000,000"',
      "0.03亿",
      '"¥3,000,000"',
      "￥3，000，000",
      "300\u3000万",
      "300万元",
      "３０００万",
    ];
    const rows = forms.map((f, i) => `X${i},客户${i},${f}`);
    const got = accountsOf(parseImportFile(csv("客户编号,客户名称,近12月收入", ...rows), "csv")).map(
      (a) => a.revenue_ttm,
    );
    expect(got).toEqual([3e6, 3e6, 3e6, 3e6, 3e6, 3e6, 3e6, 3e6, 3e7]);
  });

  it("reports abc, a negative amount and fractional yuan, each at its row and column", () => {
    const errors = errorsOf(
      parseImportFile(csv("客户编号,客户名称,近12月收入", "A,甲,abc", "B,乙,-300", "C,丙,300.5"), "csv"),
    );
    expect(errors.map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 2, column: "近12月收入" },
      { row: 3, column: "近12月收入" },
      { row: 4, column: "近12月收入" },
    ]);
    expect(errors[0]?.message).toMatch(/not an amount of money/);
    expect(errors[1]?.message).toMatch(/negative/);
    expect(errors[2]?.message).toMatch(/not a whole number of yuan/);
  });
});

describe("CSV as Excel writes it", () => {
  it("handles a BOM, CRLF, quoted cells with commas, quotes and line breaks, blank rows and trailing empty columns", () => {
    const text =
      "\uFEFF客户编号,客户名称,别名,近12月收入,,\r\n" +
      'A,"东江省大数据管理局","省大数据局；""大数据局""","3,000,000",,\r\n' +
      ",,,,,\r\n" +
      "\r\n" +
      'B,"临海市\r\n第一人民医院",,180万,,\r\n';
    const r = parseImportFile(text, "csv");
    const [a, b] = accountsOf(r);
    expect(a).toMatchObject({
      id: "A",
      name: "东江省大数据管理局",
      aliases: ["省大数据局", '"大数据局"'],
      revenue_ttm: 3_000_000,
    });
    expect(b).toMatchObject({ id: "B", name: "临海市\r\n第一人民医院", revenue_ttm: 1_800_000 });
  });

  it("warns once for all the columns kvalue computes (its own 管理表 export carries them), naming each", () => {
    const r = parseImportFile(csv("客户编号,客户名称,客户分级,近12月收入,V 综合价值", "A,甲,P1,300万,80"), "csv");
    expect(accountsOf(r)[0]).toMatchObject({ id: "A", revenue_ttm: 3_000_000 });
    const derived = r.warnings.filter((w) => w.said?.en.includes("computed by kvalue"));
    expect(derived.map((w) => [w.row, w.column, w.said?.["zh-CN"]])).toEqual([
      [1, null, "“客户分级”、“V 综合价值”（2 列）是 kvalue 计算得出的，不导入"],
    ]);
    expect(derived[0]?.said?.en).toBe('"客户分级", "V 综合价值" (2 columns) are computed by kvalue and not imported');
  });

  it("counts rows as a spreadsheet does: blank rows and multi-line cells do not shift the row numbers", () => {
    const text = '客户编号,客户名称,毛利率\r\nA,"两行\r\n名称",30\r\n,,\r\nB,乙,300\r\n';
    expect(errorsOf(parseImportFile(text, "csv"))).toMatchObject([
      { row: 4, column: "毛利率", path: "gross_margin_pct", message: '"300" is outside 0–100%' },
    ]);
  });

  it("reads semicolon- and tab-separated exports", () => {
    expect(accountsOf(parseImportFile("id;name;revenue_ttm\nA;甲;3,000,000\n", "csv"))[0]?.revenue_ttm).toBe(3_000_000);
    expect(accountsOf(parseImportFile("id\tname\trevenue_ttm\nA\t甲\t300万\n", "csv"))[0]?.revenue_ttm).toBe(3_000_000);
  });

  it("reads money in a （万元） column as 万", () => {
    expect(
      accountsOf(parseImportFile(csv("客户编号,客户名称,年度相关预算（万元）", "A,甲,2000"), "csv"))[0]?.wallet_annual,
    ).toBe(20_000_000);
  });

  it("reports a row with more cells than the header (an unquoted 3,000,000) instead of shifting columns", () => {
    expect(errorsOf(parseImportFile(csv("id,name,revenue_ttm,gross_margin_pct", "A,甲,3,000,000,30"), "csv"))).toEqual([
      {
        row: 2,
        column: null,
        path: "",
        message: "row has 6 cells but the header has 4; is a number such as 3,000,000 missing its quotes?",
      },
    ]);
  });

  it("reports the first cell under a column without a header, in header order, and a file with no header row", () => {
    // Read row by row (issue 11.7): the unnamed column's error still comes first, at the first row that fills it.
    const errors = errorsOf(
      parseImportFile(csv("id,,name,,owner_ar,strange", "A,,甲,,,", "B,x,乙,,,", "C,y,丙,z,,"), "csv", {
        strict: true,
      }),
    );
    expect(errors).toEqual([
      { row: 3, column: null, path: "", message: 'column 2 has no header but holds "x"' },
      { row: 4, column: null, path: "", message: 'column 4 has no header but holds "z"' },
      expect.objectContaining({ row: 1, column: "strange", message: expect.stringContaining("(--strict)") }),
    ]);
    expect(errorsOf(parseImportFile(csv(",,", "A,甲"), "csv"))).toEqual([
      { row: 1, column: null, path: "", message: "the file has no header row" },
    ]);
    expect(errorsOf(parseImportFile("", "csv"))[0]?.message).toBe("the file has no header row");
  });

  it("reports a file that is not CSV at all (an unclosed quote)", () => {
    const [e] = errorsOf(parseImportFile('id,name\nA,"unclosed\n', "csv"));
    expect(e).toMatchObject({ row: 2, column: null });
    expect(e?.message).toMatch(/not readable as CSV/);
  });

  it("decodes the GBK bytes Excel on a Chinese Windows saves, and UTF-8 with or without a BOM", () => {
    const gbk = Uint8Array.from([0xbf, 0xcd, 0xbb, 0xa7, 0xc3, 0xfb, 0xb3, 0xc6]); // 客户名称 in GBK
    const text = (bytes: Uint8Array) => decodeImportBytes(bytes).text;
    expect(text(gbk)).toBe("客户名称");
    expect(text(new TextEncoder().encode("\uFEFF客户名称"))).toBe("客户名称");
    expect(text(new TextEncoder().encode("客户名称"))).toBe("客户名称");
    expect(text(Uint8Array.from([0xff, 0xfe, 0xa2, 0x5b]))).toBe("客");
  });

  it("refuses a UTF-8 file with a line in GBK (a pasted cell), naming the line; a GBK file is read as one", () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    const gbkCell = [0xb2, 0xe2, 0xca, 0xd4, 0xbf, 0xcd, 0xbb, 0xa7]; // 测试客户 in GBK
    const mixed = Uint8Array.from([
      ...utf8("id,name,revenue_ttm\nDJ-JT,东江交通投资集团,7000000\nX-1,"),
      ...gbkCell,
      ...utf8(",100\n"),
    ]);
    expect(decodeImportFile(mixed)).toEqual({ ok: false, problem: { kind: "mixed_encoding", line: 3 } });
    expect(mixedEncodingLine(mixed)).toBe(3);
    // All GBK: more stray bytes than UTF-8 characters, read as GB18030.
    const gbk = Uint8Array.from([...utf8("id,name\nX-1,"), ...gbkCell, ...utf8("\nX-2,"), ...gbkCell]);
    expect(decodeImportFile(gbk)).toEqual({ ok: true, text: "id,name\nX-1,测试客户\nX-2,测试客户" });
    expect(mixedEncodingLine(utf8("客户名称\n东江"))).toBeNull();
  });
});

describe("CSV errors: every one, with its place", () => {
  it("reports exactly the 3 bad cells of a file, by spreadsheet row and column as the file names it", () => {
    const errors = errorsOf(
      parseImportFile(
        csv(
          ZH_HEADER,
          "A,甲,,政府机关,省级,政务,是,300万,30,4,2000万,增长,区域龙头,扩张,规划中,是,省级,周立",
          "B,乙,,政府,省,政务,是,abc,30,4,2000万,增长,区域龙头,扩张,规划中,是,省级,周立",
          "C,丙,,政府机关,省级,政务,是,300万,30,4,2000万,增长,区域龙头,扩张,maybe,是,省级,周立",
          "D,丁,,政府机关,省级,医药,是,300万,30,4,2000万,增长,区域龙头,扩张,规划中,是,省级,周立",
        ),
        "csv",
      ),
    );
    expect(errors.map(({ row, column, path }) => ({ row, column, path }))).toEqual([
      { row: 3, column: "近12月收入", path: "revenue_ttm" },
      { row: 4, column: "预算状态", path: "budget_status" },
      { row: 5, column: "行业", path: "industry" },
    ]);
    expect(errors[1]?.message).toBe(
      '"maybe" is not allowed; use one of: none（无预算）, planned（规划中）, approved（已立项/已批复）',
    );
    expect(errors[2]?.message).toContain(
      "e_gov（政务）, public_security（公安）, education（教育）, healthcare（医疗）",
    );
  });

  it("warns once when a margin column holds only fractions (0.25 for 25%), which read as points", () => {
    const file = (...margins: string[]) =>
      parseImportFile(csv("客户名称,毛利率", ...margins.map((m, i) => `客户${i},${m}`)), "csv");
    const fractions = file("", "0.25", "未知", "0.3", "1");
    expect(accountsOf(fractions).map((a) => a.gross_margin_pct)).toEqual([null, 0.25, null, 0.3, 1]);
    expect(plain(fractions.warnings)).toEqual([
      {
        row: 3,
        column: "毛利率",
        path: "gross_margin_pct",
        message:
          '"毛利率" holds only values from 0 to 1 (first: 0.25); they are read as percentage points (0.25 = 0.25%). If they are fractions (0.25 for 25%), write them as 25 or 25%',
      },
    ]);
    // A value in points or a % anywhere says the column is in points; 0 and 1 alone say nothing.
    for (const points of [file("0.25", "30"), file("0.25", "0.5%"), file("0", "1", "")])
      expect(points.warnings).toEqual([]);
  });

  it("warns about a misspelt header with the nearest known name and skips it; --strict makes it an error", () => {
    const text = csv("客户编号,客户名称,行业前晶,gross_margn_pct,创建时间", "A,甲,增长,30,2025-01-01");
    const r = parseImportFile(text, "csv");
    expect(accountsOf(r)).toEqual([{ id: "A", name: "甲" }]);
    expect(plain(r.warnings)).toEqual([
      { row: 1, column: "行业前晶", path: "", message: 'unknown column "行业前晶" skipped; did you mean "行业前景"?' },
      {
        row: 1,
        column: "gross_margn_pct",
        path: "",
        message: 'unknown column "gross_margn_pct" skipped; did you mean "gross_margin_pct"?',
      },
      { row: 1, column: "创建时间", path: "", message: 'unknown column "创建时间" skipped' },
    ]);
    expect(errorsOf(parseImportFile(text, "csv", { strict: true }))).toEqual([
      {
        row: 1,
        column: "行业前晶",
        path: "",
        message: 'unknown column "行业前晶"; did you mean "行业前景"? (--strict)',
      },
      {
        row: 1,
        column: "gross_margn_pct",
        path: "",
        message: 'unknown column "gross_margn_pct"; did you mean "gross_margin_pct"? (--strict)',
      },
      { row: 1, column: "创建时间", path: "", message: 'unknown column "创建时间" (--strict)' },
    ]);
  });

  it("still stops the file at a bad cell of a known column, with an unknown column beside it", () => {
    const errors = errorsOf(parseImportFile(csv("客户编号,客户名称,负责人部门,近12月收入", "A,甲,华东,很多"), "csv"));
    expect(errors.map((e) => [e.row, e.column])).toEqual([[2, "近12月收入"]]);
  });

  it("skips a column only when told to", () => {
    const r = parseImportFile(csv("客户编号,客户名称,创建时间", "A,甲,2025-01-01"), "csv", {
      ignore_columns: ["创建时间"],
    });
    expect(accountsOf(r)).toEqual([{ id: "A", name: "甲" }]);
  });

  it("reports two columns that feed one field", () => {
    const errors = errorsOf(parseImportFile(csv("客户编号,客户名称,年收入,revenue_ttm", "A,甲,1,2"), "csv"));
    expect(errors).toEqual([
      {
        row: 1,
        column: "revenue_ttm",
        path: "revenue_ttm",
        message: '"revenue_ttm" and "年收入" both give revenue_ttm; keep one',
      },
    ]);
  });

  it("reports duplicate ids and duplicate names (case, width, spacing and punctuation aside) at the later row", () => {
    const errors = errorsOf(
      parseImportFile(
        csv("客户编号,客户名称", "A,东江省公安厅", "B,东江省 公安厅", "A,东江大学", "D,东江省·公安厅"),
        "csv",
      ),
    );
    expect(errors).toEqual([
      { row: 3, column: "客户名称", path: "name", message: 'duplicate name "东江省 公安厅" (also on row 2)' },
      {
        row: 4,
        column: "客户编号",
        path: "id",
        message: 'duplicate account id "A": row 4 ("东江大学") and row 2 ("东江省公安厅")',
      },
      { row: 5, column: "客户名称", path: "name", message: 'duplicate name "东江省·公安厅" (also on row 2)' },
    ]);
  });

  it("requires the name column and its cells; 客户编号 may be absent or empty (the row is then matched by name)", () => {
    expect(errorsOf(parseImportFile(csv("客户编号,行业", "A,政务"), "csv"))).toEqual([
      { row: 1, column: null, path: "name", message: "missing column 客户名称 / name" },
    ]);
    expect(errorsOf(parseImportFile(csv("客户编号,客户名称", ",甲", "B,"), "csv"))).toEqual([
      { row: 3, column: "客户名称", path: "name", message: "客户名称 (name) is required" },
    ]);
    expect(accountsOf(parseImportFile(csv("客户名称,行业", "甲,政务"), "csv"))).toEqual([
      { name: "甲", industry: "e_gov" },
    ]);
    expect(accountsOf(parseImportFile(csv("客户编号,客户名称", ",甲"), "csv"))).toEqual([{ name: "甲" }]);
  });

  it("checks the fields' own rules after reading the cells (a uscc of the wrong length)", () => {
    expect(errorsOf(parseImportFile(csv("客户编号,客户名称,统一社会信用代码", "A,甲,12345"), "csv"))).toEqual([
      { row: 2, column: "统一社会信用代码", path: "uscc", message: "统一社会信用代码 is 18 characters" },
    ]);
  });
});

describe("JSON in the §10.1 form", () => {
  const golden = readFileSync(new URL("../golden/assess-abc.input.json", import.meta.url), "utf8");

  it("imports the golden assess input (accounts A, B, C) unchanged", () => {
    const accounts = accountsOf(parseImportFile(golden, "json"));
    expect(accounts.map((a) => a.id)).toEqual(["A", "B", "C"]);
    expect(accounts[2]).toMatchObject({ wallet_annual: null, budget_status: null });
    expect(accounts[0]?.needs?.[0]).toMatchObject({ id: "p1", severity: 5, confirmed: true });
  });

  it("accepts a bare array and a BOM", () => {
    const list = JSON.stringify([
      {
        id: "A",
        name: "甲",
        opportunities: [{ id: "O-1", stage: "S4", amount: 5_000_000, meddpicc: { champion: true } }],
      },
    ]);
    const [a] = accountsOf(parseImportFile(`\uFEFF${list}`, "json"));
    expect(a?.opportunities?.[0]?.meddpicc).toEqual({
      metrics: false,
      economic_buyer: false,
      decision_criteria: false,
      decision_process: false,
      paper_process: false,
      identify_pain: false,
      champion: true,
      competition: false,
    });
  });

  it("reports every bad value at its JSON path, naming the allowed values", () => {
    const file = JSON.stringify({
      accounts: [
        { id: "A", name: "甲" },
        { id: "B", name: "乙", budget_status: "maybe", contacts: [{ id: "c1", role: "boss", influence: "high" }] },
        { id: "C", name: "丙", revenue_ttm: -5, budgt_status: "none" },
      ],
    });
    expect(errorsOf(parseImportFile(file, "json"))).toEqual([
      {
        row: null,
        column: null,
        path: "accounts[1].budget_status",
        message: 'expected one of none|planned|approved (got "maybe")',
      },
      {
        row: null,
        column: null,
        path: "accounts[1].contacts[0].role",
        message:
          'expected one of economic_buyer|technical_buyer|user_buyer|coach|initiator|influencer|procurement|gatekeeper (got "boss")',
      },
      { row: null, column: null, path: "accounts[2].revenue_ttm", message: "must be ≥ 0 (got -5)" },
      {
        row: null,
        column: null,
        path: "accounts[2].budgt_status",
        message: 'unknown field "budgt_status"; did you mean "budget_status"?',
      },
    ]);
  });

  it("uses [i] paths for a bare array", () => {
    expect(errorsOf(parseImportFile('[{"id":"A","name":"甲","industry":"gov"}]', "json"))[0]?.path).toBe(
      "[0].industry",
    );
  });

  it("reports duplicate account ids and names, and ids repeated inside an account", () => {
    const file = JSON.stringify({
      accounts: [
        { id: "A", name: "甲", opportunities: [{ id: "O-1", stage: "S1", amount: 1 }] },
        {
          id: "A",
          name: "乙",
          contacts: [
            { id: "c", role: "coach", influence: "low" },
            { id: "c", role: "coach", influence: "low" },
          ],
        },
        { id: "B", name: "甲 ", opportunities: [{ id: "O-1", stage: "S2", amount: 1 }] },
      ],
    });
    // Issue 15: an opportunity id is unique within its account, like contact and need ids ("O-1" in A and B is fine).
    expect(errorsOf(parseImportFile(file, "json")).map((e) => e.path)).toEqual([
      "accounts[1].id",
      "accounts[1].contacts[1].id",
      "accounts[2].name",
    ]);
  });

  describe("one id rule for needs, contacts and opportunities (issue 15)", () => {
    const part = {
      needs: { id: "x", category: "efficiency", severity: 3 },
      contacts: { id: "x", role: "coach", influence: "low" },
      opportunities: { id: "x", stage: "S1", amount: 1 },
    } as const;

    it.each(Object.keys(part) as (keyof typeof part)[])("accepts the same %s id in two accounts", (list) => {
      const file = JSON.stringify({
        accounts: [
          { id: "A", name: "甲", [list]: [part[list]] },
          { id: "B", name: "乙", [list]: [part[list]] },
        ],
      });
      expect(accountsOf(parseImportFile(file, "json"))).toHaveLength(2);
    });

    it.each(Object.keys(part) as (keyof typeof part)[])(
      "refuses a %s id twice in one account, naming the place and the account",
      (list) => {
        const what = { needs: "need", contacts: "contact", opportunities: "opportunity" }[list];
        const file = JSON.stringify({
          accounts: [
            { id: "A", name: "甲" },
            { id: "B", name: "乙", [list]: [part[list], part[list]] },
          ],
        });
        expect(errorsOf(parseImportFile(file, "json"))).toEqual([
          {
            row: null,
            column: null,
            path: `accounts[1].${list}[1].id`,
            message: `duplicate ${what} id "x" within account accounts[1] (B "乙"): accounts[1].${list}[1] and accounts[1].${list}[0] (${what} ids are unique within their account)`,
          },
        ]);
      },
    );

    it("names both accounts when two accounts share an id", () => {
      const file = JSON.stringify({
        accounts: [
          { id: "A", name: "甲" },
          { id: "A", name: "乙" },
        ],
      });
      expect(errorsOf(parseImportFile(file, "json"))).toEqual([
        {
          row: null,
          column: null,
          path: "accounts[1].id",
          message: 'duplicate account id "A": accounts[1] (A "乙") and accounts[0] (A "甲")',
        },
      ]);
    });
  });

  it("says what is wrong with a file that is not JSON or has no accounts", () => {
    expect(errorsOf(parseImportFile("{ accounts: ", "json"))[0]?.message).toMatch(/^not valid JSON/);
    expect(errorsOf(parseImportFile('{"as_of":"2025-06-30"}', "json"))).toEqual([
      { row: null, column: null, path: "accounts", message: 'expected { "accounts": [ … ] } or an array of accounts' },
    ]);
  });

  it("checks opportunity stage histories at their paths", () => {
    const file = JSON.stringify({
      accounts: [
        {
          id: "A",
          name: "甲",
          opportunities: [
            {
              id: "O-1",
              stage: "S3",
              amount: 1_000_000,
              stage_history: [
                { stage: "S0", entered_date: "2025-03-01", amount_at_entry: 1_000_000 },
                { stage: "S2", entered_date: "2025-02-01", amount_at_entry: 1_000_000 },
              ],
            },
          ],
        },
      ],
    });
    expect(errorsOf(parseImportFile(file, "json"))).toEqual([
      {
        row: null,
        column: null,
        path: "accounts[0].opportunities[0].stage_history[1].entered_date",
        message: "2025-02-01 is before the previous entry's 2025-03-01; history must be in date order",
      },
      {
        row: null,
        column: null,
        path: "accounts[0].opportunities[0].stage_history[1].stage",
        message: "last history entry is S2 but the opportunity is at S3",
      },
    ]);
  });
});

describe("documentation", () => {
  it("lists every accounts CSV column in src/features/import-export/README.md", () => {
    const readme = readFileSync(new URL("../../src/features/import-export/README.md", import.meta.url), "utf8");
    for (const c of ACCOUNT_CSV_COLUMNS) expect(readme, c.field).toContain(`| \`${c.field}\` | ${c.zh} | ${c.en} |`);
  });
});
