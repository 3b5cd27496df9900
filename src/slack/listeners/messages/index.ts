// Free text to the bot: a DM, an @mention in a channel, or a reply in a thread the assistant is running.
import type { App } from "@slack/bolt";
import type { SlackRuntime } from "../../runtime.js";
import { appMention } from "./app-mention.js";
import { directMessage } from "./direct-message.js";

export function register(app: App, rt: SlackRuntime): void {
  app.message(directMessage(rt));
  app.event("app_mention", appMention(rt));
}
