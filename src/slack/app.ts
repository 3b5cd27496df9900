// The Bolt app: HTTP (one workspace's bot token), OAuth (multi-workspace installs, tokens in the database) or
// Socket Mode. Listeners are registered in listeners/index.ts; every Web API call has a timeout and a short retry budget
// (Bolt's default would retry for ~30 minutes, far beyond a user waiting for an answer).
// Every mode serves /healthz and /readyz (ops-routes.ts) and shuts down gracefully (RunningSlackApp.shutdown).
import type { Server } from "node:http";
import { App, type HTTPReceiver, LogLevel, SocketModeReceiver } from "@slack/bolt";
import type { Config } from "../config.js";
import type { Locale } from "../i18n/index.js";
import { meteredFetch, type Metrics } from "../metrics.js";
import type { ServiceDeps } from "../features/deps.js";
import { assistantFromConfig, attachAssistant } from "../features/assistant/setup.js";
import { BotAuthorization } from "./bot-auth.js";
import { sdkLogger } from "./sdk-logger.js";
import { databaseInstallationStore } from "./installation-store.js";
import { registerListeners } from "./listeners/index.js";
import { Lifecycle } from "./lifecycle.js";
import { closeServer, opsRoutes, portOf, startOpsServer, type OpsRoute } from "./ops-routes.js";
import { dispatcher, KvalueReceiver, type ReceiverLog } from "./receiver.js";
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
  /** The port listened on (useful with port 0): Slack's requests and the ops routes, or in Socket Mode the ops routes. */
  port: number;
  lifecycle: Lifecycle;
  /**
   * Graceful stop (SIGTERM): /readyz turns 503 and new Slack requests are refused at once; the requests in flight
   * finish (up to `drainMs`, default 10 s); then the listener closes. True when nothing was cut off.
   */
  shutdown(drainMs?: number): Promise<boolean>;
  /** Immediate stop (tests): closes the listener without waiting. */
  stop(): Promise<void>;
}

/** How long a shutdown waits for the requests in flight (issue 12: bounded, 10 s). */
export const DRAIN_MS = 10_000;

const clientOptions = (config: Config, metrics: Metrics) => ({
  timeout: 5_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 },
  fetch: meteredFetch(metrics), // every Web API call and 429 counted (GET /metrics)
  ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
});

/** Socket Mode's receiver, through the same dispatcher as HTTP (requests tracked for the shutdown, unhandled acked). */
class KvalueSocketReceiver extends SocketModeReceiver {
  constructor(
    options: ConstructorParameters<typeof SocketModeReceiver>[0],
    private readonly log: ReceiverLog,
    private readonly lifecycle: Lifecycle,
    private readonly metrics: Metrics,
  ) {
    super(options);
  }

  override init(app: App): void {
    super.init(dispatcher(app, this.log, this.lifecycle, this.metrics));
  }
}

export interface CreatedSlackApp {
  app: App;
  /** HTTP and OAuth modes; null in Socket Mode. */
  receiver: HTTPReceiver | null;
  lifecycle: Lifecycle;
  /** /healthz, /readyz: on the receiver already in HTTP modes; served by startOpsServer in Socket Mode. */
  routes: OpsRoute[];
  /** The bot token's authorization (null with OAuth): its background retry stops with the app. */
  bot: BotAuthorization | null;
}

