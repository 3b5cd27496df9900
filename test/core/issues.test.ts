// Errors are values with a place: zod issues as `path: message` lines, reusable for CSV rows.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  assessInputSchema,
  duplicateIds,
  formatPath,
  issueLines,
  issueMessage,
  placeIssues,
} from "../../src/core/index.js";

const problems = (input: unknown, root = ""): string[] => {
  const r = assessInputSchema.safeParse(input, { error: issueMessage });
  return r.success ? [] : issueLines(placeIssues(r.error.issues, root)).split("\n");
};

describe("placing input problems", () => {
  it("writes JSON paths with indexes and dotted keys", () => {
    expect(formatPath(["accounts", 3, "budget_status"])).toBe("accounts[3].budget_status");
    expect(formatPath([])).toBe("(input)");
    expect(formatPath(["rates", "count", "S 0"])).toBe('rates.count["S 0"]');
  });

  it("names the allowed values of an enum and what was given", () => {
    expect(problems({ accounts: [{ id: "a", budget_status: "maybe" }] })).toEqual([
      'accounts[0].budget_status: expected one of none|planned|approved (got "maybe")',
    ]);
  });

  it("says when a required field is missing and keeps messages a schema sets itself", () => {
    expect(problems({ accounts: [{ revenue_ttm: 1.5 }] })).toEqual([
      "accounts[0].id: required: expected string",
      "accounts[0].revenue_ttm: money is whole yuan",
    ]);
  });

  it("states ranges for numbers out of bounds", () => {
    expect(problems({ accounts: [{ id: "a", needs: [{ id: "n", severity: 9, confirmed: true }] }] })).toEqual([
      "accounts[0].needs[0].severity: must be ≤ 5 (got 9)",
    ]);
  });

  it("can place rows of an import under its own root", () => {
    const row = z.object({ revenue_ttm: z.number() });
    const r = row.safeParse({ revenue_ttm: "x" }, { error: issueMessage });
    expect(r.success ? [] : placeIssues(r.error.issues, "rows[12]")).toEqual([
      { path: "rows[12].revenue_ttm", message: 'expected number (got "x")' },
    ]);
  });

  it("reports a repeated id at its second occurrence", () => {
    expect(duplicateIds([{ id: "a" }, { id: "b" }, { id: "a" }], ["accounts"])).toEqual([
      {
        path: "accounts[2].id",
        message: 'duplicate id "a" (first at accounts[0])',
        duplicate: { id: '"a"', first: "accounts[0]" },
      },
    ]);
  });
});
