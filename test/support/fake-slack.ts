// A fake of Slack's Web API on 127.0.0.1, for the app's process edge: Bolt's WebClient talks to it through
// `clientOptions.slackApiUrl`. It answers like Slack (HTTP 200 with ok:true/false, Slack's error codes, 429 with
// Retry-After), keeps what a channel shows, and rejects what Slack rejects (Block Kit limits, expired trigger_ids,
// used-up response_urls, bad tokens), so a test that passes here does not fail against the real service.
import { randomBytes } from "node:crypto";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { sendJson, sendText, startLocalServer, type LocalRequest } from "./local-server.js";
import { blockTextLength, checkBlocks, checkView, collectTexts } from "./slack-limits.js";

export type SlackArgs = Record<string, unknown>;
/** A Web API answer body: `{ ok: true, … }` or `{ ok: false, error: "code", … }`. */
export type SlackBody = { ok: boolean; error?: string } & Record<string, unknown>;

export interface SlackCall {
  /** Web API method ("chat.postMessage"), or "response_url" for a respond() post, "upload_url" for file bytes. */
  readonly method: string;
  /** Arguments as Slack reads them: form fields, with JSON-typed ones (blocks, view, …) parsed. */
  readonly args: SlackArgs;
  /** Bearer token (or form `token`) the call carried; undefined when it had none. */
  readonly token: string | undefined;
  /** The full response_url a respond() post went to. */
  readonly responseUrl?: string;
  readonly at: number;
  readonly status: number;
  readonly response: SlackBody;
}

/** Who a token belongs to, as auth.test reports it. */
export interface SlackIdentity {
  team_id: string;
  user_id: string;
  bot_id?: string;
}

export interface SlackUserInfo {
  name: string;
  real_name: string;
  locale: string;
  tz: string;
  is_bot: boolean;
}

export interface SlackMessage {
  type: "message";
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  files?: { id: string; name: string; title: string }[];
  /** Author: the bot's user id for app messages. */
  user: string;
  bot_id?: string;
  team: string;
  edited?: { user: string; ts: string };
}

export interface SlackEphemeral extends SlackMessage {
  /** The only person who sees it. */
  recipient: string;
}

export interface SlackView {
  id: string;
  type: "modal" | "home";
  team_id: string;
  /** Whose screen shows it. */
  user: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  blocks: unknown[];
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  [field: string]: unknown;
}

export interface SlackFile {
  id: string;
  filename: string;
  title: string;
  /** Declared by files.getUploadURLExternal. */
  length: number;
  alt_text?: string;
  /** Set once the bytes were POSTed to the upload_url. */
  bytes?: Buffer;
  completed: boolean;
  channel?: string;
  thread_ts?: string;
}

/** What failNext() makes the next call to a method do instead of (or before) its normal answer. */
export type SlackFailure = { status: number; retryAfter?: number } | { error: string } | { delayMs: number };

export interface ResponseUrlContext {
  /** Where `response_type: "in_channel"` posts land and ephemeral replies show. */
  channel?: string;
  /** Who sees ephemeral replies. */
  user?: string;
  /** The message replace_original/delete_original act on (a block action's source message). */
  messageTs?: string;
}

export interface OAuthInstall {
  teamId?: string;
  teamName?: string;
  userId?: string;
  scope?: string;
  /** When set, oauth.v2.access also returns a user token with these scopes. */
  userScope?: string;
  redirectUri?: string;
  /** An org-wide (Enterprise Grid) install of this enterprise: no team, `is_enterprise_install: true`. */
  enterpriseId?: string;
}

export interface FakeSlackOptions {
  teamId?: string;
  teamName?: string;
  domain?: string;
  botToken?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  clientId?: string;
  clientSecret?: string;
  /** More tokens auth.test should know: a user token, a second workspace. */
  tokens?: Record<string, SlackIdentity>;
  /**
   * Slack allows about one chat.postMessage per second per channel, with short bursts. Off unless given, so
   * ordinary tests are not slowed; `burst` defaults to 3 and `perSecond` to 1.
   */
  postMessageRateLimit?: { perSecond?: number; burst?: number };
  /**
   * Total characters of text a message's blocks may carry before `msg_blocks_too_long`. Slack does not document
   * it: reports put it near 13,200 (slackapi/bolt-js#2509) but also show rejections at 11,341 characters of text
   * (bolt-js#2867; Slack staff spoke of "12,000 text characters with a buffer for block containers"). The default,
   * 12,000, keeps the app below the lowest observed rejection.
   */
  maxBlockTextChars?: number;
  /** trigger_id lifetime (Slack: 3 s). */
  triggerTtlMs?: number;
  /** Every Web API call and response_url post is answered this long after it arrived, as a Slack across the internet
   *  would be (tens to hundreds of ms); 0 unless given. For benchmarks that must not flatter the app with a local fake. */
  latencyMs?: number;
}

