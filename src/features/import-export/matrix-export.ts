// `/kvalue export [team]`: the 价值客户矩阵管理表 (METHOD §4.4) of one team as an Excel-ready CSV (UTF-8 with BOM)
// and its value-matrix chart, for the team the user may see (the same scope check as `/kvalue matrix`).
import { QUADRANTS } from "../../core/index.js";
import { name, t, type Locale } from "../../i18n/index.js";
import { managementTable } from "../accounts/portfolio.js";
import { today, type ServiceDeps } from "../deps.js";
import type { Scope, TeamRef } from "../teams/scope.js";
import type { ValueMatrixData } from "../digest/charts/index.js";
import { matrixTableCsv, type MatrixTableRow } from "./export-format.js";

export interface MatrixExport {
  team: TeamRef;
  asOf: string;
  accounts: number;
  csv: Buffer;
  chart: Buffer;
}

export async function exportMatrix(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; channelId?: string },
  locale: Locale,
): Promise<MatrixExport> {
  const { team, rows } = await managementTable(deps, scope, input);
  const asOf = today(deps);
  const csv = Buffer.from(matrixTableCsv(rows, { locale }), "utf8");
  // vega, resvg and the CJK font load with the first chart, not with every process.
  const { renderValueMatrix } = await import("../digest/charts/index.js");
  const chart = await renderValueMatrix(
    matrixChartData(t(locale, "export.chart_title", { team: team.name, date: asOf }), rows, locale),
  );
  return { team, asOf, accounts: rows.length, csv, chart };
}

/** The chart of the table's rows; provisional (待评估) rows are flagged, so it counts quadrants as the table does. */
export function matrixChartData(title: string, rows: readonly MatrixTableRow[], locale: Locale): ValueMatrixData {
  return {
    title,
    points: rows.map((r) => ({
      label: r.name,
      x: Math.min(100, Math.max(0, r.X)),
      y: Math.min(100, Math.max(0, r.Y)),
      quadrant: r.quadrant,
      provisional: r.provisional,
    })),
    quadrantNames: Object.fromEntries(QUADRANTS.map((q) => [q, name(locale, "quadrant", q)])) as Record<
      (typeof QUADRANTS)[number],
      string
    >,
    xLabel: t(locale, "digest.chart.x"),
    yLabel: t(locale, "digest.chart.y"),
    provisionalNote: (n) => t(locale, "digest.chart.provisional_note", { n }),
  };
}
