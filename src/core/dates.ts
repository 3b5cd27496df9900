// Calendar arithmetic on ISO dates (METHOD §2.1: dates are plain YYYY-MM-DD in Asia/Shanghai). No clock, no
// Date objects: the day number is computed from the digits (days from civil, proleptic Gregorian).

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** Days since 1970-01-01 of an ISO date `YYYY-MM-DD`. */
export function dayNumber(iso: string): number {
  // Digits read by char code: this runs per contact inside `assess` (the staleness flag).
  const y0 = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const m = digit(iso, 5) * 10 + digit(iso, 6), d = digit(iso, 8) * 10 + digit(iso, 9);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The ISO date of a day number (inverse of `dayNumber`). */
export function isoFromDay(z0: number): string {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

export const addDays = (iso: string, days: number): string => isoFromDay(dayNumber(iso) + days);
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** The same calendar day `months` later (or earlier), clamped to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const total = +iso.slice(0, 4) * 12 + (+iso.slice(5, 7) - 1) + months;
  const y = Math.floor(total / 12), m = total - y * 12 + 1;
  const day = Math.min(+iso.slice(8, 10), daysInMonth(y, m));
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
