// Every listener, registered in one place. The order matters where middleware is involved.
import type { App } from "@slack/bolt";
import { requestContext } from "../request-context.js";
import type { SlackRuntime } from "../runtime.js";
import * as actions from "./actions/index.js";
import * as assistant from "./assistant/index.js";
import * as commands from "./commands/index.js";
import * as events from "./events/index.js";
import * as messages from "./messages/index.js";
import * as views from "./views/index.js";

export function registerListeners(app: App, rt: SlackRuntime): void {
  events.register(app, rt); // first: it installs the event dedupe middleware
  commands.register(app, rt);
  actions.register(app, rt);
  views.register(app, rt);
  assistant.register(app, rt); // the panel's middleware must see threaded DMs before the DM listener
  messages.register(app, rt);
  app.error(async (error) => {
    rt.log.error(
      { ...requestContext(), err: String(error), code: (error as { code?: string }).code },
      "listener failed",
    );
  });
}
