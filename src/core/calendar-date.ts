// Whether a text is an ISO date of the calendar, by arithmetic alone (no Date, no zod): shared by `isoDate`
// (facts.ts) and the fast checker of `kvalue assess` input (fast/accept.ts), which must not load zod.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `isoDate`: YYYY-MM-DD of a day on the (proleptic Gregorian) calendar. */
export function isCalendarDate(v: unknown): boolean {
  if (typeof v !== "string" || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    y = y * 10 + d;
  }
  const m1 = v.charCodeAt(5) - 48,
    m2 = v.charCodeAt(6) - 48,
    d1 = v.charCodeAt(8) - 48,
    d2 = v.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const m = m1 * 10 + m2,
    d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0));
}
