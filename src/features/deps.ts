// What every service function needs: the feature repositories (the only holders of the database client), the
// clock, the workspace-wide settings and the process's caches. Passed explicitly (no globals), so tests and the
// several-instance tests can run several side by side.
import { createMetrics, type Metrics } from "../metrics.js";
import type { Store } from "../store/index.js";
import { createCaches, type Caches } from "./caches.js";
import { createRepositories, type Repositories } from "./repositories.js";

export interface ServiceDeps {
  repos: Repositories;
  /** The clock; services never call Date.now() themselves. */
  now: () => Date;
  /** Slack user ids configured as managers (KVALUE_MANAGERS), on top of WorkspaceManager rows. */
  managers: readonly string[];
  /** KVALUE_CRM_URL_TEMPLATE (`…{crmId}…`): where an account's CRM record is; null = no links. */
  crmUrlTemplate: string | null;
  caches: Caches;
  /** This process's Prometheus registry and instruments (GET /metrics). */
  metrics: Metrics;
}

export interface DepsOptions {
  now?: () => Date;
  managers?: readonly string[];
  crmUrlTemplate?: string | null;
  /** Defaults to a registry of its own, without process metrics. */
  metrics?: Metrics;
}

/** The one way to build ServiceDeps from an open store (entry points, tests, benches). */
export function createServiceDeps(store: Pick<Store, "db" | "provider">, options: DepsOptions = {}): ServiceDeps {
  return {
    repos: createRepositories(store.db, store.provider),
    now: options.now ?? (() => new Date()),
    managers: options.managers ?? [],
    crmUrlTemplate: options.crmUrlTemplate ?? null,
    caches: createCaches(),
    metrics: options.metrics ?? createMetrics(),
  };
}

/** Business dates are Asia/Shanghai calendar dates (METHOD §2.1). */
export const BUSINESS_TZ = "Asia/Shanghai";

const dateFmt = new Intl.DateTimeFormat("en-CA", {
  timeZone: BUSINESS_TZ,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date in Asia/Shanghai as YYYY-MM-DD. */
export function today(deps: Pick<ServiceDeps, "now">): string {
  return dateFmt.format(deps.now());
}
