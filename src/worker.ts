// `node dist/src/worker.js`: a process that only delivers weekly digests and the daily alert DMs (no HTTP listener).
// Run any number of them next to the app instances on one PostgreSQL database; each digest and each DM still goes
// out once (scheduler.ts, alerts/deliver.ts). The tests start three of these with a set clock (KVALUE_NOW) and kill
// them mid-run.
import { ConfigError, loadConfig } from "./config.js";
import { onShutdown, runEntry } from "./entry.js";
import { createLogger } from "./log.js";
import { createServiceDeps } from "./features/deps.js";
import { migrate, openStore } from "./store/index.js";
import { loadAlertsConfig } from "./features/alerts/config.js";
import { startAlertScheduler } from "./features/alerts/deliver.js";
import { loadDigestConfig } from "./features/digest/config.js";
import { slackClients } from "./features/digest/deliver.js";
import { startDigestScheduler } from "./features/digest/scheduler.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const digest = loadDigestConfig();
  const alertsConfig = loadAlertsConfig();
  const log = createLogger(config.logLevel).child({ instance: digest.instanceId });
  if (!config.slack.botToken && !config.slack.clientId) {
    throw new ConfigError(
      "SLACK_BOT_TOKEN: the digest worker needs a bot token (or an OAuth install: SLACK_CLIENT_ID …)",
    );
  }
  const store = await openStore(config.databaseUrl);
  for (const warning of (await migrate(store)).warnings) log.warn({ warning }, "database migrations");
  const deps = createServiceDeps(store, {
    now: digest.now,
    managers: config.managers,
    crmUrlTemplate: config.crmUrlTemplate,
  });
  const clients = slackClients(deps, { botToken: config.slack.botToken, apiUrl: config.slack.apiUrl, log });
  const scheduler = startDigestScheduler({ deps, log, config: digest, clients });
  const alerts = alertsConfig.enabled
    ? startAlertScheduler({ deps, log, clients, digest, alerts: alertsConfig })
    : null;
  onShutdown(async () => {
    await Promise.all([scheduler.stop(), alerts?.stop()]);
    await store.close();
  });
}

runEntry("kvalue digest worker", main);
