// The figure check of Q&A answers: every number in the model's answer must be one the tools returned (or the
// person wrote), allowing formatting (3,000万 = 30000000 = ¥30M = 30 million), percentages of ratios
// (0.7735 → 77%) and rounding to the digits shown (55.37 → 55.4). Dates, list numbers and codes like S4/P1/Q3
// are not figures. Chinese numerals count like digits (九亿八千七百万元, 七成三, 百分之三十): one reader for both,
// read-numbers.ts. Anything else is reported, so the answer is corrected once or replaced by the tool facts.
import { readQuantities } from "../read-numbers.js";

export interface Figure {
  /** As written in the answer. */
  raw: string;
  /** What it may mean, in base units (3,000万 → 30000000; 77% → 77 or 0.77), each with half a unit of the
   *  last digit shown in those units: the rounding the writer may have applied. */
  values: { value: number; tolerance: number }[];
}

/** Calendar dates, in digits or Chinese numerals: never figures, in answers or in tool results. */
const DATES: readonly RegExp[] = [
  /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:T[\d:.]+Z?)?\b/g,
  /\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?/g,
  /\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*月(?:份|底|初|中)?/g,
  /[〇零一二三四五六七八九]{4}\s*年/g,
  /[一二三四五六七八九十]{1,3}\s*月(?:\s*[一二三四五六七八九十]{1,3}\s*[日号])?(?:份|底|初|中)?/g,
];

/** Dates, times, quarters, ordinals, list markers: numbers that are not figures (in digits or Chinese numerals). */
const NOT_FIGURES: readonly RegExp[] = [
  ...DATES,
  /(?:星期|周)[一二三四五六日天]/g,
  /第\s*[\d一二三四五六七八九十百]+/g,
  /\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?/gi,
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?/gi,
  /\b(?:19|20)\d{2}\b/g,
  /第?[1-4一二三四]\s*季度|\bq[1-4]\b|\bh[12]\b/gi,
  /^\s*\d{1,2}[.)、]\s*/gm,
  /\b\d{1,2}:\d{2}\b/g,
];

export function figuresIn(text: string): Figure[] {
  let s = text.normalize("NFKC");
  for (const re of NOT_FIGURES) s = s.replace(re, " ");
  return readQuantities(s).map((q) => ({
    raw: q.raw,
    values: q.percent
      ? [
          { value: q.value, tolerance: q.tolerance },
          { value: q.value / 100, tolerance: q.tolerance / 100 },
        ]
      : [{ value: q.value, tolerance: q.tolerance }],
  }));
}

/** Every number a source mentions: JSON numbers and figures inside strings ("3,000万"), with their mantissas. */
export function sourceNumbers(texts: Iterable<string>): number[] {
  const out: number[] = [];
  for (const text of texts) {
    for (const f of figuresIn(text)) {
      out.push(...f.values.map((v) => v.value));
      const digits = /[\d,]+(?:\.\d+)?/.exec(f.raw)?.[0];
      const mantissa = Number((digits ?? "").replace(/,/g, ""));
      if (digits !== undefined && Number.isFinite(mantissa)) out.push(mantissa);
    }
    // Raw JSON numbers such as 1.2e7 or -0.5 that the figure pattern reads differently. Dates are not
    // numbers: "2027年9月30日" must not support an invented "30".
    const undated = DATES.reduce((t, re) => t.replace(re, " "), text);
    for (const m of undated.matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)) {
      const v = Number(m[0]);
      if (Number.isFinite(v)) out.push(v, Math.abs(v));
    }
  }
  return out;
}

/** Names that contain digits ("华东二部", "Account 12") are not figures: blank them before checking. */
function withoutNames(answer: string, names: Iterable<string>): string {
  let s = answer;
  for (const name of names) {
    if (name.length >= 2 && /\d/.test(name) && /[\p{L}]/u.test(name)) s = s.split(name).join(" ");
  }
  return s;
}

const RELATIVE = 1e-9;

/** Figures of the answer that no source supports, as written. Empty = every figure is a tool's (or the person's). */
export function unsupportedFigures(answer: string, sources: readonly string[], names: Iterable<string> = []): string[] {
  const known = sourceNumbers(sources);
  const bad: string[] = [];
  for (const f of figuresIn(withoutNames(answer, names))) {
    const ok = f.values.some(({ value, tolerance }) =>
      known.some((k) => Math.abs(Math.abs(value) - Math.abs(k)) <= tolerance + RELATIVE * Math.max(1, Math.abs(k))),
    );
    if (!ok) bad.push(f.raw);
  }
  return [...new Set(bad)];
}

/** String values of tool results that contain digits (account and team names), for `unsupportedFigures`. */
export function namesIn(results: readonly unknown[]): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (/\d/.test(v) && /[\p{L}]/u.test(v) && v.length <= 80) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  results.forEach(walk);
  return [...out];
}
