// `/kvalue digest subscribe [weekday] [HH:MM] [timezone] [lang]`: the arguments in any order, each recognised by its
// shape, defaults for what is left out. Pure; a bad argument comes back as a value naming the token and what it is not.
import type { Locale } from "../../i18n/index.js";
import { canonicalZone, isValidTimeZone, WEEKDAY_CODES } from "./week.js";

export const DEFAULT_SCHEDULE = { weekday: 1, time: "09:00", timezone: "Asia/Shanghai" } as const;

export interface SubscribeArgs {
  weekday: number;
  time: string;
  timezone: string;
  /** null: the subscriber's language */
  locale: Locale | null;
}

export type SubscribeArgsError =
  | { error: "bad_time"; token: string }
  | { error: "bad_timezone"; token: string }
  | { error: "duplicate"; token: string; kind: "weekday" | "time" | "timezone" | "lang" }
  | { error: "unknown"; token: string };

const WEEKDAY_WORDS: Record<string, number> = {};
const LONG = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const ZH = ["一", "二", "三", "四", "五", "六", "日"];
WEEKDAY_CODES.forEach((code, i) => {
  const n = i + 1;
  WEEKDAY_WORDS[code] = n;
  WEEKDAY_WORDS[LONG[i] ?? code] = n;
  for (const prefix of ["周", "星期", "礼拜"]) WEEKDAY_WORDS[`${prefix}${ZH[i] ?? ""}`] = n;
});
WEEKDAY_WORDS.tues = 2;
WEEKDAY_WORDS.thur = 4;
WEEKDAY_WORDS.thurs = 4;
WEEKDAY_WORDS["周天"] = 7;
WEEKDAY_WORDS["星期天"] = 7;
WEEKDAY_WORDS["礼拜天"] = 7;

const LANGS: Record<string, Locale> = {
  zh: "zh-CN",
  "zh-cn": "zh-CN",
  zh_cn: "zh-CN",
  cn: "zh-CN",
  中文: "zh-CN",
  en: "en",
  "en-us": "en",
  english: "en",
  英文: "en",
};

export function parseSubscribeArgs(tokens: readonly string[]): SubscribeArgs | SubscribeArgsError {
  const seen: Partial<Record<"weekday" | "time" | "timezone" | "lang", string>> = {};
  const out: SubscribeArgs = { ...DEFAULT_SCHEDULE, locale: null };
  for (const raw of tokens) {
    const token = raw.trim();
    if (token === "") continue;
    const lower = token.toLowerCase();
    const take = (kind: keyof typeof seen): SubscribeArgsError | null => {
      if (seen[kind] !== undefined) return { error: "duplicate", token, kind };
      seen[kind] = token;
      return null;
    };
    let problem: SubscribeArgsError | null;
    const weekday = WEEKDAY_WORDS[lower];
    if (weekday !== undefined) {
      if ((problem = take("weekday"))) return problem;
      out.weekday = weekday;
      continue;
    }
    const time = /^(\d{1,2})[:：](\d{2})$/.exec(token);
    if (time) {
      const h = Number(time[1]),
        m = Number(time[2]);
      if (h > 23 || m > 59) return { error: "bad_time", token };
      if ((problem = take("time"))) return problem;
      out.time = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
      continue;
    }
    const lang = LANGS[lower];
    if (lang !== undefined) {
      if ((problem = take("lang"))) return problem;
      out.locale = lang;
      continue;
    }
    // Zones are Area/Location (Asia/Shanghai) or UTC; anything else with a slash was meant as one.
    if (token.includes("/") || /^utc$/i.test(token)) {
      if (!isValidTimeZone(token)) return { error: "bad_timezone", token };
      if ((problem = take("timezone"))) return problem;
      out.timezone = canonicalZone(token);
      continue;
    }
    if (/^\d{1,2}[:：]?\d*$/.test(token)) return { error: "bad_time", token };
    return { error: "unknown", token };
  }
  return out;
}
