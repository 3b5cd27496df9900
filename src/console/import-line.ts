// What follows `import` in the console: the file's path (as a terminal pastes a dragged file: in quotes, or with
// backslash-escaped spaces) and the CLI's `--as-of DATE` and `--kind K`. Pure.
import { isoDate } from "../core/facts.js";
import type { ImportOptions } from "../features/import-export/import-commands.js";
import { IMPORT_KINDS } from "../features/import-export/part-columns.js";

export type ImportLine =
  | { ok: true; path: string; options: ImportOptions }
  | { ok: false; problem: "no_path" }
  | { ok: false; problem: "unknown_option" | "no_value"; option: string }
  | { ok: false; problem: "as_of" | "kind"; option: string; value: string };

/** Words as a POSIX shell splits them: '…' literal, "…" with \" and \\ escaped, \x outside quotes is x. Windows
 *  paths keep their backslashes (they are separators there, and a dragged path arrives in double quotes). */
export function shellWords(text: string, escapes = process.platform !== "win32"): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return null;
      const inner = text.slice(i + 1, end);
      word = (word ?? "") + (c === '"' && escapes ? inner.replace(/\\(["\\])/g, "$1") : inner);
      i = end;
    } else if (c === "\\" && escapes && i + 1 < text.length) {
      word = (word ?? "") + text.charAt(++i);
    } else word = (word ?? "") + c;
  }
  if (word !== null) words.push(word);
  return words;
}

/** `PATH [--as-of YYYY-MM-DD] [--kind K]` (also `--as-of=…`). Words before the first option are the path, joined by
 *  one space: an unquoted path with a space in it still works, as it did before options were read. */
export function parseImportLine(text: string): ImportLine {
  const words = shellWords(text);
  // A quote left open is more likely part of a name (O'Brien.csv) than a slip: the text is the path, as it was.
  if (!words) return { ok: true, path: text, options: {} };
  const first = words.findIndex((w) => w.startsWith("--"));
  const path = (first < 0 ? words : words.slice(0, first)).join(" ");
  if (path === "") return { ok: false, problem: "no_path" };
  const options: ImportOptions = {};
  const rest = first < 0 ? [] : words.slice(first);
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? "";
    const eq = word.indexOf("=");
    const option = eq < 0 ? word : word.slice(0, eq);
    if (option !== "--as-of" && option !== "--kind") return { ok: false, problem: "unknown_option", option: word };
    const value = eq < 0 ? rest[++i] : word.slice(eq + 1);
    if (value === undefined || value === "") return { ok: false, problem: "no_value", option };
    if (option === "--as-of") {
      if (!isoDate.safeParse(value).success) return { ok: false, problem: "as_of", option, value };
      options.asOf = value;
    } else {
      const kind = IMPORT_KINDS.find((k) => k === value);
      if (!kind) return { ok: false, problem: "kind", option, value };
      options.kind = kind;
    }
  }
  return { ok: true, path, options };
}
