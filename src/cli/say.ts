// The CLI's words for people, in the user's language: usage slips, unreadable files, invalid input. Loaded only
// when there is something to say, so a good `kvalue assess` never loads the message catalogue.
import type { PlacedIssue } from "../core/issues.js";
import { t } from "../i18n/catalog.js";
import type { Locale } from "../i18n/locale.js";
import { CliReadError } from "./command.js";
import type { ParsedArgs } from "./options.js";

/** A usage slip found by readArgs: the option or argument named; English keeps node's own words. */
export function argsText(locale: Locale, command: string, r: Extract<ParsedArgs<never>, { ok: false }>): string {
  if (locale === "en") return `kvalue ${command}: ${r.message}`;
  const option = r.option ?? "";
  switch (r.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return t(locale, "cli.unknown_option", { command, option });
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return t(locale, "cli.option_value", { command, option });
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return t(locale, "cli.extra_argument", { command, option });
    default:
      return t(locale, "cli.bad_arguments", { command });
  }
}

/** Why a file could not be read. */
export function readErrorText(locale: Locale, command: string, e: unknown): string {
  if (e instanceof CliReadError)
    return e.code === "ENOENT"
      ? t(locale, "cli.no_such_file", { command, file: e.source })
      : t(locale, "cli.cannot_read", { command, file: e.source, code: e.code ?? "?" });
  return `kvalue ${command}: ${e instanceof Error ? e.message : String(e)}`;
}

/** A placed issue's message in `locale`: English as the §10 contract words it; otherwise its own words when it
 *  carries them, a duplicate id said anew. */
export function placedText(locale: Locale, i: PlacedIssue): string {
  if (locale === "en") return i.message;
  if (i.said) return i.said[locale];
  if (i.duplicate) return t(locale, "issue.duplicate_id", i.duplicate);
  return i.message;
}

/** `kvalue NAME: invalid input` and a `path: message` line per issue. */
export function invalidInputText(locale: Locale, command: string, issues: readonly PlacedIssue[]): string {
  const lines = issues.map((i) => `${i.path}${locale === "en" ? ": " : "："}${placedText(locale, i)}`);
  return `${t(locale, "cli.invalid_input", { command })}\n${lines.join("\n")}\n`;
}
