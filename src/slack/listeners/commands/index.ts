// Slash commands.
import type { App } from "@slack/bolt";
import type { SlackRuntime } from "../../runtime.js";
import { kvalueCommand } from "./kvalue.js";

export function register(app: App, rt: SlackRuntime): void {
  app.command("/kvalue", kvalueCommand(rt));
}
