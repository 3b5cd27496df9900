// The value-matrix chart counts the quadrants as the text matrix does: a provisional (待评估) account is in none.
// On the demo (two provisional accounts), for the chart `/kvalue export` saves and the digest's chart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUADRANTS, type Quadrant } from "../../src/core/index.js";
import { consoleSession } from "../support/console.js";
import { managementTable } from "../../src/features/accounts/portfolio.js";
import { valueMatrixSpec, type ValueMatrixData } from "../../src/features/digest/charts/index.js";
import { valueMatrixData } from "../../src/features/digest/charts-data.js";
import { composeDigest } from "../../src/features/digest/compose.js";
import { weekOf } from "../../src/features/digest/week.js";
import { matrixChartData } from "../../src/features/import-export/matrix-export.js";
import { resolveScope } from "../../src/features/teams/scope.js";
import { openHarness, type Harness } from "../services/harness.js";

/** What the chart writes: each quadrant's corner count, and the note on the accounts left out (if any). */
function chartTexts(data: ValueMatrixData): { counts: Record<string, number>; note: string | undefined } {
  const plot = valueMatrixSpec(data).marks?.find((m) => m.name === "plot");
  const marks = plot && "marks" in plot ? (plot.marks ?? []) : [];
  const textOf = (name: string): string | undefined => {
    const text = marks.find((m) => m.name === name)?.encode?.enter?.text;
    return text && "value" in text && typeof text.value === "string" ? text.value : undefined;
  };
  const counts = Object.fromEntries(
    QUADRANTS.map((q) => [q, Number(textOf(`corner_${q}`)?.split(" · ").at(-1) ?? Number.NaN)]),
  );
  return { counts, note: textOf("provisionalNote") };
}

describe("the value-matrix chart of the demo", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness("sqlite");
    // The console loads the demo and writes the week's snapshot the digest reads.
    await consoleSession(h.deps, ["digest preview"]);
  });
  afterAll(async () => h?.close());

  it("export: counts only the placed accounts, as the table (CSV, `matrix`) does", async () => {
    const team = await h.store.db.team.findFirstOrThrow();
    const scope = await resolveScope(h.deps, { workspaceId: team.workspaceId, userId: team.createdBy });
    const { rows } = await managementTable(h.deps, scope, { team: team.name });
    const provisional = rows.filter((r) => r.provisional);
    expect(provisional.length).toBeGreaterThan(0);
    const table = Object.fromEntries(
      QUADRANTS.map((q) => [q, rows.filter((r) => !r.provisional && r.quadrant === q).length]),
    );
    const chart = chartTexts(matrixChartData("矩阵", rows, "zh-CN"));
    expect(chart.counts).toEqual(table);
    expect(chart.note).toBe(`待评估 ${provisional.length} 个客户未画入象限（资料不全）`);
  });

  it("digest: counts only the placed accounts, as its matrix part does", async () => {
    const team = await h.store.db.team.findFirstOrThrow();
    const d = await composeDigest(h.deps, { ...team }, weekOf(h.deps.now(), "Asia/Shanghai").periodKey, {
      charts: true,
    });
    if (!d) throw new Error("no digest");
    const count = (k: Quadrant | "provisional") => d.matrix.counts.find((c) => c.quadrant === k)?.now ?? 0;
    expect(count("provisional")).toBeGreaterThan(0);
    const chart = chartTexts(valueMatrixData(d, "en"));
    expect(chart.counts).toEqual(Object.fromEntries(QUADRANTS.map((q) => [q, count(q)])));
    expect(chart.note).toBe(`${count("provisional")} provisional accounts not plotted (data too incomplete to place)`);
  });
});
