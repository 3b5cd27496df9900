// The assessAll fast path (src/core/fast) equals the plain `assess` exactly, explanation included, on random
// portfolios (fast-check). Each account is assessed after others, so state left in the reused sheet would show.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assess, assessAll } from "../../src/core/index.js";
import { account } from "./arbitraries.js";

const asOf = fc.option(fc.constantFrom("2025-06-30", "2025-01-01", "2024-03-01"), { nil: undefined });

describe("assessAll (fast path) against assess (plain)", () => {
  it("gives the same assessments, explanations and order", () => {
    fc.assert(fc.property(fc.array(account, { maxLength: 8 }), asOf, (accounts, as_of) => {
      const fast = assessAll({ as_of, accounts });
      const plain = accounts.map((a) => assess(a, { asOf: as_of }));
      expect(fast.map((r) => ({ ...r }))).toStrictEqual(plain);
    }), { numRuns: 500 });
  });
});
