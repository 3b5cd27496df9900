// The frame the square-plot charts share (the value matrix, calibration's reliability and won-rate charts): a
// title, the axis titles written horizontally above and below the plot (rotated 汉字 read badly), and the plot group
// the caller fills with its data, scales, axes and marks.
import type { Mark, Spec } from "vega";
import { chartFont } from "./font.js";
import { MUTED, PAD, RULE, TEXT_SIZE, TITLE_SIZE, clean, fitText, fixedText } from "./theme.js";

export interface FrameTitles {
  title: string;
  xLabel: string;
  yLabel: string;
}

export interface FrameSize {
  plotW: number;
  plotH: number;
  /** Room left of the plot for the y tick labels, and below it for the x tick labels. */
  axisW: number;
  axisH: number;
}

/** What the caller puts in the plot group (its position and border are the frame's). */
export type PlotGroup = Omit<Extract<Mark, { type: "group" }>, "type" | "name" | "encode">;

export function framedPlot(titles: FrameTitles, size: FrameSize, plot: PlotGroup): Spec {
  const { plotW, plotH, axisW, axisH } = size;
  const plotX = PAD + axisW;
  const yTitleTop = PAD + TITLE_SIZE + 12;
  const plotY = yTitleTop + TEXT_SIZE + 8;
  const width = plotX + plotW + PAD;
  const height = plotY + plotH + axisH + TEXT_SIZE + 6 + PAD;
  return {
    width,
    height,
    padding: 0,
    autosize: "none",
    background: "#ffffff",
    config: {
      axis: {
        labelFont: chartFont().family,
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
        fitText(clean(titles.title), TITLE_SIZE, width - 2 * PAD),
        { x: PAD, y: PAD },
        { size: TITLE_SIZE, bold: true },
      ),
      fixedText(
        "yTitle",
        fitText(`↑ ${clean(titles.yLabel)}`, TEXT_SIZE, plotW),
        { x: plotX, y: yTitleTop },
        { color: MUTED },
      ),
      fixedText(
        "xTitle",
        fitText(`${clean(titles.xLabel)} →`, TEXT_SIZE, plotW),
        { x: plotX + plotW, y: plotY + plotH + axisH },
        { color: MUTED, align: "right" },
      ),
      {
        type: "group",
        name: "plot",
        encode: {
          enter: {
            x: { value: plotX },
            y: { value: plotY },
            width: { value: plotW },
            height: { value: plotH },
            stroke: { value: RULE },
          },
        },
        ...plot,
      },
    ],
  };
}
