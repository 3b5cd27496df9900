// How single spreadsheet cells are read: money, percentages, yes/no, enums, dates, lists.
import { describe, expect, it } from "vitest";
import {
  parseBool,
  parseCount,
  parseDate,
  parseEnum,
  parseList,
  parseMoney,
  parsePercent,
  parseRate,
  parseText,
} from "../../src/features/import-export/cells.js";
import { assessInputSchema } from "../../src/core/facts.js";
import { parseAssignments } from "../../src/features/accounts/service.js";

const value = <T>(r: { ok: true; value: T | null } | { ok: false; message: string }): T | null => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe("parseMoney: integer yuan however a CRM writes it", () => {
  it.each([
    ["3000000", 3_000_000],
    ["300万", 3_000_000],
    ["3,000,000", 3_000_000],
    ["1.2亿", 120_000_000],
    ["¥3,000,000", 3_000_000],
    ["￥３，０００，０００", 3_000_000],
    ["300\u3000万", 3_000_000],
    ["300 万元", 3_000_000],
    ["RMB 3,000,000.00", 3_000_000],
    ["300.5万", 3_005_000],
    ["300w", 3_000_000],
    ["0", 0],
    ["12千", 12_000],
  ])("reads %s as %d", (raw, yuan) => {
    expect(value(parseMoney(raw))).toBe(yuan);
  });

  it("reads an empty cell as unknown, never as zero", () => {
    expect(value(parseMoney(""))).toBeNull();
    expect(value(parseMoney("  "))).toBeNull();
    expect(value(parseMoney("-"))).toBeNull();
  });

  it("applies the unit of a （万元） header to plain numbers, but a unit in the cell wins", () => {
    expect(value(parseMoney("2000", 4))).toBe(20_000_000);
    expect(value(parseMoney("0.5", 4))).toBe(5_000);
    expect(value(parseMoney("1亿", 4))).toBe(100_000_000);
  });

  it.each([
    ["abc", /"abc" is not an amount of money; write yuan as 3000000, 3,000,000, ¥3,000,000, 300万 or 1\.2亿/],
    ["-300", /"-300" is negative/],
    ["(300)", /"\(300\)" is not an amount of money/],
    ["300.5", /"300\.5" is not a whole number of yuan/],
    ["12.34567万", /not a whole number of yuan/],
    ["3万5", /not an amount of money/],
    ["9".repeat(20), /too large/],
  ])("rejects %s with a clear message", (raw, message) => {
    const r = parseMoney(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe("percentages, rates and counts", () => {
  it("reads 30, 30% and 30％ as 30 percentage points", () => {
    expect(value(parsePercent("30"))).toBe(30);
    expect(value(parsePercent("30%"))).toBe(30);
    expect(value(parsePercent("３０％"))).toBe(30);
    expect(value(parsePercent("12.5%"))).toBe(12.5);
    expect(value(parsePercent(""))).toBeNull();
  });

  it("rejects percentages outside 0–100 and words", () => {
    expect(parsePercent("120%")).toMatchObject({ ok: false, message: '"120%" is outside 0–100%' });
    expect(parsePercent("-5")).toMatchObject({ ok: false, message: '"-5" is outside 0–100%' });
    expect(parsePercent("高")).toMatchObject({ ok: false });
  });

  it("reads rates as 0.9 or 90%", () => {
    expect(value(parseRate("0.9"))).toBe(0.9);
    expect(value(parseRate("90%"))).toBe(0.9);
    expect(parseRate("1.5")).toMatchObject({ ok: false });
  });

  it("reads whole years with or without 年", () => {
    expect(value(parseCount("4"))).toBe(4);
    expect(value(parseCount("4年"))).toBe(4);
    expect(parseCount("4.5", "years")).toMatchObject({ ok: false, message: '"4.5" is not a whole number of years' });
    expect(parseCount("-1")).toMatchObject({ ok: false });
    // 合作年限 has a bound: a date or an amount typed in the column is refused, not stored (it overflowed
    // PostgreSQL's integer column).
    expect(parseCount("99999999999", "years", 100)).toMatchObject({ ok: false, code: "int_range", max: 100 });
    expect(value(parseCount("100", "years", 100))).toBe(100);
    expect(parseAssignments([{ field: "合作年限", value: "20150301" }]).errors).toMatchObject([
      { field: "合作年限", code: "invalid" },
    ]);
    expect(
      assessInputSchema.safeParse({ as_of: "2026-01-01", accounts: [{ id: "a", relationship_years: 101 }] }).success,
    ).toBe(false);
  });
});

describe("yes/no, enums, dates, lists, text", () => {
  it.each([
    ["是", true],
    ["否", false],
    ["Y", true],
    ["n", false],
    ["TRUE", true],
    ["false", false],
    ["1", true],
    ["√", true],
    ["有", true],
    ["无", false],
  ])("reads %s as %s", (raw, b) => {
    expect(value(parseBool(raw))).toBe(b);
  });

  it("rejects a yes/no cell it cannot read", () => {
    expect(parseBool("maybe")).toMatchObject({
      ok: false,
      message: '"maybe" is not yes/no; write 是/否, Y/N or true/false',
    });
  });

  it("reads enum values as code, Chinese name, synonym or English label", () => {
    expect(value(parseEnum("customer_type", "政府机关"))).toBe("gov");
    expect(value(parseEnum("admin_level", "省级"))).toBe("provincial");
    expect(value(parseEnum("budget_status", "已立项"))).toBe("approved");
    expect(value(parseEnum("budget_status", "已批复"))).toBe("approved");
    expect(value(parseEnum("industry_outlook", "强劲增长"))).toBe("strong_growth");
    expect(value(parseEnum("industry_outlook", "Strong Growth"))).toBe("strong_growth");
    expect(value(parseEnum("industry_outlook", "strong_growth"))).toBe("strong_growth");
    expect(value(parseEnum("market_position", "区域龙头/省级主管"))).toBe("regional_leader");
  });

  it("keeps enum values that look like unknown markers (incumbent 未知, admin level N/A)", () => {
    expect(value(parseEnum("incumbent", "未知"))).toBe("unknown");
    expect(value(parseEnum("admin_level", "N/A"))).toBe("na");
    expect(value(parseEnum("budget_status", "未知"))).toBeNull();
  });

  it("names the allowed values when an enum cell is wrong", () => {
    expect(parseEnum("budget_status", "maybe")).toMatchObject({
      ok: false,
      message: '"maybe" is not allowed; use one of: none（无预算）, planned（规划中）, approved（已立项/已批复）',
    });
  });

  it.each([
    ["2025-06-30", "2025-06-30"],
    ["2025/6/30", "2025-06-30"],
    ["2025.6.3", "2025-06-03"],
    ["2025年6月30日", "2025-06-30"],
    ["2025/6/30 14:05:00", "2025-06-30"],
    ["20250630", "2025-06-30"],
  ])("reads the date %s", (raw, iso) => {
    expect(value(parseDate(raw))).toBe(iso);
  });

  it("rejects dates that are not on the calendar", () => {
    expect(parseDate("2025-02-30")).toMatchObject({ ok: false });
    expect(parseDate("30/06/2025")).toMatchObject({ ok: false });
    expect(parseDate("20250230")).toMatchObject({ ok: false });
    expect(parseDate("2025063")).toMatchObject({ ok: false });
  });

  it("splits alias lists on ; ； 、 | and drops repeats", () => {
    expect(value(parseList("省大数据局；大数据局; DJ Big Data、省大数据局"))).toEqual([
      "省大数据局",
      "大数据局",
      "DJ Big Data",
    ]);
    expect(value(parseList(" ; "))).toBeNull();
  });

  it("undoes the formula-injection quote of an export", () => {
    expect(value(parseText("'=SUM(A1)"))).toBe("=SUM(A1)");
    expect(value(parseText("'s-Hertogenbosch"))).toBe("'s-Hertogenbosch");
  });
});