export interface FakeSlack {
  /** Base like "http://127.0.0.1:PORT/api/" for `clientOptions.slackApiUrl`. */
  readonly url: string;
  readonly origin: string;
  readonly teamId: string;
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every call in arrival order (live; reset() empties it). */
  readonly calls: readonly SlackCall[];
  callsTo(method: string): SlackCall[];
  /** The first call (already made or still to come) to `method` matching `predicate`. */
  waitFor(method: string, predicate?: (call: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  /** A response_url served by the fake (valid 30 min, 5 uses, like Slack's); posts are recorded as "response_url". */
  responseUrl(id: string, context?: ResponseUrlContext): string;
  /** The arguments of every respond() post to response_url `id`. */
  responsesTo(id: string): SlackArgs[];
  /** A trigger_id as Slack puts in an interaction payload: views.open/push accept it once, within 3 s. */
  issueTriggerId(user?: string): string;
  /** An OAuth `code` as Slack's redirect carries it; oauth.v2.access exchanges it once for tokens. */
  issueOAuthCode(install?: OAuthInstall): string;
  failNext(method: string, failure: SlackFailure): void;
  setChannelMembers(channel: string, users: readonly string[], info?: { name?: string; is_private?: boolean }): void;
  setUser(user: string, info?: Partial<SlackUserInfo>): void;
  /** What the channel shows, oldest first: top-level messages and thread replies (with thread_ts). */
  messages(channel: string): SlackMessage[];
  ephemerals(channel: string): SlackEphemeral[];
  view(id: string): SlackView | undefined;
  homeView(user: string): SlackView | undefined;
  files(): SlackFile[];
  /** A file `user` uploads to the app (DM): its message-event description; the bytes are served at its URL. */
  shareFile(
    user: string,
    file: { filename: string; bytes: Uint8Array | string; size?: number },
  ): { id: string; name: string; size: number; url_private_download: string; user: string; filetype: string };
  /** Forget calls and state (tokens, members, users, messages, views…) as if just started. */
  reset(): void;
  close(): Promise<void>;
}

/** All the text a person would read in blocks, a message or a view: handy for `toContain` assertions. */
export function textOf(value: unknown): string {
  return collectTexts(value).join("\n");
}

/** The fake's workspace and app unless options say otherwise; slack-request.ts uses the same ones. */
export const SLACK_DEFAULTS = {
  teamId: "T0KVALUE",
  teamName: "kvalue test",
  domain: "kvalue-test",
  botToken: "xoxb-kvalue-test-token",
  botUserId: "U0KVBOT",
  botId: "B0KVBOT",
  appId: "A0KVALUE",
  clientId: "1111.2222",
  clientSecret: "fake-client-secret",
} as const;

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlackServer(options);
  const server = await startLocalServer((request) => fake.handle(request));
  fake.origin = server.origin;
  fake.closeServer = () => server.close();
  return fake;
}

// JSON-typed arguments: @slack/web-api form-encodes them as JSON strings, Slack parses them back.
const JSON_ARGS = ["blocks", "attachments", "view", "metadata", "files", "prompts"];
const TRIGGER_TTL_MS = 3_000;
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_MAX_USES = 5;
const MESSAGE_TEXT_MAX = 40_000;
/** A push beyond three views on a modal's stack fails with push_limit_reached. */
const VIEW_STACK_MAX = 3;

interface Trigger {
  issuedAt: number;
  user: string | undefined;
  used: boolean;
}
interface ResponseUrl {
  issuedAt: number;
  uses: number;
  context: ResponseUrlContext;
}
interface OAuthCode extends Required<Omit<OAuthInstall, "userScope" | "redirectUri" | "enterpriseId">> {
  userScope?: string;
  redirectUri?: string;
  enterpriseId?: string;
}
interface Waiter {
  method: string;
  predicate: (call: SlackCall) => boolean;
  resolve: (call: SlackCall) => void;
}
interface MethodContext {
  args: SlackArgs;
  identity: SlackIdentity;
  token: string;
  headers: IncomingHttpHeaders;
}
type Method = (context: MethodContext) => SlackBody;

/** Everything reset() forgets. */
class World {
  readonly tokens = new Map<string, SlackIdentity & { revoked?: boolean }>();
  readonly teams = new Map<string, { name: string; domain: string }>();
  readonly users = new Map<string, SlackUserInfo & { team_id: string }>();
  readonly channels = new Map<string, { name: string; is_private: boolean; is_im: boolean; members?: string[] }>();
  readonly messages = new Map<string, SlackMessage[]>();
  readonly ephemerals = new Map<string, SlackEphemeral[]>();
  readonly views = new Map<string, SlackView>();
  readonly modalStacks = new Map<string, string[]>();
  readonly homes = new Map<string, string>();
  readonly triggers = new Map<string, Trigger>();
  readonly responseUrls = new Map<string, ResponseUrl>();
  readonly oauthCodes = new Map<string, OAuthCode>();
  readonly files = new Map<string, SlackFile>();
  readonly failures = new Map<string, SlackFailure[]>();
  readonly buckets = new Map<string, { tokens: number; at: number }>();
}

const ok = (fields: Record<string, unknown> = {}): SlackBody => ({ ok: true, ...fields });
const fail = (error: string, fields: Record<string, unknown> = {}): SlackBody => ({ ok: false, error, ...fields });
/** Slack's answer to invalid arguments: the code plus "[ERROR] …" lines in response_metadata.messages. */
const invalid = (error: string, problems: string[]): SlackBody =>
  fail(error, { errors: problems.map((p) => p.replace(/^\[ERROR\] /, "")), response_metadata: { messages: problems } });

function str(args: SlackArgs, key: string): string | undefined {
  const value = args[key];
  if (typeof value === "string") return value;
  return typeof value === "number" ? String(value) : undefined;
}
/** A boolean argument: form encoding turns `true` into "true". */
function flag(args: SlackArgs, key: string): boolean {
  const value = args[key];
  return value === true || value === 1 || value === "true" || value === "1";
}
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const USER_ID = /^[UW][A-Z0-9]+$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;

class FakeSlackServer implements FakeSlack {
  origin = "";
  closeServer: () => Promise<void> = async () => {};
  readonly teamId: string;
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly calls: SlackCall[] = [];
  private world = new World();
  private readonly waiters = new Set<Waiter>();
  private counter = 0;
  private lastTsMicros = 0;
  /** Bumped by reset(): a call still in flight from an earlier test must not land in the next one. */
  private generation = 0;

  constructor(private readonly options: FakeSlackOptions) {
    this.teamId = options.teamId ?? SLACK_DEFAULTS.teamId;
    this.botToken = options.botToken ?? SLACK_DEFAULTS.botToken;
    this.botUserId = options.botUserId ?? SLACK_DEFAULTS.botUserId;
    this.botId = options.botId ?? SLACK_DEFAULTS.botId;
    this.appId = options.appId ?? SLACK_DEFAULTS.appId;
    this.clientId = options.clientId ?? SLACK_DEFAULTS.clientId;
    this.clientSecret = options.clientSecret ?? SLACK_DEFAULTS.clientSecret;
    this.reset();
  }

  get url(): string {
    return `${this.origin}/api/`;
  }

