// Value matrix (METHOD §4): accounts on X = CV (0–100) × Y = future attractiveness (0–100), quadrant lines at 50.

import type { Mark, Spec } from "vega";
import { QUADRANTS, type Quadrant } from "../../../core/enums.js";
import { chartFont } from "./font.js";
import { placeLabels, type Box, type LabelCandidate } from "./labels.js";
import { renderSpec } from "./render.js";
import { framedPlot } from "./frame.js";
import { INK, MUTED, TEXT_SIZE, clean, fitText, fixedText, textWidth } from "./theme.js";

export interface ValueMatrixPoint {
  /** Account name, often Chinese. */
  label: string;
  x: number;
  y: number;
  quadrant: Quadrant;
  /**
   * 待评估 (completeness κ < 0.5, METHOD §3.4): its X/Y rest on too few facts to place it, so, as in the text matrix,
   * it is in no quadrant: not drawn, not counted, only named in the note under the plot.
   */
  provisional?: boolean;
}

export interface ValueMatrixData {
  title: string;
  points: ValueMatrixPoint[];
  quadrantNames: Record<Quadrant, string>;
  xLabel: string;
  yLabel: string;
  /** The note under the plot for the `n` (> 0) provisional accounts left out. */
  provisionalNote: (n: number) => string;
}

/** Hue carries meaning: strategic warm and strong, develop green (growth), maintain blue (steady), opportunistic grey. */
export const QUADRANT_COLORS: Record<Quadrant, string> = {
  strategic: "#d1495b",
  develop: "#2a9d5c",
  maintain: "#3a74b4",
  opportunistic: "#8a8f98",
};

/**
 * Labelling rule: at most this many accounts are named. Candidates are taken round-robin over the quadrants in
 * priority order (strategic, develop, maintain, opportunistic); within a quadrant by X + Y descending (the direction
 * V rewards: the biggest strategic accounts, the develop accounts closest to becoming strategic, …), ties by name
 * then input order. So every quadrant's leaders are named and strategic gets first pick in each round. A name that
 * cannot be placed without overlapping another name or a quadrant title is skipped; the next candidate is tried.
 */
export const MAX_POINT_LABELS = 20;

const PLOT = 560; // square plot frame, layout px
const STRIP = 26; // bands at the top and bottom of the frame that hold the quadrant names, so no point hides them
const Y_TOP = STRIP; // pixel rows of Y = 100 and Y = 0
const Y_BOTTOM = PLOT - STRIP;
const AXIS_W = 30; // y tick labels + ticks
const AXIS_H = 22; // x tick labels + ticks
const POINT_SIZE = 42; // vega symbol area in px²
const POINT_R = Math.sqrt(POINT_SIZE / Math.PI);
const LABEL_SIZE = 11;
// Longer names end in "…". Roomier when every account can be named anyway; about nine 汉字 when crowded.
const LABEL_MAX_W = { roomy: 160, crowded: 110 } as const;
const LABEL_BG_PAD = 1.5;
const CORNER_SIZE = 13;
const CORNER_INSET = 8;

// Plot-local px, identical to what the vega scales below produce (linear, domain 0–100, no nice/zero/padding).
const px = (v: number): number => (v / 100) * PLOT;
const py = (v: number): number => Y_BOTTOM - (v / 100) * (Y_BOTTOM - Y_TOP);

/** Plain code-unit order: the same on every host, unlike localeCompare (ICU-dependent). */
const compareCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const inRange = (v: number): boolean => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 100;

export async function renderValueMatrix(data: ValueMatrixData): Promise<Buffer> {
  return renderSpec("value matrix", () => valueMatrixSpec(data));
}

function validate(data: ValueMatrixData): void {
  if (!Array.isArray(data.points)) throw new Error("points must be an array");
  for (const q of QUADRANTS) {
    if (typeof data.quadrantNames?.[q] !== "string") throw new Error(`quadrantNames.${q} is missing`);
  }
  data.points.forEach((p, i) => {
    if (!inRange(p.x) || !inRange(p.y)) {
      throw new Error(`points[${i}] (${p.label}) must have x and y in 0–100, got x=${p.x}, y=${p.y}`);
    }
    if (!(QUADRANTS as readonly string[]).includes(p.quadrant)) {
      throw new Error(`points[${i}].quadrant must be one of ${QUADRANTS.join("|")}, got ${String(p.quadrant)}`);
    }
  });
}

