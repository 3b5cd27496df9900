// Close dates as reps write them → an ISO date, deterministically (the model copies "Q3", this reads it).
// A period means its last day ("Q3" → 09-30, "9月" → 09-30, "年底" → 12-31): the latest date the rep's words
// allow, shown next to the original words in the proposal. A period without a year that has already ended
// this year means next year ("Q1" said in June).
import { parseDate } from "../../import-export/cells.js";

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const endOfMonth = (y: number, m: number) => `${y}-${pad(m)}-${pad(lastDay(y, m))}`;

const CN_DIGITS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
};
const EN_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function num(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  return CN_DIGITS[s] ?? null;
}

/** The year a period without an explicit year falls in. */
function yearFor(explicit: number | null, relative: number, endMonth: number, today: string): number {
  const y = Number(today.slice(0, 4));
  if (explicit !== null) return explicit;
  if (relative !== 0) return y + relative;
  return endOfMonth(y, endMonth) < today ? y + 1 : y;
}

export function parseCloseDate(raw: string, today: string): string | null {
  const text = raw.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
  if (!text) return null;
  const exact = parseDate(text);
  if (exact.ok && exact.value) return exact.value;

  const yearMatch = /(20\d{2})\s*年?/.exec(text);
  const explicit = yearMatch ? Number(yearMatch[1]) : null;
  const relative = /明年|next year/.test(text) ? 1 : /今年|this year/.test(text) ? 0 : 0;
  const rest = yearMatch ? text.replace(yearMatch[0], " ") : text;

  let m = /(?:^|[^a-z])q([1-4])\b|第?([一二三四1-4])季度|([1-4])(?:st|nd|rd|th) quarter/.exec(rest);
  if (m) {
    const q = num(m[1] ?? m[2] ?? m[3] ?? "") ?? 0;
    if (q >= 1 && q <= 4) return endOfMonth(yearFor(explicit, relative, q * 3, today), q * 3);
  }
  if (/上半年|\bh1\b|first half/.test(rest)) return endOfMonth(yearFor(explicit, relative, 6, today), 6);
  if (/下半年|\bh2\b|second half/.test(rest)) return endOfMonth(yearFor(explicit, relative, 12, today), 12);
  if (/年底|年末|年内|year[- ]end|end of (the )?year/.test(rest))
    return endOfMonth(yearFor(explicit, relative, 12, today), 12);

  const y = Number(today.slice(0, 4)),
    mo = Number(today.slice(5, 7));
  if (/下个?月|next month/.test(rest)) return mo === 12 ? endOfMonth(y + 1, 1) : endOfMonth(y, mo + 1);
  if (/本月|这个月|this month/.test(rest)) return endOfMonth(y, mo);

  m = /(十[一二]|[一二三四五六七八九十两]|\d{1,2})\s*月/.exec(rest);
  const monthNo = m
    ? num(m[1] ?? "")
    : (() => {
        const en = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/.exec(rest);
        return en ? EN_MONTHS.indexOf(en[1] ?? "") + 1 : null;
      })();
  if (monthNo !== null && monthNo >= 1 && monthNo <= 12) {
    const mm = /(\d{1,2})\s*[-/.]\s*(\d{1,2})\b/.exec(rest);
    if (explicit !== null && mm) {
      const day = parseDate(`${explicit}-${mm[1]}-${mm[2]}`);
      if (day.ok && day.value) return day.value;
    }
    return endOfMonth(yearFor(explicit, relative, monthNo, today), monthNo);
  }
  if (explicit !== null && /^\s*$/.test(rest)) return endOfMonth(explicit, 12);
  return null;
}
