// Per-request environment for the listeners (the verified actor, the user's language, Slack channel data) and
// the after-ack wrapper that turns an unexpected failure into an answer.
import type { WebClient } from "@slack/web-api";
import type { CommandEnv } from "../commands/registry.js";
import { enterWorkspace, type Actor } from "../features/teams/scope.js";
import { t, type Locale } from "../i18n/index.js";
import { textMessage } from "../ui/text.js";
import type { SlackMessage } from "../ui/types.js";
import { channelDirectory, refreshMembership } from "./membership.js";
import { requestContext } from "./request-context.js";
import type { SlackRuntime } from "./runtime.js";
import { userLocale } from "./user-locale.js";
import { LOOKUP_BUDGET_MS } from "./within.js";

export async function commandEnv(
  rt: SlackRuntime,
  client: WebClient,
  ids: { workspaceId: string; userId: string; channelId?: string; source: Actor["source"]; sourceRef?: string | null },
): Promise<CommandEnv> {
  // One statement: the workspace (created on first contact), the user's language choice and scope.
  const entered = await enterWorkspace(rt.deps, ids);
  const [locale, refreshed] = await Promise.all([
    userLocale(rt, client, ids.workspaceId, ids.userId, LOOKUP_BUDGET_MS, entered.locale),
    refreshMembership(rt, client, ids.workspaceId, ids.channelId),
  ]);
  return {
    deps: rt.deps,
    actor: { workspaceId: ids.workspaceId, userId: ids.userId, source: ids.source, sourceRef: ids.sourceRef ?? null },
    ...(ids.channelId ? { channelId: ids.channelId } : {}),
    locale,
    channels: channelDirectory(client),
    // Members just re-read from Slack may have changed the scope: then the handler reads it again.
    ...(refreshed ? {} : { scope: entered.scope }),
  };
}

/**
 * The work after an ack. Expected problems are answers already (service errors become messages); anything else
 * — a database refusing a write, a Web API call failing for good — is logged and the user is told that it did not
 * work, instead of hearing nothing. Never throws: one request's failure must not reach the process.
 */
export async function afterAck(
  rt: SlackRuntime,
  what: string,
  work: () => Promise<void>,
  tell: (message: SlackMessage) => Promise<unknown>,
  locale: () => Locale = () => rt.defaultLocale,
): Promise<void> {
  try {
    // Let requests that are waiting for their ack go first: under load, work after an ack must not hold back the
    // acks of the requests that arrived meanwhile (Slack's 3 s deadline applies to those).
    await new Promise((resolve) => setImmediate(resolve));
    await work();
  } catch (e) {
    rt.log.error(
      { ...requestContext(), err: e instanceof Error ? (e.stack ?? e.message) : String(e) },
      `${what} failed`,
    );
    try {
      await tell(textMessage(t(locale(), "reply.error")));
    } catch (e2) {
      rt.log.warn({ err: String(e2) }, `${what}: could not tell the user about the failure`);
    }
  }
}
