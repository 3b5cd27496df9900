// Posting a digest to Slack in the background, so that a run can tell "posted" from "not posted" from "don't know":
//
// - The WebClient makes no retries of its own (retries: 0): a retried chat.postMessage whose first attempt reached
//   Slack but whose answer was lost would post twice. 429s are retried here, after Retry-After (a 429 was not
//   processed, so retrying it is safe), up to a time budget.
// - Every digest carries message metadata with its run id, so whoever resumes a run left in "posting" can look for it
//   in the channel's history (conversations.history with include_all_metadata) before posting again.
// - Charts go into the digest's thread through Slack's external upload flow (files.uploadV2:
//   getUploadURLExternal → upload → completeUploadExternal).
import { setTimeout as sleep } from "node:timers/promises";
import { webApi } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { ServiceDeps } from "../deps.js";
import { meteredFetch } from "../../metrics.js";
import type { ChartFile } from "./charts-data.js";
import type { Pacer } from "./pacer.js";

type WebClient = InstanceType<typeof webApi.WebClient>;

/** The message metadata type of a digest post. */
export const DIGEST_EVENT_TYPE = "kvalue_digest";

/** Slack answers that no retry will fix: the run is given up (and the reason recorded on it). */
const PERMANENT = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "invalid_auth",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "no_permission",
  "missing_scope",
  "restricted_action",
  "team_access_not_granted",
  "ekm_access_denied",
  "not_authed",
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "msg_blocks_too_long",
  "no_text",
  "invalid_metadata_format",
  "invalid_metadata_schema",
  "metadata_too_large",
]);

export type PostFailure =
  | { kind: "not_posted"; permanent: boolean; reason: string } // Slack said no (or 429 beyond the budget)
  | { kind: "unknown"; reason: string }; // timeout, network, 5xx: may or may not have posted

/** What a failed Slack call means for exactly-once delivery. */
export function classifyPostError(e: unknown): PostFailure {
  if (e instanceof webApi.WebAPIPlatformError) {
    const code = e.data.error;
    return { kind: "not_posted", permanent: PERMANENT.has(code), reason: code };
  }
  if (e instanceof webApi.WebAPIRateLimitedError)
    return { kind: "not_posted", permanent: false, reason: `ratelimited (retry after ${e.retryAfter}s)` };
  return { kind: "unknown", reason: e instanceof Error ? e.message : String(e) };
}

export interface DigestPost {
  channel: string;
  text: string;
  blocks: KnownBlock[];
  run: { id: string; subscriptionId: string; periodKey: string };
}

export interface DigestPoster {
  /** Posts the digest; resolves with its ts. Throws the Slack error otherwise (see classifyPostError). */
  post(workspaceId: string, p: DigestPost): Promise<string>;
  /** The ts of this run's digest if the channel shows it (posted since `since`), else null. Throws when it cannot tell. */
  findPosted(channel: string, runId: string, since: Date): Promise<string | null>;
  /** Uploads the charts into the digest's thread. */
  uploadCharts(
    workspaceId: string,
    channel: string,
    threadTs: string,
    files: readonly ChartFile[],
    comment: string,
  ): Promise<void>;
}

export interface PosterOptions {
  pacer: Pacer;
  /** How long 429s are waited out before the run is released for a later attempt. */
  rateLimitBudgetMs: number;
  /** The metadata type posts carry and findPosted looks for (the alert DMs have their own). */
  eventType?: string;
}

/** Retries `call` after each 429's Retry-After, within the budget; everything else is the caller's to judge. */
async function withRateLimitRetries<T>(
  call: () => Promise<T>,
  budgetMs: number,
  before?: () => Promise<void>,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    if (before) await before();
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof webApi.WebAPIRateLimitedError)) throw e;
      const wait = Math.max(1, e.retryAfter) * 1000;
      if (Date.now() + wait > deadline) throw e;
      await sleep(wait);
    }
  }
}

