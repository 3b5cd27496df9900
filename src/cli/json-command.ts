// A command that reads one JSON document (FILE, or standard input for `-`/none), validates it with a zod
// schema and prints the METHOD §10 result. Invalid input exits 2 with `path: message` lines on stderr
// and nothing on stdout. The judging itself is in json-judge.ts, loaded when a command runs (it needs the
// message catalogue, which a good `kvalue assess` never loads).
import type { z } from "zod";
import type { JsonCommandSpec } from "./json-judge.js";
import { EXIT, type CliIo, type CommandRun } from "./command.js";
import { contextOf, type CliContext } from "./lang.js";
import { readArgs } from "./options.js";

export type { JsonCommandSpec } from "./json-judge.js";

/** The FILE argument of a JSON command (undefined: standard input), or null after saying what is wrong. */
export async function inputArg(
  name: string,
  args: readonly string[],
  io: CliIo,
  ctx: CliContext,
): Promise<string | undefined | null> {
  const read = readArgs(args, {});
  if (!read.ok) {
    const { argsText } = await import("./say.js");
    io.err(`${argsText(ctx.locale, name, read)}\n`);
    return null;
  }
  const files = read.positionals;
  if (files.length > 1) {
    const { t } = await import("../i18n/catalog.js");
    io.err(`${t(ctx.locale, "cli.one_file", { command: name, n: files.length })}\n`);
    return null;
  }
  return files[0];
}

export function jsonCommand<S extends z.ZodType>(spec: JsonCommandSpec<S>): CommandRun {
  return {
    async run(args: readonly string[], io: CliIo, given?: CliContext): Promise<number> {
      const ctx = contextOf(given);
      const file = await inputArg(spec.name, args, io, ctx);
      if (file === null) return EXIT.invalid;
      const { judgeJson } = await import("./json-judge.js");
      let text: string;
      try {
        text = await io.readText(file);
      } catch (e) {
        const { readErrorText } = await import("./say.js");
        io.err(`${readErrorText(ctx.locale, spec.name, e)}\n`);
        return EXIT.invalid;
      }
      return judgeJson(spec, text, io, ctx.locale);
    },
  };
}
