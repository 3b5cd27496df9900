import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ceilCount,
  display2,
  formatDate,
  formatMoney,
  formatMoneyExact,
  formatMultiple,
  formatPercent,
  formatPercentPoints,
  formatScore,
  formatScoreDelta,
  formatYuanPlain,
  localeFromSlack,
  parseMoney,
} from "../../src/i18n/index.js";

describe("zh-CN money: 元 below 1万, then 万, then 亿", () => {
  it.each([
    [0, "0元"],
    [1, "1元"],
    [8_500, "8,500元"],
    [9_999, "9,999元"],
    [9_999.5, "1万"], // rounds to 10,000元, so it is shown in 万
    [10_000, "1万"],
    [12_345, "1.23万"],
    [12_350, "1.24万"], // half-up at the shown precision
    [200_000, "20万"],
    [2_666_666.67, "266.67万"],
    [3_000_000, "300万"],
    [17_000_000, "1,700万"],
    [29_800_000, "2,980万"],
    [30_000_000, "3,000万"],
    [99_999_999, "1亿"], // not "10,000万"
    [100_000_000, "1亿"],
    [125_000_000, "1.25亿"],
    [123_456_789, "1.23亿"],
    [2_160_000_000, "21.6亿"],
    [800_000_000, "8亿"],
    [-2_130_000, "-213万"],
  ])("%d → %s", (yuan, shown) => {
    expect(formatMoney("zh-CN", yuan)).toBe(shown);
  });

  it("writes the METHOD §3.6 headroom example", () => {
    expect([30_000_000, 200_000, 29_800_000].map((x) => formatMoney("zh-CN", x))).toEqual([
      "3,000万",
      "20万",
      "2,980万",
    ]);
  });

  it("signs deltas when asked and never throws on non-finite input", () => {
    expect(formatMoney("zh-CN", 300_000, { signed: true })).toBe("+30万");
    expect(formatMoney("zh-CN", -2_250_000, { signed: true })).toBe("-225万");
    expect(formatMoney("zh-CN", 0, { signed: true })).toBe("0元");
    expect(formatMoney("zh-CN", Number.NaN)).toBe("—");
    expect(formatMoney("en", Number.POSITIVE_INFINITY)).toBe("—");
  });
});

describe("en money: ¥ with separators below ¥1M, then M and B", () => {
  it.each([
    [0, "¥0"],
    [850, "¥850"],
    [850_000, "¥850,000"],
    [999_999, "¥999,999"],
    [1_000_000, "¥1M"],
    [1_740_000, "¥1.74M"],
    [2_666_666.67, "¥2.67M"],
    [30_000_000, "¥30M"],
    [216_000_000, "¥216M"],
    [1_250_000_000, "¥1.25B"],
    [-2_130_000, "-¥2.13M"],
  ])("%d → %s", (yuan, shown) => {
    expect(formatMoney("en", yuan)).toBe(shown);
  });
});

describe("parseMoney accepts what people type", () => {
  it.each([
    ["3000000", 3_000_000],
    ["3,000,000", 3_000_000],
    ["300万", 3_000_000],
    ["3亿", 300_000_000],
    ["1.25亿", 125_000_000],
    ["3000万元", 30_000_000],
    ["¥3,000,000", 3_000_000],
    ["￥ 8,500 元", 8_500],
    ["３００万", 3_000_000], // full-width digits from a Chinese IME
    ["300w", 3_000_000],
    ["3M", 3_000_000],
    ["2.5m", 2_500_000],
    ["0", 0],
  ])("%s → %d", (text, yuan) => {
    expect(parseMoney(text)).toEqual({ ok: true, value: yuan });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["abc", "format"],
    ["3百", "format"],
    ["1.2.3", "format"],
    ["-5", "negative"],
    ["1.23456万", "fraction"], // 12,345.6元 is not whole yuan
    ["3.5", "fraction"],
    ["99999999999亿", "too_large"],
  ])("%s is rejected as %s", (text, error) => {
    expect(parseMoney(text)).toEqual({ ok: false, error });
  });

  it("round-trips through the plain form used in modals", () => {
    for (const x of [0, 8_500, 3_000_000, 123_456_789])
      expect(parseMoney(formatYuanPlain(x))).toEqual({ ok: true, value: x });
  });
});

