// The assessAll fast path (src/core/fast) equals the plain `assess` exactly, explanation included, on random
// portfolios (fast-check). Each account is assessed after others, so state left in the reused sheet would show.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assess, assessAll, type Assessment, type ModelWeights } from "../../src/core/index.js";
import { account } from "./arbitraries.js";

const asOf = fc.option(fc.constantFrom("2025-06-30", "2025-01-01", "2024-03-01"), { nil: undefined });

/** A random non-default model version (§6.5): V weights in the adoption bounds summing to 1, Y weights summing to 1. */
const share = fc.double({ min: 0.05, max: 0.6, noNaN: true });
const model: fc.Arbitrary<ModelWeights> = fc
  .record({
    v: fc.tuple(share, share, share, share),
    y: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  })
  .map(({ v: [cv, pt, sf, ra], y }) => {
    const sum = cv + pt + sf + ra;
    return { weights: { CV: cv / sum, PT: pt / sum, SF: sf / sum, RA: ra / sum }, yWeights: { PT: y, SF: 1 - y } };
  });

describe("assessAll (fast path) against assess (plain)", () => {
  it("gives the same assessments, explanations and order", () => {
    fc.assert(
      fc.property(fc.array(account, { maxLength: 8 }), asOf, (accounts, as_of) => {
        const fast = assessAll({ as_of, accounts });
        const plain = accounts.map((a) => assess(a, { asOf: as_of }));
        expect(fast.map((r) => ({ ...r }))).toStrictEqual(plain);
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same under a random non-default model version", () => {
    fc.assert(
      fc.property(fc.array(account, { maxLength: 8 }), asOf, model, (accounts, as_of, m) => {
        const fast = assessAll({ as_of, accounts }, { model: m });
        const plain = accounts.map((a) => assess(a, { asOf: as_of, model: m }));
        expect(fast.map((r) => ({ ...r }))).toStrictEqual(plain);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps no state between calls: interleaved portfolios, explanations read last and in reverse order", () => {
    fc.assert(
      fc.property(
        fc.array(account, { maxLength: 6 }),
        fc.array(account, { maxLength: 6 }),
        asOf,
        model,
        (first, second, as_of, m) => {
          const a = assessAll({ as_of, accounts: first });
          const b = assessAll({ as_of, accounts: second }, { model: m });
          /** Spread (so read every explanation) from the last assessment to the first. */
          const explained = (rs: Assessment[]): Assessment[] => {
            const out: Assessment[] = [];
            for (let i = rs.length - 1; i >= 0; i--) out[i] = { ...(rs[i] as Assessment) };
            return out;
          };
          expect(explained(b)).toStrictEqual(second.map((x) => assess(x, { asOf: as_of, model: m })));
          expect(explained(a)).toStrictEqual(first.map((x) => assess(x, { asOf: as_of })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("carries the explanation as an own enumerable field, built once, in JSON as in the plain result", () => {
    fc.assert(
      fc.property(account, asOf, (x, as_of) => {
        const [r] = assessAll({ as_of, accounts: [x] });
        if (!r) throw new Error("no assessment");
        expect(Object.keys(r)).toStrictEqual(Object.keys(assess(x, { asOf: as_of })));
        expect(r.explanation).toBe(r.explanation);
        expect(JSON.parse(JSON.stringify(r))).toStrictEqual(JSON.parse(JSON.stringify(assess(x, { asOf: as_of }))));
      }),
      { numRuns: 200 },
    );
  });

  it("scores under the model's weights, not v1-default's", () => {
    fc.assert(
      fc.property(account, model, (a, m) => {
        const [r] = assessAll({ accounts: [a] }, { model: m });
        const s = r?.scores;
        if (!s) throw new Error("no assessment");
        const w = m.weights,
          yw = m.yWeights;
        expect(s.V).toBe(w.CV * s.CV + w.PT * s.PT + w.SF * s.SF + w.RA * s.RA);
        expect(s.Y).toBe(yw.PT * s.PT + yw.SF * s.SF);
      }),
      { numRuns: 200 },
    );
  });
});
