// The app uninstalled from a workspace, or its bot token revoked: its installations are no longer served.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { revokeWorkspace } from "../../../features/installations/service.js";
import type { SlackRuntime } from "../../runtime.js";

export function appUninstalled(rt: SlackRuntime) {
  return async ({ body }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_uninstalled">): Promise<void> => {
    await revokeWorkspace(rt.deps, body.team_id);
  };
}

export function tokensRevoked(rt: SlackRuntime) {
  return async ({ event, body }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"tokens_revoked">): Promise<void> => {
    // A revoked user token alone leaves the bot working.
    if ((event.tokens.bot ?? []).length > 0) await revokeWorkspace(rt.deps, body.team_id);
  };
}
