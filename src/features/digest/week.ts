// Digest calendar (METHOD §2.1, §5.7): ISO weeks, the Monday 00:00 week boundary in a subscription's time zone, and
// the weekly delivery slot (weekday + HH:MM in that zone). Pure: every function takes the instant it reasons about.
import { DateTime, IANAZone } from "luxon";

/** ISO weekday numbers as the schema stores them: 1 = Monday … 7 = Sunday. */
export const WEEKDAY_CODES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

export interface Schedule {
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** "HH:MM", 24-hour, local to `timezone` */
  time: string;
  /** IANA zone */
  timezone: string;
}

/** A week boundary: the snapshot it starts (METHOD §2.8: Monday 00:00). */
export interface Week {
  /** ISO week, e.g. 2026-W10 */
  periodKey: string;
  /** The Monday, YYYY-MM-DD (a calendar date in the boundary's zone) */
  asOf: string;
  /** The boundary instant */
  start: Date;
}

export interface Slot extends Week {
  /** When the digest of this week is due */
  at: Date;
}

export const isValidTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

/** The zone's canonical spelling (asia/shanghai → Asia/Shanghai), so stored zones compare equal. */
export function canonicalZone(zone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
}

/** The ISO week key: ISO week-numbering year and two-digit week (luxon's kkkk / WW). */
const keyOf = (d: DateTime): string => d.toFormat("kkkk-'W'WW");

function weekAt(local: DateTime): Week {
  const monday = local.startOf("week"); // luxon's week is the ISO week: Monday 00:00
  return { periodKey: keyOf(monday), asOf: monday.toISODate() ?? "", start: monday.toJSDate() };
}

/** The week whose boundary is the latest one at or before `now` in `zone`. */
export function weekOf(now: Date, zone: string): Week {
  return weekAt(DateTime.fromJSDate(now, { zone }));
}

/** "HH:MM" as hour and minute; a stored time in any other shape is an error, not midnight. */
function parseTime(time: string): { hour: number; minute: number } {
  const t = DateTime.fromFormat(time, "H:mm", { zone: "utc" });
  if (!t.isValid) throw new Error(`digest schedule: time "${time}" is not HH:MM`);
  return { hour: t.hour, minute: t.minute };
}

function slotIn(week: DateTime, s: Schedule): DateTime {
  // Setting the wall-clock time lets luxon resolve DST: a time skipped by a spring-forward moves an hour later.
  return week.set({ weekday: s.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7, ...parseTime(s.time), second: 0, millisecond: 0 });
}

/**
 * The latest delivery slot at or before `now`, or null when it lies before `notBefore` (a subscription made on
 * Tuesday for Mondays starts next Monday, not with an instant catch-up for yesterday).
 */
export function latestSlot(now: Date, s: Schedule, notBefore: Date): Slot | null {
  const local = DateTime.fromJSDate(now, { zone: s.timezone });
  let slot = slotIn(local, s);
  if (slot.toMillis() > local.toMillis()) slot = slotIn(local.minus({ weeks: 1 }), s);
  if (slot.toMillis() < notBefore.getTime()) return null;
  return { ...weekAt(slot), at: slot.toJSDate() };
}

/** The first delivery slot after `now` (for `/kvalue digest list`). */
export function nextSlot(now: Date, s: Schedule): Slot {
  const local = DateTime.fromJSDate(now, { zone: s.timezone });
  let slot = slotIn(local, s);
  if (slot.toMillis() <= local.toMillis()) slot = slotIn(local.plus({ weeks: 1 }), s);
  return { ...weekAt(slot), at: slot.toJSDate() };
}

/** "2026-03-09 09:00" in the zone, for people. */
export function localTimeText(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd HH:mm");
}
