// One `/kvalue …` text → one reply message. The Slack listener and the local console both call `runCommand`,
// so a command behaves the same everywhere; only the rendering of the returned Block Kit differs.
import type { SlackMessage } from "../ui/types.js";
import { isServiceError } from "../features/errors.js";
import { COMMAND_HANDLERS } from "./handlers.js";
import { parseCommand } from "./parse.js";
import type { CommandEnv, CommandHandlers, CommandKind, CommandMap } from "./registry.js";
import { errorMessage, usageMessage } from "./reply.js";

export type { ChannelDirectory, CommandEnv } from "./registry.js";

export async function runCommand(
  env: CommandEnv,
  text: string,
  handlers: CommandHandlers = COMMAND_HANDLERS,
): Promise<SlackMessage> {
  const commands = env.deps.metrics.commands;
  const command = parseCommand(text);
  if ("error" in command) {
    commands.inc({ command: "unparsed", outcome: "refused" });
    return usageMessage(command, env.locale);
  }
  try {
    const reply = await dispatch(handlers, env, command.kind, command);
    commands.inc({ command: command.kind, outcome: "ok" });
    return reply;
  } catch (e) {
    // A service error is an answer (no access, invalid input); anything else escapes to the surface as a failure.
    commands.inc({ command: command.kind, outcome: isServiceError(e) ? "refused" : "failed" });
    return errorMessage(e, env.locale);
  }
}

// The kind and the command travel as a correlated pair, so the handler of K gets exactly CommandMap[K].
function dispatch<K extends CommandKind>(
  handlers: CommandHandlers,
  env: CommandEnv,
  kind: K,
  command: CommandMap[K],
): Promise<SlackMessage> {
  return handlers[kind](env, command);
}
