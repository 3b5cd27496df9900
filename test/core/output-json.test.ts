// The §10.1 output written as text (src/core/fast/output-json.ts) is, character for character, the reference
// `JSON.stringify(assessOutput(assessments), null, 2)` of src/core/contract.ts, on random portfolios.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assessAll } from "../../src/core/index.js";
import { assessOutput } from "../../src/core/contract.js";
import {
  ASSESS_OUTPUT_HEAD,
  accountJson,
  accountSeparator,
  assessOutputTail,
} from "../../src/core/fast/output-json.js";
import { account } from "./arbitraries.js";

describe("accountJson against JSON.stringify(assessOutput(...), null, 2)", () => {
  it("writes the same characters, for any number of accounts and any ids", () => {
    fc.assert(
      fc.property(
        fc.array(account, { maxLength: 6 }),
        fc.array(fc.string({ unit: "grapheme" }), { maxLength: 6 }),
        (accounts, ids) => {
          ids.forEach((id, i) => {
            const a = accounts[i];
            if (a) a.id = `${id}"\\\n${i}`;
          });
          const assessments = assessAll({ as_of: "2025-06-30", accounts });
          const text =
            ASSESS_OUTPUT_HEAD +
            assessments.map((a, i) => accountSeparator(i) + accountJson(a)).join("") +
            assessOutputTail(assessments.length);
          expect(text).toBe(JSON.stringify(assessOutput(assessments), null, 2));
        },
      ),
      { numRuns: 500 },
    );
  });
});
