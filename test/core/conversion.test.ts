// METHOD §5.2 conversion rates from a hand-built closed cohort, and §6.3/§7.7 calibration numbers.
import { describe, expect, it } from "vitest";
import {
  brierScore,
  brierSkill,
  conversionRates,
  DEFAULT_RATES,
  round4,
  smooth,
  type OpportunityHistory,
} from "../../src/core/index.js";

type Entry = [stage: OpportunityHistory["stage"], date: string, amount: number | null];
const opp = (
  id: string,
  stage: OpportunityHistory["stage"],
  amount: number,
  history: Entry[],
  final?: number,
): OpportunityHistory => ({
  id,
  stage,
  amount,
  final_amount: final ?? null,
  stage_history: history.map(([s, entered_date, amount_at_entry]) => ({ stage: s, entered_date, amount_at_entry })),
});

// As of 2025-07-01 the cohort is what closed in [2024-07-01, 2025-07-01).
const AS_OF = "2025-07-01";
const cohort: OpportunityHistory[] = [
  // Every stage recorded; the price drops at 投标/谈判 and again at signing.
  opp(
    "W1",
    "W",
    900_000,
    [
      ["S0", "2024-09-01", 1_000_000],
      ["S1", "2024-10-01", 1_000_000],
      ["S2", "2024-11-01", 1_000_000],
      ["S3", "2024-12-01", 1_000_000],
      ["S4", "2025-01-01", 950_000],
      ["S5", "2025-02-01", 900_000],
      ["W", "2025-03-01", 900_000],
    ],
    900_000,
  ),
  // Skips S1 (amount of the next entry, S2) and S3–S4 (amount of S5).
  opp(
    "W2",
    "W",
    1_600_000,
    [
      ["S0", "2024-10-01", 2_000_000],
      ["S2", "2024-11-01", 2_000_000],
      ["S5", "2025-02-01", 1_800_000],
      ["W", "2025-04-01", null],
    ],
    1_600_000,
  ),
  // Reaches S3, falls back to S2, then is lost: the highest stage (S3) counts; the S2 re-entry does not.
  opp("L1", "L", 5_000_000, [
    ["S0", "2024-08-01", 5_000_000],
    ["S1", "2024-09-01", 5_000_000],
    ["S2", "2024-10-01", 5_000_000],
    ["S3", "2024-11-01", 5_000_000],
    ["S2", "2025-01-01", 4_000_000],
    ["L", "2025-05-01", null],
  ]),
  // Recorded from S1 on, so S0 is a skipped stage with S1's amount.
  opp("A1", "A", 3_000_000, [
    ["S1", "2024-12-01", 3_000_000],
    ["A", "2025-01-10", null],
  ]),
  // Outside the cohort: closed before the window, closed on the as-of date, still open.
  opp("L-old", "L", 1_000_000, [
    ["S0", "2024-01-01", 1_000_000],
    ["L", "2024-06-30", null],
  ]),
  opp("L-today", "L", 1_000_000, [
    ["S0", "2025-01-01", 1_000_000],
    ["L", "2025-07-01", null],
  ]),
  opp("open", "S2", 1_000_000, [
    ["S0", "2025-01-01", 1_000_000],
    ["S2", "2025-02-01", 1_000_000],
  ]),
];

describe("conversion rates from the closed cohort's stage history (§5.2)", () => {
  const r = conversionRates(cohort, { asOf: AS_OF });

  it("takes the opportunities closed W/L/A in the trailing four quarters before as_of", () => {
    expect([r.cohort, r.won]).toEqual([4, 2]);
  });

  it("counts skipped stages as passed, the highest stage for backward moves, and W at every stage", () => {
    const nx = Object.values(r.observed).map((o) => [o.n, o.x]);
    expect(nx).toEqual([
      [4, 4],
      [4, 3],
      [3, 3],
      [3, 2],
      [2, 2],
      [2, 2],
    ]);
  });

  it("fills a skipped stage's amount from the next recorded entry and ends S5 with the W final amount", () => {
    const amounts = Object.values(r.observed).map((o) => [o.amount_n, o.amount_x]);
    expect(amounts).toEqual([
      [11_000_000, 11_000_000],
      [11_000_000, 8_000_000],
      [8_000_000, 7_800_000],
      [7_800_000, 2_750_000],
      [2_750_000, 2_700_000],
      [2_700_000, 2_500_000],
    ]);
  });

  it("exposes amount leakage at S3: the big deal was lost, so a_3 < c_3", () => {
    const s3 = r.observed.S3;
    expect(s3.amount_x / s3.amount_n).toBeLessThan(s3.x / s3.n);
  });

  it("smooths counts with 20 pseudo-observations and amounts in units of the median deal size", () => {
    expect(r.median_deal_size).toBe(2_300_000); // deals 0.9M, 1.6M (W final), 3M, 5M
    expect(r.rates.count.S0).toBeCloseTo((4 + 20 * 0.5) / (4 + 20), 12);
    const m = 2_300_000;
    expect(r.rates.amount.S3).toBeCloseTo((2_750_000 / m + 20 * 0.8) / (7_800_000 / m + 20), 12);
    expect(r.probabilities.count.S5).toBeCloseTo(r.rates.count.S5, 12);
    expect(r.probabilities.count.S4).toBeCloseTo(r.rates.count.S4 * r.rates.count.S5, 12);
  });

  it("derives A_won 1,250,000 (mean W final amount) and D_cyc 181.5 days (median S0 entry → W)", () => {
    expect([r.avg_won_size, r.cycle_days]).toEqual([1_250_000, 181.5]);
  });

  it("uses the count funnel for amounts when no entry records an amount", () => {
    const bare = cohort.map((o) => ({
      ...o,
      stage_history: o.stage_history.map((e) => ({ ...e, amount_at_entry: null })),
    }));
    const b = conversionRates(bare, { asOf: AS_OF });
    expect(b.amount_history).toBe(false);
    expect(b.probabilities.amount).toEqual(b.probabilities.count);
  });

  it("falls back to the defaults and reports no A_won or D_cyc without a cohort", () => {
    const e = conversionRates([], { asOf: AS_OF });
    expect(e.rates).toEqual(DEFAULT_RATES);
    expect([e.avg_won_size, e.cycle_days, e.median_deal_size]).toEqual([null, null, null]);
  });
});

describe("calibration examples (§7.7)", () => {
  it("smooths 12 of 30 advancing at S4 to 0.44, so P_count(S4) = 0.352", () => {
    const c = smooth(12, 30, 0.5);
    expect(round4(c)).toBe(0.44);
    expect(round4(c * DEFAULT_RATES.count.S5)).toBe(0.352);
  });

  it("scores Brier 0.2656 against a base-rate 0.24 and flags BSS −0.1067", () => {
    const p = [0.8, 0.4, 0.32, 0.8, 0.16],
      y = [1, 0, 1, 0, 0] as const;
    expect(round4(brierScore(p, [...y]))).toBe(0.2656);
    const s = brierSkill(p, [...y]);
    expect([round4(s.base_rate), round4(s.reference), round4(s.skill ?? NaN)]).toEqual([0.4, 0.24, -0.1067]);
  });

  it("has no skill score when every outcome is the same", () => {
    expect(brierSkill([0.5, 0.5], [1, 1]).skill).toBeNull();
  });
});
