// `kvalue <command> [args]`: dispatch over the command table, with `help` built in.
import { EXIT, type CliIo, type Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { cliDefaultLocale, takeLang } from "./lang.js";

export function usage(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => `${c.name} ${c.args}`.length), "help".length);
  const lines = commands.map((c) => `  kvalue ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: kvalue <command> [args]",
    "",
    ...lines,
    `  kvalue ${"help".padEnd(width)}  show this help`,
    "",
    "Every command takes --lang zh-CN|en for its messages (default: KVALUE_DEFAULT_LOCALE, else LANG).",
    "JSON commands read FILE, or standard input when FILE is - or missing, and print JSON on standard output.",
    "Invalid input exits with status 2 and names what is wrong and where on standard error.",
    "",
  ].join("\n");
}

export async function run(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  // --lang may stand anywhere; a wrong one stops here, in the environment's language, naming the accepted values.
  const taken = takeLang(argv);
  if (!taken.ok) {
    const { t } = await import("../i18n/catalog.js");
    io.err(`${t(cliDefaultLocale(), "cli.lang", { value: taken.value })}\n`);
    return EXIT.invalid;
  }
  const ctx = { locale: taken.lang ?? cliDefaultLocale(), lang: taken.lang };
  const [name, ...args] = taken.args;
  if (name === "help" || name === "--help" || name === "-h") {
    io.out(usage(commands));
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const { t } = await import("../i18n/catalog.js");
    const said = name === undefined ? t(ctx.locale, "cli.no_command") : t(ctx.locale, "cli.unknown_command", { name });
    io.err(`${said}\n\n${usage(commands)}`);
    return EXIT.invalid;
  }
  if (args[0] === "--help" || args[0] === "-h") {
    io.out(`Usage: kvalue ${command.name} ${command.args}\n  ${command.summary}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io, ctx);
  } catch (e) {
    // A failure of kvalue itself, not of the input: say so, with the stack for the bug report.
    const { t } = await import("../i18n/catalog.js");
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`${t(ctx.locale, "cli.internal_error", { command: command.name, detail })}\n`);
    return EXIT.failure;
  }
}
