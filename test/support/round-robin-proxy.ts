// A small round-robin HTTP proxy on 127.0.0.1, standing in for the load balancer in front of several app instances:
// each request goes to the next target in turn, body and headers untouched (Slack's signature still verifies).
// Counts what each target got and every request it could not forward (answered 502).
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface RoundRobinProxy {
  /** "http://127.0.0.1:PORT" */
  readonly origin: string;
  /** Requests forwarded to each target, in the order of `ports`. */
  readonly forwarded: number[];
  /** Requests answered 502 because the target failed, with why. */
  readonly failed: number;
  readonly failures: readonly string[];
  close(): Promise<void>;
}

/** `keepAlive`: reuse upstream connections, as a production balancer does (nginx `keepalive`), for the bench.
 *  By default a connection per request: a kept-alive upstream socket can be closed by the app's server (its
 *  keep-alive timeout) just as the proxy reuses it, which would show up here as a 502 that is the proxy's doing. */
export async function startRoundRobinProxy(
  ports: readonly number[],
  options: { keepAlive?: boolean } = {},
): Promise<RoundRobinProxy> {
  const agent = new Agent({ keepAlive: options.keepAlive === true });
  const forwarded = ports.map(() => 0);
  const failures: string[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const i = next++ % ports.length;
    forwarded[i] = (forwarded[i] ?? 0) + 1;
    const upstream = request(
      { host: "127.0.0.1", port: ports[i], method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (e) => {
      failures.push(`target ${i}: ${e.message}`);
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    forwarded,
    failures,
    get failed() {
      return failures.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
