// METHOD §6 / §10.4 calibrate: worked numbers (§7.7) and properties that must hold for any observations.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ADOPT_MIN,
  auc,
  blendWeights,
  boundWeights,
  calibrate,
  calibrateInputSchema,
  calibrateOutput,
  fitLogistic,
  rankingCheck,
  refitWeights,
  solveLinear,
  stagePredictions,
  stageReliability,
  SUB_SCORES,
  V_W,
  WEIGHT_BOUNDS,
  type CalibrateInput,
  type CalibrationAccount,
  type CalibrationOpportunity,
  type RefitReason,
} from "../../src/core/index.js";
import { prng } from "../../src/features/import-export/synthetic.js";

const RUNS = { numRuns: 200 };
const REASON_ORDER: readonly RefitReason[] = [
  "too_few_observations",
  "too_few_positives",
  "no_positive_weight",
  "no_holdout",
  "auc_gain_below_0.01",
];

// ---- generators -----------------------------------------------------------------------------------

const day = fc.integer({ min: 0, max: 1100 }).map((d) => new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10));
/** Scores on a 0.01 grid, so equal V values (AUC ties, sort ties) occur often. */
const score = fc.integer({ min: 0, max: 10_000 }).map((x) => x / 100);

const opportunity: fc.Arbitrary<CalibrationOpportunity> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  stage: fc.constantFrom("S0", "S1", "S2", "S3", "S4", "S5"),
  outcome: fc.constantFrom("W", "L", "A"),
  close_reason: fc.constantFrom(null, "no_decision", "price"),
});

const account: fc.Arbitrary<CalibrationAccount> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 3 }),
  scored_on: day,
  scores: fc.record({ CV: score, PT: score, SF: score, RA: score }),
  won: fc.constantFrom(0 as const, 1 as const),
  won_amount: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
});

/** A weight vector over `n` keys: non-negative (zero often), summing to 1. */
const weightVector = (n: number): fc.Arbitrary<number[]> =>
  fc
    .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })), { minLength: n, maxLength: n })
    .filter((xs) => xs.some((x) => x > 0))
    .map((xs) => {
      const s = xs.reduce((a, b) => a + b, 0);
      return xs.map((x) => x / s);
    });

const input: fc.Arbitrary<CalibrateInput> = fc.record({
  weights: weightVector(4).map(([CV = 0, PT = 0, SF = 0, RA = 0]) => ({ CV, PT, SF, RA })),
  y_weights: weightVector(2).map(([PT = 0, SF = 0]) => ({ PT, SF })),
  holdout_from: day,
  opportunities: fc.uniqueArray(opportunity, { selector: (o) => o.id, maxLength: 60 }),
  accounts: fc.uniqueArray(account, { selector: (a) => `${a.id}|${a.scored_on}`, maxLength: 120 }),
});

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const isSubsequenceOfOrder = (reasons: readonly RefitReason[]): boolean => {
  const at = reasons.map((r) => REASON_ORDER.indexOf(r));
  return at.every((i, k) => i >= 0 && (k === 0 || i > (at[k - 1] ?? -1)));
};

// ---- worked numbers -------------------------------------------------------------------------------

