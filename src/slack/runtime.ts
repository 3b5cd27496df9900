// What every listener shares: the service dependencies, the default language, the log, and the Slack calls in
// flight. The workspace and user come only from the signed request body, never from text or model output.
import type { ServiceDeps } from "../features/deps.js";
import type { Locale } from "../i18n/index.js";

export interface SlackRuntime {
  deps: ServiceDeps;
  defaultLocale: Locale;
  log: {
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
    debug?(obj: object, msg: string): void;
  };
  /** conversations.members + member sync under way, per team: concurrent requests of one team share one call. */
  membershipSyncs: Map<string, Promise<void>>;
}

export function createSlackRuntime(deps: ServiceDeps, defaultLocale: Locale, log: SlackRuntime["log"]): SlackRuntime {
  return { deps, defaultLocale, log, membershipSyncs: new Map() };
}
