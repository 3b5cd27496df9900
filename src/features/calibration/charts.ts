// The calibration report's two charts in the digest's chart style (vega → SVG → resvg PNG, same font and theme):
// the reliability curve (predicted vs realised win rate per equal-count bin, with the diagonal of a perfect
// forecast) and the won rate by V bin. Rendering may fail; the caller then sends the text only.
import type { Mark, Spec } from "vega";
import type { CalibrateOutput } from "../../core/index.js";
import { t, type Locale } from "../../i18n/index.js";
import type { MessageFile } from "../../ui/types.js";
import { chartFont } from "../digest/charts/font.js";
import { renderSpec } from "../digest/charts/render.js";
import { INK, MUTED, PAD, RULE, TEXT_SIZE, TITLE_SIZE, clean, fitText, fixedText } from "../digest/charts/theme.js";

const PLOT_W = 440;
const PLOT_H = 320;
const AXIS_W = 34;
const AXIS_H = 22;
const LINE = "#3a74b4";
const BAR = "#2a9d5c";

interface Frame {
  title: string;
  xLabel: string;
  yLabel: string;
}

/** The frame both charts share: title, axis titles above/below the plot (rotated 汉字 read badly), a plot group. */
function frame(f: Frame, plot: Omit<Extract<Mark, { type: "group" }>, "type" | "name" | "encode">): Spec {
  const family = chartFont().family;
  const plotX = PAD + AXIS_W;
  const yTitleTop = PAD + TITLE_SIZE + 12;
  const plotY = yTitleTop + TEXT_SIZE + 8;
  const width = plotX + PLOT_W + PAD;
  const height = plotY + PLOT_H + AXIS_H + TEXT_SIZE + 6 + PAD;
  return {
    width,
    height,
    padding: 0,
    autosize: "none",
    background: "#ffffff",
    config: {
      axis: {
        labelFont: family,
        labelFontSize: 11,
        labelColor: MUTED,
        domainColor: RULE,
        tickColor: RULE,
        gridColor: "#e6e9ec",
      },
    },
    marks: [
      fixedText(
        "title",
        fitText(clean(f.title), TITLE_SIZE, width - 2 * PAD),
        { x: PAD, y: PAD },
        { size: TITLE_SIZE, bold: true },
      ),
      fixedText(
        "yTitle",
        fitText(`↑ ${clean(f.yLabel)}`, TEXT_SIZE, PLOT_W),
        { x: plotX, y: yTitleTop },
        { color: MUTED },
      ),
      fixedText(
        "xTitle",
        fitText(`${clean(f.xLabel)} →`, TEXT_SIZE, PLOT_W),
        { x: plotX + PLOT_W, y: plotY + PLOT_H + AXIS_H },
        { color: MUTED, align: "right" },
      ),
      {
        type: "group",
        name: "plot",
        encode: {
          enter: {
            x: { value: plotX },
            y: { value: plotY },
            width: { value: PLOT_W },
            height: { value: PLOT_H },
            stroke: { value: RULE },
          },
        },
        ...plot,
      },
    ],
  };
}

const unit = (x: number): number => Math.min(1, Math.max(0, Number.isFinite(x) ? x : 0));
const ticks = [0, 0.25, 0.5, 0.75, 1];

export function reliabilitySpec(o: CalibrateOutput, f: Frame): Spec {
  const bins = o.stage.bins.map((b) => ({ p: unit(b.mean_p), w: unit(b.win_rate), n: b.n }));
  return frame(f, {
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

export function rankingSpec(o: CalibrateOutput, f: Frame): Spec {
  const bins = o.ranking.bins.map((b, i) => ({
    k: `${i + 1}`,
    label: `${Math.round(b.v_min)}–${Math.round(b.v_max)}`,
    w: unit(b.won_rate),
    n: b.n,
  }));
  return frame(f, {
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