describe("stage calibration (§6.3, §7.7)", () => {
  it("reproduces the §7.7 Brier example: BS 0.2656, BS_ref 0.24, BSS −0.1067, flagged", () => {
    // Under the default rates P_count(S5) = 0.80, S4 0.40, S3 0.32, S2 0.16: the §7.7 predictions.
    const opportunities: CalibrationOpportunity[] = [
      { id: "a", stage: "S5", outcome: "W" },
      { id: "b", stage: "S4", outcome: "L" },
      { id: "c", stage: "S3", outcome: "W" },
      { id: "d", stage: "S5", outcome: "A" },
      { id: "e", stage: "S2", outcome: "L" },
    ];
    const s = calibrateOutput(
      calibrate({ ...calibrateInputSchema.parse({ holdout_from: "2025-01-01", opportunities, accounts: [] }) }),
    ).stage;
    expect(s).toMatchObject({
      n: 5,
      base_rate: 0.4,
      brier: 0.2656,
      brier_ref: 0.24,
      bss: -0.1067,
      flag: "worse_than_base_rate",
    });
    expect(s.per_stage.map((r) => r.stage)).toEqual(["S2", "S3", "S4", "S5"]);
  });

  it("leaves out only an A closed for no_decision", () => {
    const p = stagePredictions([
      { id: "a", stage: "S1", outcome: "A", close_reason: "no_decision" },
      { id: "b", stage: "S1", outcome: "L", close_reason: "no_decision" },
      { id: "c", stage: "S1", outcome: "A", close_reason: "No_decision" },
      { id: "d", stage: "S1", outcome: "A" },
    ]);
    expect(p.map((x) => x.id)).toEqual(["b", "c", "d"]);
  });

  it("has no statistics and no flag without observations", () => {
    expect(stageReliability([])).toEqual({
      n: 0,
      base_rate: null,
      brier: null,
      brier_ref: null,
      bss: null,
      flag: null,
      per_stage: [],
      bins: [],
    });
  });
});

describe("ranking check (§6.4)", () => {
  const row = (id: string, v: number, won: 0 | 1, won_amount: number | null = null): CalibrationAccount => ({
    id,
    scored_on: "2024-01-01",
    scores: { CV: v, PT: v, SF: v, RA: v },
    won,
    won_amount,
  });

  it("has one bin below 3 rows: monotone, lift 1 (null when its rate is 0)", () => {
    expect(rankingCheck([row("a", 10, 1), row("b", 20, 0)], V_W)).toMatchObject({
      monotone: true,
      lift: 1,
      violations: [],
    });
    expect(rankingCheck([row("a", 10, 0), row("b", 20, 0)], V_W)).toMatchObject({
      monotone: true,
      lift: null,
      auc: null,
    });
  });

  it("has empty bins and null verdicts without rows", () => {
    expect(rankingCheck([], V_W)).toEqual({ n: 0, bins: [], monotone: null, violations: [], lift: null, auc: null });
  });

  it("reports a falling won rate as the bin pair and counts a loss's amount as 0", () => {
    const r = rankingCheck([row("a", 10, 0, 900), row("b", 20, 1, 100), row("c", 30, 0)], V_W);
    expect(r.bins.map((b) => b.won_rate)).toEqual([0, 1, 0]);
    expect(r.bins.map((b) => b.mean_won_amount)).toEqual([0, 100, 0]);
    expect(r.violations).toEqual([[1, 2]]);
    expect(r.monotone).toBe(false);
    expect(r.lift).toBeNull();
  });

  it("counts tied scores as half a win in the AUC", () => {
    expect(auc([1, 1], [1, 0])).toBe(0.5);
    expect(auc([1, 2, 2, 3], [0, 1, 0, 1])).toBe(0.875);
    expect(auc([0.1 + 0.2, 0.3], [1, 0])).toBe(0.5); // equal after quantizing to 9 decimals
  });
});

