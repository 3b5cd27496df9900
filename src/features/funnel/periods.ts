// Target and funnel periods as people name them: "2026", "2026-Q3" (or 2026Q3, 2026q3), "2026-11".
import { ServiceError } from "../errors.js";

export interface Period {
  key: string;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A period as written in Chinese, in the form below: 2026年 → 2026, 2026年第3季度 / 2026年三季度 / 2026年Q3 →
 *  2026-Q3, 2026年11月 → 2026-11; anything else as it is. */
function plainPeriod(text: string): string {
  const m = /^(\d{4})年(?:第?([1-4一二三四])季度?|[qQ]([1-4])|(\d{1,2})月)?$/u.exec(text);
  if (!m) return text;
  const quarter = m[2] ?? m[3];
  if (quarter) return `${m[1]}-Q${"一二三四".includes(quarter) ? "一二三四".indexOf(quarter) + 1 : quarter}`;
  return m[4] ? `${m[1]}-${m[4].padStart(2, "0")}` : (m[1] ?? text);
}

export function parsePeriod(text: string): Period {
  const t = plainPeriod(text.trim());
  let m = /^(\d{4})$/.exec(t);
  if (m) return { key: t, start: `${t}-01-01`, end: `${t}-12-31` };
  m = /^(\d{4})-?[qQ]([1-4])$/.exec(t);
  if (m) {
    const y = Number(m[1]),
      q = Number(m[2]);
    const first = (q - 1) * 3 + 1,
      last = q * 3;
    return { key: `${y}-Q${q}`, start: `${y}-${pad(first)}-01`, end: `${y}-${pad(last)}-${pad(lastDay(y, last))}` };
  }
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const y = Number(m[1]),
      mo = Number(m[2]);
    return { key: t, start: `${t}-01`, end: `${t}-${pad(lastDay(y, mo))}` };
  }
  throw new ServiceError("invalid", `period "${text}" is not 2026, 2026-Q3 or 2026-11`, "period", { period: text });
}

/** The calendar year of a date. */
export const yearOf = (date: string): Period => parsePeriod(date.slice(0, 4));
