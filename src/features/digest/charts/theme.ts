// Shared look and small helpers for the digest charts. Sizes are layout px; the PNG is PIXEL_RATIO times larger.

import type { Mark } from "vega";
import { chartFont } from "./font.js";

export const INK = "#1f2328";
export const MUTED = "#59636e";
export const RULE = "#c9d1d9";
export const TRACK = "#f1f3f5";

export const PAD = 16;
export const TITLE_SIZE = 16;
export const TEXT_SIZE = 12;

/** Collapse whitespace (a newline would otherwise break vega's single-line text layout) and trim. */
export function clean(text: string): string {
  return String(text ?? "")
    .replace(/\s+/g, " ")
    .trim();
}

export function textWidth(text: string, fontSize: number): number {
  return chartFont().measure(text, fontSize);
}

/** Cut `text` to fit `maxWidth` px, ending in "…"; measured with the chart font so nothing spills. */
export function fitText(text: string, fontSize: number, maxWidth: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && textWidth(`${chars.join("")}…`, fontSize) > maxWidth) chars.pop();
  return chars.length > 0 ? `${chars.join("")}…` : "";
}

/** Locale-independent digit grouping, so output does not depend on the host's ICU data. */
export function formatCount(n: number): string {
  const [int = "0", frac] = String(Math.round(n * 100) / 100).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/**
 * A single text mark at a fixed position. Only one font weight is loaded, so the title is emphasised with a thin
 * stroke in its own colour (faux bold) instead of fontWeight, which resvg could not honour.
 */
export function fixedText(
  name: string,
  text: string,
  at: { x: number; y: number },
  style: {
    size?: number;
    color?: string;
    align?: "left" | "center" | "right";
    baseline?: "top" | "middle" | "bottom" | "alphabetic";
    bold?: boolean;
  } = {},
): Mark {
  const color = style.color ?? INK;
  return {
    type: "text",
    name,
    encode: {
      enter: {
        x: { value: at.x },
        y: { value: at.y },
        text: { value: text },
        font: { value: chartFont().family },
        fontSize: { value: style.size ?? TEXT_SIZE },
        fill: { value: color },
        align: { value: style.align ?? "left" },
        baseline: { value: style.baseline ?? "top" },
        ...(style.bold ? { stroke: { value: color }, strokeWidth: { value: 0.5 } } : {}),
      },
    },
  };
}

export function assertFiniteNonNegative(value: number, what: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new Error(`${what} must be a finite number ≥ 0, got ${String(value)}`);
  }
}