export function createSlackApp(o: SlackAppOptions): CreatedSlackApp {
  const { config } = o;
  const s = config.slack;
  const trace = config.logLevel === "trace";
  const logLevel = trace ? LogLevel.DEBUG : LogLevel.WARN;
  const logger = sdkLogger(o.log, trace);
  const receiverLog = { debug: (obj: object, msg: string) => o.log.debug?.(obj, msg) };
  const lifecycle = new Lifecycle();
  const metrics = o.deps.metrics;
  // One bot token (HTTP, Socket Mode): authorized by BotAuthorization, which /readyz asks too. OAuth: per install.
  const bot = config.mode === "oauth" ? null : new BotAuthorization(s.botToken ?? "", o.log);
  const routes = opsRoutes({ deps: o.deps, lifecycle, log: o.log, slack: bot });
  let app: App;
  let receiver: HTTPReceiver | null = null;
  if (config.mode === "socket") {
    const socket = new KvalueSocketReceiver(
      { appToken: s.appToken ?? "", logger, logLevel },
      receiverLog,
      lifecycle,
      metrics,
    );
    app = new App({
      receiver: socket,
      authorize: bot?.authorize,
      logger,
      logLevel,
      clientOptions: clientOptions(config, metrics),
    });
  } else if (config.mode === "oauth") {
    receiver = new KvalueReceiver({
      signingSecret: s.signingSecret ?? "",
      endpoint: "/slack/events",
      logger,
      logLevel,
      log: receiverLog,
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      stateSecret: s.stateSecret,
      scopes: BOT_SCOPES,
      installationStore: databaseInstallationStore(o.deps),
      installerOptions: { directInstall: true, clientOptions: clientOptions(config, metrics) },
      lifecycle,
      metrics,
      customRoutes: routes,
    });
    app = new App({ receiver, logger, logLevel, clientOptions: clientOptions(config, metrics) });
  } else if (config.mode === "http") {
    receiver = new KvalueReceiver({
      signingSecret: s.signingSecret ?? "",
      endpoint: "/slack/events",
      logger,
      logLevel,
      log: receiverLog,
      lifecycle,
      metrics,
      customRoutes: routes,
    });
    app = new App({
      receiver,
      authorize: bot?.authorize,
      logger,
      logLevel,
      clientOptions: clientOptions(config, metrics),
    });
  } else {
    throw new Error("createSlackApp needs Slack credentials (the console runs without them)");
  }
  bot?.start(app.client);
  const rt = createSlackRuntime(o.deps, config.defaultLocale as Locale, o.log);
  attachAssistant(o.deps, assistantFromConfig(config, o.log)); // the model of this app's configuration, not the process env
  registerListeners(app, rt);
  return { app, receiver, lifecycle, routes, bot };
}

/** How long an idle keep-alive connection stays open: longer than the balancers' 60 s in front of the app. */
const KEEP_ALIVE_MS = 65_000;

export async function startSlackApp(o: SlackAppOptions, port = o.config.port, host?: string): Promise<RunningSlackApp> {
  const { app, receiver, lifecycle, routes, bot } = createSlackApp(o);
  let server: Server;
  let closeReceiver: () => Promise<void>;
  const closeSlack = async () => {
    bot?.stop();
    await closeReceiver();
  };
  if (receiver) {
    server = (await receiver.start(host ? { port, host } : port)) as Server;
    // Keep idle connections longer than a balancer does (nginx and AWS ALB: 60 s). With Node's 5 s default the app
    // closed sockets the balancer was about to reuse, and a request now and then failed with 502 (seen in
    // bench/instances.ts behind its keep-alive proxy).
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.headersTimeout = KEEP_ALIVE_MS + 1_000;
    closeReceiver = async () => {
      const closed = receiver.stop();
      server.closeAllConnections(); // idle keep-alive sockets would hold close() open
      await closed;
    };
  } else {
    server = await startOpsServer(routes, port, host);
    await app.start();
    closeReceiver = async () => {
      await app.stop();
      await closeServer(server);
    };
  }
  let stopping: Promise<boolean> | null = null;
  return {
    app,
    port: portOf(server),
    lifecycle,
    shutdown(drainMs = DRAIN_MS) {
      stopping ??= (async () => {
        bot?.stop();
        // Socket Mode: no new events once the socket is closed; in-flight listeners still answer over HTTP.
        if (!receiver) await app.stop().catch(() => undefined);
        const drained = await lifecycle.drain(drainMs);
        if (!drained)
          o.log.warn({ inFlight: lifecycle.inFlight, drainMs }, "shutdown: requests still in flight were cut off");
        await (receiver ? closeSlack() : closeServer(server));
        return drained;
      })();
      return stopping;
    },
    stop: () => closeSlack(),
  };
}
