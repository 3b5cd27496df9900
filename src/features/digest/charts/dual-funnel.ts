// Dual funnel (METHOD §5.2): per stage, the number of deals and their amount as two aligned horizontal bar panels.
// One row per stage, stage names once on the left, each panel with its own scale: a manager reads down a column
// to see the funnel narrow and across a row to compare count with amount (where a_k < c_k, value leaks out).

import type { Spec } from "vega";
import { chartFont } from "./font.js";
import { renderSpec } from "./render.js";
import {
  INK,
  MUTED,
  PAD,
  TEXT_SIZE,
  TITLE_SIZE,
  TRACK,
  assertFiniteNonNegative,
  clean,
  fitText,
  fixedText,
  formatCount,
  textWidth,
} from "./theme.js";

export interface DualFunnelStage {
  /** e.g. "S0 线索" */
  label: string;
  count: number;
  /** yuan */
  amount: number;
}

export interface DualFunnelData {
  title: string;
  /** Top to bottom, as they should appear (normally S0 … S5). */
  stages: DualFunnelStage[];
  countLabel: string;
  amountLabel: string;
  formatAmount: (n: number) => string;
  /** Shown instead of bars when there are no stages; defaults to "—". */
  emptyLabel?: string;
}

export const FUNNEL_COLORS = { count: "#4c78a8", amount: "#e8871e" } as const;

const WIDTH = 760;
const ROW = 34;
const HEADER = 22;
const GAP = 28; // between stage labels and the first panel, and between the panels
const LABEL_MAX = 170; // longer stage labels are cut with "…"
const VALUE_GAP = 5; // bar end → value label
const VALUE_MAX_SHARE = 0.45; // a value label may take at most this share of its panel; the bar keeps the rest

interface Row {
  key: string;
  label: string;
  count: number;
  amount: number;
  countText: string;
  amountText: string;
}

export async function renderDualFunnel(data: DualFunnelData): Promise<Buffer> {
  return renderSpec("dual funnel", () => dualFunnelSpec(data));
}

