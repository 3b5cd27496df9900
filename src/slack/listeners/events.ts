// Events API: App Home, channel membership changes (access follows the channel), uninstall and revocation.
// Slack retries an event up to 3 times when it thinks we were slow: `dedupeEvents` lets each event_id in once.
import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, SlackEventMiddlewareArgs } from "@slack/bolt";
import { matrixRow } from "../../features/accounts/views.js";
import { homeFor } from "../../features/accounts/home.js";
import { forgetScopes, resolveScope } from "../../features/teams/scope.js";
import { ensureWorkspace, teamByChannel } from "../../features/teams/service.js";
import { isUniqueViolation } from "../../store/index.js";
import { homeView } from "../../features/accounts/ui/home.js";
import { userLocale, type SlackRuntime } from "../runtime.js";

/** Global middleware: an event_id seen before (in any instance: the row is in the shared database) is dropped. */
export function dedupeEvents(rt: SlackRuntime) {
  return async ({ body, next }: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const b = body as { type?: string; event_id?: string; team_id?: string };
    if (b.type === "event_callback" && typeof b.event_id === "string") {
      try {
        await rt.deps.db.processedEvent.create({ data: { eventId: b.event_id, workspaceId: b.team_id ?? "", receivedAt: rt.deps.now() } });
      } catch (e) {
        if (isUniqueViolation(e)) return; // a retry of an event we already handle
        throw e;
      }
    }
    await next();
  };
}

export function appHomeOpened(rt: SlackRuntime) {
  return async ({ event, body, client }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_home_opened">): Promise<void> => {
    if (event.tab !== "home") return;
    const workspaceId = body.team_id;
    await ensureWorkspace(rt.deps, workspaceId);
    const locale = await userLocale(rt, client, workspaceId, event.user);
    const scope = await resolveScope(rt.deps, { workspaceId, userId: event.user });
    const home = await homeFor(rt.deps, scope);
    const view = homeView({
      userId: event.user, asOf: home.asOf, locale,
      accounts: home.entries.map(matrixRow),
      changes: home.changes.map((c) => ({
        account: matrixRow(c.entry).account,
        quadrantBefore: c.quadrantBefore, quadrantAfter: c.entry.assessment.quadrant,
        provisionalBefore: c.provisionalBefore, provisionalAfter: c.entry.assessment.provisional,
        vBefore: c.vBefore, vAfter: c.entry.assessment.scores.V,
      })),
    });
    await client.views.publish({ user_id: event.user, view });
  };
}

async function membershipChanged(rt: SlackRuntime, workspaceId: string, channelId: string, userId: string, joined: boolean): Promise<void> {
  const team = await teamByChannel(rt.deps, workspaceId, channelId);
  if (!team) return;
  if (joined) {
    await rt.deps.db.teamMember.upsert({
      where: { teamId_userId: { teamId: team.id, userId } },
      create: { teamId: team.id, userId, syncedAt: rt.deps.now() },
      update: {},
    });
  } else {
    await rt.deps.db.teamMember.deleteMany({ where: { teamId: team.id, userId } });
  }
  forgetScopes(rt.deps);
}

export function register(app: App, rt: SlackRuntime): void {
  app.use(dedupeEvents(rt));
  app.event("app_home_opened", appHomeOpened(rt));
  app.event("member_joined_channel", async ({ event, body }) => membershipChanged(rt, body.team_id, event.channel, event.user, true));
  app.event("member_left_channel", async ({ event, body }) => membershipChanged(rt, body.team_id, event.channel, event.user, false));
  const revoke = async (teamId: string) => {
    await rt.deps.db.installation.updateMany({ where: { teamId, revokedAt: null }, data: { revokedAt: rt.deps.now() } });
  };
  app.event("app_uninstalled", async ({ body }) => revoke(body.team_id));
  app.event("tokens_revoked", async ({ event, body }) => {
    if ((event.tokens.bot ?? []).length > 0) await revoke(body.team_id);
  });
}