/** Candidates in the order of MAX_POINT_LABELS's rule. */
export function labelCandidates(points: readonly ValueMatrixPoint[]): LabelCandidate[] {
  const byQuadrant = QUADRANTS.map((q) =>
    points
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => p.quadrant === q)
      .sort((a, b) => b.p.x + b.p.y - (a.p.x + a.p.y) || compareCodeUnits(a.p.label, b.p.label) || a.i - b.i),
  );
  const maxW = points.length <= MAX_POINT_LABELS ? LABEL_MAX_W.roomy : LABEL_MAX_W.crowded;
  const out: LabelCandidate[] = [];
  const rounds = Math.max(0, ...byQuadrant.map((l) => l.length));
  for (let round = 0; round < rounds; round++) {
    for (const list of byQuadrant) {
      const entry = list[round];
      if (!entry) continue;
      const text = fitText(clean(entry.p.label), LABEL_SIZE, maxW);
      if (text !== "") out.push({ point: entry.i, text, width: textWidth(text, LABEL_SIZE) });
    }
  }
  return out;
}

/** Left of the x-axis title, under the plot (plot-local px): how many provisional accounts are not drawn. */
function provisionalNote(data: ValueMatrixData, n: number): Mark {
  const room = PLOT - textWidth(`${clean(data.xLabel)} →`, TEXT_SIZE) - 16;
  const text = fitText(clean(data.provisionalNote(n)), TEXT_SIZE, room);
  return fixedText("provisionalNote", text, { x: 0, y: PLOT + AXIS_H }, { color: MUTED });
}

