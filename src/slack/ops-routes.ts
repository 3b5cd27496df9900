// The operator's endpoints, on the app's HTTP port (custom routes of the Bolt receiver) or, in Socket Mode, on a small
// listener of their own on PORT:
//   GET /healthz  200 while the process answers (liveness)
//   GET /readyz   200 when the database answers, every migration of this build is applied and (one bot token)
//                 Slack has verified the token; 503 otherwise and from the moment a shutdown starts, so a load
//                 balancer stops sending requests here
//   GET /metrics  Prometheus text format: this process's registry (deps.metrics; names in the README)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServiceDeps } from "../features/deps.js";
import { readiness } from "../features/ops/service.js";
import type { Lifecycle } from "./lifecycle.js";

export interface OpsRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface OpsRouteOptions {
  deps: ServiceDeps;
  lifecycle: Lifecycle;
  log: { warn(obj: object, msg: string): void };
  /** The bot token's authorization (HTTP, Socket Mode); null with OAuth, where each install has its own. */
  slack?: { readonly verified: boolean } | null;
}

function send(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export function opsRoutes(o: OpsRouteOptions): OpsRoute[] {
  return [
    {
      path: "/healthz",
      method: ["GET"],
      handler: (_req, res) => send(res, 200, { status: "ok" }),
    },
    {
      path: "/metrics",
      method: ["GET"],
      handler: (_req, res) => {
        const registry = o.deps.metrics.registry;
        registry.metrics().then(
          (text) => {
            res.writeHead(200, { "content-type": registry.contentType });
            res.end(text);
          },
          (e: unknown) => send(res, 500, { status: "error", error: String(e) }),
        );
      },
    },
    {
      path: "/readyz",
      method: ["GET"],
      handler: (_req, res) => {
        if (o.lifecycle.draining) return send(res, 503, { status: "shutting_down" });
        readiness(o.deps).then(
          (r) => {
            // The database first: "slack_unverified" then also says the database and migrations are fine.
            if (r.ready && o.slack && !o.slack.verified) return send(res, 503, { status: "slack_unverified" });
            if (r.ready) return send(res, 200, { status: "ready" });
            o.log.warn(r, "not ready");
            send(res, 503, r.reason === "database" ? { status: "database_unavailable" } : r);
          },
          (e: unknown) => send(res, 503, { status: "error", error: String(e) }),
        );
      },
    },
  ];
}

/** Socket Mode: the same routes on a listener of their own (Slack's traffic comes over the socket). */
export async function startOpsServer(routes: readonly OpsRoute[], port: number, host?: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes.find((r) => r.path === path);
    if (!route) return send(res, 404, { status: "not_found" });
    if (!route.method.includes(req.method?.toUpperCase() ?? ""))
      return send(res, 405, { status: "method_not_allowed" });
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

export const portOf = (server: Server): number => (server.address() as AddressInfo).port;

/** Closes the listener and every connection still open on it (keep-alive ones included). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
