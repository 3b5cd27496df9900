// METHOD §2.1 numerics and §3.1 normalisation edges (§7.4).
import { describe, expect, it } from "vitest";
import {
  atLeast,
  ceilCount,
  linear,
  logscale,
  q9,
  quadrantOf,
  round2,
  round4,
  roundHalfUp,
} from "../../src/core/index.js";

describe("§2.1 rounding", () => {
  it("displays the float 39.37499999999999 as 39.38 (quantize 9 dp, then half-up)", () => {
    expect(q9(39.37499999999999)).toBe(39.375);
    expect(round2(39.37499999999999)).toBe(39.38);
  });

  it("rounds decimal ties half-up even where the double lies just below (1.005 → 1.01)", () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(-1.005)).toBe(-1.01);
    expect(round4(0.76666666666)).toBe(0.7667);
    expect(round2(74.6992439)).toBe(74.7);
  });

  it("quantizes ties at the tenth decimal to even", () => {
    expect(q9(1 / 1024)).toBe(0.000976562); // 0.0009765625 exactly
    expect(q9(3 / 1024)).toBe(0.002929688); // 0.0029296875 exactly
  });

  it("keeps money of any size exact to the cent", () => {
    expect(round2(2_666_666.666666667)).toBe(2_666_666.67);
    expect(round2(800_000_000.125)).toBe(800_000_000.13); // exact in binary: a true decimal tie
    expect(roundHalfUp(12_345_678_901.5, 0)).toBe(12_345_678_902);
  });

  it("never prints −0", () => {
    expect(Object.is(round2(-0.0000001), 0)).toBe(true);
  });
});

describe("§2.1 counts", () => {
  it("takes the ceiling after quantizing to 6 dp, so float noise does not add a lead", () => {
    expect((12 - 11.76) / 0.04).not.toBe(6); // 6.000000000000005
    expect(ceilCount((12 - 11.76) / 0.04)).toBe(6);
    expect(ceilCount(37.5)).toBe(38);
    expect(ceilCount(21.75)).toBe(22);
    expect(ceilCount(10.0000004)).toBe(10);
    expect(ceilCount(10.000001)).toBe(11);
    expect(ceilCount(0)).toBe(0);
  });
});

describe("§2.1 thresholds and §7.4 edges", () => {
  it("puts X = 50.000000000, Y = 49.999999999 in Q3 maintain (ties high on X, Y < 50)", () => {
    expect(quadrantOf(50.0, 49.999999999)).toBe("maintain");
  });

  it("treats a value within float noise of 50 as 50", () => {
    expect(atLeast(49.9999999996, 50)).toBe(true);
    expect(atLeast(49.999999999, 50)).toBe(false);
    expect(quadrantOf(49.99999999996, 49.99999999996)).toBe("strategic");
  });

  it("puts X = 30, Y = 30 in Q4 opportunistic", () => {
    expect(quadrantOf(30, 30)).toBe("opportunistic");
  });

  it("scales logscale(50,000; 1e5, 1e7) to 0 and logscale(2e7; 1e5, 1e7) to 100", () => {
    expect(round2(logscale(50_000, 1e5, 1e7))).toBe(0);
    expect(round2(logscale(2e7, 1e5, 1e7))).toBe(100);
    expect(round2(logscale(0, 1e5, 1e7))).toBe(0);
    expect(logscale(3_000_000, 1e5, 1e7)).toBeCloseTo(73.8560627, 6);
  });

  it("clamps linear scales", () => {
    expect(linear(6, 0, 5)).toBe(100);
    expect(linear(-1, 0, 40)).toBe(0);
    expect(linear(30, 0, 40)).toBe(75);
  });
});
