// Errors are values with a place: validation issues as `path: message` lines, e.g.
// `accounts[3].budget_status: expected one of none|planned|approved (got "maybe")`. The CLI uses these for
// JSON input; an importer can pass its own root (`rows[12]`) to place CSV row/column errors the same way.
import type { z } from "zod";

/** One problem with the input and where it is. */
export interface PlacedIssue {
  path: string;
  /** English. */
  message: string;
  /** The message in each language, when the code that found the issue can say it (a refused friendly value). */
  said?: Readonly<Record<"zh-CN" | "en", string>>;
  /** A repeated id, for a surface to say in its reader's language. */
  duplicate?: { id: string; first: string };
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** JSON path text of a key path: `accounts[3].budget_status`; `root` prefixes it; the empty path is `(input)`. */
export function formatPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && IDENT.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === "" ? "(input)" : out;
}

/** A short, quoted rendering of an offending value. */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  if (typeof v === "object") return "an object";
  return String(v);
}

const bound = (inclusive: boolean | undefined, lo: boolean): string =>
  lo ? (inclusive ? "≥" : ">") : inclusive ? "≤" : "<";

/** The message for one zod issue; used as the per-parse error map, so messages a schema sets itself win. */
export function issueMessage(iss: z.core.$ZodRawIssue): string {
  const got = "input" in iss ? ` (got ${describeValue(iss.input)})` : "";
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return `required: expected ${iss.expected}`;
      return `expected ${iss.expected === "int" ? "an integer" : iss.expected}${got}`;
    case "invalid_value":
      if (iss.input === undefined) return `required: expected one of ${iss.values.map(String).join("|")}`;
      return iss.values.length === 1
        ? `expected ${JSON.stringify(iss.values[0])}${got}`
        : `expected one of ${iss.values.map(String).join("|")}${got}`;
    case "too_small":
      if (iss.origin === "array" || iss.origin === "set") return `needs at least ${iss.minimum} item(s)`;
      if (iss.origin === "string") return `needs at least ${iss.minimum} character(s)${got}`;
      return `must be ${bound(iss.inclusive, true)} ${iss.minimum}${got}`;
    case "too_big":
      if (iss.origin === "array" || iss.origin === "set") return `allows at most ${iss.maximum} item(s)`;
      if (iss.origin === "string") return `allows at most ${iss.maximum} character(s)`;
      return `must be ${bound(iss.inclusive, false)} ${iss.maximum}${got}`;
    case "invalid_format":
      return `expected ${iss.format}${got}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(iss.divisor)}${got}`;
    case "unrecognized_keys":
      return `unknown key(s) ${iss.keys.join(", ")}`;
    default:
      return `invalid${got}`;
  }
}

/** Place every issue of a failed parse (parse with `{ error: issueMessage }` for the wording above). */
export function placeIssues(issues: readonly z.core.$ZodIssue[], root = ""): PlacedIssue[] {
  return issues.map((i) => ({ path: formatPath(i.path, root), message: i.message }));
}

/** `path: message`, one per line. */
export const issueLines = (issues: readonly PlacedIssue[]): string =>
  issues.map((i) => `${i.path}: ${i.message}`).join("\n");

/** Ids that occur twice in a list, placed at the later occurrence. */
export function duplicateIds(items: readonly { id: string }[], at: readonly PropertyKey[]): PlacedIssue[] {
  const first = new Map<string, number>();
  const out: PlacedIssue[] = [];
  items.forEach((item, i) => {
    const seen = first.get(item.id);
    if (seen === undefined) first.set(item.id, i);
    else
      out.push({
        path: formatPath([...at, i, "id"]),
        message: `duplicate id ${JSON.stringify(item.id)} (first at ${formatPath([...at, seen])})`,
        duplicate: { id: JSON.stringify(item.id), first: formatPath([...at, seen]) },
      });
  });
  return out;
}
