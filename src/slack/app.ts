// The Bolt app: HTTP (one workspace's bot token), OAuth (multi-workspace installs, tokens in the database) or
// Socket Mode. Listeners are registered in listeners/index.ts; every Web API call has a timeout and a short retry budget
// (Bolt's default would retry for ~30 minutes, far beyond a user waiting for an answer).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type HTTPReceiver, LogLevel } from "@slack/bolt";
import type { Config } from "../config.js";
import type { Locale } from "../i18n/index.js";
import type { ServiceDeps } from "../features/deps.js";
import { assistantFromConfig, attachAssistant } from "../features/assistant/setup.js";
import { databaseInstallationStore } from "./installation-store.js";
import { registerListeners } from "./listeners/index.js";
import { KvalueReceiver } from "./receiver.js";
import { createSlackRuntime, type SlackRuntime } from "./runtime.js";

export const BOT_SCOPES = [
  "commands",
  "chat:write",
  "chat:write.public",
  "users:read",
  "channels:read",
  "groups:read",
  "im:history",
  "im:write",
  "app_mentions:read",
  "files:write",
  "assistant:write",
  // A digest run resumed after a crash looks for its own earlier post before posting again (exactly once).
  "channels:history",
  "groups:history",
];

export interface SlackAppOptions {
  config: Config;
  deps: ServiceDeps;
  log: SlackRuntime["log"];
}

export interface RunningSlackApp {
  app: App;
  /** HTTP modes: the port listened on (useful with port 0). */
  port: number | null;
  stop(): Promise<void>;
}

const clientOptions = (config: Config) => ({
  timeout: 5_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 },
  ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
});

export function createSlackApp(o: SlackAppOptions): { app: App; receiver: HTTPReceiver | null } {
  const { config } = o;
  const s = config.slack;
  const logLevel = config.logLevel === "debug" || config.logLevel === "trace" ? LogLevel.DEBUG : LogLevel.WARN;
  const receiverLog = { debug: (obj: object, msg: string) => o.log.debug?.(obj, msg) };
  let app: App;
  let receiver: HTTPReceiver | null = null;
  if (config.mode === "socket") {
    app = new App({
      token: s.botToken,
      appToken: s.appToken,
      socketMode: true,
      logLevel,
      clientOptions: clientOptions(config),
    });
  } else if (config.mode === "oauth") {
    receiver = new KvalueReceiver({
      signingSecret: s.signingSecret ?? "",
      endpoint: "/slack/events",
      logLevel,
      log: receiverLog,
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      stateSecret: s.stateSecret,
      scopes: BOT_SCOPES,
      installationStore: databaseInstallationStore(o.deps),
      installerOptions: { directInstall: true, clientOptions: clientOptions(config) },
      customRoutes: [
        {
          path: "/healthz",
          method: ["GET"],
          handler: (_req, res) => {
            res.writeHead(200);
            res.end("ok");
          },
        },
      ],
    });
    app = new App({ receiver, logLevel, clientOptions: clientOptions(config) });
  } else if (config.mode === "http") {
    receiver = new KvalueReceiver({
      signingSecret: s.signingSecret ?? "",
      endpoint: "/slack/events",
      logLevel,
      log: receiverLog,
      customRoutes: [
        {
          path: "/healthz",
          method: ["GET"],
          handler: (_req, res) => {
            res.writeHead(200);
            res.end("ok");
          },
        },
      ],
    });
    app = new App({ receiver, token: s.botToken, logLevel, clientOptions: clientOptions(config) });
  } else {
    throw new Error("createSlackApp needs Slack credentials (the console runs without them)");
  }
  const rt = createSlackRuntime(o.deps, config.defaultLocale as Locale, o.log);
  attachAssistant(o.deps, assistantFromConfig(config, o.log)); // the model of this app's configuration, not the process env
  registerListeners(app, rt);
  return { app, receiver };
}

export async function startSlackApp(o: SlackAppOptions, port = o.config.port, host?: string): Promise<RunningSlackApp> {
  const { app, receiver } = createSlackApp(o);
  if (!receiver) {
    await app.start();
    return { app, port: null, stop: () => app.stop().then(() => undefined) };
  }
  const server = (await receiver.start(host ? { port, host } : port)) as Server;
  const address = server.address() as AddressInfo;
  return { app, port: address.port, stop: () => receiver.stop().then(() => undefined) };
}
