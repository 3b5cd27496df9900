// The quarterly calibration section of the digest: only the first snapshot of a quarter carries it.
import { describe, expect, it } from "vitest";
import { firstOfQuarter, quarterOf } from "../../src/features/calibration/quarterly.js";

describe("quarterly calibration section", () => {
  it("names quarters by calendar month", () => {
    expect([
      quarterOf("2026-01-05"),
      quarterOf("2026-03-31"),
      quarterOf("2026-04-01"),
      quarterOf("2026-12-28"),
    ]).toEqual(["2026Q1", "2026Q1", "2026Q2", "2026Q4"]);
  });
  it("is carried by a team's first digest and the first one of each quarter only", () => {
    expect(firstOfQuarter("2026-06-29", null)).toBe(true);
    expect(firstOfQuarter("2026-07-06", "2026-06-29")).toBe(true);
    expect(firstOfQuarter("2026-07-13", "2026-07-06")).toBe(false);
  });
});
