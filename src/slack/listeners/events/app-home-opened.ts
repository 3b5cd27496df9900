// App Home: the user's accounts and what moved since last week, published when the Home tab opens.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { homeFor } from "../../../features/accounts/home.js";
import { homeTab } from "../../../features/accounts/views.js";
import { resolveScope } from "../../../features/teams/scope.js";
import { ensureWorkspace } from "../../../features/teams/service.js";
import type { SlackRuntime } from "../../runtime.js";
import { userLocale } from "../../user-locale.js";

export function appHomeOpened(rt: SlackRuntime) {
  return async ({
    event,
    body,
    client,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_home_opened">): Promise<void> => {
    if (event.tab !== "home") return;
    const workspaceId = body.team_id;
    await ensureWorkspace(rt.deps, workspaceId);
    const locale = await userLocale(rt, client, workspaceId, event.user);
    const scope = await resolveScope(rt.deps, { workspaceId, userId: event.user });
    const home = await homeFor(rt.deps, scope);
    await client.views.publish({ user_id: event.user, view: homeTab(event.user, home, locale) });
  };
}
