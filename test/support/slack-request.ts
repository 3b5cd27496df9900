// Requests to a Bolt HTTP receiver built and signed exactly as Slack sends them, so a test drives the real App
// through its real signature check. Pass the fake Slack as `options.slack` and every interaction carries a
// trigger_id and response_url that the fake will honour, as the real ones would be.
import { createHmac, randomBytes } from "node:crypto";
import { request, type Agent } from "node:http";
import { SLACK_DEFAULTS, type FakeSlack, type ResponseUrlContext } from "./fake-slack.js";

export interface SlackHttpResult {
  status: number;
  body: string;
  headers: Headers;
  /** Milliseconds from sending to the full response: Slack gives up after 3 s. */
  ms: number;
  json<T = unknown>(): T;
  /** The trigger_id and response_url the request carried, for matching the app's follow-up calls. */
  triggerId?: string;
  responseUrl?: string;
}

export interface SendOptions {
  /** Issues trigger_id and response_url (and supplies stored messages/views for interaction payloads). */
  slack?: FakeSlack;
  /** Sign with the wrong secret: Bolt must answer 401. */
  forgeSignature?: boolean;
  /** Sign with a timestamp 6 minutes old (past Slack's 5-minute window): Bolt must answer 401. */
  staleTimestamp?: boolean;
  /** Seconds added to the signed timestamp, e.g. 600 for a request dated 10 minutes ahead. */
  skewSeconds?: number;
  /** Receiver path; Bolt's default is /slack/events. */
  path?: string;
  /** Extra headers, e.g. to drop or garble one. */
  headers?: Record<string, string>;
  /** Send with node:http over this (kept-alive) agent instead of fetch: a load generator's cheaper client, so that
   *  the bench measures the app rather than its own HTTP client. */
  agent?: Agent;
}

export interface EventOptions extends SendOptions {
  /** Slack's redelivery counter: the same event_id arrives again with X-Slack-Retry-Num 1, 2, 3. */
  retryNum?: number;
  retryReason?: string;
}

/** Slack's v0 signature: "v0=" + HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"). */
export function signRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { "x-slack-signature": string; "x-slack-request-timestamp": string } {
  const digest = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "x-slack-signature": `v0=${digest}`, "x-slack-request-timestamp": String(timestamp) };
}

export async function sendSigned(
  baseUrl: string,
  secret: string,
  body: string,
  contentType: string,
  options: EventOptions = {},
): Promise<SlackHttpResult> {
  const timestamp = Math.floor(Date.now() / 1000) - (options.staleTimestamp ? 6 * 60 : 0) + (options.skewSeconds ?? 0);
  const signingSecret = options.forgeSignature ? `${secret}-forged` : secret;
  const headers: Record<string, string> = {
    "content-type": contentType,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    ...signRequest(signingSecret, body, timestamp),
    ...(options.retryNum === undefined
      ? {}
      : {
          "x-slack-retry-num": String(options.retryNum),
          "x-slack-retry-reason": options.retryReason ?? "http_timeout",
        }),
    ...options.headers,
  };
  const started = performance.now();
  const url = new URL(options.path ?? "/slack/events", baseUrl);
  const response = options.agent
    ? await postWith(options.agent, url, headers, body)
    : await fetched(url, headers, body);
  const text = response.body;
  return {
    status: response.status,
    body: text,
    headers: response.headers,
    ms: performance.now() - started,
    json: <T>() => JSON.parse(text) as T,
  };
}

type Answer = { status: number; body: string; headers: Headers };

async function fetched(url: URL, headers: Record<string, string>, body: string): Promise<Answer> {
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

function postWith(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: "POST",
      agent,
      headers: { ...headers, "content-length": Buffer.byteLength(body) },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const answer = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) answer.set(k, String(v));
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: answer });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The deprecated verification token Slack still puts in every payload; Bolt ignores it. */
const VERIFICATION_TOKEN = "fake-verification-token";

function teamOf(options: SendOptions, teamId?: string): string {
  return teamId ?? options.slack?.teamId ?? SLACK_DEFAULTS.teamId;
}

function appOf(options: SendOptions): string {
  return options.slack?.appId ?? SLACK_DEFAULTS.appId;
}

