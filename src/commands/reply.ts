// How a command that could not run is answered: a parse error shows the usage of its subcommand, a service error
// (not found, no team, invalid, conflict) becomes a message in the user's language.
import { t, tCode, type Locale } from "../i18n/index.js";
import { isServiceError, type ServiceError } from "../features/errors.js";
import { esc, textMessage } from "../ui/text.js";
import type { SlackMessage } from "../ui/types.js";
import type { CommandError } from "./parse.js";

export function usageMessage(e: CommandError, locale: Locale): SlackMessage {
  switch (e.error) {
    case "too_long":
      return textMessage(t(locale, "reply.too_long"));
    case "bad_number":
      return textMessage(
        `${t(locale, "reply.bad_number", { detail: esc(e.detail ?? "") })}\n${t(locale, "reply.usage.top")}`,
      );
    case "bad_amount":
      return textMessage(
        `${t(locale, "reply.bad_amount", { detail: esc(e.detail ?? "") })}\n${t(locale, `reply.usage.${e.usage}`)}`,
      );
    case "bad_lang":
      return textMessage(t(locale, "reply.bad_lang", { detail: esc(e.detail ?? "") }));
    case "bad_assignment":
      return textMessage(
        `${t(locale, "reply.bad_assignment", { detail: esc(e.detail ?? "") })}\n${t(locale, `reply.usage.${e.usage}`)}`,
      );
    case "usage":
      return textMessage(t(locale, `reply.usage.${e.usage}`));
  }
}

/** Service errors become a message in the user's language; anything else is logged by the surface. */
export function errorMessage(e: unknown, locale: Locale): SlackMessage {
  if (!isServiceError(e)) throw e;
  switch (e.code) {
    case "not_found":
    case "forbidden":
      if (e.field === "team")
        return textMessage(
          t(locale, "reply.team_not_found", {
            team: esc(String(e.params.team ?? "")),
            teams: esc(String(e.params.teams || "—")),
          }),
        );
      return textMessage(t(locale, "reply.no_access"));
    case "no_team":
      return textMessage(t(locale, "reply.no_team"));
    case "invalid":
      // A period is also read by funnel, where "nothing was saved" would be odd (a period that is one but too far
      // ahead for a target has its own reason); nor is anything saved by a report, refused for its date.
      if (e.field === "period" && !e.reason)
        return textMessage(t(locale, "reply.bad_period", { period: esc(String(e.params.period ?? "")) }));
      if (e.field === "as_of") return textMessage(invalidDetail(e, locale));
      return textMessage(t(locale, "reply.invalid", { detail: invalidDetail(e, locale) }));
    case "conflict":
      return textMessage(
        e.field === "name"
          ? t(locale, "reply.conflict_name", { name: esc(String(e.params.name ?? "")) })
          : t(locale, "reply.conflict_version"),
      );
  }
}

/** A service's `invalid` message is English for the log; the fields a user can get wrong are said in their language
 *  (the forms' wording). Others keep the service's words. */
function invalidDetail(e: ServiceError, locale: Locale): string {
  switch (e.field) {
    case "changes.region_code":
      return t(locale, "error.region_code");
    case "changes.uscc":
      return t(locale, "error.uscc");
    case "amount":
      return t(locale, "error.money.zero");
    default:
      return e.reason ? tCode(locale, `invalid.${e.reason}`, e.params) : esc(e.message);
  }
}
