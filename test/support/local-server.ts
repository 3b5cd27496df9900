// A tiny HTTP server on 127.0.0.1 with a random port, shared by the fakes in this folder.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalServer {
  /** e.g. "http://127.0.0.1:54321" (no trailing slash) */
  readonly origin: string;
  close(): Promise<void>;
}

export interface LocalRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The whole raw body, read before the handler runs. */
  readonly body: Buffer;
  /** The path and query, parsed against the server's origin. */
  readonly url: URL;
  /** Aborted when the server closes, so a scripted delay never outlives its test. */
  readonly signal: AbortSignal;
}

export type LocalHandler = (request: LocalRequest) => Promise<void> | void;

export async function startLocalServer(handle: LocalHandler): Promise<LocalServer> {
  const closing = new AbortController();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      Promise.resolve()
        .then(() => handle({ req, res, body: Buffer.concat(chunks), url, signal: closing.signal }))
        .catch((error: unknown) => {
          if (closing.signal.aborted || res.headersSent) {
            res.destroy();
            return;
          }
          // A bug in a fake must fail the test loudly, not look like a service answer.
          const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
          sendJson(res, 500, { ok: false, error: "fake_server_error", detail: message });
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        // fetch keeps connections alive; without this close() would wait for them to idle out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.writableEnded) return; // the client gave up (e.g. its timeout fired)
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}
