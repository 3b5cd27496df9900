// `kvalue <command> [args]`: dispatch over the command table, with `help` built in.
import { EXIT, type CliIo, type Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";

export function usage(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => `${c.name} ${c.args}`.length), "help".length);
  const lines = commands.map((c) => `  kvalue ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: kvalue <command> [args]",
    "",
    ...lines,
    `  kvalue ${"help".padEnd(width)}  show this help`,
    "",
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
  const [name, ...args] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    io.out(usage(commands));
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(
      `${name === undefined ? "kvalue: no command given" : `kvalue: unknown command "${name}"`}\n\n${usage(commands)}`,
    );
    return EXIT.invalid;
  }
  if (args[0] === "--help" || args[0] === "-h") {
    io.out(`Usage: kvalue ${command.name} ${command.args}\n  ${command.summary}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    // A failure of kvalue itself, not of the input: say so, with the stack for the bug report.
    io.err(`kvalue ${command.name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.failure;
  }
}
