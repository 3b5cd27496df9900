// What every service function needs: the database, the clock and the workspace-wide settings.
// Passed explicitly (no globals) so tests and the three-instance digest test can run several side by side.
import type { Db, Provider } from "../store/index.js";

export interface ServiceDeps {
  db: Db;
  provider: Provider;
  /** The clock; services never call Date.now() themselves. */
  now: () => Date;
  /** Slack user ids configured as managers (KVALUE_MANAGERS), on top of WorkspaceManager rows. */
  managers: readonly string[];
}

/** Business dates are Asia/Shanghai calendar dates (METHOD §2.1). */
export const BUSINESS_TZ = "Asia/Shanghai";

const dateFmt = new Intl.DateTimeFormat("en-CA", { timeZone: BUSINESS_TZ, year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's date in Asia/Shanghai as YYYY-MM-DD. */
export function today(deps: Pick<ServiceDeps, "now">): string {
  return dateFmt.format(deps.now());
}