/** A trigger_id the fake will accept for 3 s; without the fake, one it would reject like a forged id. */
function triggerFor(options: SendOptions, user: string): string {
  return options.slack?.issueTriggerId(user) ?? `${Date.now()}.0.${randomBytes(16).toString("hex")}`;
}

function responseUrlFor(options: SendOptions, context: ResponseUrlContext): string | undefined {
  return options.slack?.responseUrl(`r${randomBytes(6).toString("hex")}`, context);
}

function withIds(result: SlackHttpResult, triggerId: string, responseUrl?: string): SlackHttpResult {
  return Object.assign(result, { triggerId }, responseUrl === undefined ? {} : { responseUrl });
}

export interface SlashCommandInput {
  team_id?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  text?: string;
  command?: string;
  /** Defaults to one issued by `options.slack`. */
  response_url?: string;
  /** Defaults to one issued by `options.slack`, valid for views.open within 3 s. */
  trigger_id?: string;
  /** Any other form field, sent as given. */
  extra?: Record<string, string>;
}

/** A slash command as Slack posts it: application/x-www-form-urlencoded fields. */
export async function sendSlashCommand(
  baseUrl: string,
  secret: string,
  input: SlashCommandInput,
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const triggerId = input.trigger_id ?? triggerFor(options, input.user_id);
  const responseUrl = input.response_url ?? responseUrlFor(options, { channel: input.channel_id, user: input.user_id });
  if (responseUrl === undefined) {
    throw new Error(
      "sendSlashCommand needs options.slack (the fake Slack) or input.response_url: Slack always sends one",
    );
  }
  const form = new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: teamOf(options, input.team_id),
    team_domain: SLACK_DEFAULTS.domain,
    channel_id: input.channel_id,
    channel_name: input.channel_name ?? input.channel_id.toLowerCase(),
    user_id: input.user_id,
    user_name: input.user_name ?? input.user_id.toLowerCase(),
    command: input.command ?? "/kvalue",
    text: input.text ?? "",
    api_app_id: appOf(options),
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: triggerId,
    ...input.extra,
  });
  const result = await sendSigned(baseUrl, secret, form.toString(), "application/x-www-form-urlencoded", options);
  return withIds(result, triggerId, responseUrl);
}

/** One element of a block_actions payload's `actions`; type defaults to "button". */
export interface ActionInput {
  action_id: string;
  block_id?: string;
  type?: string;
  value?: string;
  text?: string;
  selected_option?: { text: string; value: string };
  [field: string]: unknown;
}

export interface BlockActionInput {
  team_id?: string;
  user_id: string;
  actions: ActionInput[];
  /** For a button on a message: the channel and the message's ts (its blocks come from the fake's store). */
  channel_id?: string;
  message_ts?: string;
  is_ephemeral?: boolean;
  /** For a button inside a modal or App Home: the view's id (the view comes from the fake). */
  view_id?: string;
  state_values?: Record<string, Record<string, unknown>>;
  response_url?: string;
  trigger_id?: string;
}

