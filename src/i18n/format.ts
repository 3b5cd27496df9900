// Number and date formatting for people. All rounding goes through decimal.ts → core/numerics.ts (METHOD §2.1).
import { ceilCount, displayFixed } from "./decimal.js";
import type { Locale } from "./locale.js";

export { display2, ceilCount } from "./decimal.js";
export { formatMoney, formatYuanPlain, parseMoney } from "./money.js";

/** A score 0–100 (or any METHOD quantity shown at 2 dp): "77.80". */
export function formatScore(x: number): string {
  return displayFixed(x, 2);
}

/** A signed score difference: "+5.87" / "-2.10". */
export function formatScoreDelta(x: number): string {
  return displayFixed(x, 2, { signed: true });
}

/** A ratio in [0,1] as a percentage with 2 dp in both languages: 0.9275 → "92.75%". */
export function formatPercent(_locale: Locale, ratio: number, dp = 2): string {
  return `${displayFixed(ratio * 100, dp)}%`;
}

/** Percentage points: +3.11 个百分点 / +3.11 pp. */
export function formatPercentPoints(locale: Locale, deltaRatio: number): string {
  const s = displayFixed(deltaRatio * 100, 2, { signed: true });
  return locale === "zh-CN" ? `${s} 个百分点` : `${s} pp`;
}

/** A coverage multiple: 9.00×. */
export function formatMultiple(x: number): string {
  return `${displayFixed(x, 2)}×`;
}

/** Completeness κ, 2 dp: "0.77". */
export function formatKappa(x: number): string {
  return displayFixed(x, 2);
}

/** An integer with separators: 1,234. */
export function formatInt(x: number): string {
  return displayFixed(x, 0, { group: true });
}

/** A count the method says to show as a ceiling (required leads, required wins): 37.5 → "38". */
export function formatCeilCount(x: number): string {
  return formatInt(ceilCount(x));
}

/** A real-valued count (expected wins): 11.76. */
export function formatDecimalCount(x: number): string {
  return displayFixed(x, 2);
}

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * An ISO date (YYYY-MM-DD, Asia/Shanghai calendar day per METHOD §2.1) as people write it:
 * 2025年7月4日 / 4 Jul 2025 (day-month order avoids the US/EU ambiguity). Anything else is returned as is.
 */
export function formatDate(locale: Locale, iso: string | null | undefined): string {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return iso;
  return locale === "zh-CN" ? `${y}年${mo}月${d}日` : `${d} ${EN_MONTHS[mo - 1]} ${y}`;
}

/** A date without its year, "12月14日" / "14 Dec": for naming a recent date beside a full one the reader already has. */
export function formatMonthDay(locale: Locale, iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(iso);
  const mo = Number(m?.[1]),
    d = Number(m?.[2]);
  if (!m || mo < 1 || mo > 12 || d < 1 || d > 31) return iso;
  return locale === "zh-CN" ? `${mo}月${d}日` : `${d} ${EN_MONTHS[mo - 1]}`;
}
