// The app uninstalled from a workspace or an org, or its bot token revoked: its installations are no longer served.
// The ids are Bolt's context, built from the envelope's authorizations as for every installation lookup, so an
// org-wide install is revoked under the same key the installation store serves it by.
import type { AllMiddlewareArgs, Context, SlackEventMiddlewareArgs } from "@slack/bolt";
import { revokeInstalled, type InstallationIds } from "../../../features/installations/service.js";
import type { SlackRuntime } from "../../runtime.js";

const idsOf = (context: Context, teamId: string): InstallationIds => ({
  teamId: context.teamId ?? teamId,
  enterpriseId: context.enterpriseId ?? null,
  isEnterpriseInstall: context.isEnterpriseInstall,
});

export function appUninstalled(rt: SlackRuntime) {
  return async ({ body, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_uninstalled">): Promise<void> => {
    await revokeInstalled(rt.deps, idsOf(context, body.team_id));
  };
}

export function tokensRevoked(rt: SlackRuntime) {
  return async ({
    event,
    body,
    context,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"tokens_revoked">): Promise<void> => {
    // A revoked user token alone leaves the bot working.
    if ((event.tokens.bot ?? []).length > 0) await revokeInstalled(rt.deps, idsOf(context, body.team_id));
  };
}
