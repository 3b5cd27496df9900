// Reading the numbers people write, in Arabic or Chinese numerals, as quantities: "3000万", "1.25亿", "25%",
// "¥2,500,000", "30 million", "九亿八千七百万元", "三点五亿", "五百多万", "一个亿", "七成三", "八五折", "百分之三十".
// One reader serves both checks that keep the model honest: a proposed value must be a number the note wrote
// (extraction/validate.ts), and an answer's figures must be numbers the tools returned (qa/numbers.ts). Whole
// numbers only: "130万" never contains "30万", "25%" is not "2.5%".

export interface Quantity {
  /** As written (NFKC-folded). */
  raw: string;
  /** In base units: yuan or a plain count; a percentage in points (25% → 25, 七成三 → 73). */
  value: number;
  percent: boolean;
  /** Whether a scale or unit was written (万, 亿, k, %, 成 …); "25" has none. */
  unit: boolean;
  /** Half a unit of the last digit shown, in base units: the rounding the writer may have applied. */
  tolerance: number;
}

const DIGIT: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  两: 2,
  贰: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL_UNIT: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const SCALE: Readonly<Record<string, number>> = {
  万亿: 1e12,
  亿: 1e8,
  千万: 1e7,
  百万: 1e6,
  十万: 1e5,
  万: 1e4,
  千: 1e3,
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

const D = "零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖";
const U = "十拾百佰千仟万亿";
/** A Chinese numeral starts with a digit or 十 (so 千万 "by all means", 万一 "in case", 百万级 are not read). */
const CN = `[${D}十拾][${D}${U}]*(?:点[${D}]+)?`;
const ARABIC = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
const SCALE_WORD = "万亿|亿|千万|百万|十万|万|千";
const LATIN_SCALE = "(?:thousand|million|billion|mn|bn|mm|k|m|b)(?![a-z])";

// Tried in order at each position. A number glued to a Latin letter or digit before it is a code (S4, P1, Q3, v2).
const TOKEN = new RegExp(
  [
    `(?<pct>百分之(?<pctNum>${ARABIC}|${CN}))`,
    `(?<cn>${CN})(?:(?<cnRatio>成)(?<cnRatioTail>[${D}])?|(?<cnDiscount>折)|个?(?<cnMore>多|余)?(?<cnScale>万亿|亿|万)|(?<cnPct>%)|(?<cnYuan>元|块)|(?<cnYear>年))?`,
    String.raw`(?<![A-Za-z\d_.])(?<!\d,)(?:[¥￥$]\s?)?(?<num>${ARABIC})(?:\s?(?:多|余)?\s?(?<scale>${SCALE_WORD}|${LATIN_SCALE})|\s?(?<arPct>%|个百分点|pp\b)|(?<arRatio>成)|(?<arDiscount>折))?`,
  ].join("|"),
  "giu",
);

/** 九亿八千七百万 → 987000000, 十五 → 15, 三千 → 3000, 二〇二六 → 2026; null if it is not a number. */
function chineseInteger(s: string): number | null {
  if (s === "") return null;
  const hasUnit = Array.from(s).some((c) => c in SMALL_UNIT || c === "万" || c === "亿");
  if (!hasUnit) {
    // A digit string ("八五" of 八五折, "二〇二六").
    let n = 0;
    for (const c of s) {
      const d = DIGIT[c];
      if (d === undefined) return null;
      n = n * 10 + d;
    }
    return n;
  }
  let total = 0,
    section = 0,
    digit = -1;
  for (const c of s) {
    const d = DIGIT[c];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const small = SMALL_UNIT[c];
    if (small !== undefined) {
      section += (digit < 0 ? 1 : digit) * small;
      digit = -1;
    } else if (c === "万") {
      section += Math.max(digit, 0);
      total += section * 1e4;
      section = 0;
      digit = -1;
    } else if (c === "亿") {
      section += Math.max(digit, 0);
      total = (total + section) * 1e8;
      section = 0;
      digit = -1;
    } else return null;
  }
  return total + section + Math.max(digit, 0);
}

/** A Chinese numeral with an optional 点-decimal: value and digits after the point. */
function chineseNumber(s: string): { n: number; decimals: number } | null {
  const [whole = "", frac] = s.split("点");
  const n = chineseInteger(whole);
  if (n === null) return null;
  if (!frac) return { n, decimals: 0 };
  const digits = Array.from(frac).map((c) => DIGIT[c]);
  if (digits.some((d) => d === undefined)) return null;
  return { n: Number(`${n}.${digits.join("")}`), decimals: digits.length };
}

function arabicNumber(s: string): { n: number; decimals: number } {
  const plain = s.replace(/,/g, "");
  return { n: Number(plain), decimals: plain.split(".")[1]?.length ?? 0 };
}

const half = (decimals: number) => 0.5 * 10 ** -decimals;

/** A 折 discount in points: 八折 → 80, 八五折 / 85折 → 85, 8.5折 → 85. */
const discountPoints = (n: number) => (n < 10 ? n * 10 : n);

/** Every quantity in a text, in order. */
export function readQuantities(text: string): Quantity[] {
  const s = text.normalize("NFKC");
  const out: Quantity[] = [];
  for (const m of s.matchAll(TOKEN)) {
    const g = m.groups ?? {};
    const raw = m[0].trim();
    if (g.pct !== undefined) {
      const num = g.pctNum ?? "";
      const r = /\d/.test(num) ? arabicNumber(num) : chineseNumber(num);
      if (r) out.push({ raw, value: r.n, percent: true, unit: true, tolerance: half(r.decimals) });
      continue;
    }
    if (g.cn !== undefined) {
      const r = chineseNumber(g.cn);
      if (!r) continue;
      if (g.cnRatio !== undefined) {
        const tail = g.cnRatioTail === undefined ? null : (DIGIT[g.cnRatioTail] ?? 0);
        const value = r.n * 10 + (tail ?? 0);
        out.push({ raw, value, percent: true, unit: true, tolerance: tail === null ? 5 : 0.5 });
      } else if (g.cnDiscount !== undefined) {
        out.push({ raw, value: discountPoints(r.n), percent: true, unit: true, tolerance: 0.5 });
      } else if (g.cnScale !== undefined) {
        const scale = SCALE[g.cnScale] ?? 1;
        out.push({ raw, value: r.n * scale, percent: false, unit: true, tolerance: half(r.decimals) * scale });
      } else if (g.cnPct !== undefined) {
        out.push({ raw, value: r.n, percent: true, unit: true, tolerance: half(r.decimals) });
      } else {
        // A lone digit ("一网通办", "三个") is a word, not a figure, unless a unit follows.
        const lone = Array.from(g.cn).length < 2 && g.cnYuan === undefined && g.cnYear === undefined;
        if (lone) continue;
        const unit = g.cnYuan !== undefined || /[万亿]/.test(g.cn);
        out.push({ raw, value: r.n, percent: false, unit, tolerance: half(r.decimals) });
      }
      continue;
    }
    const r = arabicNumber(g.num ?? "");
    if (!Number.isFinite(r.n)) continue;
    if (g.scale !== undefined) {
      const scale = SCALE[g.scale.toLowerCase()] ?? 1;
      out.push({ raw, value: r.n * scale, percent: false, unit: true, tolerance: half(r.decimals) * scale });
    } else if (g.arPct !== undefined) {
      out.push({ raw, value: r.n, percent: true, unit: true, tolerance: half(r.decimals) });
    } else if (g.arRatio !== undefined) {
      out.push({ raw, value: r.n * 10, percent: true, unit: true, tolerance: half(r.decimals) * 10 });
    } else if (g.arDiscount !== undefined) {
      out.push({ raw, value: discountPoints(r.n), percent: true, unit: true, tolerance: 0.5 });
    } else {
      out.push({ raw, value: r.n, percent: false, unit: false, tolerance: half(r.decimals) });
    }
  }
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The quantity a proposed value states, if the note wrote that very number: equal in base units (3000万 =
 * 30,000,000 = 三千万), a percentage only for a percentage (a bare "25" may stand for a note's 25%).
 * null: the value states no number, several, or one the note does not contain.
 */
export function quantityFromNote(note: string, value: string): Quantity | null {
  const [q, ...rest] = readQuantities(value);
  if (!q || rest.length > 0) return null;
  const written = readQuantities(note);
  const found = written.some((w) => same(w.value, q.value) && (w.percent === q.percent || !q.unit));
  return found ? q : null;
}
