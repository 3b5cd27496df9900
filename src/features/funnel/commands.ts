// `/kvalue funnel [team] [period]` and `/kvalue target <team> <amount> [period]`. Registered in
// src/commands/handlers.ts.
import { formatMoney, t } from "../../i18n/index.js";
import { parseMoney } from "../../i18n/money.js";
import { periodAttempt } from "../../commands/parse.js";
import type { FeatureCommands } from "../../commands/registry.js";
import { esc, textMessage } from "../../ui/text.js";
import { isServiceError } from "../errors.js";
import { resolveScope } from "../teams/scope.js";
import { setTarget, teamFunnel } from "./service.js";
import { teamFunnelMessage } from "./ui/team.js";

export const funnelCommands = {
  funnel: async (env, command) => {
    const scope = await resolveScope(env.deps, env.actor);
    try {
      const f = await teamFunnel(env.deps, scope, {
        team: command.team,
        period: command.period,
        ...(env.channelId ? { channelId: env.channelId } : {}),
      });
      return teamFunnelMessage(f, env.locale);
    } catch (e) {
      // `funnel 2027Q5` with no team of that name: the last word was a mistyped period, not part of a name.
      const attempt = periodAttempt(command.team);
      if (attempt && isServiceError(e) && e.code === "not_found" && e.field === "team")
        return textMessage(t(env.locale, "reply.bad_period", { period: esc(attempt) }));
      throw e;
    }
  },
  target: async (env, command) => {
    const { locale } = env;
    const scope = await resolveScope(env.deps, env.actor);
    const amount = parseMoney(command.amount);
    // A negative amount is an amount, just not a target: said like 0 is.
    if (!amount.ok && amount.error === "negative") return textMessage(t(locale, "error.money.zero"));
    if (!amount.ok) return textMessage(t(locale, "reply.bad_number", { detail: esc(command.amount) }));
    const r = await setTarget(env.deps, env.actor, scope, {
      team: command.team,
      amount: amount.value,
      period: command.period,
    });
    return textMessage(
      t(locale, "reply.target.set", {
        team: esc(r.team.name),
        period: r.period.key,
        amount: formatMoney(locale, r.amount),
      }),
    );
  },
} satisfies FeatureCommands<"funnel" | "target">;
