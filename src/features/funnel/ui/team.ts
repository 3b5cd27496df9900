// A team's funnel (service result) → the funnel message.
import type { Locale } from "../../../i18n/index.js";
import type { SlackMessage } from "../../../ui/types.js";
import type { TeamFunnel } from "../service.js";
import { funnelMessage } from "./funnel.js";

export function teamFunnelMessage(f: TeamFunnel, locale: Locale): SlackMessage {
  return funnelMessage({
    teamName: f.team.name,
    periodLabel: f.period.key,
    periodEnd: f.period.end,
    asOf: f.asOf,
    target: f.hasTarget ? f.target : null,
    wonToDate: f.wonToDate,
    result: f.result,
    locale,
  });
}
