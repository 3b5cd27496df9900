import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack.js";
import {
  sendBlockAction,
  sendEvent,
  sendSlashCommand,
  sendUrlVerification,
  sendViewSubmission,
  signRequest,
} from "../support/slack-request.js";

const signingSecret = "test-signing-secret";
const modal = {
  type: "modal" as const,
  callback_id: "update_facts",
  private_metadata: "acct-42",
  title: { type: "plain_text" as const, text: "Update facts" },
  submit: { type: "plain_text" as const, text: "Save" },
  blocks: [
    {
      type: "input" as const,
      block_id: "budget",
      label: { type: "plain_text" as const, text: "Budget (万元)" },
      element: { type: "plain_text_input" as const, action_id: "value" },
    },
  ],
};

let slack: FakeSlack;
let app: App;
let baseUrl: string;
const seen: { retryNum?: number; retryReason?: string; eventId?: string; botUserId?: string; submitted?: unknown }[] =
  [];
const errors: unknown[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
  // A tiny Bolt app, as the product's will be: token verification stays on, so auth.test goes to the fake too.
  app = new App({
    signingSecret,
    token: slack.botToken,
    clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
  app.command("/kvalue", async ({ ack, body, client, respond, context }) => {
    await ack();
    seen.push({ botUserId: context.botUserId });
    if (body.text === "edit") await client.views.open({ trigger_id: body.trigger_id, view: modal });
    else await respond({ text: `Looking up ${body.text}…` });
  });
  app.action("confirm", async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: "Confirmed ✓" });
  });
  app.view("update_facts", async ({ ack, view }) => {
    seen.push({ submitted: { metadata: view.private_metadata, values: view.state.values } });
    await ack({ response_action: "errors", errors: { budget: "请输入数字" } });
  });
  app.event("app_mention", async ({ event, context, body }) => {
    seen.push({
      retryNum: context.retryNum,
      retryReason: context.retryReason,
      eventId: (body as { event_id: string }).event_id,
    });
    await app.client.chat.postMessage({ channel: event.channel, thread_ts: event.ts, text: "On it" });
  });
  app.error(async (error) => {
    errors.push(error);
  });
  const server = await app.start({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  expect(errors).toEqual([]);
  seen.length = 0;
  slack.reset();
});
afterAll(async () => {
  await app.stop();
  await slack.close();
});

describe("signed requests to a real Bolt app", () => {
  it("signs like Slack: v0 HMAC-SHA256 over v0:{ts}:{body}", () => {
    // Slack's published example (docs "Verifying requests from Slack").
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(signRequest("8f742231b10e8888abcd99yyyzzz85a5", body, 1531420618)).toEqual({
      "x-slack-signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
      "x-slack-request-timestamp": "1531420618",
    });
  });

  it("acks a slash command in time and responds through the fake's response_url", async () => {
    const result = await sendSlashCommand(
      baseUrl,
      signingSecret,
      { user_id: "U0REP", channel_id: "C0SALES", text: "acme" },
      { slack },
    );
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(3_000);
    const response = await slack.waitFor("response_url", (call) => call.responseUrl === result.responseUrl);
    expect(response.args).toEqual({ text: "Looking up acme…" });
    expect(slack.ephemerals("C0SALES")[0]).toMatchObject({ recipient: "U0REP", text: "Looking up acme…" });
    expect(seen[0]?.botUserId).toBe(slack.botUserId); // from the fake's auth.test
  });

  it("opens a modal with the trigger_id the command carried", async () => {
    const result = await sendSlashCommand(
      baseUrl,
      signingSecret,
      { user_id: "U0REP", channel_id: "C0SALES", text: "edit" },
      { slack },
    );
    const opened = await slack.waitFor("views.open");
    expect(opened.args.trigger_id).toBe(result.triggerId);
    expect(opened.response).toMatchObject({ ok: true, view: { callback_id: "update_facts" } });
    expect(slack.view((opened.response.view as { id: string }).id)?.user).toBe("U0REP");
  });

  it("answers 401 to a forged signature and to a stale timestamp", async () => {
    const input = { user_id: "U0REP", channel_id: "C0SALES", text: "acme" };
    expect((await sendSlashCommand(baseUrl, signingSecret, input, { slack, forgeSignature: true })).status).toBe(401);
    expect((await sendSlashCommand(baseUrl, signingSecret, input, { slack, staleTimestamp: true })).status).toBe(401);
    expect(slack.callsTo("response_url")).toEqual([]);
  });

  it("echoes the url_verification challenge", async () => {
    const result = await sendUrlVerification(baseUrl, signingSecret, "challenge-123");
    expect(result.status).toBe(200);
    expect(result.json()).toEqual({ challenge: "challenge-123" });
  });

  it("delivers events with their event_id and Slack's retry headers", async () => {
    const event = {
      type: "app_mention",
      user: "U0REP",
      text: `<@${slack.botUserId}> top 5`,
      channel: "C0SALES",
      ts: "1700000000.000100",
    };
    await sendEvent(baseUrl, signingSecret, { event, event_id: "Ev0DUP" }, { slack });
    await sendEvent(
      baseUrl,
      signingSecret,
      { event, event_id: "Ev0DUP" },
      { slack, retryNum: 1, retryReason: "http_timeout" },
    );
    await slack.waitFor("chat.postMessage", () => slack.callsTo("chat.postMessage").length === 2);
    expect(seen).toEqual([
      { retryNum: undefined, retryReason: undefined, eventId: "Ev0DUP" },
      { retryNum: 1, retryReason: "http_timeout", eventId: "Ev0DUP" },
    ]);
    expect(slack.messages("C0SALES")[0]).toMatchObject({ thread_ts: "1700000000.000100", text: "On it" });
  });

  it("sends a block action on a stored message; respond() replaces that message", async () => {
    const blocks = [
      {
        type: "actions",
        elements: [{ type: "button", action_id: "confirm", text: { type: "plain_text", text: "Confirm" } }],
      },
    ];
    const posted = await app.client.chat.postMessage({ channel: "C0SALES", text: "Proposed: budget 300万", blocks });
    const result = await sendBlockAction(
      baseUrl,
      signingSecret,
      {
        user_id: "U0REP",
        channel_id: "C0SALES",
        message_ts: posted.ts ?? "",
        actions: [{ action_id: "confirm", value: "p-1" }],
      },
      { slack },
    );
    expect(result.status).toBe(200);
    await slack.waitFor("response_url");
    expect(slack.messages("C0SALES")[0]).toMatchObject({ ts: posted.ts, text: "Confirmed ✓" });
    expect(slack.messages("C0SALES")[0]?.blocks).toBeUndefined(); // a replacement drops the old buttons
  });

  it("submits a view opened through the fake, and Bolt returns the app's field errors", async () => {
    await sendSlashCommand(
      baseUrl,
      signingSecret,
      { user_id: "U0REP", channel_id: "C0SALES", text: "edit" },
      { slack },
    );
    const opened = await slack.waitFor("views.open");
    const viewId = (opened.response.view as { id: string }).id;
    const values = { budget: { value: { type: "plain_text_input", value: "三百万" } } };
    const result = await sendViewSubmission(
      baseUrl,
      signingSecret,
      { user_id: "U0REP", view: { id: viewId }, state_values: values },
      { slack },
    );
    expect(result.status).toBe(200);
    expect(result.json()).toEqual({ response_action: "errors", errors: { budget: "请输入数字" } });
    expect(seen.at(-1)).toEqual({ submitted: { metadata: "acct-42", values } });
  });
});