export function slackPoster(client: WebClient, o: PosterOptions): DigestPoster {
  const eventType = o.eventType ?? DIGEST_EVENT_TYPE;
  return {
    async post(workspaceId, p) {
      const result = await withRateLimitRetries(
        () =>
          client.chat.postMessage({
            channel: p.channel,
            text: p.text,
            blocks: p.blocks,
            unfurl_links: false,
            unfurl_media: false,
            metadata: {
              event_type: eventType,
              event_payload: { run_id: p.run.id, subscription_id: p.run.subscriptionId, period: p.run.periodKey },
            },
          }),
        o.rateLimitBudgetMs,
        () => o.pacer.turn(workspaceId, p.channel),
      );
      if (!result.ts) throw new Error("chat.postMessage answered ok without a ts");
      return result.ts;
    },

    async findPosted(channel, runId, since) {
      // Clocks of instances may differ a little: look a few minutes before the first claim.
      const oldest = ((since.getTime() - 10 * 60_000) / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const history = await withRateLimitRetries(
          () =>
            client.conversations.history({
              channel,
              oldest,
              limit: 200,
              include_all_metadata: true,
              ...(cursor ? { cursor } : {}),
            }),
          o.rateLimitBudgetMs,
        );
        for (const m of history.messages ?? []) {
          const meta = m.metadata as { event_type?: string; event_payload?: { run_id?: unknown } } | undefined;
          if (meta?.event_type === eventType && meta.event_payload?.run_id === runId && m.ts) return m.ts;
        }
        cursor = history.response_metadata?.next_cursor || undefined;
        if (!history.has_more || !cursor) return null;
      }
      throw new Error(
        `more than 2,000 messages in ${channel} since the run was claimed: cannot rule out an earlier post`,
      );
    },

    async uploadCharts(workspaceId, channel, threadTs, files, comment) {
      await withRateLimitRetries(
        () =>
          client.files.uploadV2({
            channel_id: channel,
            thread_ts: threadTs,
            initial_comment: comment,
            file_uploads: files.map((f) => ({ file: f.png, filename: f.filename, title: f.title, alt_text: f.title })),
          }),
        o.rateLimitBudgetMs,
        () => o.pacer.turn(workspaceId, channel),
      );
    },
  };
}

export interface SlackClients {
  /** The bot's background client for a workspace; null when the app has no token for it (uninstalled). */
  forWorkspace(workspaceId: string): Promise<WebClient | null>;
}

/** Logs of the WebClient go to ours; its debug chatter is dropped. */
function clientLogger(log: {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}): webApi.Logger {
  return {
    debug: () => {},
    info: () => {},
    warn: (...m: unknown[]) => log.warn({ slack: m.map(String).join(" ") }, "slack web api"),
    error: (...m: unknown[]) => log.error({ slack: m.map(String).join(" ") }, "slack web api"),
    setLevel: () => {},
    getLevel: () => webApi.LogLevel.WARN,
    setName: () => {},
  };
}

/**
 * Background clients: one WebClient per bot token, a long timeout (a digest is not a user waiting), no automatic
 * retries (see above). A single configured bot token serves every workspace; otherwise the workspace's installation.
 */
export function slackClients(
  deps: ServiceDeps,
  o: {
    botToken?: string | undefined;
    apiUrl?: string | undefined;
    timeoutMs?: number;
    log: Parameters<typeof clientLogger>[0];
  },
): SlackClients {
  const clients = new Map<string, WebClient>();
  const clientFor = (token: string): WebClient => {
    let c = clients.get(token);
    if (!c) {
      c = new webApi.WebClient(token, {
        timeout: o.timeoutMs ?? 30_000,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        maxRequestConcurrency: 4,
        logger: clientLogger(o.log),
        fetch: meteredFetch(deps.metrics),
        ...(o.apiUrl ? { slackApiUrl: o.apiUrl } : {}),
      });
      clients.set(token, c);
    }
    return c;
  };
  return {
    async forWorkspace(workspaceId) {
      if (o.botToken) return clientFor(o.botToken);
      const token = await deps.repos.installations.activeBotToken(workspaceId);
      return token ? clientFor(token) : null;
    },
  };
}