  // ---- test-facing API ----

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  waitFor(method: string, predicate: (call: SlackCall) => boolean = () => true, timeoutMs = 3_000): Promise<SlackCall> {
    const found = this.calls.find((call) => call.method === method && predicate(call));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.calls.map((call) => call.method).join(", ") || "none";
        reject(new Error(`fake Slack: no matching ${method} call within ${timeoutMs} ms (calls so far: ${seen})`));
      }, timeoutMs);
      const waiter: Waiter = {
        method,
        predicate,
        resolve: (call) => {
          clearTimeout(timer);
          resolve(call);
        },
      };
      this.waiters.add(waiter);
    });
  }

  responseUrl(id: string, context: ResponseUrlContext = {}): string {
    this.world.responseUrls.set(id, { issuedAt: Date.now(), uses: 0, context });
    return `${this.origin}/response/${encodeURIComponent(id)}`;
  }

  responsesTo(id: string): SlackArgs[] {
    const url = `${this.origin}/response/${encodeURIComponent(id)}`;
    return this.callsTo("response_url")
      .filter((call) => call.responseUrl === url)
      .map((call) => call.args);
  }

  issueTriggerId(user?: string): string {
    // Shaped like Slack's ("12345.98765.0123abcd…"); only ones issued here are accepted.
    const id = `${Date.now()}.${++this.counter}.${randomBytes(16).toString("hex")}`;
    this.world.triggers.set(id, { issuedAt: Date.now(), user, used: false });
    return id;
  }

  issueOAuthCode(install: OAuthInstall = {}): string {
    const code = `${++this.counter}.${randomBytes(12).toString("hex")}`;
    this.world.oauthCodes.set(code, {
      teamId: install.teamId ?? this.teamId,
      teamName: install.teamName ?? SLACK_DEFAULTS.teamName,
      userId: install.userId ?? "U0INSTALLER",
      scope: install.scope ?? "commands,chat:write",
      ...(install.userScope === undefined ? {} : { userScope: install.userScope }),
      ...(install.redirectUri === undefined ? {} : { redirectUri: install.redirectUri }),
      ...(install.enterpriseId === undefined ? {} : { enterpriseId: install.enterpriseId }),
    });
    return code;
  }

  failNext(method: string, failure: SlackFailure): void {
    const queue = this.world.failures.get(method) ?? [];
    queue.push(failure);
    this.world.failures.set(method, queue);
  }

  setChannelMembers(
    channel: string,
    users: readonly string[],
    info: { name?: string; is_private?: boolean } = {},
  ): void {
    this.world.channels.set(channel, {
      name: info.name ?? channel.toLowerCase(),
      is_private: info.is_private ?? channel.startsWith("G"),
      is_im: channel.startsWith("D"),
      members: [...users],
    });
  }

  setUser(user: string, info: Partial<SlackUserInfo> = {}): void {
    const tz = info.tz ?? "Asia/Shanghai";
    tzOffsetSeconds(tz); // an unknown zone should fail here, in the test's setup, not inside users.info
    this.world.users.set(user, {
      name: info.name ?? user.toLowerCase(),
      real_name: info.real_name ?? info.name ?? user,
      locale: info.locale ?? "en-US",
      tz,
      is_bot: info.is_bot ?? false,
      team_id: this.teamId,
    });
  }

  messages(channel: string): SlackMessage[] {
    return [...(this.world.messages.get(channel) ?? [])];
  }

  ephemerals(channel: string): SlackEphemeral[] {
    return [...(this.world.ephemerals.get(channel) ?? [])];
  }

  view(id: string): SlackView | undefined {
    return this.world.views.get(id);
  }

  homeView(user: string): SlackView | undefined {
    const id = this.world.homes.get(user);
    return id === undefined ? undefined : this.world.views.get(id);
  }

  /** A file `user` uploads in a conversation with the app: stored with its bytes, described as a message event's
   *  `files[]` element describes it (url_private_download serves the bytes to a valid token). `size` overrides the
   *  reported size (a 2 GB upload without 2 GB of bytes). */
  shareFile(
    user: string,
    file: { filename: string; bytes: Uint8Array | string; size?: number },
  ): { id: string; name: string; size: number; url_private_download: string; user: string; filetype: string } {
    const id = this.nextId("F");
    const bytes = Buffer.from(file.bytes);
    this.world.files.set(id, {
      id,
      filename: file.filename,
      title: file.filename,
      length: bytes.length,
      bytes,
      completed: true,
    });
    return {
      id,
      name: file.filename,
      size: file.size ?? bytes.length,
      url_private_download: `${this.origin}/files-pri/${this.teamId}-${id}/${encodeURIComponent(file.filename)}`,
      user,
      filetype: file.filename.split(".").pop() ?? "",
    };
  }

  files(): SlackFile[] {
    return [...this.world.files.values()];
  }

  reset(): void {
    this.generation += 1;
    this.calls.length = 0;
    this.world = new World();
    this.world.teams.set(this.teamId, {
      name: this.options.teamName ?? SLACK_DEFAULTS.teamName,
      domain: this.options.domain ?? SLACK_DEFAULTS.domain,
    });
    this.world.tokens.set(this.botToken, { team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId });
    for (const [token, identity] of Object.entries(this.options.tokens ?? {}))
      this.world.tokens.set(token, { ...identity });
    this.setUser(this.botUserId, { name: "kvalue", real_name: "kvalue", is_bot: true });
  }

  close(): Promise<void> {
    return this.closeServer();
  }

  // ---- HTTP ----

  async handle({ req, res, body, url, signal }: LocalRequest): Promise<void> {
    const [, root, ...rest] = url.pathname.split("/");
    const name = decodeURIComponent(rest.join("/"));
    if (root === "api") return this.handleApi(name, req.headers, body, url, signal, res);
    if (root === "response") return this.handleResponseUrl(name, req.headers, body, signal, res);
    if (root === "upload") return this.handleUpload(name, req.headers, body, res);
    if (root === "files-pri") return this.handleDownload(name, req.headers, res);
    sendText(res, 404, "Not Found");
  }

  /** GET url_private_download: the bytes of a shared file, to a valid token only (as Slack serves them). */
  private handleDownload(name: string, headers: IncomingHttpHeaders, res: ServerResponse): void {
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? "")?.[1];
    const identity = token === undefined ? undefined : this.world.tokens.get(token);
    const id = /^[A-Z0-9]+-(F[0-9A-Z]+)\//.exec(name)?.[1];
    const file = id === undefined ? undefined : this.world.files.get(id);
    const status = identity === undefined || identity.revoked ? 403 : file?.bytes === undefined ? 404 : 200;
    this.record({
      method: "files_download",
      args: { file: id ?? name },
      token,
      at: Date.now(),
      status,
      response: { ok: status === 200 },
    });
    if (status !== 200 || !file?.bytes) {
      sendText(res, status, status === 403 ? "Forbidden" : "Not Found");
      return;
    }
    res.writeHead(200, { "content-type": mimeType(file.filename), "content-length": String(file.bytes.length) });
    res.end(file.bytes);
  }

  private async handleApi(
    method: string,
    headers: IncomingHttpHeaders,
    raw: Buffer,
    url: URL,
    signal: AbortSignal,
    res: ServerResponse,
  ): Promise<void> {
    const { args, token, badJson } = await parseArgs(headers, raw, url);
    if (this.options.latencyMs && !(await this.delay(this.options.latencyMs, signal, res))) return;
    const failure = this.takeFailure(method);
    if (failure && "delayMs" in failure && !(await this.delay(failure.delayMs, signal, res))) return;

    let status = 200;
    let retryAfter: number | undefined;
    let response: SlackBody;
    if (failure && "status" in failure) {
      status = failure.status;
      retryAfter = failure.retryAfter;
      response = fail(status === 429 ? "ratelimited" : "fatal_error");
    } else if (failure && "error" in failure) {
      response = fail(failure.error);
    } else if (badJson.length > 0) {
      response = fail(badJson.includes("blocks") ? "invalid_blocks_format" : "invalid_arguments", {
        response_metadata: { messages: badJson.map((key) => `[ERROR] invalid JSON [json-pointer:/${key}]`) },
      });
    } else {
      const wait = method === "chat.postMessage" ? this.rateLimitWait(str(args, "channel") ?? "") : undefined;
      if (wait !== undefined) {
        status = 429;
        retryAfter = wait;
        response = fail("ratelimited");
      } else {
        response = this.callMethod(method, args, token, headers);
      }
    }
    this.record({ method, args, token, at: Date.now(), status, response });
    sendJson(res, status, response, retryAfter === undefined ? {} : { "retry-after": String(retryAfter) });
  }

  private callMethod(
    method: string,
    args: SlackArgs,
    token: string | undefined,
    headers: IncomingHttpHeaders,
  ): SlackBody {
    const handler = this.methods[method];
    if (handler === undefined) {
      return fail("unknown_method", {
        response_metadata: {
          messages: [`[ERROR] the fake Slack does not implement ${method} (test/support/fake-slack.ts)`],
        },
      });
    }
    // The one method here that authenticates with the app's client credentials instead of a token.
    if (method === "oauth.v2.access")
      return handler({ args, identity: { team_id: "", user_id: "" }, token: "", headers });
    if (token === undefined) return fail("not_authed");
    const identity = this.world.tokens.get(token);
    if (identity === undefined) return fail("invalid_auth");
    if (identity.revoked) return fail("token_revoked");
    return handler({ args, identity, token, headers });
  }

  /** Sleeps for a scripted delay; false (and the connection dropped) when a reset() came meanwhile. */
  private async delay(ms: number, signal: AbortSignal, res: ServerResponse): Promise<boolean> {
    const generation = this.generation;
    await sleep(ms, undefined, { signal });
    if (generation === this.generation) return true;
    res.destroy();
    return false;
  }

  private takeFailure(method: string): SlackFailure | undefined {
    return this.world.failures.get(method)?.shift();
  }

  private record(call: SlackCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (waiter.method === call.method && waiter.predicate(call)) {
        this.waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
  }

  /** Seconds until chat.postMessage may post in `channel` again, or undefined when it may post now. */
  private rateLimitWait(channel: string): number | undefined {
    const limit = this.options.postMessageRateLimit;
    if (limit === undefined) return undefined;
    const perSecond = limit.perSecond ?? 1;
    const burst = limit.burst ?? 3;
    const now = Date.now();
    const bucket = this.world.buckets.get(channel) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.world.buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  private async handleResponseUrl(
    id: string,
    headers: IncomingHttpHeaders,
    raw: Buffer,
    signal: AbortSignal,
    res: ServerResponse,
  ): Promise<void> {
    const responseUrl = `${this.origin}/response/${encodeURIComponent(id)}`;
    let args: SlackArgs = {};
    let status = 200;
    let response: SlackBody;
    if (this.options.latencyMs && !(await this.delay(this.options.latencyMs, signal, res))) return;
    const entry = this.world.responseUrls.get(id);
    const failure = this.takeFailure("response_url");
    if (failure && "delayMs" in failure && !(await this.delay(failure.delayMs, signal, res))) return;
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"));
      if (isRecord(parsed)) args = parsed;
    } catch {
      // answered below as invalid_payload
    }
    if (failure && "status" in failure) {
      status = failure.status;
      response = fail(status === 429 ? "ratelimited" : "fatal_error");
    } else if (failure && "error" in failure) {
      status = 400;
      response = fail(failure.error);
    } else if (entry === undefined || Date.now() - entry.issuedAt > RESPONSE_URL_TTL_MS) {
      status = 404;
      response = fail("expired_url");
    } else if (entry.uses >= RESPONSE_URL_MAX_USES) {
      status = 404;
      response = fail("used_url");
    } else if (!(headers["content-type"] ?? "").startsWith("application/json") || Object.keys(args).length === 0) {
      status = 400;
      response = fail("invalid_payload");
    } else {
      entry.uses += 1;
      response = this.applyResponse(args, entry.context);
      if (!response.ok) status = 400;
    }
    this.record({ method: "response_url", args, token: undefined, responseUrl, at: Date.now(), status, response });
    sendJson(res, status, response);
  }

  /** What Slack does with a respond() post: reply ephemerally or in channel, or replace/delete the source message. */
  private applyResponse(args: SlackArgs, context: ResponseUrlContext): SlackBody {
    if (flag(args, "delete_original")) {
      if (context.channel !== undefined && context.messageTs !== undefined) {
        this.removeMessage(context.channel, context.messageTs);
      }
      return ok();
    }
    const problem = this.checkMessageContent(args, { totalTextLimit: false });
    if (problem) return problem;
    const { channel, user, messageTs } = context;
    if (channel === undefined) return ok();
    const content = messageContent(args);
    if (flag(args, "replace_original") && messageTs !== undefined) {
      const target =
        this.world.messages.get(channel)?.find((m) => m.ts === messageTs) ??
        this.world.ephemerals.get(channel)?.find((m) => m.ts === messageTs);
      if (target) {
        // A replacement is a whole new message: blocks not sent again are gone (buttons disappear).
        delete target.blocks;
        delete target.attachments;
        Object.assign(target, { text: "" }, content);
      }
      return ok();
    }
    const base = {
      type: "message" as const,
      channel,
      ts: this.nextTs(),
      text: "",
      ...content,
      user: this.botUserId,
      bot_id: this.botId,
      team: this.teamId,
    };
    if (args.response_type === "in_channel") this.push(this.world.messages, channel, base);
    else if (user !== undefined) this.push(this.world.ephemerals, channel, { ...base, recipient: user });
    return ok();
  }

  private async handleUpload(
    fileId: string,
    headers: IncomingHttpHeaders,
    raw: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const file = this.world.files.get(fileId.replace(/^v1\//, ""));
    if (file === undefined || file.completed) {
      sendText(res, 404, "Not Found");
      return;
    }
    file.bytes = await uploadedBytes(headers, raw);
    const response = ok({ file_id: file.id, length: file.bytes.length });
    this.record({
      method: "upload_url",
      args: { file_id: file.id, length: file.bytes.length },
      token: undefined,
      at: Date.now(),
      status: 200,
      response,
    });
    sendText(res, 200, `OK - ${file.bytes.length}`);
  }

  // ---- helpers shared by methods ----

  private nextId(prefix: string): string {
    return `${prefix}${String(++this.counter).padStart(9, "0")}`;
  }

  /** Unique and increasing, in Slack's "seconds.micros" form. */
  private nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }

  /** A channel id Slack would accept (a user id means that user's DM); undefined for anything else. */
  private resolveChannel(channel: string | undefined): string | undefined {
    if (channel === undefined) return undefined;
    if (USER_ID.test(channel)) {
      const dm = `D${channel.slice(1)}`;
      if (!this.world.channels.has(dm)) {
        this.world.channels.set(dm, {
          name: dm.toLowerCase(),
          is_private: true,
          is_im: true,
          members: [channel, this.botUserId],
        });
      }
      return dm;
    }
    if (!CHANNEL_ID.test(channel)) return undefined;
    if (!this.world.channels.has(channel)) {
      // Its members stay unknown (conversations.members answers channel_not_found) until a test sets them.
      this.world.channels.set(channel, {
        name: channel.toLowerCase(),
        is_private: channel.startsWith("G"),
        is_im: channel.startsWith("D"),
      });
    }
    return channel;
  }

  private find(channel: string, ts: string | undefined): SlackMessage | undefined {
    return this.world.messages.get(channel)?.find((m) => m.ts === ts);
  }

  private push<T>(store: Map<string, T[]>, channel: string, item: T): void {
    const list = store.get(channel) ?? [];
    list.push(item);
    store.set(channel, list);
  }

  private removeMessage(channel: string, ts: string): void {
    const messages = this.world.messages.get(channel);
    if (messages)
      this.world.messages.set(
        channel,
        messages.filter((m) => m.ts !== ts),
      );
    const ephemerals = this.world.ephemerals.get(channel);
    if (ephemerals)
      this.world.ephemerals.set(
        channel,
        ephemerals.filter((m) => m.ts !== ts),
      );
  }

  /** Slack's checks on text/blocks of a message, in the order it reports them. */
  private checkMessageContent(
    args: SlackArgs,
    { totalTextLimit = true, requireContent = true } = {},
  ): SlackBody | undefined {
    const text = str(args, "text");
    const { blocks, attachments } = args;
    if (requireContent && !text && blocks === undefined && attachments === undefined) return fail("no_text");
    if (text !== undefined && text.length > MESSAGE_TEXT_MAX) return fail("msg_too_long");
    if (blocks === undefined) return undefined;
    if (!Array.isArray(blocks)) return fail("invalid_blocks_format");
    const problems = checkBlocks(blocks, "message");
    if (problems.length > 0) return invalid("invalid_blocks", problems);
    // Seen only on chat.* methods; respond() with the same blocks has been reported to pass (bolt-js#2867).
    if (totalTextLimit && blockTextLength(blocks) > (this.options.maxBlockTextChars ?? 12_000)) {
      return fail("msg_blocks_too_long");
    }
    return undefined;
  }

  private useTrigger(triggerId: string | undefined): { error: string } | { user: string | undefined } {
    if (triggerId === undefined) return { error: "invalid_arguments" };
    const trigger = this.world.triggers.get(triggerId);
    if (trigger === undefined) return { error: "invalid_trigger_id" };
    if (trigger.used) return { error: "exchanged_trigger_id" };
    if (Date.now() - trigger.issuedAt > (this.options.triggerTtlMs ?? TRIGGER_TTL_MS))
      return { error: "expired_trigger_id" };
    trigger.used = true;
    return { user: trigger.user };
  }

  private storeView(
    view: Record<string, unknown>,
    identity: SlackIdentity,
    user: string,
    replacing?: SlackView,
  ): SlackView {
    const id = replacing?.id ?? this.nextId("V");
    const stored: SlackView = {
      callback_id: "",
      private_metadata: "",
      external_id: "",
      clear_on_close: false,
      notify_on_close: false,
      ...view,
      id,
      type: view.type === "home" ? "home" : "modal",
      team_id: identity.team_id,
      user,
      blocks: Array.isArray(view.blocks) ? view.blocks : [],
      state: { values: {} },
      hash: `${Date.now()}.${randomBytes(4).toString("hex")}`,
      root_view_id: replacing?.root_view_id ?? id,
      previous_view_id: replacing?.previous_view_id ?? null,
      app_id: this.appId,
      app_installed_team_id: identity.team_id,
      bot_id: identity.bot_id ?? this.botId,
    };
    this.world.views.set(id, stored);
    return stored;
  }

  private identityName(identity: SlackIdentity): string {
    return this.world.users.get(identity.user_id)?.name ?? identity.user_id.toLowerCase();
  }

  private checkClient(args: SlackArgs, headers: IncomingHttpHeaders): SlackBody | undefined {
    let clientId = str(args, "client_id");
    let clientSecret = str(args, "client_secret");
    const basic = /^Basic (.+)$/i.exec(headers.authorization ?? "");
    if (basic?.[1] !== undefined) {
      [clientId, clientSecret] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
    }
    if (clientId !== this.clientId) return fail("invalid_client_id");
    if (clientSecret !== this.clientSecret) return fail("bad_client_secret");
    return undefined;
  }

  private userObject(id: string, includeLocale: boolean): Record<string, unknown> {
    const user = this.world.users.get(id);
    if (user === undefined) return {};
    return {
      id,
      team_id: user.team_id,
      name: user.name,
      real_name: user.real_name,
      deleted: false,
      is_bot: user.is_bot,
      is_admin: false,
      tz: user.tz,
      tz_label: user.tz,
      tz_offset: tzOffsetSeconds(user.tz),
      profile: { real_name: user.real_name, display_name: user.name },
      ...(includeLocale ? { locale: user.locale } : {}),
    };
  }

  // ---- Web API methods ----

  private readonly methods: Record<string, Method> = {
    "auth.test": ({ identity }) => {
      const team = this.world.teams.get(identity.team_id);
      return ok({
        url: `https://${team?.domain ?? "unknown"}.slack.com/`,
        team: team?.name ?? identity.team_id,
        user: this.identityName(identity),
        team_id: identity.team_id,
        user_id: identity.user_id,
        ...(identity.bot_id === undefined ? {} : { bot_id: identity.bot_id }),
        is_enterprise_install: false,
      });
    },

    "chat.postMessage": ({ args, identity }) => {
      const channel = this.resolveChannel(str(args, "channel"));
      if (channel === undefined) return fail("channel_not_found");
      const problem = this.checkMessageContent(args);
      if (problem) return problem;
      const threadTs = str(args, "thread_ts");
      const message: SlackMessage = {
        type: "message",
        channel,
        ts: this.nextTs(),
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        text: "",
        ...messageContent(args),
        user: identity.user_id,
        ...(identity.bot_id === undefined ? {} : { bot_id: identity.bot_id }),
        team: identity.team_id,
      };
      this.push(this.world.messages, channel, message);
      const { channel: _, ...shown } = message;
      return ok({ channel, ts: message.ts, message: { ...shown, app_id: this.appId } });
    },

    "chat.postEphemeral": ({ args, identity }) => {
      const channel = this.resolveChannel(str(args, "channel"));
      if (channel === undefined) return fail("channel_not_found");
      const recipient = str(args, "user");
      if (recipient === undefined || !USER_ID.test(recipient)) return fail("user_not_found");
      const members = this.world.channels.get(channel)?.members;
      if (members !== undefined && !members.includes(recipient)) return fail("user_not_in_channel");
      const problem = this.checkMessageContent(args);
      if (problem) return problem;
      const threadTs = str(args, "thread_ts");
      const ts = this.nextTs();
      this.push(this.world.ephemerals, channel, {
        type: "message",
        channel,
        ts,
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        text: "",
        ...messageContent(args),
        user: identity.user_id,
        ...(identity.bot_id === undefined ? {} : { bot_id: identity.bot_id }),
        team: identity.team_id,
        recipient,
      });
      return ok({ message_ts: ts });
    },

    "chat.update": ({ args, identity }) => {
      const channel = str(args, "channel") ?? "";
      const message = this.find(channel, str(args, "ts"));
      if (message === undefined) return fail("message_not_found");
      if (message.user !== identity.user_id) return fail("cant_update_message");
      const problem = this.checkMessageContent(args);
      if (problem) return problem;
      Object.assign(message, messageContent(args), { edited: { user: identity.user_id, ts: this.nextTs() } });
      return ok({ channel, ts: message.ts, text: message.text, message: { ...message } });
    },

    "chat.delete": ({ args, identity }) => {
      const channel = str(args, "channel") ?? "";
      const message = this.find(channel, str(args, "ts"));
      if (message === undefined) return fail("message_not_found");
      if (message.user !== identity.user_id) return fail("cant_delete_message");
      this.removeMessage(channel, message.ts);
      return ok({ channel, ts: message.ts });
    },

    "chat.getPermalink": ({ args, identity }) => {
      const channel = str(args, "channel") ?? "";
      const message = this.find(channel, str(args, "message_ts"));
      if (message === undefined) return fail("message_not_found");
      const domain = this.world.teams.get(identity.team_id)?.domain ?? "unknown";
      const thread = message.thread_ts === undefined ? "" : `?thread_ts=${message.thread_ts}&cid=${channel}`;
      return ok({
        channel,
        permalink: `https://${domain}.slack.com/archives/${channel}/p${message.ts.replace(".", "")}${thread}`,
      });
    },

    "views.open": ({ args, identity }) => {
      const problems = checkView(args.view);
      if (problems.length > 0) return invalid("invalid_arguments", problems);
      const trigger = this.useTrigger(str(args, "trigger_id"));
      if ("error" in trigger) return fail(trigger.error);
      const user = trigger.user ?? "";
      const view = this.storeView(args.view as Record<string, unknown>, identity, user);
      this.world.modalStacks.set(user, [view.id]);
      return ok({ view: shown(view) });
    },

    "views.push": ({ args, identity }) => {
      const problems = checkView(args.view);
      if (problems.length > 0) return invalid("invalid_arguments", problems);
      const trigger = this.useTrigger(str(args, "trigger_id"));
      if ("error" in trigger) return fail(trigger.error);
      const user = trigger.user ?? "";
      const stack = this.world.modalStacks.get(user) ?? [];
      const top = stack.at(-1);
      if (top === undefined) return fail("invalid_arguments"); // a push needs an open modal to push onto
      if (stack.length >= VIEW_STACK_MAX) return fail("push_limit_reached");
      const root = this.world.views.get(top);
      const view = this.storeView(args.view as Record<string, unknown>, identity, user);
      Object.assign(view, { root_view_id: root?.root_view_id ?? top, previous_view_id: top });
      stack.push(view.id);
      return ok({ view: shown(view) });
    },

    "views.update": ({ args, identity }) => {
      const viewId = str(args, "view_id");
      const externalId = str(args, "external_id");
      const current =
        viewId !== undefined
          ? this.world.views.get(viewId)
          : [...this.world.views.values()].find((v) => externalId !== undefined && v.external_id === externalId);
      if (current === undefined) return fail("not_found");
      const hash = str(args, "hash");
      if (hash !== undefined && hash !== current.hash) return fail("hash_conflict");
      const problems = checkView(args.view);
      if (problems.length > 0) return invalid("invalid_arguments", problems);
      return ok({ view: shown(this.storeView(args.view as Record<string, unknown>, identity, current.user, current)) });
    },

    "views.publish": ({ args, identity }) => {
      const user = str(args, "user_id");
      if (user === undefined || !USER_ID.test(user)) return fail("invalid_arguments");
      const problems = checkView(args.view);
      if (problems.length === 0 && isRecord(args.view) && args.view.type !== "home") {
        problems.push("[ERROR] must be one of the following: home [json-pointer:/view/type]");
      }
      if (problems.length > 0) return invalid("invalid_arguments", problems);
      const currentId = this.world.homes.get(user);
      const current = currentId === undefined ? undefined : this.world.views.get(currentId);
      const hash = str(args, "hash");
      if (hash !== undefined && current !== undefined && hash !== current.hash) return fail("hash_conflict");
      const view = this.storeView(args.view as Record<string, unknown>, identity, user, current);
      this.world.homes.set(user, view.id);
      return ok({ view: shown(view) });
    },

    "conversations.members": ({ args }) => {
      const members = this.world.channels.get(str(args, "channel") ?? "")?.members;
      if (members === undefined) return fail("channel_not_found");
      const limit = Number(str(args, "limit") ?? 100);
      if (!Number.isInteger(limit) || limit < 1) return fail("invalid_limit");
      const cursor = str(args, "cursor");
      let offset = 0;
      if (cursor) {
        const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
        if (match?.[1] === undefined) return fail("invalid_cursor");
        offset = Number(match[1]);
      }
      const end = offset + Math.min(limit, 1000);
      const next = end < members.length ? Buffer.from(`offset:${end}`).toString("base64") : "";
      return ok({ members: members.slice(offset, end), response_metadata: { next_cursor: next } });
    },

    "conversations.info": ({ args }) => {
      const id = str(args, "channel") ?? "";
      const channel = this.world.channels.get(id);
      if (channel === undefined) return fail("channel_not_found");
      return ok({
        channel: {
          id,
          name: channel.name,
          is_channel: !channel.is_im && !channel.is_private,
          is_group: !channel.is_im && channel.is_private,
          is_im: channel.is_im,
          is_mpim: false,
          is_private: channel.is_private,
          is_archived: false,
          is_member: true,
          ...(channel.members === undefined ? {} : { num_members: channel.members.length }),
          ...(channel.is_im ? { user: channel.members?.find((m) => m !== this.botUserId) } : {}),
        },
      });
    },

    "conversations.open": ({ args }) => {
      const users = (str(args, "users") ?? "")
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean);
      const existing = str(args, "channel");
      if (existing !== undefined) {
        return this.world.channels.has(existing) ? ok({ channel: { id: existing } }) : fail("channel_not_found");
      }
      if (users.length === 0) return fail("users_list_not_supplied");
      if (users.some((u) => !USER_ID.test(u))) return fail("user_not_found");
      if (users.length > 8) return fail("too_many_users");
      const first = users[0] ?? "";
      const id =
        users.length === 1
          ? `D${first.slice(1)}`
          : `G${users
              .map((u) => u.slice(1))
              .sort()
              .join("")
              .slice(0, 20)}`;
      const alreadyOpen = this.world.channels.has(id);
      if (!alreadyOpen) {
        this.world.channels.set(id, {
          name: id.toLowerCase(),
          is_private: true,
          is_im: users.length === 1,
          members: [this.botUserId, ...users],
        });
      }
      return ok({ no_op: alreadyOpen, already_open: alreadyOpen, channel: { id } });
    },

    "users.info": ({ args }) => {
      const id = str(args, "user") ?? "";
      if (!this.world.users.has(id)) return fail("user_not_found");
      return ok({ user: this.userObject(id, flag(args, "include_locale")) });
    },

    "team.info": ({ args, identity }) => {
      const id = str(args, "team") ?? identity.team_id;
      const team = this.world.teams.get(id);
      if (team === undefined) return fail("team_not_found");
      return ok({
        team: { id, name: team.name, domain: team.domain, email_domain: "", icon: { image_default: true } },
      });
    },

    "files.info": ({ args, identity }) => {
      const file = this.world.files.get(str(args, "file") ?? "");
      if (file === undefined || !file.completed) return fail("file_not_found");
      return ok({
        file: {
          id: file.id,
          name: file.filename,
          title: file.title,
          size: file.bytes?.length ?? file.length,
          url_private_download: `${this.origin}/files-pri/${identity.team_id}-${file.id}/${encodeURIComponent(file.filename)}`,
        },
      });
    },

    "files.getUploadURLExternal": ({ args }) => {
      const filename = str(args, "filename");
      const length = Number(str(args, "length"));
      if (!filename || !Number.isInteger(length) || length < 1) return fail("invalid_arguments");
      const id = this.nextId("F");
      const altText = str(args, "alt_text");
      this.world.files.set(id, {
        id,
        filename,
        title: filename,
        length,
        completed: false,
        ...(altText === undefined ? {} : { alt_text: altText }),
      });
      return ok({ upload_url: `${this.origin}/upload/v1/${id}`, file_id: id });
    },

    "files.completeUploadExternal": ({ args, identity }) => {
      const entries = Array.isArray(args.files) ? args.files.filter(isRecord) : [];
      if (entries.length === 0) return fail("invalid_arguments");
      const files: SlackFile[] = [];
      for (const entry of entries) {
        const file = this.world.files.get(String(entry.id));
        if (file === undefined || file.bytes === undefined || file.completed) return fail("file_not_found");
        files.push(file);
      }
      const channelArg = str(args, "channel_id") ?? str(args, "channels");
      const channel = channelArg === undefined ? undefined : this.resolveChannel(channelArg);
      if (channelArg !== undefined && channel === undefined) return fail("channel_not_found");
      const problem = this.checkMessageContent(args, { requireContent: false });
      if (problem) return problem;
      const threadTs = str(args, "thread_ts");
      files.forEach((file, i) => {
        const title = entries[i]?.title;
        Object.assign(file, {
          completed: true,
          ...(typeof title === "string" ? { title } : {}),
          ...(channel === undefined ? {} : { channel }),
          ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        });
      });
      if (channel !== undefined) {
        this.push(this.world.messages, channel, {
          type: "message",
          channel,
          ts: this.nextTs(),
          ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
          text: str(args, "initial_comment") ?? "",
          ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
          files: files.map((f) => ({ id: f.id, name: f.filename, title: f.title })),
          user: identity.user_id,
          ...(identity.bot_id === undefined ? {} : { bot_id: identity.bot_id }),
          team: identity.team_id,
        });
      }
      const domain = this.world.teams.get(identity.team_id)?.domain ?? "unknown";
      return ok({
        files: files.map((f) => ({
          id: f.id,
          name: f.filename,
          title: f.title,
          mimetype: mimeType(f.filename),
          filetype: f.filename.split(".").pop() ?? "",
          size: f.bytes?.length ?? 0,
          user: identity.user_id,
          url_private: `https://files.slack.com/files-pri/${identity.team_id}-${f.id}/${f.filename}`,
          permalink: `https://${domain}.slack.com/files/${identity.user_id}/${f.id}/${f.filename}`,
        })),
      });
    },

    "assistant.threads.setStatus": ({ args }) =>
      str(args, "channel_id") && str(args, "thread_ts") && str(args, "status") !== undefined
        ? ok()
        : fail("invalid_arguments"),

    "assistant.threads.setSuggestedPrompts": ({ args }) => {
      const prompts = Array.isArray(args.prompts) ? args.prompts : [];
      const valid = prompts.every((p) => isRecord(p) && typeof p.title === "string" && typeof p.message === "string");
      if (!str(args, "channel_id") || !str(args, "thread_ts") || prompts.length < 1 || prompts.length > 4 || !valid) {
        return fail("invalid_arguments");
      }
      return ok();
    },

    "assistant.threads.setTitle": ({ args }) =>
      str(args, "channel_id") && str(args, "thread_ts") && str(args, "title") ? ok() : fail("invalid_arguments"),

    "oauth.v2.access": ({ args, headers }) => {
      const clientProblem = this.checkClient(args, headers);
      if (clientProblem) return clientProblem;
      const code = this.world.oauthCodes.get(str(args, "code") ?? "");
      if (code === undefined) return fail("invalid_code");
      this.world.oauthCodes.delete(str(args, "code") ?? ""); // a code exchanges once
      if (code.redirectUri !== undefined && str(args, "redirect_uri") !== code.redirectUri)
        return fail("bad_redirect_uri");
      // An org-wide install belongs to the enterprise: its tokens answer for the enterprise id, no team.
      const owner = code.enterpriseId ?? code.teamId;
      if (!this.world.teams.has(owner)) {
        this.world.teams.set(owner, { name: code.teamName, domain: code.teamName.toLowerCase().replace(/\W+/g, "-") });
      }
      const sameTeam = owner === this.teamId;
      const botUserId = sameTeam ? this.botUserId : `U${owner.slice(1)}BOT`;
      const botId = sameTeam ? this.botId : `B${owner.slice(1)}BOT`;
      const botToken = `xoxb-${owner}-${randomBytes(12).toString("hex")}`;
      this.world.tokens.set(botToken, { team_id: owner, user_id: botUserId, bot_id: botId });
      const authedUser: Record<string, unknown> = { id: code.userId };
      if (code.userScope !== undefined) {
        const userToken = `xoxp-${code.teamId}-${randomBytes(12).toString("hex")}`;
        this.world.tokens.set(userToken, { team_id: code.teamId, user_id: code.userId });
        Object.assign(authedUser, { scope: code.userScope, access_token: userToken, token_type: "user" });
      }
      return ok({
        access_token: botToken,
        token_type: "bot",
        scope: code.scope,
        bot_user_id: botUserId,
        app_id: this.appId,
        team: code.enterpriseId === undefined ? { id: code.teamId, name: code.teamName } : null,
        enterprise: code.enterpriseId === undefined ? null : { id: code.enterpriseId, name: code.teamName },
        is_enterprise_install: code.enterpriseId !== undefined,
        authed_user: authedUser,
      });
    },

    "auth.revoke": ({ args, token }) => {
      const identity = this.world.tokens.get(token);
      if (identity && !flag(args, "test")) identity.revoked = true;
      return ok({ revoked: true });
    },

    "apps.uninstall": ({ args, identity, headers }) => {
      const clientProblem = this.checkClient(args, headers);
      if (clientProblem) return clientProblem;
      for (const other of this.world.tokens.values()) {
        if (other.team_id === identity.team_id) other.revoked = true;
      }
      return ok();
    },
  };
}