describe("weight refit (§6.5)", () => {
  it("solves a small linear system", () => {
    const x = solveLinear(
      [
        [0, 2, 1],
        [1, 1, 0],
        [3, 0, 1],
      ],
      [5, 3, 6],
    );
    [1.4, 1.6, 1.8].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 12));
  });

  it("stops at the penalised optimum: Xᵀ(y − p) − Λβ ≈ 0", () => {
    const r = prng(3);
    const X = Array.from({ length: 80 }, () => [1, r(), r()]);
    const y = X.map((x) => ((x[2] ?? 0) + 0.3 * r() > 0.6 ? 1 : 0) as 0 | 1);
    const { beta, iterations } = fitLogistic(X, y);
    expect(iterations).toBeGreaterThan(1);
    expect(iterations).toBeLessThan(100);
    const grad = [0, 0, 0];
    X.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, k) => s + v * (beta[k] ?? 0), 0)));
      x.forEach((v, k) => {
        grad[k] = (grad[k] ?? 0) + v * ((y[i] ?? 0) - p);
      });
    });
    grad.forEach((g, k) => expect(Math.abs(g - (k === 0 ? 0 : (beta[k] ?? 0)))).toBeLessThan(1e-7));
  });

  it("bounds a blend the §10.4 way: held at the bound crossed, the rest rescaled", () => {
    // The golden y_refit: 0.5·(0.6, 0.4) + 0.5·(0.1514…, 0.8486…) puts SF above 0.60.
    expect(boundWeights([0.3757, 0.6243]).map((v) => Number(v.toFixed(12)))).toEqual([0.4, 0.6]);
    // One above and one below with two weights: holding both would leave nothing to rescale.
    expect(boundWeights([0.96, 0.04]).map((v) => Number(v.toFixed(12)))).toEqual([0.6, 0.4]);
    // Four weights, one above and one below in the same pass: both held, the other two share the rest.
    expect(boundWeights([0.7, 0.04, 0.13, 0.13]).map((v) => Number(v.toFixed(12)))).toEqual([0.6, 0.05, 0.175, 0.175]);
    expect(boundWeights([0.25, 0.25, 0.25, 0.25])).toEqual([0.25, 0.25, 0.25, 0.25]);
    // Zero weights in force and no positive coefficient for them: no proportion to keep, an equal share.
    expect(boundWeights([0, 0, 0, 1]).map((v) => Number(v.toFixed(12)))).toEqual([
      0.133333333333, 0.133333333333, 0.133333333333, 0.6,
    ]);
  });

  it("runs no fit on one outcome only, and says why it does not adopt", () => {
    const rows: CalibrationAccount[] = [1, 2, 3].map((i) => ({
      id: `k${i}`,
      scored_on: "2024-01-01",
      scores: { CV: i, PT: i, SF: i, RA: i },
      won: 1,
    }));
    const r = refitWeights(rows, SUB_SCORES, V_W, "2025-01-01");
    expect(r).toMatchObject({
      n: 3,
      positives: 3,
      beta: null,
      iterations: 0,
      proposed: null,
      blended: null,
      auc_old: null,
      adopt: false,
    });
    expect(r.reasons).toEqual(["too_few_observations", "too_few_positives", "no_positive_weight", "no_holdout"]);
  });

  it("adopts a refit that ranks the holdout better, with enough data", () => {
    // Wins follow SF only; v1-default gives SF 0.20, the refit moves weight to it.
    const r = prng(11);
    const rows: CalibrationAccount[] = Array.from({ length: 600 }, (_, i) => {
      const scores = { CV: 100 * r(), PT: 100 * r(), SF: 100 * r(), RA: 100 * r() };
      return {
        id: `k${String(i).padStart(4, "0")}`,
        scored_on: i < 400 ? "2024-03-31" : "2025-03-31",
        scores,
        won: scores.SF + 20 * r() > 60 ? 1 : 0,
      };
    });
    const fit = refitWeights(rows, SUB_SCORES, V_W, "2025-01-01");
    expect(fit.n).toBe(400);
    expect(fit.positives).toBeGreaterThanOrEqual(ADOPT_MIN.positives);
    expect(fit.blended?.SF).toBeGreaterThan(0.4);
    expect((fit.auc_new ?? 0) - (fit.auc_old ?? 0)).toBeGreaterThanOrEqual(0.01);
    expect(fit).toMatchObject({ adopt: true, reasons: [] });
  });
});

// ---- properties -----------------------------------------------------------------------------------

