// Judging one JSON document of a §10 command: parsed, validated, checked, computed; every problem said with its
// place in the user's language (English keeps the contract's wording).
import type { z } from "zod";
import { issueMessage, formatPath, type PlacedIssue } from "../core/issues.js";
import { t } from "../i18n/catalog.js";
import { issueTextIn } from "../i18n/issues.js";
import type { Locale } from "../i18n/locale.js";
import { EXIT, type CliIo } from "./command.js";
import { invalidInputText } from "./say.js";

export interface JsonCommandSpec<S extends z.ZodType> {
  /** The command's name, for its messages. */
  name: string;
  schema: S;
  /** Only when the input fails the schema: rewrites friendly forms into the contract's (e.g. "300万" → 3000000)
   *  and validates again; a value it refuses is reported with its own message instead of the schema's. */
  prepare?: (input: unknown) => { value: unknown; issues: PlacedIssue[] };
  /** Domain checks the schema cannot express (e.g. duplicate ids), placed like schema issues. */
  check?: (input: z.output<S>) => PlacedIssue[];
  compute: (input: z.output<S>) => unknown;
}

/** `JSON.parse` with the failure placed as `(input):line:column` when the engine reports a position. */
export function parseJson(
  given: string,
  locale: Locale = "en",
): { ok: true; value: unknown } | { ok: false; issue: PlacedIssue } {
  // Windows editors save JSON with a byte-order mark, which JSON.parse refuses as an invisible token.
  const text = given.replace(/^\uFEFF/, "");
  // An empty file is a common slip (a redirect that failed); the engine's "unexpected end" hides that.
  if (text.trim() === "") return { ok: false, issue: { path: "(input)", message: t(locale, "cli.json_empty") } };
  // Control bytes (a spreadsheet, an executable) would be quoted raw in the engine's message.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 65_536)))
    return { ok: false, issue: { path: "(input)", message: t(locale, "cli.json_binary") } };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(message);
    let path = "(input)";
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split("\n").length;
      path = `(input):${line}:${before.length - before.lastIndexOf("\n")}`;
    }
    // English keeps the engine's words (they name the token); Chinese says where, which the path already does.
    const said =
      locale === "en"
        ? `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}`
        : t(locale, "cli.json_invalid");
    return { ok: false, issue: { path, message: said } };
  }
}

/** zod's issues, placed and said in `locale`. */
const placed = (locale: Locale, issues: readonly z.core.$ZodIssue[]): PlacedIssue[] =>
  issues.map((i) => ({ path: formatPath(i.path), message: issueTextIn(locale, i) }));

/** Parses, validates and computes one document: the result on stdout, or every problem on stderr (exit 2). */
export function judgeJson<S extends z.ZodType>(
  spec: JsonCommandSpec<S>,
  text: string,
  io: CliIo,
  locale: Locale = "en",
): number {
  const fail = (issues: readonly PlacedIssue[]): number => {
    io.err(invalidInputText(locale, spec.name, issues));
    return EXIT.invalid;
  };
  const parsed = parseJson(text, locale);
  if (!parsed.ok) return fail([parsed.issue]);
  const options = { error: issueMessage, reportInput: true };
  let result = spec.schema.safeParse(parsed.value, options);
  if (!result.success && spec.prepare) {
    const prepared = spec.prepare(parsed.value);
    const again = spec.schema.safeParse(prepared.value, options);
    const refused = new Set(prepared.issues.map((i) => i.path));
    const rest = again.success ? [] : placed(locale, again.error.issues).filter((i) => !refused.has(i.path));
    if (prepared.issues.length + rest.length > 0) return fail([...prepared.issues, ...rest]);
    result = again;
  }
  if (!result.success) return fail(placed(locale, result.error.issues));
  const domain = spec.check?.(result.data) ?? [];
  if (domain.length > 0) return fail(domain);
  io.out(`${JSON.stringify(spec.compute(result.data), null, 2)}\n`);
  return EXIT.ok;
}
