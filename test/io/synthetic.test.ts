// The synthetic CRM export used by the import benchmark: deterministic and clean to parse.
import { describe, expect, it } from "vitest";
import { parseImportFile } from "../../src/features/import-export/import-parse.js";
import { syntheticAccountsCsv } from "../../src/features/import-export/synthetic.js";

describe("syntheticAccountsCsv", () => {
  it("gives the same text for the same seed and a different one for another", () => {
    expect(syntheticAccountsCsv(200, 7)).toBe(syntheticAccountsCsv(200, 7));
    expect(syntheticAccountsCsv(200, 7)).not.toBe(syntheticAccountsCsv(200, 8));
  });

  it("looks like an Excel export: BOM, Chinese headers, CRLF", () => {
    const text = syntheticAccountsCsv(3, 1);
    expect(text.startsWith("\uFEFF客户编号,客户名称,别名")).toBe(true);
    expect(text.split("\r\n")).toHaveLength(5);
  });

  it("parses 10,000 rows without a single error", () => {
    const r = parseImportFile(syntheticAccountsCsv(10_000, 42), "csv");
    expect(r.ok ? [] : r.errors.slice(0, 5)).toEqual([]);
    if (!r.ok) return;
    expect(r.accounts).toHaveLength(10_000);
    expect(r.accounts[9_999]?.id).toBe("SYN-010000");
    // Unknowns stay unknown: some revenue cells are empty on purpose.
    expect(r.accounts.some((a) => a.revenue_ttm === null)).toBe(true);
    expect(r.accounts.every((a) => a.revenue_ttm === null || Number.isInteger(a.revenue_ttm))).toBe(true);
  });
});
