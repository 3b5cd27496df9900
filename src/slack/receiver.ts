// Bolt's HTTPReceiver with the protocol edges Slack's guidance asks for and Bolt leaves open:
// - a timestamp more than 5 minutes in the future is refused like a stale one (401), not only the past;
// - a signed body that does not decode to an object (`payload=null`, bad JSON) is answered 400 at once;
// - an interaction missing the fields its listener reads is answered 400 before any listener runs;
// - what no listener handles (view_closed, unknown ids or commands, undecodable events) is acknowledged at once
//   and logged at debug level, instead of Bolt's 404 after 3 s with an error;
// - while the app drains for a shutdown, a new request is refused with 503 (Slack retries events elsewhere) and the
//   requests already dispatched are tracked until their listeners finish.
// Signature verification itself stays Bolt's; the request is buffered once and Bolt reuses the buffer.
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPModuleFunctions, HTTPReceiver, type App, type HTTPReceiverOptions, type ReceiverEvent } from "@slack/bolt";
import type { Metrics } from "../metrics.js";
import type { Lifecycle } from "./lifecycle.js";
import { contextOf, inRequest } from "./request-context.js";
import { screenPayload } from "./payload-shape.js";

/** Slack's window for x-slack-request-timestamp, in both directions. */
const MAX_SKEW_SECONDS = 5 * 60;

export interface ReceiverLog {
  debug(obj: object, msg: string): void;
}

export interface KvalueReceiverOptions extends HTTPReceiverOptions {
  log: ReceiverLog;
  /** The endpoint Slack posts to (one). */
  endpoint: string;
  lifecycle: Lifecycle;
  metrics: Metrics;
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

export class KvalueReceiver extends HTTPReceiver {
  private readonly log: ReceiverLog;
  private readonly secret: string;
  private readonly endpoint: string;
  private readonly limit: number | string;
  private readonly lifecycle: Lifecycle;
  private readonly metrics: Metrics;

  constructor(o: KvalueReceiverOptions) {
    const { log, endpoint, lifecycle, metrics, ...bolt } = o;
    super({ ...bolt, endpoints: endpoint });
    this.log = log;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
    this.secret = o.signingSecret;
    this.endpoint = endpoint;
    this.limit = o.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;
    const boltListener = this.requestListener;
    this.requestListener = (req, res) => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (path !== this.endpoint || req.method?.toUpperCase() !== "POST") return boltListener(req, res);
      if (this.lifecycle.draining) {
        req.resume();
        res.writeHead(503, { connection: "close", "retry-after": "1" });
        res.end();
        return;
      }
      this.screen(req, res).then(
        (pass) => {
          if (pass) boltListener(req, res);
        },
        (err: unknown) => {
          this.log.debug({ err: String(err) }, "slack request could not be screened");
          answer(res, 500);
        },
      );
    };
  }

  /** The App, seen through a dispatcher that acknowledges what no listener acknowledged. */
  override init(app: App): void {
    super.init(dispatcher(app, this.log, this.lifecycle, this.metrics));
  }

  /** True when the request may go on to Bolt; otherwise it has been answered. */
  private async screen(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.parseAndVerifyHTTPRequest>>;
    try {
      // Buffers the body (Bolt reuses it), lets ssl_check through unsigned, checks signature and staleness.
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        { enabled: true, signingSecret: this.secret, bodyLimit: this.limit },
        req,
      );
    } catch (e) {
      if (HTTPModuleFunctions.isRawBodyError(e) && e.statusCode === 413) {
        answer(res, 413);
        return false;
      }
      return true; // Bolt refuses it again with its own answer (401) and log line
    }
    const stamp = Number(req.headers["x-slack-request-timestamp"]);
    if (Number.isFinite(stamp) && stamp - Math.floor(Date.now() / 1000) > MAX_SKEW_SECONDS) {
      this.log.debug({ stamp }, "slack request timestamp is in the future; refused");
      answer(res, 401);
      return false;
    }
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch {
      answer(res, 400);
      return false;
    }
    if (isObject(body) && (body.ssl_check === "1" || body.type === "url_verification")) return true;
    const screened = screenPayload(body);
    if (screened.kind === "dispatch") return true;
    if (screened.kind === "malformed") {
      this.log.debug({ why: screened.why }, "malformed slack payload; refused");
      answer(res, 400);
      return false;
    }
    this.log.debug({ why: screened.why }, "unhandled slack request; acknowledged");
    answer(res, 200);
    return false;
  }
}

/** The App, seen through a dispatcher that tracks each request until its listeners finish and acknowledges what no
 *  listener acknowledged. Shared by the HTTP receiver and the Socket Mode one. */
export function dispatcher(app: App, log: ReceiverLog, lifecycle: Lifecycle, metrics: Metrics): App {
  const routed: App = Object.create(app);
  routed.processEvent = (event: ReceiverEvent): Promise<void> =>
    inRequest(contextOf(event.body, kindOf(event.body)), () => handle(event));
  const handle = (event: ReceiverEvent): Promise<void> =>
    lifecycle.track(async () => {
      const kind = kindOf(event.body);
      const started = performance.now();
      let acked = false;
      const tracked: ReceiverEvent = {
        ...event,
        ack: async (response) => {
          acked = true;
          await event.ack(response);
          metrics.ackSeconds.observe({ kind }, (performance.now() - started) / 1000);
        },
      };
      try {
        await app.processEvent(tracked);
        if (!acked) {
          log.debug({ type: typeOf(event.body) }, "no listener handled this slack request; acknowledged");
          await tracked.ack();
        }
      } finally {
        metrics.responseSeconds.observe({ kind }, (performance.now() - started) / 1000);
      }
    });
  return routed;
}

const KINDS = new Set([
  "block_actions",
  "view_submission",
  "view_closed",
  "block_suggestion",
  "shortcut",
  "message_action",
]);

/** The request's kind, from a closed set (a metrics label). */
function kindOf(body: Record<string, unknown>): string {
  if (typeof body.command === "string") return "command";
  if (isObject(body.event)) return "event";
  return typeof body.type === "string" && KINDS.has(body.type) ? body.type : "other";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function typeOf(body: Record<string, unknown>): string {
  if (typeof body.command === "string") return body.command;
  const event = body.event;
  if (isObject(event) && typeof event.type === "string") return `event ${event.type}`;
  return typeof body.type === "string" ? body.type : "unknown";
}
