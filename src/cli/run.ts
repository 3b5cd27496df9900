// `kvalue <command> [args]`: dispatch over the command table, with `help` built in.
import { EXIT, type CliIo, type Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { cliDefaultLocale, takeLang } from "./lang.js";
import type { Locale } from "../i18n/locale.js";

const USAGE = {
  en: {
    head: "Usage: kvalue <command> [args]",
    help: "show this help",
    command: (name: string, args: string) => `Usage: kvalue ${name} ${args}`.trimEnd(),
    notes: [
      "Every command takes --lang zh-CN|en for its messages (default: KVALUE_DEFAULT_LOCALE, else LANG).",
      "JSON commands read FILE, or standard input when FILE is - or missing, and print JSON on standard output.",
      "Invalid input exits with status 2 and names what is wrong and where on standard error.",
    ],
  },
  "zh-CN": {
    head: "用法：kvalue <命令> [参数]",
    help: "显示本帮助",
    command: (name: string, args: string) => `用法：kvalue ${name} ${args}`.trimEnd(),
    notes: [
      "每个命令都接受 --lang zh-CN|en 选择提示语言（默认取 KVALUE_DEFAULT_LOCALE，其次 LANG）。",
      "JSON 命令读取 FILE；FILE 为 - 或省略时读标准输入，结果以 JSON 写到标准输出。",
      "输入有误时以状态 2 退出，并在标准错误上指出错在哪里、是什么。",
    ],
  },
} satisfies Record<Locale, unknown>;

/** The commands, each on its own line with what it does indented below (a long synopsis does not push the rest). */
export function usage(commands: readonly Command[] = COMMANDS, locale: Locale = "en"): string {
  const u = USAGE[locale];
  const entry = (synopsis: string, summary: string) => [`  kvalue ${synopsis}`.trimEnd(), `      ${summary}`];
  return [
    u.head,
    "",
    ...commands.flatMap((c) => entry(`${c.name} ${c.args}`, c.summary[locale])),
    ...entry("help", u.help),
    "",
    ...u.notes,
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
    io.out(usage(commands, ctx.locale));
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const { t } = await import("../i18n/catalog.js");
    const said = name === undefined ? t(ctx.locale, "cli.no_command") : t(ctx.locale, "cli.unknown_command", { name });
    io.err(`${said}\n\n${usage(commands, ctx.locale)}`);
    return EXIT.invalid;
  }
  if (args[0] === "--help" || args[0] === "-h") {
    io.out(`${USAGE[ctx.locale].command(command.name, command.args)}\n  ${command.summary[ctx.locale]}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io, ctx);
  } catch (e) {
    // A bad setting (DATABASE_URL, KVALUE_DEFAULT_LOCALE …) is the user's to fix: one line naming it, as at start-up.
    if (await isConfigError(e)) {
      io.err(`kvalue ${command.name}: ${(e as Error).message}\n`);
      return EXIT.invalid;
    }
    // A failure of kvalue itself, not of the input: say so, with the stack for the bug report.
    const { t } = await import("../i18n/catalog.js");
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.err(`${t(ctx.locale, "cli.internal_error", { command: command.name, detail })}\n`);
    return EXIT.failure;
  }
}

/** A bad setting: ConfigError, or the store's `config` error (told by its name: the CLI does not reach the store). */
async function isConfigError(e: unknown): Promise<boolean> {
  const { ConfigError } = await import("../config.js");
  return (
    e instanceof ConfigError || (e instanceof Error && e.name === "StoreError" && "code" in e && e.code === "config")
  );
}
