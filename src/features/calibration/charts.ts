// The calibration report's two charts in the digest's chart style (vega → SVG → resvg PNG, same font and theme):
// the reliability curve (predicted vs realised win rate per equal-count bin, with the diagonal of a perfect
// forecast) and the won rate by V bin. Rendering may fail; the caller then sends the text only.
import type { Spec } from "vega";
import type { CalibrateOutput } from "../../core/index.js";
import { t, type Locale } from "../../i18n/index.js";
import type { MessageFile } from "../../ui/types.js";
import { chartFont } from "../digest/charts/font.js";
import { renderSpec } from "../digest/charts/render.js";
import { framedPlot, type FrameTitles } from "../digest/charts/frame.js";
import { INK, MUTED } from "../digest/charts/theme.js";

const PLOT_W = 440;
const PLOT_H = 320;
const AXIS_W = 34;
const AXIS_H = 22;
const LINE = "#3a74b4";
const BAR = "#2a9d5c";

const SIZE = { plotW: PLOT_W, plotH: PLOT_H, axisW: AXIS_W, axisH: AXIS_H };

const unit = (x: number): number => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
const ticks = [0, 0.25, 0.5, 0.75, 1];

export function reliabilitySpec(o: CalibrateOutput, f: FrameTitles): Spec {
  const bins = o.stage.bins.map((b) => ({ p: unit(b.mean_p), w: unit(b.win_rate), n: b.n }));
  return framedPlot(f, SIZE, {
    data: [
      { name: "bins", values: bins },
      {
        name: "diagonal",
        values: [
          { p: 0, w: 0 },
          { p: 1, w: 1 },
        ],
      },
    ],
    scales: [
      { name: "x", type: "linear", domain: [0, 1], range: [0, PLOT_W], nice: false, zero: false },
      { name: "y", type: "linear", domain: [0, 1], range: [PLOT_H, 0], nice: false, zero: false },
      { name: "size", type: "linear", domain: [0, Math.max(1, ...bins.map((b) => b.n))], range: [30, 260], zero: true },
    ],
    axes: [
      {
        orient: "bottom",
        scale: "x",
        values: ticks,
        format: ".0%",
        grid: true,
        gridScale: "y",
        domain: false,
        tickSize: 4,
        labelPadding: 3,
        zindex: 0,
      },
      {
        orient: "left",
        scale: "y",
        values: ticks,
        format: ".0%",
        grid: true,
        gridScale: "x",
        domain: false,
        tickSize: 4,
        labelPadding: 3,
        zindex: 0,
      },
    ],
    marks: [
      {
        type: "line",
        name: "perfect",
        from: { data: "diagonal" },
        encode: {
          enter: {
            x: { scale: "x", field: "p" },
            y: { scale: "y", field: "w" },
            stroke: { value: MUTED },
            strokeWidth: { value: 1 },
            strokeDash: { value: [4, 3] },
          },
        },
      },
      {
        type: "line",
        name: "curve",
        from: { data: "bins" },
        encode: {
          enter: {
            x: { scale: "x", field: "p" },
            y: { scale: "y", field: "w" },
            stroke: { value: LINE },
            strokeWidth: { value: 2 },
          },
        },
      },
      {
        type: "symbol",
        name: "bin",
        from: { data: "bins" },
        encode: {
          enter: {
            x: { scale: "x", field: "p" },
            y: { scale: "y", field: "w" },
            size: { scale: "size", field: "n" },
            fill: { value: LINE },
            fillOpacity: { value: 0.85 },
            stroke: { value: "#ffffff" },
            strokeWidth: { value: 0.8 },
          },
        },
      },
    ],
  });
}

export function rankingSpec(o: CalibrateOutput, f: FrameTitles): Spec {
  const bins = o.ranking.bins.map((b, i) => ({
    k: `${i + 1}`,
    label: `${Math.round(b.v_min)}–${Math.round(b.v_max)}`,
    w: unit(b.won_rate),
    n: b.n,
  }));
  return framedPlot(f, SIZE, {
    data: [{ name: "bins", values: bins }],
    scales: [
      { name: "x", type: "band", domain: { data: "bins", field: "label" }, range: [0, PLOT_W], padding: 0.2 },
      { name: "y", type: "linear", domain: [0, 1], range: [PLOT_H, 0], nice: false, zero: true },
    ],
    axes: [
      { orient: "bottom", scale: "x", domain: false, tickSize: 4, labelPadding: 3, zindex: 0 },
      {
        orient: "left",
        scale: "y",
        values: ticks,
        format: ".0%",
        grid: true,
        domain: false,
        tickSize: 4,
        labelPadding: 3,
        zindex: 0,
      },
    ],
    marks: [
      {
        type: "rect",
        name: "bar",
        from: { data: "bins" },
        encode: {
          enter: {
            x: { scale: "x", field: "label" },
            width: { scale: "x", band: 1 },
            y: { scale: "y", field: "w" },
            y2: { scale: "y", value: 0 },
            fill: { value: BAR },
            fillOpacity: { value: 0.85 },
          },
        },
      },
      {
        type: "text",
        name: "rate",
        from: { data: "bins" },
        encode: {
          enter: {
            x: { scale: "x", field: "label", band: 0.5 },
            y: { scale: "y", field: "w", offset: -4 },
            align: { value: "center" },
            baseline: { value: "bottom" },
            text: { signal: "format(datum.w, '.0%')" },
            font: { value: chartFont().family },
            fontSize: { value: 11 },
            fill: { value: INK },
          },
        },
      },
    ],
  });
}

/** Both PNGs, labelled in the reader's language; throws (naming the chart) if either cannot be drawn. */
export async function renderCalibrationCharts(
  o: CalibrateOutput,
  scope: string,
  asOf: string,
  l: Locale,
): Promise<MessageFile[]> {
  const reliability = {
    title: t(l, "calibration.chart.reliability_title", { scope }),
    xLabel: t(l, "calibration.chart.reliability_x"),
    yLabel: t(l, "calibration.chart.reliability_y"),
  };
  const ranking = {
    title: t(l, "calibration.chart.ranking_title", { scope }),
    xLabel: t(l, "calibration.chart.ranking_x"),
    yLabel: t(l, "calibration.chart.ranking_y"),
  };
  const [a, b] = await Promise.all([
    renderSpec("reliability", () => reliabilitySpec(o, reliability)),
    renderSpec("won rate by V", () => rankingSpec(o, ranking)),
  ]);
  return [
    { filename: `calibration-reliability-${asOf}.png`, title: reliability.title, bytes: a },
    { filename: `calibration-won-rate-${asOf}.png`, title: ranking.title, bytes: b },
  ];
}
