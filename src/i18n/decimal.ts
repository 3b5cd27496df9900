// Display rounding (METHOD §2.1): quantize to 9 dp half-even, then ROUND_HALF_UP to the shown precision.
// The rule itself lives in src/core/numerics.ts; this file only turns its numbers into strings, so the
// surfaces and the §10 JSON output can never round differently.
import { ceilCount as coreCeilCount, q9, roundHalfUp } from "../core/numerics.js";

export interface DisplayOptions {
  /** Thousands separators in the integer part. */
  group?: boolean;
  /** Drop trailing zeros of the fraction (300.00 → 300). */
  trimZeros?: boolean;
  /** "+" on positive values. */
  signed?: boolean;
}

/** Groups an unsigned digit string with commas: "3000000" → "3,000,000". */
export function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** x with `dp` decimals by the §2.1 rule. Non-finite → "—" (display code never throws). */
export function displayFixed(x: number, dp: number, opts: DisplayOptions = {}): string {
  if (!Number.isFinite(x)) return "—";
  const r = roundHalfUp(x, dp);
  const a = Math.abs(r);
  // r is the double nearest a dp-decimal number, so toFixed(dp) prints exactly that decimal.
  const [intPart = "0", fracRaw = ""] = a.toFixed(dp).split(".");
  const frac = opts.trimZeros ? fracRaw.replace(/0+$/, "") : fracRaw;
  const body = (opts.group ? groupDigits(intPart) : intPart) + (frac ? `.${frac}` : "");
  const sign = r < 0 ? "-" : opts.signed && r > 0 ? "+" : "";
  return sign + body;
}

/** METHOD §2.1 display of scores: 2 dp. 39.37499999999999 → "39.38". */
export function display2(x: number): string {
  return displayFixed(x, 2);
}

/** METHOD §2.1 counts: ceiling after quantizing (37.5 → 38; 5.999999999999999 → 6). */
export function ceilCount(x: number): number {
  return Number.isFinite(x) ? coreCeilCount(x) : 0;
}

/** Compares two numbers as §2.1 does: on their 9-dp quantized values. */
export function compareQuantized(a: number, b: number): number {
  const qa = q9(a);
  const qb = q9(b);
  return qa < qb ? -1 : qa > qb ? 1 : 0;
}

export { q9 as quantize9 };
