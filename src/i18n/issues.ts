// A validation issue (zod) in the reader's language. English keeps the schema's own wording (core/issues.ts's
// error map, the §10 CLI contract); Chinese is said from the issue's code, so no English word reaches a zh-CN
// reader. A check that words its own issue passes both texts as params.said (see inEach).
import type { z } from "zod";
import { t, type Localized } from "./catalog.js";
import type { Locale } from "./locale.js";

const TYPES: Readonly<Record<string, string>> = {
  string: "文本",
  number: "数字",
  int: "整数",
  boolean: "true 或 false",
  array: "数组",
  object: "对象",
  date: "日期",
};

/** The offending value, quoted and shortened, in Chinese. */
function valueZh(v: unknown): string {
  if (v === undefined) return "空";
  if (typeof v === "string") return `“${v.length > 40 ? `${v.slice(0, 40)}…` : v}”`;
  if (Array.isArray(v)) return "数组";
  if (v === null) return "null";
  if (typeof v === "object") return "对象";
  return String(v);
}

function said(iss: z.core.$ZodIssue): Localized | null {
  const params = (iss as { params?: { said?: Localized } }).params;
  return params?.said ?? null;
}

/** One issue's message in `locale`; the path is placed by the caller. */
export function issueTextIn(locale: Locale, iss: z.core.$ZodIssue): string {
  const own = said(iss);
  if (own) return own[locale];
  if (locale === "en") return iss.message;
  const input = (iss as { input?: unknown }).input;
  const got = input === undefined ? "" : t(locale, "issue.got", { value: valueZh(input) });
  switch (iss.code) {
    case "invalid_type": {
      const expected = TYPES[iss.expected] ?? iss.expected;
      return input === undefined
        ? t(locale, "issue.required", { expected })
        : t(locale, "issue.expected", { expected, got });
    }
    case "invalid_value": {
      const values = iss.values.map(String).join("|");
      return input === undefined
        ? t(locale, "issue.required_one_of", { values })
        : t(locale, "issue.one_of", { values, got });
    }
    case "too_small":
    case "too_big": {
      const n = String(iss.code === "too_small" ? iss.minimum : iss.maximum);
      const small = iss.code === "too_small";
      if (iss.origin === "array" || iss.origin === "set")
        return t(locale, small ? "issue.items_min" : "issue.items_max", { n });
      if (iss.origin === "string") return t(locale, small ? "issue.chars_min" : "issue.chars_max", { n, got });
      const op = small ? (iss.inclusive ? "≥" : ">") : iss.inclusive ? "≤" : "<";
      return t(locale, "issue.bound", { op, n, got });
    }
    case "invalid_format":
      return t(locale, "issue.format", { format: TYPES[iss.format] ?? iss.format, got });
    case "not_multiple_of":
      return t(locale, "issue.multiple_of", { n: String(iss.divisor), got });
    case "unrecognized_keys":
      return t(locale, "issue.unknown_keys", { keys: iss.keys.join(", ") });
    default:
      return t(locale, "issue.invalid", { got });
  }
}
