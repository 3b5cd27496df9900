// CNY money for people (METHOD §2.1: integer yuan, shown with separators, 万 or 亿).
//
// zh-CN rule — how a Chinese sales manager writes amounts in a report:
//   |x| < 1万       → whole yuan with separators:        8,500元
//   1万 ≤ |x| < 1亿  → 万 with up to 2 decimals, grouped: 20万 · 2,980万 · 266.67万
//   |x| ≥ 1亿       → 亿 with up to 2 decimals:           1.25亿 · 21.6亿
// Trailing zeros are dropped (300万, not 300.00万). The unit is chosen after rounding, so 99,999,999 reads
// 1亿, not 10,000万. Rounding: quantize to 9 dp half-even, then half-up (METHOD §2.1).
//
// en rule: "¥" prefix; below ¥1M whole yuan with separators (¥850,000); from ¥1M in millions (¥2.98M, ¥30M)
// and from ¥1B in billions (¥1.25B), up to 2 decimals, trailing zeros dropped.
import { roundHalfUp } from "../core/numerics.js";
import { displayFixed, groupDigits } from "./decimal.js";
import type { Locale } from "./locale.js";

export interface MoneyFormatOptions {
  /** Show "+" on positive values (deltas, bridges). */
  signed?: boolean;
  /**
   * One unit style for a whole report (the digest): en shows thousands as K (¥900K beside ¥7.8M, not ¥900,000);
   * zh-CN is already compact (元 below 1万 is how a report writes it).
   */
  compact?: boolean;
}

interface Unit {
  suffix: string;
  pow: number;
}
interface Style {
  /** Whole-yuan form below the first unit. */
  small: (digits: string) => string;
  /** Compact form: number plus unit. */
  big: (num: string, unit: string) => string;
  units: Unit[];
  /** Amounts (after rounding to whole yuan) below this use the whole-yuan form. */
  smallBelow: number;
}

const STYLES: Record<Locale, Style> = {
  "zh-CN": {
    small: (d) => `${d}元`,
    big: (n, u) => `${n}${u}`,
    units: [
      { suffix: "万", pow: 4 },
      { suffix: "亿", pow: 8 },
    ],
    smallBelow: 10_000,
  },
  en: {
    small: (d) => `¥${d}`,
    big: (n, u) => `¥${n}${u}`,
    units: [
      { suffix: "M", pow: 6 },
      { suffix: "B", pow: 9 },
    ],
    smallBelow: 1_000_000,
  },
};

const COMPACT: Record<Locale, Style> = {
  "zh-CN": STYLES["zh-CN"],
  en: { ...STYLES.en, units: [{ suffix: "K", pow: 3 }, ...STYLES.en.units], smallBelow: 1_000 },
};

/** Money in the reader's convention. Never throws; non-finite → "—". */
export function formatMoney(locale: Locale, yuan: number, opts: MoneyFormatOptions = {}): string {
  if (!Number.isFinite(yuan)) return "—";
  const style = (opts.compact ? COMPACT : STYLES)[locale];
  const a = Math.abs(yuan);
  const whole = roundHalfUp(a, 0);
  if (whole === 0) return style.small("0");
  const sign = yuan < 0 ? "-" : opts.signed ? "+" : "";
  if (whole < style.smallBelow) return sign + style.small(groupDigits(whole.toFixed(0)));
  for (let i = 0; i < style.units.length; i++) {
    const unit = style.units[i]!;
    const next = style.units[i + 1];
    // §2.1 rounding applies to the shown number (e.g. 266.67万), so quantize after dividing.
    const inUnit = a / 10 ** unit.pow;
    // Promote to the next unit when the rounded value reaches it (10,000万 → 1亿).
    if (next && roundHalfUp(inUnit, 2) >= 10 ** (next.pow - unit.pow)) continue;
    return sign + style.big(displayFixed(inUnit, 2, { group: true, trimZeros: true }), unit.suffix);
  }
  return sign + style.small(groupDigits(whole.toFixed(0))); // not reached: the last unit always returns
}

