// The language to answer a user in: their `/kvalue lang` choice, else their Slack locale (users.info).
import type { WebClient } from "@slack/web-api";
import { cacheSpec } from "../features/caches.js";
import { localePref } from "../features/teams/prefs.js";
import { localeFromSlack, type Locale } from "../i18n/index.js";
import type { SlackRuntime } from "./runtime.js";
import { LATE, LOOKUP_BUDGET_MS, within } from "./within.js";

// A Slack locale lives in Slack, not in our database, so no row can version it: the version is the clock's hour.
// Every instance asks users.info at most once per user and hour, and one at a time (the cache shares a load in
// flight). A failed lookup is remembered as "unknown" for the hour too, so a broken users.info is not hammered.
const LOCALE_TTL_MS = 60 * 60 * 1000;
const SLACK_LOCALES = cacheSpec<Locale | null>("slack.userLocales", 10_000);

export async function userLocale(
  rt: SlackRuntime,
  client: WebClient,
  workspaceId: string,
  userId: string,
  budgetMs = LOOKUP_BUDGET_MS,
  /** the user's choice when the caller has read it already in this request (null: none) */
  known?: Locale | null,
): Promise<Locale> {
  const pref = known !== undefined ? known : await localePref(rt.deps, workspaceId, userId);
  if (pref) return pref;
  const hour = String(Math.floor(rt.deps.now().getTime() / LOCALE_TTL_MS));
  const lookup = rt.deps.caches.of(SLACK_LOCALES).get(`${workspaceId}:${userId}`, hour, () =>
    client.users.info({ user: userId, include_locale: true }).then(
      (info) => (info.user?.locale ? localeFromSlack(info.user.locale) : null),
      (e: unknown) => {
        rt.log.warn({ err: String(e), userId }, "users.info failed; using the default locale");
        return null;
      },
    ),
  );
  const locale = await within(lookup, budgetMs);
  return locale === LATE || locale === null ? rt.defaultLocale : locale;
}