describe("scores and counts follow METHOD §2.1", () => {
  it("quantizes to 9 dp before rounding half-up to 2 dp", () => {
    expect(display2(39.37499999999999)).toBe("39.38");
    expect(formatScore(79.0044892)).toBe("79.00");
    expect(formatScore(77.80090667033672)).toBe("77.80");
    expect(formatScore(0.005)).toBe("0.01");
    expect(formatScore(-27.46395015176065)).toBe("-27.46");
    expect(formatScore(-0.001)).toBe("0.00");
    expect(formatScoreDelta(5.871)).toBe("+5.87");
    expect(formatScore(Number.NaN)).toBe("—");
  });

  it("shows counts as ceilings after quantizing", () => {
    expect(ceilCount(37.5)).toBe(38);
    expect(ceilCount(21.75)).toBe(22);
    expect(ceilCount(5.999999999999999)).toBe(6);
    expect(ceilCount(12)).toBe(12);
  });

  it("formats percentages, percentage points and coverage multiples", () => {
    expect(formatPercent("zh-CN", 0.9275)).toBe("92.75%");
    expect(formatPercent("en", 0.3375)).toBe("33.75%");
    expect(formatPercentPoints("zh-CN", 0.0311)).toBe("+3.11 个百分点");
    expect(formatPercentPoints("en", -0.0311)).toBe("-3.11 pp");
    expect(formatMultiple(216_000_000 / 22_260_000)).toBe("9.70×");
  });
});

describe("dates", () => {
  it("writes ISO dates the way each language does", () => {
    expect(formatDate("zh-CN", "2025-07-04")).toBe("2025年7月4日");
    expect(formatDate("en", "2025-07-04")).toBe("4 Jul 2025");
    expect(formatDate("en", null)).toBe("—");
    expect(formatDate("zh-CN", "not a date")).toBe("not a date");
  });
});

describe("localeFromSlack", () => {
  it.each([
    ["zh-CN", "zh-CN"],
    ["zh-TW", "zh-CN"],
    ["zh_HK", "zh-CN"],
    ["zh", "zh-CN"],
    ["ZH-cn", "zh-CN"],
    ["en-US", "en"],
    ["ja-JP", "en"],
    ["", "en"],
    [undefined, "en"],
    [null, "en"],
    ["zhx", "en"],
  ])("%s → %s", (slack, locale) => {
    expect(localeFromSlack(slack)).toBe(locale);
  });
});

describe("formatMoneyExact: an input's current money, in the card's unit and exact (issue 13, item 9)", () => {
  it.each([
    ["zh-CN", 3_000_000, "300万"],
    ["zh-CN", 2_666_666, "266.6666万"],
    ["zh-CN", 123_456_789, "1.23456789亿"],
    ["zh-CN", 99_999_999, "0.99999999亿"],
    ["zh-CN", 8_500, "8,500元"],
    ["en", 3_000_000, "¥3M"],
    ["en", 850_000, "¥850,000"],
  ] as const)("%s %d → %s", (locale, yuan, text) => {
    expect(formatMoneyExact(locale, yuan)).toBe(text);
  });

  it("reads back to the same yuan in both languages", () => {
    fc.assert(
      fc.property(fc.constantFrom("zh-CN" as const, "en" as const), fc.nat({ max: 10 ** 13 }), (locale, yuan) => {
        expect(parseMoney(formatMoneyExact(locale, yuan))).toEqual({ ok: true, value: yuan });
      }),
    );
  });
});
