// Events API: event dedupe, App Home, channel membership changes (access follows the channel), uninstall and
// token revocation.
import type { App } from "@slack/bolt";
import type { SlackRuntime } from "../../runtime.js";
import { appHomeOpened } from "./app-home-opened.js";
import { dedupeEvents } from "./dedupe.js";
import { memberJoinedChannel, memberLeftChannel } from "./membership.js";
import { appUninstalled, tokensRevoked } from "./uninstall.js";

export function register(app: App, rt: SlackRuntime): void {
  app.use(dedupeEvents(rt));
  app.event("app_home_opened", appHomeOpened(rt));
  app.event("member_joined_channel", memberJoinedChannel(rt));
  app.event("member_left_channel", memberLeftChannel(rt));
  app.event("app_uninstalled", appUninstalled(rt));
  app.event("tokens_revoked", tokensRevoked(rt));
}
