// `/kvalue alerts [preview | on|off <kind|all> | days <n|default> [team]]`, and the switches of the settings message
// (Slack's buttons and the console's choices run the same handler). Registered in src/commands/handlers.ts.
import type { CommandEnv, FeatureCommands } from "../../commands/registry.js";
import { addDays } from "../../core/index.js";
import { t } from "../../i18n/index.js";
import { esc, textMessage } from "../../ui/text.js";
import type { SlackMessage } from "../../ui/types.js";
import { BUSINESS_TZ } from "../deps.js";
import { resolveScope } from "../teams/scope.js";
import { ALERT_KINDS, DEFAULT_STALE_DAYS, MAX_STALE_DAYS, parseAlertKind, type AlertKind } from "./kinds.js";

import { alertSettings, alertsToday, setStaleDays, switchAlert } from "./service.js";
import { alertSettingsMessage, alertsMessage, kindWords } from "./ui/alerts.js";

const clock = new Intl.DateTimeFormat("en-GB", { timeZone: BUSINESS_TZ, hour: "2-digit", minute: "2-digit" });

async function settingsMessage(env: CommandEnv, notice?: string): Promise<SlackMessage> {
  const scope = await resolveScope(env.deps, env.actor);
  const [settings, today] = await Promise.all([alertSettings(env.deps, scope), alertsToday(env.deps, scope)]);
  return alertSettingsMessage({
    locale: env.locale,
    off: settings.off,
    teams: settings.teams.map((x) => ({
      name: x.team.name,
      staleDays: x.staleDays,
      defaultDays: DEFAULT_STALE_DAYS,
    })),
    today: {
      count: today.items.length,
      sentAt: today.sent?.at ? clock.format(today.sent.at) : null,
      sentCount: today.sent?.items ?? 0,
    },
    ...(notice ? { notice } : {}),
  });
}

const kindNames = (env: CommandEnv, kinds: readonly AlertKind[]): string =>
  kinds.map((k) => t(env.locale, `alerts.kind.${k}`)).join(t(env.locale, "reply.list_separator"));

export const alertCommands = {
  alerts: async (env, command) => {
    const { locale } = env;
    switch (command.action) {
      case "show":
        return settingsMessage(env);
      case "preview": {
        const today = await alertsToday(env.deps, await resolveScope(env.deps, env.actor));
        return alertsMessage({
          locale,
          day: today.day,
          from: today.window.sinceDay,
          to: addDays(today.window.untilDay, -1),
          items: today.items,
          preview: true,
        });
      }
      case "on":
      case "off": {
        const kind = parseAlertKind(command.alert);
        if (!kind)
          return textMessage(
            `${t(locale, "alerts.bad_kind", { word: esc(command.alert), kinds: kindWords(locale) })}\n${t(locale, "reply.usage.alerts")}`,
          );
        const on = command.action === "on";
        const { changed } = await switchAlert(env.deps, env.actor, kind, on);
        const kinds = kindNames(env, kind === "all" ? ALERT_KINDS : [kind]);
        const notice = changed
          ? t(locale, on ? "alerts.switched_on" : "alerts.switched_off", { kinds })
          : t(locale, "alerts.unchanged", { kinds, state: t(locale, on ? "alerts.state.on" : "alerts.state.off") });
        return settingsMessage(env, notice);
      }
      case "days": {
        const word = command.days.trim().toLowerCase();
        const days = word === "default" || word === "默认" ? null : /^\d+$/.test(word) ? Number(word) : Number.NaN;
        if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= MAX_STALE_DAYS))
          return textMessage(t(locale, "alerts.bad_days", { max: MAX_STALE_DAYS, value: esc(command.days) }));
        const scope = await resolveScope(env.deps, env.actor);
        const set = await setStaleDays(env.deps, env.actor, scope, {
          team: command.team,
          days,
          ...(env.channelId ? { channelId: env.channelId } : {}),
        });
        return textMessage(
          t(locale, "alerts.days_set", { team: esc(set.team.name), days: set.days, before: set.before }),
        );
      }
    }
  },
} satisfies FeatureCommands<"alerts">;

/** A switch pressed on the settings message (its value: `off quadrant`); answers with the settings as they are now. */
export function alertToggle(env: CommandEnv, value: string): Promise<SlackMessage> {
  const [action = "", alert = ""] = value.trim().split(/\s+/);
  if (action !== "on" && action !== "off") return settingsMessage(env);
  return alertCommands.alerts(env, { kind: "alerts", action, alert });
}
