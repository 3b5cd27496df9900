// `npm start`: Slack when credentials are set (HTTP, OAuth or Socket Mode), otherwise the local console on the
// embedded database with demo data. Migrations apply first, every time (idempotent).
import { checkSlackComplete, loadConfig } from "./config.js";
import { onShutdown, runEntry } from "./entry.js";
import { runConsole } from "./console/console.js";
import { LOCAL } from "./console/local-user.js";
import { loadAlertsConfig } from "./features/alerts/config.js";
import { startAlertScheduler } from "./features/alerts/deliver.js";
import { loadDigestConfig } from "./features/digest/config.js";
import { slackClients } from "./features/digest/deliver.js";
import { startDigestScheduler } from "./features/digest/scheduler.js";
import { createLogger } from "./log.js";
import { createMetrics } from "./metrics.js";
import { createServiceDeps } from "./features/deps.js";
import { DRAIN_MS, startSlackApp } from "./slack/app.js";
import { migrate, openStore } from "./store/index.js";

async function main(): Promise<void> {
  const config = loadConfig();
  checkSlackComplete(config);
  const digestConfig = loadDigestConfig();
  const alertsConfig = loadAlertsConfig();
  const log = createLogger(config.logLevel);
  const store = await openStore(config.databaseUrl);
  // A database migrated by a newer kvalue (a rollback) still runs, said once at start for the operator.
  for (const warning of (await migrate(store)).warnings) log.warn({ warning }, "database migrations");
  // KVALUE_NOW (tests, demos) sets the business clock of the whole app, the digest scheduler included.
  // One Prometheus registry for the process (GET /metrics), with Node's process metrics when serving Slack (the
  // console has no /metrics, and the collectors' handles would keep it from exiting at the end of its input).
  const deps = createServiceDeps(store, {
    now: digestConfig.now,
    managers: config.managers,
    crmUrlTemplate: config.crmUrlTemplate,
    metrics: createMetrics({ process: config.mode !== "console" }),
  });

  if (config.mode === "console") {
    // The console's one local user runs the local workspace, as the CLI's database commands do: a manager.
    const local = createServiceDeps(store, {
      now: () => new Date(),
      managers: [...config.managers, LOCAL.userId],
      crmUrlTemplate: config.crmUrlTemplate,
    });
    await runConsole({
      deps: local,
      input: process.stdin,
      output: process.stdout,
      defaultLocale: config.defaultLocale,
    });
    await store.close();
    return;
  }

  // A failing listener must never take the process down; Bolt reports listener errors through app.error.
  process.on("unhandledRejection", (reason) => log.error({ err: String(reason) }, "unhandled rejection"));
  const running = await startSlackApp({ config, deps, log });
  log.info({ mode: config.mode, port: running.port, database: store.provider }, "kvalue is running");
  // Weekly digests: every instance runs the scheduler; the DigestRun claim keeps each digest to one post.
  const clients = slackClients(deps, { botToken: config.slack.botToken, apiUrl: config.slack.apiUrl, log });
  const digests = digestConfig.enabled ? startDigestScheduler({ deps, log, config: digestConfig, clients }) : null;
  // Daily alert DMs, under the same claim protocol: every instance runs it, each DM goes out once.
  const alerts = alertsConfig.enabled
    ? startAlertScheduler({ deps, log, clients, digest: digestConfig, alerts: alertsConfig })
    : null;
  // SIGTERM: /readyz turns 503 and new requests are refused; requests in flight and a digest run under way get up to
  // 10 s together; leases of unfinished digest runs are freed so another instance takes them over at once.
  onShutdown(async () => {
    log.info({ inFlight: running.lifecycle.inFlight }, "shutting down");
    await Promise.all([
      running.shutdown(DRAIN_MS),
      digests?.stop({ waitMs: DRAIN_MS }),
      alerts?.stop({ waitMs: DRAIN_MS }),
    ]);
    await store.close();
    log.info({}, "stopped");
  });
}

runEntry("kvalue", main);