/** Pure: data → Vega spec with every position computed here, so text widths come from the chart font alone. */
export function dualFunnelSpec(data: DualFunnelData): Spec {
  if (!Array.isArray(data.stages)) throw new Error("stages must be an array");
  if (typeof data.formatAmount !== "function") throw new Error("formatAmount must be a function");
  // Panel width depends only on the stage labels, so value labels can be fitted to it below.
  const stageLabels = data.stages.map((s) => fitText(clean(s.label), TEXT_SIZE, LABEL_MAX));
  const labelW = Math.max(0, ...stageLabels.map((l) => textWidth(l, TEXT_SIZE)));
  const countX = PAD + labelW + GAP;
  const panelW = (WIDTH - PAD - countX - GAP) / 2;
  const valueMax = panelW * VALUE_MAX_SHARE;

  const rows: Row[] = data.stages.map((s, i) => {
    assertFiniteNonNegative(s.count, `stages[${i}].count`);
    assertFiniteNonNegative(s.amount, `stages[${i}].amount`);
    let amountText: unknown;
    try {
      amountText = data.formatAmount(s.amount);
    } catch (cause) {
      throw new Error(`formatAmount(${s.amount}) threw for stages[${i}]`, { cause });
    }
    if (typeof amountText !== "string")
      throw new Error(`formatAmount(${s.amount}) did not return a string for stages[${i}]`);
    return {
      key: String(i), // by index, so two stages with the same label still get their own row
      label: stageLabels[i] ?? "",
      count: s.count,
      amount: s.amount,
      countText: fitText(formatCount(s.count), TEXT_SIZE, valueMax),
      amountText: fitText(clean(amountText), TEXT_SIZE, valueMax),
    };
  });

  const font = chartFont().family;
  const titleTop = PAD;
  const headerTop = titleTop + TITLE_SIZE + 14;
  const rowsTop = headerTop + HEADER;
  const rowsH = ROW * Math.max(rows.length, 1);
  const height = rowsTop + rowsH + PAD;
  const labelRight = PAD + labelW;
  const amountX = countX + panelW + GAP;
  // Leave room at the end of the longest bar for the widest value label, so every label sits outside its bar.
  const countBar = panelW - VALUE_GAP - Math.max(0, ...rows.map((r) => textWidth(r.countText, TEXT_SIZE)));
  const amountBar = panelW - VALUE_GAP - Math.max(0, ...rows.map((r) => textWidth(r.amountText, TEXT_SIZE)));
  const maxCount = Math.max(0, ...rows.map((r) => r.count));
  const maxAmount = Math.max(0, ...rows.map((r) => r.amount));

  const panel = (measure: "count" | "amount", x: number, barMax: number, max: number) => {
    const scale = `${measure}X`;
    const value = measure === "count" ? "countText" : "amountText";
    const fill = FUNNEL_COLORS[measure];
    return {
      scale: {
        name: scale,
        type: "linear" as const,
        // All-zero data still needs a non-empty domain; bars then have zero length.
        domain: [0, max > 0 ? max : 1],
        range: [x, x + Math.max(barMax, 1)],
        zero: true,
        nice: false,
        clamp: true,
      },
      marks: [
        {
          type: "rect" as const,
          name: `${measure}Track`,
          from: { data: "stages" },
          encode: {
            enter: {
              x: { value: x },
              width: { value: panelW },
              y: { scale: "row", field: "key" },
              height: { scale: "row", band: 1 },
              fill: { value: TRACK },
            },
          },
        },
        {
          type: "rect" as const,
          name: `${measure}Bar`,
          from: { data: "stages" },
          encode: {
            enter: {
              x: { value: x },
              x2: { scale, field: measure },
              y: { scale: "row", field: "key" },
              height: { scale: "row", band: 1 },
              fill: { value: fill },
              cornerRadiusTopRight: { value: 2 },
              cornerRadiusBottomRight: { value: 2 },
            },
          },
        },
        {
          type: "text" as const,
          name: `${measure}Value`,
          from: { data: "stages" },
          encode: {
            enter: {
              x: { scale, field: measure, offset: VALUE_GAP },
              y: { scale: "row", field: "key", band: 0.5 },
              text: { field: value },
              font: { value: font },
              fontSize: { value: TEXT_SIZE },
              fill: { value: INK },
              align: { value: "left" as const },
              baseline: { value: "middle" as const },
            },
          },
        },
      ],
    };
  };
  const countPanel = panel("count", countX, countBar, maxCount);
  const amountPanel = panel("amount", amountX, amountBar, maxAmount);

  return {
    width: WIDTH,
    height,
    padding: 0,
    autosize: "none",
    background: "#ffffff",
    data: [{ name: "stages", values: rows }],
    scales: [
      {
        name: "row",
        type: "band",
        domain: { data: "stages", field: "key" },
        range: [rowsTop, rowsTop + rowsH],
        paddingInner: 0.3,
        paddingOuter: 0.15,
      },
      countPanel.scale,
      amountPanel.scale,
    ],
    marks: [
      fixedText(
        "title",
        fitText(clean(data.title), TITLE_SIZE, WIDTH - 2 * PAD),
        { x: PAD, y: titleTop },
        { size: TITLE_SIZE, bold: true },
      ),
      fixedText(
        "countHeader",
        fitText(clean(data.countLabel), TEXT_SIZE, panelW),
        { x: countX, y: headerTop },
        { color: FUNNEL_COLORS.count, bold: true },
      ),
      fixedText(
        "amountHeader",
        fitText(clean(data.amountLabel), TEXT_SIZE, panelW),
        { x: amountX, y: headerTop },
        { color: FUNNEL_COLORS.amount, bold: true },
      ),
      {
        type: "text",
        name: "stageLabel",
        from: { data: "stages" },
        encode: {
          enter: {
            x: { value: labelRight },
            y: { scale: "row", field: "key", band: 0.5 },
            text: { field: "label" },
            font: { value: font },
            fontSize: { value: TEXT_SIZE },
            fill: { value: INK },
            align: { value: "right" },
            baseline: { value: "middle" },
          },
        },
      },
      ...countPanel.marks,
      ...amountPanel.marks,
      ...(rows.length === 0
        ? [
            fixedText(
              "empty",
              clean(data.emptyLabel ?? "—"),
              { x: WIDTH / 2, y: rowsTop + rowsH / 2 },
              { color: MUTED, align: "center", baseline: "middle" },
            ),
          ]
        : []),
    ],
  };
}
