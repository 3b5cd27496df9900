// Calendar arithmetic without a clock (METHOD §2.1 dates; §5.4 lead deadline; §5.2 trailing window).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addMonths, dayNumber, daysBetween, isoFromDay } from "../../src/core/index.js";
import { isoDate } from "../../src/core/facts.js";

describe("ISO dates", () => {
  it("counts days like the calendar", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(daysBetween("2024-09-01", "2025-03-01")).toBe(181);
    expect(addDays("2025-12-31", -180)).toBe("2025-07-04");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it("moves whole months and clamps to the month's last day", () => {
    expect(addMonths("2025-07-01", -12)).toBe("2024-07-01");
    expect(addMonths("2025-03-31", -1)).toBe("2025-02-28");
    expect(addMonths("2024-03-31", -1)).toBe("2024-02-29");
    expect(addMonths("2025-11-15", 3)).toBe("2026-02-15");
  });

  it("round-trips every day number and agrees with Date", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (n) => {
        const iso = isoFromDay(n);
        expect(dayNumber(iso)).toBe(n);
        expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(iso);
      }),
    );
  });
});

describe("isoDate", () => {
  // Checked by arithmetic (isCalendarDate); test/core/accept.test.ts holds it to a Date printed back.
  it("accepts leap days and month ends, and refuses days no month has", () => {
    expect(["2024-02-29", "2000-02-29", "2023-02-28", "2025-12-31"].map((s) => isoDate.safeParse(s).success)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ["2023-02-29", "1900-02-29", "2025-04-31", "2025-13-01", "2025-00-10"].map((s) => isoDate.safeParse(s).success),
    ).toEqual([false, false, false, false, false]);
  });
});