/**
 * Money for an editable input, in the unit the card shows and exact, so that keeping it changes nothing:
 * 3000000 → "300万" (en "¥3M"), 2666666 → "266.6666万" where the card rounds to 266.67万, 8500 → "8,500元".
 * parseMoney reads every form it writes back to the same yuan.
 */
export function formatMoneyExact(locale: Locale, yuan: number): string {
  if (!Number.isFinite(yuan) || !Number.isInteger(yuan)) return formatYuanPlain(yuan);
  const shown = formatMoney(locale, yuan);
  const style = STYLES[locale];
  const unit = style.units.find((u) => shown.endsWith(u.suffix));
  if (!unit) return shown;
  const digits = BigInt(Math.abs(yuan))
    .toString()
    .padStart(unit.pow + 1, "0");
  const int = digits.slice(0, digits.length - unit.pow);
  const frac = digits.slice(digits.length - unit.pow).replace(/0+$/, "");
  return (yuan < 0 ? "-" : "") + style.big(groupDigits(int) + (frac ? `.${frac}` : ""), unit.suffix);
}

/** Whole yuan with separators and no unit, for editable inputs: 3000000 → "3,000,000". */
export function formatYuanPlain(yuan: number): string {
  return Number.isFinite(yuan) ? displayFixed(yuan, 0, { group: true }) : "";
}

export type MoneyParseError = "empty" | "format" | "negative" | "fraction" | "too_large";
export type MoneyParse = { ok: true; value: number } | { ok: false; error: MoneyParseError };

// Multipliers people type after a number. Chinese units, the pinyin shorthand "w" for 万, and en k/m/b.
const MULTIPLIERS: Record<string, number> = {
  "": 0,
  千: 3,
  万: 4,
  十万: 5,
  百万: 6,
  千万: 7,
  亿: 8,
  k: 3,
  w: 4,
  m: 6,
  mm: 6,
  mn: 6,
  b: 9,
  bn: 9,
};

/**
 * Parses money as people type it: "3000000", "3,000,000", "300万", "1.25亿", "3000万元", "¥3,000,000",
 * "３００万", "2.5M". The result must be whole yuan (METHOD §2.1); "1.23456万" is a `fraction` error rather
 * than a silent rounding.
 */
export function parseMoney(input: string | null | undefined): MoneyParse {
  if (input == null) return { ok: false, error: "empty" };
  // NFKC folds the full-width digits and punctuation Chinese IMEs produce (３００万, ，, ￥) to ASCII.
  let s = input.normalize("NFKC").trim().toLowerCase();
  if (s === "") return { ok: false, error: "empty" };
  s = s
    .replace(/^(?:rmb|cny)|(?:rmb|cny)$/g, "")
    .replace(/[¥￥\s,_'，]/g, "")
    .replace(/(?:人民币)?元$/, "")
    .replace(/^人民币/, "");
  let negative = false;
  if (/^[-−]/.test(s)) {
    negative = true;
    s = s.slice(1);
  }
  const m = /^(\d+)(?:\.(\d+))?(千|万|十万|百万|千万|亿|k|w|mm|mn|m|bn|b)?$/.exec(s);
  if (!m) return { ok: false, error: "format" };
  const intDigits = m[1] ?? "0";
  const fracDigits = m[2] ?? "";
  const pow = MULTIPLIERS[m[3] ?? ""] ?? 0;
  // value = (int.frac) · 10^pow, exactly.
  const mantissa = BigInt(intDigits + fracDigits);
  const shift = pow - fracDigits.length;
  let yuan: bigint;
  if (shift >= 0) yuan = mantissa * 10n ** BigInt(shift);
  else {
    const d = 10n ** BigInt(-shift);
    if (mantissa % d !== 0n) return { ok: false, error: "fraction" };
    yuan = mantissa / d;
  }
  if (negative && yuan !== 0n) return { ok: false, error: "negative" };
  if (yuan > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: "too_large" };
  return { ok: true, value: Number(yuan) };
}
