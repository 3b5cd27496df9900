// `kvalue calibrate` on bad input, in-process (the binary itself is covered in kvalue.test.ts): every
// problem exits 2, prints nothing on stdout and names its JSON path on stderr.
import { describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "../../src/cli/command.js";
import { calibrateCommand } from "../../src/cli/commands/calibrate.js";

async function runCalibrate(stdin: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = { status: -1, stdout: "", stderr: "" };
  const io: CliIo = {
    readText: async () => stdin,
    readBytes: async () => new TextEncoder().encode(stdin),
    out: (t) => {
      r.stdout += t;
    },
    err: (t) => {
      r.stderr += t;
    },
  };
  r.status = await calibrateCommand.run(["-"], io);
  return r;
}
const calibrate = (input: unknown) => runCalibrate(typeof input === "string" ? input : JSON.stringify(input));

const opportunity = { id: "O-1", stage: "S2", outcome: "W" };
const account = { id: "K-1", scored_on: "2024-03-31", scores: { CV: 10, PT: 20, SF: 30, RA: 40 }, won: 1 };
const base = { holdout_from: "2024-07-01", opportunities: [opportunity], accounts: [account] };
const withAccount = (patch: object) => ({ ...base, accounts: [{ ...account, ...patch }] });
const withScores = (patch: object) => withAccount({ scores: { ...account.scores, ...patch } });
const withOpportunity = (patch: object) => ({ ...base, opportunities: [{ ...opportunity, ...patch }] });

describe("kvalue calibrate input", () => {
  it("accepts the minimal input: weights, y_weights and rates default (§10.4)", async () => {
    const r = await calibrate(base);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toMatchObject({ model_version: "v1-default", stage: { n: 1 }, ranking: { n: 1 } });
  });

  it("accepts empty lists and another scoring date of the same account", async () => {
    expect((await calibrate({ holdout_from: "2024-07-01", opportunities: [], accounts: [] })).status).toBe(EXIT.ok);
    expect(
      (await calibrate({ ...base, accounts: [account, { ...account, scored_on: "2025-03-31", won: 0 }] })).status,
    ).toBe(EXIT.ok);
  });

  const cases: [string, unknown, string][] = [
    ["a non-binary won", withAccount({ won: 2 }), "accounts[0].won: expected one of 0|1 (got 2)"],
    ["won as a boolean", withAccount({ won: true }), "accounts[0].won: expected one of 0|1 (got true)"],
    [
      "an unknown stage",
      withOpportunity({ stage: "S9" }),
      'opportunities[0].stage: expected one of S0|S1|S2|S3|S4|S5 (got "S9")',
    ],
    [
      "a closed stage as the observed stage",
      withOpportunity({ stage: "W" }),
      'opportunities[0].stage: expected one of S0|S1|S2|S3|S4|S5 (got "W")',
    ],
    [
      "an unknown outcome",
      withOpportunity({ outcome: "S5" }),
      'opportunities[0].outcome: expected one of W|L|A (got "S5")',
    ],
    ["a score that is text", withScores({ PT: "abc" }), 'accounts[0].scores.PT: expected number (got "abc")'],
    ["a score above 100", withScores({ RA: 100.5 }), "accounts[0].scores.RA: must be ≤ 100 (got 100.5)"],
    ["a negative score", withScores({ CV: -1 }), "accounts[0].scores.CV: must be ≥ 0 (got -1)"],
    [
      "a missing score",
      withAccount({ scores: { CV: 1, PT: 2, SF: 3 } }),
      "accounts[0].scores.RA: required: expected number",
    ],
    ["a missing holdout_from", { opportunities: [], accounts: [] }, "holdout_from: required: expected string"],
    [
      "a date that is not on the calendar",
      withAccount({ scored_on: "2024-02-30" }),
      "accounts[0].scored_on: not a calendar date",
    ],
    ["a date in another format", { ...base, holdout_from: "01/07/2024" }, "holdout_from: expected a date YYYY-MM-DD"],
    [
      "weights that do not sum to 1",
      { ...base, weights: { CV: 0.3, PT: 0.3, SF: 0.3, RA: 0.3 } },
      "weights: weights must sum to 1",
    ],
    [
      "y_weights that do not sum to 1",
      { ...base, y_weights: { PT: 0.6, SF: 0.6 } },
      "y_weights: weights must sum to 1",
    ],
    ["a negative won_amount", withAccount({ won_amount: -5 }), "accounts[0].won_amount: must be ≥ 0 (got -5)"],
    [
      "an opportunity observed twice",
      { ...base, opportunities: [opportunity, opportunity] },
      'opportunities[1].id: duplicate id "O-1" (first at opportunities[0])',
    ],
    [
      "an account observed twice on one date",
      { ...base, accounts: [account, { ...account, won: 0 }] },
      'accounts[1].scored_on: account "K-1" observed twice on 2024-03-31 (first at accounts[0])',
    ],
    [
      "NaN in the JSON text",
      '{"holdout_from":"2024-07-01","opportunities":[],"accounts":[{"scores":{"CV":NaN}}]}',
      "(input): invalid JSON: Unexpected token 'N'",
    ],
    ["an empty file", "", "(input): invalid JSON: the input is empty"],
    ["a file of blanks", " \n", "(input): invalid JSON: the input is empty"],
  ];
  for (const [what, input, line] of cases) {
    it(`exits 2 and names the place of ${what}`, async () => {
      const r = await calibrate(input);
      expect(r.status).toBe(EXIT.invalid);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(line);
    });
  }
});
