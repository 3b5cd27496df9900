// Slack retries an event up to 3 times when it thinks we were slow: each event_id is let in once.
import type { AllMiddlewareArgs, AnyMiddlewareArgs } from "@slack/bolt";
import { firstDelivery } from "../../../features/installations/service.js";
import type { SlackRuntime } from "../../runtime.js";

/** Global middleware: an event_id seen before (in any instance: the guard is a row in the shared database) is dropped. */
export function dedupeEvents(rt: SlackRuntime) {
  return async ({ body, next }: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const b = body as { type?: string; event_id?: string; team_id?: string };
    if (b.type === "event_callback" && typeof b.event_id === "string") {
      if (!(await firstDelivery(rt.deps, b.event_id, b.team_id ?? ""))) return; // a retry of an event we already handle
    }
    await next();
  };
}
