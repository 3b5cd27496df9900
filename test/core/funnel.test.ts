// METHOD §5 dual funnel: the §7.5 reverse calculation and the §7.6 weekly bridge and headline numbers.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  bridge,
  bridgeInputSchema,
  ceilCount,
  funnel,
  funnelInputSchema,
  funnelOutput,
  round2,
  round4,
  stageProbabilities,
  DEFAULT_RATES,
  type FunnelInput,
} from "../../src/core/index.js";

const GOLDEN = new URL("../golden/", import.meta.url);
const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, GOLDEN), "utf8"));
const june30 = funnelInputSchema.parse(read("funnel-2025.input.json"));
const week28 = bridgeInputSchema.parse(read("bridge-2025w28.input.json"));

describe("§5.2 default stage probabilities", () => {
  it("multiplies the conversion rates from S5 back to S0", () => {
    const p = stageProbabilities(DEFAULT_RATES);
    expect(Object.values(p.count).map(round4)).toEqual([0.04, 0.08, 0.16, 0.32, 0.4, 0.8]);
    expect(Object.values(p.amount).map(round4)).toEqual([0.03, 0.06, 0.12, 0.24, 0.3, 0.75]);
  });
});

describe("funnel as of Monday 2025-06-30 for calendar 2025 (§7.5)", () => {
  const f = funnel(june30);
  const out = funnelOutput(f);

  it("needs 12 wins for a gap of 24,000,000", () => {
    expect([out.gap, out.required_wins]).toEqual([24_000_000, 12]);
  });

  it("requires 300 / 150 / 75 / 38 / 30 / 15 entries per stage, each from the real N_req (never chained)", () => {
    expect(out.stages.map((s) => s.required_count)).toEqual([300, 150, 75, 38, 30, 15]);
    // Chaining from the rounded S3 neighbour would give ceil(38 / 0.5) = 76 at S2.
    expect(ceilCount(38 / 0.5)).toBe(76);
    expect(out.stages.map((s) => s.required_amount)).toEqual([800e6, 400e6, 200e6, 100e6, 80e6, 32e6]);
  });

  it("shows the amount leak at 投标→谈判 as a falling implied entry size", () => {
    const size = f.stages.map((s) => round2(s.required_amount / s.required_count));
    expect(size).toEqual([2_666_666.67, 2_666_666.67, 2_666_666.67, 2_666_666.67, 2_666_666.67, 2_133_333.33]);
  });

  it("forecasts 11.76 wins and 22,260,000 weighted", () => {
    expect([out.expected_wins, out.weighted_amount]).toEqual([11.76, 22_260_000]);
    expect(out.stages.map((s) => s.open_count)).toEqual([40, 20, 10, 8, 5, 3]);
  });

  it("finds the amount funnel binding: 22 leads against 6", () => {
    expect(out.shortfall).toEqual({
      wins: 0.24,
      amount: 1_740_000,
      new_leads_count_basis: 6,
      new_leads_amount_basis: 22,
      binding: "amount",
    });
    expect(out.stages.map((s) => s.equivalent_count)).toEqual([6, 3, 2, 1, 1, 1]);
    expect(out.stages.map((s) => s.equivalent_amount)).toEqual([58e6, 29e6, 14.5e6, 7.25e6, 5.8e6, 2.32e6]);
  });

  it("reports coverage 9.00× raw, 9.70× required, 92.75 % weighted, 0.75× / 0.3375 late", () => {
    expect(out.coverage).toEqual({
      raw: 9,
      required_raw: 9.7035,
      weighted: 0.9275,
      late_raw: 0.75,
      late_weighted: 0.3375,
    });
  });

  it("runs at 40,888.89 CNY a day and sets the lead deadline to 2025-07-04", () => {
    expect(out.velocity_per_day).toBe(40_888.89);
    expect(round2(f.velocity_per_day * 90)).toBe(3_680_000);
    expect([out.lead_deadline, out.lead_deadline_passed]).toEqual(["2025-07-04", false]);
  });
});