describe("calibrate properties (§10.4)", () => {
  it("does not depend on the order of the rows", () => {
    fc.assert(
      fc.property(input, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (inp, keys) => {
        const shuffle = <T>(xs: readonly T[]): T[] =>
          xs
            .map((x) => ({ x, k: keys.next().value as number }))
            .sort((a, b) => a.k - b.k)
            .map((e) => e.x);
        const reordered = { ...inp, opportunities: shuffle(inp.opportunities), accounts: shuffle(inp.accounts) };
        expect(calibrateOutput(calibrate(reordered))).toEqual(calibrateOutput(calibrate(inp)));
      }),
      RUNS,
    );
  });

  it("puts every row in exactly one bin, and every kept opportunity in exactly one stage", () => {
    fc.assert(
      fc.property(input, (inp) => {
        const r = calibrate(inp);
        expect(sum(r.stage.bins.map((b) => b.n))).toBe(r.stage.n);
        expect(sum(r.stage.per_stage.map((b) => b.n))).toBe(r.stage.n);
        expect(sum(r.ranking.bins.map((b) => b.n))).toBe(r.ranking.n);
        expect(r.ranking.n).toBe(inp.accounts.length);
        expect(r.refit.n).toBe(inp.accounts.filter((a) => a.scored_on < inp.holdout_from).length);
      }),
      RUNS,
    );
  });

  it("keeps every AUC in [0, 1]", () => {
    fc.assert(
      fc.property(input, (inp) => {
        const r = calibrate(inp);
        for (const a of [r.ranking.auc, r.refit.auc_old, r.refit.auc_new, r.y_refit.auc_old, r.y_refit.auc_new]) {
          if (a !== null) expect(a >= 0 && a <= 1).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("bounds every blended weight to [0.05, 0.60], summing to 1", () => {
    const check = (w: Record<string, number> | null): void => {
      if (w === null) return;
      for (const v of Object.values(w)) {
        expect(v).toBeGreaterThanOrEqual(WEIGHT_BOUNDS.lo - 1e-9);
        expect(v).toBeLessThanOrEqual(WEIGHT_BOUNDS.hi + 1e-9);
      }
      expect(Math.abs(sum(Object.values(w)) - 1)).toBeLessThan(1e-9);
    };
    fc.assert(
      fc.property(weightVector(4), weightVector(4), weightVector(2), weightVector(2), (o4, p4, o2, p2) => {
        const keys4 = ["CV", "PT", "SF", "RA"] as const,
          keys2 = ["PT", "SF"] as const;
        const rec = <K extends string>(keys: readonly K[], xs: number[]) =>
          Object.fromEntries(keys.map((k, i) => [k, xs[i] ?? 0])) as Record<K, number>;
        check(blendWeights(rec(keys4, o4), rec(keys4, p4), keys4));
        check(blendWeights(rec(keys2, o2), rec(keys2, p2), keys2));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(input, (inp) => {
        const r = calibrate(inp);
        check(r.refit.blended);
        check(r.y_refit.blended);
      }),
      RUNS,
    );
  });

  it("has no skill score (and no flag) when every outcome is the same", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(opportunity, { selector: (o) => o.id, minLength: 1 }),
        fc.constantFrom("W", "L"),
        (opps, outcome) => {
          const s = stageReliability(stagePredictions(opps.map((o) => ({ ...o, outcome }))));
          expect(s.brier_ref).toBe(0);
          expect(s.bss).toBeNull();
          expect(s.flag).toBeNull();
        },
      ),
      RUNS,
    );
  });

  it("lists the reasons in their fixed order, and adopts exactly when there are none", () => {
    fc.assert(
      fc.property(input, (inp) => {
        const r = calibrate(inp);
        for (const fit of [r.refit, r.y_refit]) {
          expect(isSubsequenceOfOrder(fit.reasons)).toBe(true);
          expect(fit.adopt).toBe(fit.reasons.length === 0);
          // Small inputs: never enough training rows to adopt.
          expect(fit.reasons[0]).toBe("too_few_observations");
          if (fit.blended === null) expect(fit.reasons).toContain("no_positive_weight");
        }
      }),
      RUNS,
    );
  });
});
