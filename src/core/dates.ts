// Calendar arithmetic on ISO dates (METHOD §2.1: dates are plain YYYY-MM-DD in Asia/Shanghai). Nothing here reads
// a clock. Month steps use luxon (it clamps to the month's last day); day steps use the built-in Date on UTC
// midnights, since ECMAScript parses a date-only ISO string as UTC and a UTC day is exactly 86,400,000 ms. Day
// steps run per contact and per stage transition, where luxon's ~20 µs per operation (measured) would show.
import { DateTime } from "luxon";

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO date `YYYY-MM-DD`; a malformed date is an error, never a guess. */
export function dayNumber(iso: string): number {
  const ms = Date.parse(iso);
  if (iso.length !== 10 || Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${iso}`);
  return ms / DAY_MS;
}

/** The ISO date of a day number (inverse of `dayNumber`). */
export const isoFromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const addDays = (iso: string, days: number): string => isoFromDay(dayNumber(iso) + days);
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** The same calendar day `months` later (or earlier), clamped to the month's last day. */
export function addMonths(iso: string, months: number): string {
  const date = DateTime.fromISO(iso, { zone: "utc" });
  if (!date.isValid) throw new RangeError(`not an ISO date: ${iso}`);
  return date.plus({ months }).toISODate() ?? iso;
}
