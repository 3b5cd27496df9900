// The digest's two charts (METHOD §5.7: dual funnel, value matrix) from the built digest, labelled in the
// subscription's language, rendered to PNG by src/digest/charts. Rendering may fail; the caller then posts text only.
import { OPEN_STAGES, QUADRANTS } from "../../core/index.js";
import { formatMoney, name, t, type Locale } from "../../i18n/index.js";
import type { DualFunnelData, ValueMatrixData } from "./charts/index.js";
import type { Digest } from "./types.js";

export function dualFunnelData(d: Digest, l: Locale): DualFunnelData {
  return {
    title: t(l, "digest.chart.funnel_title", { team: d.team.name, week: d.periodKey }),
    stages: OPEN_STAGES.map((k) => {
      const s = d.charts.funnel.find((x) => x.stage === k);
      return { label: `${k} ${name(l, "stage", k)}`, count: s?.count ?? 0, amount: s?.amount ?? 0 };
    }),
    countLabel: t(l, "digest.chart.count_label"),
    amountLabel: t(l, "digest.chart.amount_label"),
    formatAmount: (n) => formatMoney(l, n, { compact: true }),
  };
}

export function valueMatrixData(d: Digest, l: Locale): ValueMatrixData {
  return {
    title: t(l, "digest.chart.matrix_title", { team: d.team.name, week: d.periodKey }),
    // Scores are 0–100 by construction; clamping guards the chart against a stored value a hair outside.
    points: d.charts.points.map((p) => ({
      label: p.name,
      x: Math.min(100, Math.max(0, p.x)),
      y: Math.min(100, Math.max(0, p.y)),
      quadrant: p.quadrant,
      provisional: p.provisional,
    })),
    quadrantNames: Object.fromEntries(
      QUADRANTS.map((q) => [q, name(l, "quadrant", q)]),
    ) as ValueMatrixData["quadrantNames"],
    xLabel: t(l, "digest.chart.x"),
    yLabel: t(l, "digest.chart.y"),
    provisionalNote: (n) => t(l, "digest.chart.provisional_note", { n }),
  };
}

export interface ChartFile {
  filename: string;
  title: string;
  png: Buffer;
}

/** Both PNGs; throws (naming the chart) if either cannot be drawn. */
export async function renderDigestCharts(d: Digest, l: Locale): Promise<ChartFile[]> {
  // vega, resvg and the CJK font cost ~60 MB: loaded by the first digest, not by every process at start.
  const { renderDualFunnel, renderValueMatrix } = await import("./charts/index.js");
  const [funnel, matrix] = await Promise.all([
    renderDualFunnel(dualFunnelData(d, l)),
    renderValueMatrix(valueMatrixData(d, l)),
  ]);
  return [
    {
      filename: `dual-funnel-${d.periodKey}.png`,
      title: t(l, "digest.chart.funnel_title", { team: d.team.name, week: d.periodKey }),
      png: funnel,
    },
    {
      filename: `value-matrix-${d.periodKey}.png`,
      title: t(l, "digest.chart.matrix_title", { team: d.team.name, week: d.periodKey }),
      png: matrix,
    },
  ];
}