/** Pure: data → Vega spec. Label positions are decided here (see MAX_POINT_LABELS) and passed to vega as data. */
export function valueMatrixSpec(data: ValueMatrixData): Spec {
  validate(data);
  const family = chartFont().family;
  const points = data.points.filter((p) => !p.provisional);
  const provisional = data.points.length - points.length;

  const counts: Record<Quadrant, number> = { strategic: 0, develop: 0, maintain: 0, opportunistic: 0 };
  for (const p of points) counts[p.quadrant] += 1;

  // Quadrant names in the outer corners of their quadrants (inside the strips), with how many accounts each holds.
  const corner = (q: Quadrant, right: boolean, top: boolean): { mark: Mark; box: Box } => {
    const text = fitText(`${clean(data.quadrantNames[q])} · ${counts[q]}`, CORNER_SIZE, PLOT / 2 - 2 * CORNER_INSET);
    const w = textWidth(text, CORNER_SIZE);
    const x = right ? PLOT - CORNER_INSET : CORNER_INSET;
    const y = top ? STRIP / 2 : PLOT - STRIP / 2;
    const box: Box = {
      x0: right ? x - w : x,
      x1: right ? x : x + w,
      y0: y - CORNER_SIZE / 2 - 1,
      y1: y + CORNER_SIZE / 2 + 1,
    };
    const align = right ? "right" : "left";
    const mark = fixedText(
      `corner_${q}`,
      text,
      { x, y },
      { size: CORNER_SIZE, color: QUADRANT_COLORS[q], align, baseline: "middle", bold: true },
    );
    return { mark, box };
  };
  const corners = [
    corner("develop", false, true),
    corner("strategic", true, true),
    corner("opportunistic", false, false),
    corner("maintain", true, false),
  ];

  const labels = placeLabels({
    points: points.map((p) => ({ x: px(p.x), y: py(p.y) })),
    radius: POINT_R,
    candidates: labelCandidates(points),
    max: MAX_POINT_LABELS,
    lineHeight: LABEL_SIZE + 2,
    bounds: { x0: 2, y0: 2, x1: PLOT - 2, y1: PLOT - 2 },
    obstacles: corners.map((c) => c.box),
  });

  // Tints cover the whole frame, strips included, so each name sits in its quadrant's colour.
  const tint = (q: Quadrant, right: boolean, top: boolean): Mark => ({
    type: "rect",
    name: `tint_${q}`,
    encode: {
      enter: {
        x: { value: right ? px(50) : 0 },
        x2: { value: right ? PLOT : px(50) },
        y: { value: top ? 0 : py(50) },
        y2: { value: top ? py(50) : PLOT },
        fill: { value: QUADRANT_COLORS[q] },
        fillOpacity: { value: 0.07 },
      },
    },
  });

  return framedPlot(
    data,
    { plotW: PLOT, plotH: PLOT, axisW: AXIS_W, axisH: AXIS_H },
    {
      data: [
        { name: "points", values: points.map((p) => ({ x: p.x, y: p.y, q: p.quadrant })) },
        // METHOD §4.1: both thresholds are fixed at 50 ("≥ 50 is high").
        {
          name: "thresholds",
          values: [
            { x0: px(50), x1: px(50), y0: 0, y1: PLOT },
            { x0: 0, x1: PLOT, y0: py(50), y1: py(50) },
          ],
        },
        {
          name: "labels",
          values: labels.map((l) => ({ point: l.point, x: l.x, y: l.y, text: l.text, align: l.align, ...l.box })),
        },
      ],
      scales: [
        { name: "x", type: "linear", domain: [0, 100], range: [0, PLOT], nice: false, zero: false },
        { name: "y", type: "linear", domain: [0, 100], range: [Y_BOTTOM, Y_TOP], nice: false, zero: false },
        { name: "color", type: "ordinal", domain: [...QUADRANTS], range: QUADRANTS.map((q) => QUADRANT_COLORS[q]) },
      ],
      // gridScale bounds each grid line by the other axis's range; without it vega draws them at the full view
      // size, through the title.
      axes: [
        {
          orient: "bottom",
          scale: "x",
          values: [0, 25, 50, 75, 100],
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
          values: [0, 25, 50, 75, 100],
          grid: true,
          gridScale: "x",
          domain: false,
          tickSize: 4,
          labelPadding: 3,
          zindex: 0,
        },
      ],
      marks: [
        tint("develop", false, true),
        tint("strategic", true, true),
        tint("opportunistic", false, false),
        tint("maintain", true, false),
        {
          type: "rule",
          name: "threshold",
          from: { data: "thresholds" },
          encode: {
            enter: {
              x: { field: "x0" },
              x2: { field: "x1" },
              y: { field: "y0" },
              y2: { field: "y1" },
              stroke: { value: "#6e7781" },
              strokeWidth: { value: 1 },
              strokeDash: { value: [4, 3] },
            },
          },
        },
        ...corners.map((c) => c.mark),
        ...(provisional > 0 ? [provisionalNote(data, provisional)] : []),
        {
          type: "symbol",
          name: "point",
          from: { data: "points" },
          encode: {
            enter: {
              x: { scale: "x", field: "x" },
              y: { scale: "y", field: "y" },
              shape: { value: "circle" },
              size: { value: POINT_SIZE },
              fill: { scale: "color", field: "q" },
              fillOpacity: { value: 0.85 },
              stroke: { value: "#ffffff" },
              strokeWidth: { value: 0.8 },
            },
          },
        },
        {
          // A light backing keeps names readable where they cross points or lines (cheaper to draw than a halo).
          type: "rect",
          name: "labelBackground",
          from: { data: "labels" },
          encode: {
            enter: {
              x: { field: "x0", offset: -LABEL_BG_PAD },
              x2: { field: "x1", offset: LABEL_BG_PAD },
              y: { field: "y0" },
              y2: { field: "y1" },
              fill: { value: "#ffffff" },
              fillOpacity: { value: 0.75 },
              cornerRadius: { value: 2 },
            },
          },
        },
        {
          type: "text",
          name: "label",
          from: { data: "labels" },
          encode: {
            enter: {
              x: { field: "x" },
              y: { field: "y" },
              text: { field: "text" },
              align: { field: "align" },
              baseline: { value: "middle" },
              font: { value: family },
              fontSize: { value: LABEL_SIZE },
              fill: { value: INK },
            },
          },
        },
      ],
    },
  );
}
