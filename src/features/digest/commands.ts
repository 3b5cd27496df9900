// `/kvalue digest subscribe [weekday] [HH:MM] [timezone] [lang] | unsubscribe | list | preview` (DESIGN.md surfaces).
// Registered in src/commands/handlers.ts, so Slack and the local console behave the same. The preview is the digest of the current
// week exactly as the channel gets it (same snapshots, same builder), without the charts.
import type { CommandEnv, CommandMap, FeatureCommands } from "../../commands/registry.js";
import { esc, textMessage } from "../../ui/text.js";
import { t, type Locale } from "../../i18n/index.js";
import { isServiceError } from "../errors.js";
import { pickTeam, resolveScope } from "../teams/scope.js";
import { listSubscriptions, subscribe, unsubscribe } from "./subscriptions.js";
import type { SlackMessage } from "../../ui/types.js";
import { composeDigest, ensureCurrentSnapshot } from "./compose.js";
import { digestMessage } from "./render.js";
import { DEFAULT_SCHEDULE, parseSubscribeArgs, type SubscribeArgsError } from "./subscribe-args.js";
import { localTimeText, nextSlot } from "./week.js";

export type DigestCommand = CommandMap["digest"];

const weekdayName = (l: Locale, weekday: number): string =>
  t(l, `digest.weekday.${Math.min(7, Math.max(1, weekday)) as 1 | 2 | 3 | 4 | 5 | 6 | 7}`);

function argsError(l: Locale, e: SubscribeArgsError): SlackMessage {
  const token = esc(e.token);
  const detail =
    e.error === "duplicate"
      ? t(l, "digest.err.duplicate", { token, kind: t(l, `digest.kind.${e.kind}`) })
      : t(l, `digest.err.${e.error}`, { token });
  return textMessage(`${detail}\n${t(l, "digest.usage.subscribe")}`);
}

export async function runDigestCommand(env: CommandEnv, command: DigestCommand): Promise<SlackMessage> {
  const { deps, locale: l } = env;
  const scope = await resolveScope(deps, env.actor);
  try {
    switch (command.action) {
      case "subscribe": {
        const args = parseSubscribeArgs(command.args);
        if ("error" in args) return argsError(l, args);
        const settings = { weekday: args.weekday, time: args.time, timezone: args.timezone, locale: args.locale ?? l };
        const r = await subscribe(deps, env.actor, scope, env.channelId, settings);
        const next = localTimeText(nextSlot(deps.now(), settings).at, settings.timezone);
        return textMessage(
          t(l, r.change === "created" ? "digest.sub.created" : "digest.sub.updated", {
            team: esc(r.team.name),
            weekday: weekdayName(l, settings.weekday),
            time: settings.time,
            timezone: settings.timezone,
            lang: t(l, `digest.lang.${settings.locale}`),
            next,
          }),
        );
      }
      case "unsubscribe":
        return textMessage(
          t(l, (await unsubscribe(deps, env.actor, scope, env.channelId)) ? "digest.unsub.done" : "digest.unsub.none"),
        );
      case "list": {
        const subs = await listSubscriptions(deps, scope);
        if (subs.length === 0) return textMessage(t(l, "digest.list.none"));
        const now = deps.now();
        const lines = subs.map((s) =>
          t(l, "digest.list.row", {
            channel: s.channelId,
            team: esc(s.team.name),
            weekday: weekdayName(l, s.weekday),
            time: s.time,
            timezone: s.timezone,
            lang: t(l, `digest.lang.${s.locale}`),
            next: localTimeText(nextSlot(now, s).at, s.timezone),
            last: s.lastRun
              ? t(l, "digest.list.last", { week: s.lastRun.periodKey, status: statusName(l, s.lastRun.status) })
              : "",
          }),
        );
        return textMessage([t(l, "digest.list.title"), ...lines].join("\n"));
      }
      case "preview": {
        const team = pickTeam(scope, null, env.channelId);
        const sub = env.channelId
          ? (await listSubscriptions(deps, scope)).find((s) => s.channelId === env.channelId)
          : undefined;
        const digestTeam = { id: team.id, name: team.name, workspaceId: scope.workspaceId };
        const { periodKey } = await ensureCurrentSnapshot(deps, digestTeam, sub?.timezone ?? DEFAULT_SCHEDULE.timezone);
        const digest = await composeDigest(deps, digestTeam, periodKey, { charts: false });
        if (!digest) return textMessage(t(l, "reply.error"));
        return digestMessage(digest, { locale: l, chartsBelow: false, preview: true });
      }
    }
  } catch (e) {
    if (isServiceError(e) && e.code === "no_team" && command.action !== "preview")
      return textMessage(t(l, "digest.err.no_team"));
    throw e;
  }
}

export const digestCommands = { digest: runDigestCommand } satisfies FeatureCommands<"digest">;

function statusName(l: Locale, status: string): string {
  switch (status) {
    case "claimed":
    case "posting":
      return t(l, "digest.status.claimed");
    case "posted":
    case "charts":
    case "done":
      return t(l, "digest.status.done");
    default:
      return t(l, "digest.status.failed");
  }
}
