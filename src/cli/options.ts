// Command-line arguments of one `kvalue` command, read by node:util's parseArgs (strict: an unknown option or a
// missing value is a usage error, said in the command's name, not ignored).
import { parseArgs, type ParseArgsConfig } from "node:util";

type StringOptions = Readonly<Record<string, { type: "string" } | { type: "boolean" }>>;
/** A string option's value, or true for a flag (`--dry-run`). */
type OptionValue<T> = T extends { type: "boolean" } ? boolean : string;

export type ParsedArgs<O extends StringOptions> =
  | { ok: true; positionals: string[]; values: { [K in keyof O]?: OptionValue<O[K]> } }
  | { ok: false; message: string; code: string; option: string | null };

/** `--name value` / `--name=value` string options, `--flag` booleans and positional arguments (a lone `-` is
 *  standard input). */
export function readArgs<O extends StringOptions>(args: readonly string[], options: O): ParsedArgs<O> {
  const config = { args: [...args], options, allowPositionals: true, strict: true } satisfies ParseArgsConfig;
  try {
    const { values, positionals } = parseArgs(config);
    return { ok: true, positionals, values: values as { [K in keyof O]?: OptionValue<O[K]> } };
  } catch (e) {
    // parseArgs throws TypeErrors whose message says what was wrong (ERR_PARSE_ARGS_*); anything else is a bug.
    if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))
      return { ok: false, message: e.message, code: String(e.code), option: /'([^']+)'/.exec(e.message)?.[1] ?? null };
    throw e;
  }
}