/** A block_actions interaction as Slack posts it: form field `payload` holding JSON. */
export async function sendBlockAction(
  baseUrl: string,
  secret: string,
  input: BlockActionInput,
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const team = teamOf(options, input.team_id);
  const inView = input.view_id !== undefined;
  const triggerId = input.trigger_id ?? triggerFor(options, input.user_id);
  // Slack gives a response_url to actions on messages, not to actions inside a view.
  const responseUrl = inView
    ? undefined
    : (input.response_url ??
      responseUrlFor(options, { channel: input.channel_id, user: input.user_id, messageTs: input.message_ts }));
  const actionTs = (Date.now() / 1000).toFixed(6);
  const message =
    input.channel_id && input.message_ts
      ? (options.slack?.messages(input.channel_id).find((m) => m.ts === input.message_ts) ?? {
          type: "message",
          ts: input.message_ts,
          text: "",
        })
      : undefined;
  const view = inView ? (options.slack?.view(input.view_id ?? "") ?? { id: input.view_id }) : undefined;
  const payload = {
    type: "block_actions",
    user: {
      id: input.user_id,
      username: input.user_id.toLowerCase(),
      name: input.user_id.toLowerCase(),
      team_id: team,
    },
    api_app_id: appOf(options),
    token: VERIFICATION_TOKEN,
    container: inView
      ? { type: "view", view_id: input.view_id }
      : {
          type: "message",
          message_ts: input.message_ts,
          channel_id: input.channel_id,
          is_ephemeral: input.is_ephemeral ?? false,
        },
    trigger_id: triggerId,
    team: { id: team, domain: SLACK_DEFAULTS.domain },
    enterprise: null,
    is_enterprise_install: false,
    ...(input.channel_id === undefined
      ? {}
      : { channel: { id: input.channel_id, name: input.channel_id.toLowerCase() } }),
    ...(message === undefined ? {} : { message }),
    ...(view === undefined ? {} : { view: { ...view, state: { values: input.state_values ?? {} } } }),
    state: { values: input.state_values ?? {} },
    ...(responseUrl === undefined ? {} : { response_url: responseUrl }),
    actions: input.actions.map(({ text, ...action }) => ({
      type: "button",
      block_id: `block-${action.action_id}`,
      action_ts: actionTs,
      ...(text === undefined ? {} : { text: { type: "plain_text", text, emoji: true } }),
      ...action,
    })),
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const result = await sendSigned(baseUrl, secret, body, "application/x-www-form-urlencoded", options);
  return withIds(result, triggerId, responseUrl);
}

export interface ViewSubmissionInput {
  team_id?: string;
  user_id: string;
  /** The submitted view: give its id to start from the view the fake stored at views.open, or its fields. */
  view: { id?: string; callback_id?: string; private_metadata?: string; [field: string]: unknown };
  /** What the person entered: view.state.values, keyed block_id → action_id → element state. */
  state_values: Record<string, Record<string, unknown>>;
  trigger_id?: string;
}

/** A view_submission interaction as Slack posts it (no response_url unless the modal asked for one). */
export async function sendViewSubmission(
  baseUrl: string,
  secret: string,
  input: ViewSubmissionInput,
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const team = teamOf(options, input.team_id);
  const triggerId = input.trigger_id ?? triggerFor(options, input.user_id);
  const stored = input.view.id === undefined ? undefined : options.slack?.view(input.view.id);
  const view = {
    id: input.view.id ?? `V${randomBytes(5).toString("hex").toUpperCase()}`,
    team_id: team,
    type: "modal",
    blocks: [],
    private_metadata: "",
    callback_id: "",
    hash: `${Date.now()}.fake`,
    app_id: appOf(options),
    ...stored,
    ...input.view,
    state: { values: input.state_values },
  };
  const payload = {
    type: "view_submission",
    team: { id: team, domain: SLACK_DEFAULTS.domain },
    user: {
      id: input.user_id,
      username: input.user_id.toLowerCase(),
      name: input.user_id.toLowerCase(),
      team_id: team,
    },
    api_app_id: appOf(options),
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId,
    view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return withIds(await sendSigned(baseUrl, secret, body, "application/x-www-form-urlencoded", options), triggerId);
}

export interface EventInput {
  team_id?: string;
  /** The inner event, e.g. { type: "app_mention", user, text, channel, ts }. */
  event: Record<string, unknown>;
  /** Same id on every redelivery: that is what the app deduplicates on. */
  event_id?: string;
  event_time?: number;
}

/** An Events API event_callback as Slack posts it: a JSON body. */
export async function sendEvent(
  baseUrl: string,
  secret: string,
  input: EventInput,
  options: EventOptions = {},
): Promise<SlackHttpResult> {
  const team = teamOf(options, input.team_id);
  const eventTime = input.event_time ?? Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    token: VERIFICATION_TOKEN,
    team_id: team,
    api_app_id: appOf(options),
    event: { event_ts: `${eventTime}.000100`, ...input.event },
    type: "event_callback",
    event_id: input.event_id ?? `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: team,
        user_id: options.slack?.botUserId ?? SLACK_DEFAULTS.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(8).toString("hex")}`,
  });
  return sendSigned(baseUrl, secret, body, "application/json", options);
}

/** Slack's handshake when the Events URL is saved: the app must echo `challenge`. */
export async function sendUrlVerification(
  baseUrl: string,
  secret: string,
  challenge = randomBytes(16).toString("hex"),
  options: SendOptions = {},
): Promise<SlackHttpResult> {
  const body = JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: "url_verification" });
  return sendSigned(baseUrl, secret, body, "application/json", options);
}
