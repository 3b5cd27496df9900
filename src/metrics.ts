// Prometheus metrics (prom-client), one registry per ServiceDeps: passed in, never the library's global registry, so
// several apps in one test process (or one bench) each count their own. GET /metrics serves `registry`.
// Names and labels are listed in the README ("Metrics"); label values come from closed sets (command kinds, Web API
// method names, outcome words), never from user text.
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export interface Metrics {
  readonly registry: Registry;
  /** `/kvalue` commands (Slack and the console) by subcommand and outcome: ok | refused (an answer that says no) | failed. */
  readonly commands: Counter<"command" | "outcome">;
  /** Seconds from dispatch of a Slack request to its ack, by kind (command, action, view, event, …). */
  readonly ackSeconds: Histogram<"kind">;
  /** Seconds from dispatch of a Slack request until its listeners finished (the reply sent), by kind. */
  readonly responseSeconds: Histogram<"kind">;
  /** Slack Web API calls by method and HTTP status. */
  readonly slackCalls: Counter<"method" | "status">;
  /** Slack Web API answers 429 (rate limited), by method. */
  readonly slackRateLimited: Counter<"method">;
  /** Model calls by purpose (extract, qa) and outcome: ok or the failure kind (timeout, rate_limited, …). */
  readonly modelCalls: Counter<"purpose" | "outcome">;
  /** Model tokens by purpose and kind (prompt, completion), as the server reported them. */
  readonly modelTokens: Counter<"purpose" | "kind">;
  /** Failed model calls by purpose and kind (also counted in modelCalls). */
  readonly modelFailures: Counter<"purpose" | "kind">;
  /** Digest runs this instance handled, by where they ended: posted, resumed, failed, released (to retry or hand over), lost. */
  readonly digestRuns: Counter<"state">;
  /** Account rows of imports written: created, updated; or refused (every row of a file refused as a whole). */
  readonly importRows: Counter<"outcome">;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC, handles) too: on for the app processes, off in tests
   *  that build many deps (each collector keeps timers of its own). */
  process?: boolean;
}

// Buckets for an ack (Slack allows 3 s) and for a whole response (a card, a digest of a big team, a model answer).
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const RESPONSE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(o: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
  if (o.process) collectDefaultMetrics({ register: registry, prefix: "kvalue_" });
  return {
    registry,
    commands: counter("kvalue_commands_total", "/kvalue commands by subcommand and outcome", ["command", "outcome"]),
    ackSeconds: histogram("kvalue_slack_ack_seconds", "Slack request dispatch to ack", ["kind"], ACK_BUCKETS),
    responseSeconds: histogram(
      "kvalue_slack_response_seconds",
      "Slack request dispatch to its listeners' end (reply sent)",
      ["kind"],
      RESPONSE_BUCKETS,
    ),
    slackCalls: counter("kvalue_slack_api_calls_total", "Slack Web API calls by method and HTTP status", [
      "method",
      "status",
    ]),
    slackRateLimited: counter("kvalue_slack_api_rate_limited_total", "Slack Web API 429 answers by method", ["method"]),
    modelCalls: counter("kvalue_model_calls_total", "Model calls by purpose and outcome", ["purpose", "outcome"]),
    modelTokens: counter("kvalue_model_tokens_total", "Model tokens by purpose and kind", ["purpose", "kind"]),
    modelFailures: counter("kvalue_model_failures_total", "Failed model calls by purpose and kind", [
      "purpose",
      "kind",
    ]),
    digestRuns: counter("kvalue_digest_runs_total", "Digest runs brought to a state by this instance", ["state"]),
    importRows: counter("kvalue_import_rows_total", "Imported account rows by outcome", ["outcome"]),
  };
}

/** A `fetch` for the Slack WebClient (`clientOptions.fetch`) that counts every call by method and status. */
export function meteredFetch(metrics: Metrics, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const method = slackMethod(url);
    try {
      const res = await inner(input, init);
      metrics.slackCalls.inc({ method, status: String(res.status) });
      if (res.status === 429) metrics.slackRateLimited.inc({ method });
      return res;
    } catch (e) {
      metrics.slackCalls.inc({ method, status: "network_error" });
      throw e;
    }
  };
}

/** "https://slack.com/api/chat.postMessage" → "chat.postMessage"; an upload URL (files.getUploadURLExternal's) → "file_upload". */
function slackMethod(url: string): string {
  const path = url.split("?")[0] ?? "";
  const at = path.lastIndexOf("/api/");
  const name = at >= 0 ? path.slice(at + 5) : "";
  return /^[a-zA-Z]+(\.[a-zA-Z]+)+$/.test(name) ? name : "file_upload";
}
