// Command-line arguments of one `kvalue` command, read by node:util's parseArgs (strict: an unknown option or a
// missing value is a usage error, said in the command's name, not ignored).
import { parseArgs, type ParseArgsConfig } from "node:util";

type StringOptions = Readonly<Record<string, { type: "string" }>>;

export type ParsedArgs<O extends StringOptions> =
  | { ok: true; positionals: string[]; values: { [K in keyof O]?: string } }
  | { ok: false; message: string };

/** `--name value` / `--name=value` string options and positional arguments (a lone `-` is standard input). */
export function readArgs<O extends StringOptions>(args: readonly string[], options: O): ParsedArgs<O> {
  const config = { args: [...args], options, allowPositionals: true, strict: true } satisfies ParseArgsConfig;
  try {
    const { values, positionals } = parseArgs(config);
    return { ok: true, positionals, values: values as { [K in keyof O]?: string } };
  } catch (e) {
    // parseArgs throws TypeErrors whose message says what was wrong (ERR_PARSE_ARGS_*); anything else is a bug.
    if (e instanceof TypeError && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))
      return { ok: false, message: e.message };
    throw e;
  }
}