// ---- parsing what @slack/web-api sends ----

async function parseArgs(
  headers: IncomingHttpHeaders,
  raw: Buffer,
  url: URL,
): Promise<{ args: SlackArgs; token: string | undefined; badJson: string[] }> {
  const contentType = headers["content-type"] ?? "";
  const args: SlackArgs = Object.fromEntries(url.searchParams);
  const badJson: string[] = [];
  const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? "")?.[1];
  if (contentType.startsWith("application/json")) {
    // Slack reads a JSON body's token only from the Authorization header.
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8") || "{}");
      if (isRecord(parsed)) Object.assign(args, parsed);
      else badJson.push("");
    } catch {
      badJson.push("");
    }
    delete args.token;
    return { args, token: bearer, badJson };
  }
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Request("http://fake.invalid/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: raw,
    }).formData();
    form.forEach((value, key) => {
      if (typeof value === "string") args[key] = value;
    });
  } else {
    for (const [key, value] of new URLSearchParams(raw.toString("utf8"))) args[key] = value;
  }
  for (const key of JSON_ARGS) {
    const value = args[key];
    if (typeof value !== "string") continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      badJson.push(key);
    }
  }
  const token = bearer ?? str(args, "token");
  delete args.token;
  return { args, token, badJson };
}

/** The file bytes of an upload POST: @slack/web-api sends multipart/form-data; a raw body works too. */
async function uploadedBytes(headers: IncomingHttpHeaders, raw: Buffer): Promise<Buffer> {
  const contentType = headers["content-type"] ?? "";
  if (!contentType.startsWith("multipart/form-data")) return raw;
  const form = await new Request("http://fake.invalid/", {
    method: "POST",
    headers: { "content-type": contentType },
    body: raw,
  }).formData();
  for (const value of form.values()) {
    if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

/** A view as Slack returns it, without the fake's own bookkeeping (whose screen it is on). */
function shown({ user: _user, ...view }: SlackView): Record<string, unknown> {
  return view;
}

/** The parts of a message a post or update sets: only those the call gave (chat.update keeps the others). */
function messageContent(args: SlackArgs): Partial<Pick<SlackMessage, "text" | "blocks" | "attachments" | "metadata">> {
  const text = str(args, "text");
  return {
    ...(text === undefined ? {} : { text }),
    ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
    ...(Array.isArray(args.attachments) ? { attachments: args.attachments } : {}),
    ...(args.metadata === undefined ? {} : { metadata: args.metadata }),
  };
}

function mimeType(filename: string): string {
  const types: Record<string, string> = {
    png: "image/png",
    jpg: "image/jpeg",
    svg: "image/svg+xml",
    csv: "text/csv",
    json: "application/json",
    txt: "text/plain",
    pdf: "application/pdf",
  };
  return types[filename.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

/** Seconds east of UTC for `tz` now, as users.info reports tz_offset. */
function tzOffsetSeconds(tz: string): number {
  const now = new Date();
  now.setMilliseconds(0);
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(now);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wallClock = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return Math.round((wallClock - now.getTime()) / 1000);
}