describe("weekly bridge 2025-07-07 vs 2025-06-30 (§7.6)", () => {
  const b = bridge(week28);

  it("explains the −2,130,000 move row by row", () => {
    expect(b.rows.map((r) => [r.id, r.label, round2(r.delta)])).toEqual([
      ["O-102", "won", -2_250_000],
      ["O-104", "slipped", -480_000],
      ["O-101", "advanced", 300_000],
      ["O-103", "new", 300_000],
    ]);
    const o101 = b.rows.find((r) => r.id === "O-101");
    expect([round2(o101?.amount_effect ?? NaN), round2(o101?.stage_effect ?? NaN)]).toEqual([-240_000, 540_000]);
    expect(round2(b.net)).toBe(-2_130_000);
  });

  // The headline of the week: Won grew by O-102's 3,000,000, so G = 21,000,000.
  const now: FunnelInput = {
    ...june30,
    as_of: week28.current.as_of,
    won_to_date: 9_000_000,
    opportunities: week28.current.opportunities,
  };
  const f = funnelOutput(funnel(now));

  it("shows the stage table after the week", () => {
    expect(f.stages.map((s) => [s.open_count, s.open_amount])).toEqual([
      [40, 100e6],
      [21, 55e6],
      [9, 24e6],
      [7, 10e6],
      [6, 21e6],
      [2, 3e6],
    ]);
  });

  it("moves weighted coverage from 92.75 % to 95.86 % with E_amt 20,130,000 against G 21,000,000", () => {
    expect([f.weighted_amount, f.gap, f.coverage?.weighted]).toEqual([20_130_000, 21_000_000, 0.9586]);
    expect(f.coverage?.raw).toBe(10.1429);
  });

  it("keeps the count funnel on track (E_n 10.96 ≥ N_req 10.5)", () => {
    expect([f.expected_wins, f.required_wins, f.shortfall.wins]).toEqual([10.96, 10.5, 0]);
  });

  it("says the lead deadline has passed and offers late-stage equivalents instead", () => {
    expect([f.shortfall.amount, f.shortfall.new_leads_amount_basis, f.lead_deadline_passed]).toEqual([
      870_000,
      11,
      true,
    ]);
    expect(f.stages[0]?.equivalent_amount).toBe(29_000_000);
    expect([f.stages[5]?.equivalent_amount, f.stages[4]?.equivalent_amount]).toEqual([1_160_000, 2_900_000]);
  });
});

describe("funnel edge cases", () => {
  it("reports no coverage and no binding funnel when the target is met", () => {
    const out = funnelOutput(funnel({ ...june30, won_to_date: 40_000_000 }));
    expect([out.gap, out.coverage, out.shortfall.binding, out.shortfall.new_leads_amount_basis]).toEqual([
      0,
      null,
      "none",
      0,
    ]);
  });

  it("prints null ratios rather than Infinity for an empty pipeline or zero cycle", () => {
    const out = funnelOutput(funnel({ ...june30, cycle_days: 0, opportunities: [] }));
    expect(out.coverage?.required_raw).toBeNull();
    expect(out.velocity_per_day).toBeNull();
    expect(JSON.stringify(out)).not.toMatch(/Infinity|NaN/);
  });

  it("counts overdue open opportunities and ignores closed ones and those closing after the period", () => {
    const out = funnelOutput(
      funnel({
        ...june30,
        opportunities: [
          { id: "late", stage: "S1", amount: 100, expected_close_date: "2025-01-01" },
          { id: "won", stage: "W", amount: 100, expected_close_date: "2025-01-01" },
          { id: "next", stage: "S1", amount: 100, expected_close_date: "2026-01-01" },
        ],
      }),
    );
    expect(out.stages[1]?.open_count).toBe(1);
    expect(out.stages.reduce((n, s) => n + s.open_count, 0)).toBe(1);
  });
});
