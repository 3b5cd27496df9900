// METHOD §2.1 numerics: compute at full precision; quantize to 9 dp (half-even) before any comparison,
// rounding or ceiling; display ROUND_HALF_UP; counts are ceilings after quantizing to 6 dp. Ties go high.
//
// Every function splits |x| into an integer part and a 9-dp fraction held as an integer, so x·1e9 never
// leaves the safe-integer range, even for money in the billions.

const E9 = 1e9;

/** Round a non-negative real to an integer, ties to even. */
function halfEven(s: number): number {
  const f = Math.floor(s);
  const d = s - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Integer division n / unit of non-negative integers, ties to even. */
function divHalfEven(n: number, unit: number): number {
  const q = Math.floor(n / unit);
  const r = n - q * unit;
  if (2 * r > unit) return q + 1;
  if (2 * r < unit) return q;
  return q % 2 === 0 ? q : q + 1;
}

/** The 9-dp fraction of a non-negative real as an integer 0…1e9 (1e9 means "carry into the integer part"). */
function frac9(ax: number, ip: number): number {
  return halfEven((ax - ip) * E9);
}

/** §2.1: x quantized to 9 decimal places, half-even (the double nearest to that decimal). */
export function q9(x: number): number {
  if (!Number.isFinite(x)) return x;
  const ax = Math.abs(x);
  const ip = Math.floor(ax);
  const n = frac9(ax, ip);
  const v = ip < 9e6 ? (ip * E9 + n) / E9 : ip + n / E9;
  return x < 0 ? -v : v + 0; // `+ 0` turns −0 into 0
}

/** §2.1 display: quantize to 9 dp, then ROUND_HALF_UP (ties away from zero) to `dp` ≤ 9 decimals. */
export function roundHalfUp(x: number, dp: number): number {
  if (!Number.isFinite(x)) return x;
  const ax = Math.abs(x);
  let ip = Math.floor(ax);
  let n = frac9(ax, ip);
  if (n === E9) {
    ip += 1;
    n = 0;
  }
  const unit = 10 ** (9 - dp);
  const scale = 10 ** dp;
  let q = Math.floor(n / unit);
  if (2 * (n - q * unit) >= unit) q += 1;
  if (q === scale) {
    ip += 1;
    q = 0;
  }
  const v = (ip * scale + q) / scale;
  return x < 0 && v !== 0 ? -v : v;
}

/** Scores and money in §10 output: 2 decimals. */
export const round2 = (x: number): number => roundHalfUp(x, 2);
/** Completeness, probabilities, ratios and expected wins in §10 output: 4 decimals. */
export const round4 = (x: number): number => roundHalfUp(x, 4);

/** §2.1 counts: ceiling after quantizing to 9 dp and then 6 dp (so 5.999999999999999 needs 6, not 7). */
export function ceilCount(x: number): number {
  if (!Number.isFinite(x)) return x;
  const ax = Math.abs(x);
  const ip = Math.floor(ax);
  const n6 = divHalfEven(frac9(ax, ip), 1000);
  if (x >= 0) return n6 === 0 ? ip : ip + 1;
  return n6 === 1e6 ? -(ip + 1) : -ip + 0;
}

// The comparisons below skip the quantizing when the values are more than 1e-8 apart: quantizing moves a
// value by at most 0.5e-9, so it cannot change the order then. They are meant for scores, weights and
// ratios (|x| < 1e6), where the subtraction itself is exact to far better than 1e-8.

/** §2.1 threshold test on the quantized value: q9(x) ≥ t for a 9-dp constant t (ties go high). */
export function atLeast(x: number, t: number): boolean {
  const d = x - t;
  if (d > 1e-8) return true;
  if (d < -1e-8) return false;
  return q9(x) >= t;
}

/** Sign of q9(a) − q9(b): 1, −1 or 0. */
export function compareQ(a: number, b: number): number {
  const d = a - b;
  if (d > 1e-8) return 1;
  if (d < -1e-8) return -1;
  const qa = q9(a),
    qb = q9(b);
  return qa > qb ? 1 : qa < qb ? -1 : 0;
}

/** q9(a) > q9(b). */
export const aboveQ = (a: number, b: number): boolean => compareQ(a, b) > 0;
