import {
  LogLevel,
  type WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
  type Logger,
  type WebClientOptions,
} from "@slack/web-api";
import type { types } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, textOf, type FakeSlack } from "../support/fake-slack.js";

const section = (text: string): types.SectionBlock => ({ type: "section", text: { type: "mrkdwn", text } });

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterEach(() => slack.reset());
afterAll(() => slack.close());

/** WebClient logs Slack's "[ERROR] …" response messages; these tests provoke them on purpose. */
const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** A real @slack/web-api client pointed at the fake, with retries short enough for a test. */
function client(token = slack.botToken, options: WebClientOptions = {}): WebClient {
  return new WebClient(token, {
    slackApiUrl: slack.url,
    logger: silent,
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10 },
    timeout: 5_000,
    ...options,
  });
}

/** The Slack error body a WebClient call was rejected with. */
async function slackError(call: Promise<unknown>): Promise<WebAPIPlatformError["data"]> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error) || !("data" in error))
    throw new Error(`expected a Slack platform error, got ${String(error)}`);
  return (error as WebAPIPlatformError).data;
}

describe("fake Slack Web API", () => {
  it("posts a message from a real WebClient and shows it in the channel, thread replies included", async () => {
    const web = client();
    const posted = await web.chat.postMessage({
      channel: "C0SALES",
      text: "Acme: 战略客户 P1",
      blocks: [section("*Acme* 战略客户 P1")],
    });
    expect(posted).toMatchObject({ ok: true, channel: "C0SALES", ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    await web.chat.postMessage({ channel: "C0SALES", thread_ts: posted.ts, text: "next: confirm budget" });

    const [top, reply] = slack.messages("C0SALES");
    expect(textOf(top)).toContain("战略客户 P1");
    expect(reply).toMatchObject({ thread_ts: posted.ts, text: "next: confirm budget", user: slack.botUserId });
    const call = slack.callsTo("chat.postMessage")[0];
    expect(call?.token).toBe(slack.botToken);
    expect(call?.args.blocks).toEqual([section("*Acme* 战略客户 P1")]); // parsed back from the form-encoded JSON
  });

  it("answers auth.test per token and rejects unknown or revoked tokens", async () => {
    await expect(client().auth.test()).resolves.toMatchObject({
      team_id: slack.teamId,
      user_id: slack.botUserId,
      bot_id: slack.botId,
    });
    expect(await slackError(client("xoxb-unknown").auth.test())).toMatchObject({ ok: false, error: "invalid_auth" });
    await client().auth.revoke();
    expect(await slackError(client().chat.postMessage({ channel: "C1", text: "x" }))).toMatchObject({
      error: "token_revoked",
    });
  });

  it("rejects an oversize section with Slack's invalid_blocks and a json-pointer", async () => {
    const data = await slackError(
      client().chat.postMessage({ channel: "C0SALES", text: "t", blocks: [section("x".repeat(3001))] }),
    );
    expect(data).toMatchObject({ ok: false, error: "invalid_blocks" });
    expect(data.response_metadata?.messages).toEqual([
      "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
    ]);
    expect(slack.messages("C0SALES")).toEqual([]);
  });

  it.each([
    ["51 blocks", Array.from({ length: 51 }, () => ({ type: "divider" })), "/blocks"],
    [
      "a 151-character header",
      [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }],
      "/blocks/0/text/text",
    ],
    ["a mrkdwn header", [{ type: "header", text: { type: "mrkdwn", text: "*h*" } }], "/blocks/0/text/type"],
    [
      "11 section fields",
      [{ type: "section", fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "f" })) }],
      "/blocks/0/fields",
    ],
    [
      "a 2001-character field",
      [{ type: "section", fields: [{ type: "mrkdwn", text: "f".repeat(2001) }] }],
      "/blocks/0/fields/0/text",
    ],
    [
      "a 76-character button",
      [
        {
          type: "actions",
          elements: [{ type: "button", action_id: "a", text: { type: "plain_text", text: "b".repeat(76) } }],
        },
      ],
      "/blocks/0/elements/0/text/text",
    ],
    [
      "a 256-character action_id",
      [
        {
          type: "actions",
          elements: [{ type: "button", action_id: "a".repeat(256), text: { type: "plain_text", text: "ok" } }],
        },
      ],
      "/blocks/0/elements/0/action_id",
    ],
    ["a 256-character block_id", [{ ...section("s"), block_id: "b".repeat(256) }], "/blocks/0/block_id"],
    [
      "26 action elements",
      [
        {
          type: "actions",
          elements: Array.from({ length: 26 }, (_, i) => ({
            type: "button",
            action_id: `a${i}`,
            text: { type: "plain_text", text: "b" },
          })),
        },
      ],
      "/blocks/0/elements",
    ],
    [
      "11 context elements",
      [{ type: "context", elements: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "c" })) }],
      "/blocks/0/elements",
    ],
    [
      "101 select options",
      [
        {
          type: "section",
          text: { type: "mrkdwn", text: "pick" },
          accessory: {
            type: "static_select",
            action_id: "s",
            options: Array.from({ length: 101 }, (_, i) => ({
              text: { type: "plain_text", text: `o${i}` },
              value: `${i}`,
            })),
          },
        },
      ],
      "/blocks/0/accessory/options",
    ],
    [
      "a 76-character option",
      [
        {
          type: "section",
          text: { type: "mrkdwn", text: "pick" },
          accessory: {
            type: "static_select",
            action_id: "s",
            options: [{ text: { type: "plain_text", text: "o".repeat(76) }, value: "1" }],
          },
        },
      ],
      "/blocks/0/accessory/options/0/text/text",
    ],
    ["an empty section text", [section("")], "/blocks/0/text/text"],
    ["an unknown block type", [{ type: "carousel" }], "/blocks/0/type"],
  ])("rejects %s", async (_name, blocks, pointer) => {
    const data = await slackError(client().chat.postMessage({ channel: "C0SALES", text: "t", blocks }));
    expect(data.error).toBe("invalid_blocks");
    expect(data.response_metadata?.messages?.join("\n")).toContain(`[json-pointer:${pointer}]`);
  });

  it("accepts blocks right at Slack's limits", async () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "h".repeat(150) } },
      { type: "section", fields: Array.from({ length: 10 }, () => ({ type: "mrkdwn", text: "f".repeat(200) })) },
      ...Array.from({ length: 48 }, () => ({ type: "divider" })),
    ];
    await expect(client().chat.postMessage({ channel: "C0SALES", text: "t", blocks })).resolves.toMatchObject({
      ok: true,
    });
  });

  it("rejects too much block text in one message with msg_blocks_too_long, and overlong text with msg_too_long", async () => {
    const blocks = Array.from({ length: 5 }, () => section("x".repeat(2900))); // each valid, 14,500 together
    expect((await slackError(client().chat.postMessage({ channel: "C0SALES", text: "t", blocks }))).error).toBe(
      "msg_blocks_too_long",
    );
    expect((await slackError(client().chat.postMessage({ channel: "C0SALES", text: "x".repeat(40_001) }))).error).toBe(
      "msg_too_long",
    );
    expect((await slackError(client().apiCall("chat.postMessage", { channel: "C0SALES" }))).error).toBe("no_text");
  });

  it("gets a 429 with Retry-After, and the WebClient waits and retries", async () => {
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const started = Date.now();
    await expect(client().chat.postMessage({ channel: "C0SALES", text: "digest" })).resolves.toMatchObject({
      ok: true,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(slack.callsTo("chat.postMessage").map((c) => c.status)).toEqual([429, 200]);
    expect(slack.messages("C0SALES")).toHaveLength(1);
  });

  it("rate-limits chat.postMessage per channel when asked, beyond a small burst", async () => {
    const limited = await startFakeSlack({ postMessageRateLimit: { burst: 2 } });
    try {
      const web = new WebClient(limited.botToken, {
        slackApiUrl: limited.url,
        rejectRateLimitedCalls: true,
        logger: silent,
      });
      await web.chat.postMessage({ channel: "C1", text: "1" });
      await web.chat.postMessage({ channel: "C1", text: "2" });
      await web.chat.postMessage({ channel: "C2", text: "other channel" });
      const error = await web.chat.postMessage({ channel: "C1", text: "3" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebAPIRateLimitedError);
      expect((error as WebAPIRateLimitedError).retryAfter).toBe(1);
    } finally {
      await limited.close();
    }
  });

  it("answers failNext errors and delays", async () => {
    slack.failNext("users.info", { error: "ratelimited_internal" });
    expect((await slackError(client().users.info({ user: slack.botUserId }))).error).toBe("ratelimited_internal");
    slack.failNext("auth.test", { delayMs: 300 });
    await expect(client(slack.botToken, { timeout: 100, retryConfig: { retries: 0 } }).auth.test()).rejects.toThrow();
  });

  it("uploads a file through the external upload flow and shares it in the channel", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const result = await client().files.uploadV2({
      channel_id: "C0SALES",
      file: png,
      filename: "funnel.png",
      title: "Dual funnel",
      initial_comment: "Weekly digest",
    });
    expect(result.ok).toBe(true);
    const [file] = slack.files();
    expect(file).toMatchObject({ filename: "funnel.png", title: "Dual funnel", completed: true, channel: "C0SALES" });
    expect(file?.bytes?.equals(png)).toBe(true);
    expect(slack.messages("C0SALES")[0]).toMatchObject({
      text: "Weekly digest",
      files: [{ id: file?.id, name: "funnel.png" }],
    });
    expect(slack.calls.map((c) => c.method)).toEqual([
      "files.getUploadURLExternal",
      "upload_url",
      "files.completeUploadExternal",
    ]);
  });

  it("opens a modal only with a fresh trigger_id, once", async () => {
    const modal: types.ModalView = {
      type: "modal",
      title: { type: "plain_text", text: "Update facts" },
      blocks: [section("Acme")],
    };
    const trigger = slack.issueTriggerId("U0REP");
    const opened = await client().views.open({ trigger_id: trigger, view: modal });
    expect(opened.view?.id).toMatch(/^V/);
    expect(slack.view(opened.view?.id ?? "")?.user).toBe("U0REP"); // the person whose trigger_id it was
    expect((await slackError(client().views.open({ trigger_id: trigger, view: modal }))).error).toBe(
      "exchanged_trigger_id",
    );
    expect((await slackError(client().views.open({ trigger_id: "123.456.forged", view: modal }))).error).toBe(
      "invalid_trigger_id",
    );

    const quick = await startFakeSlack({ triggerTtlMs: 20 });
    try {
      const stale = quick.issueTriggerId("U0REP");
      await new Promise((resolve) => setTimeout(resolve, 40));
      const web = new WebClient(quick.botToken, { slackApiUrl: quick.url, logger: silent });
      expect((await slackError(web.views.open({ trigger_id: stale, view: modal }))).error).toBe("expired_trigger_id");
    } finally {
      await quick.close();
    }
  });

  it("rejects a modal title over 24 characters and 101 blocks with invalid_arguments", async () => {
    const view: types.ModalView = {
      type: "modal",
      title: { type: "plain_text", text: "t".repeat(25) },
      blocks: Array.from({ length: 101 }, (): types.DividerBlock => ({ type: "divider" })),
    };
    const data = await slackError(client().views.open({ trigger_id: slack.issueTriggerId("U1"), view }));
    expect(data.error).toBe("invalid_arguments");
    expect(data.response_metadata?.messages).toEqual([
      "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]",
      "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]",
    ]);
  });

  it("updates a view only with the current hash, and publishes App Home", async () => {
    const web = client();
    const modal: types.ModalView = {
      type: "modal",
      title: { type: "plain_text", text: "Facts" },
      blocks: [section("v1")],
    };
    const { view } = await web.views.open({ trigger_id: slack.issueTriggerId("U1"), view: modal });
    const updated = await web.views.update({
      view_id: view?.id ?? "",
      hash: view?.hash ?? "",
      view: { ...modal, blocks: [section("v2")] },
    });
    expect(updated.view?.id).toBe(view?.id);
    expect(
      (await slackError(web.views.update({ view_id: view?.id ?? "", hash: view?.hash ?? "", view: modal }))).error,
    ).toBe("hash_conflict");

    await web.views.publish({ user_id: "U1", view: { type: "home", blocks: [section("Your accounts")] } });
    expect(textOf(slack.homeView("U1"))).toContain("Your accounts");
  });

  it("pages conversations.members with cursors", async () => {
    const members = Array.from({ length: 250 }, (_, i) => `U${String(i).padStart(4, "0")}`);
    slack.setChannelMembers("C0SALES", members);
    const seen: string[] = [];
    for await (const page of client().paginate("conversations.members", { channel: "C0SALES", limit: 100 })) {
      seen.push(...((page as { members?: string[] }).members ?? []));
    }
    expect(seen).toEqual(members);
    expect(slack.callsTo("conversations.members")).toHaveLength(3);
    expect((await slackError(client().conversations.members({ channel: "C0NOPE" }))).error).toBe("channel_not_found");
  });

  it("tells a user's locale and time zone only when asked", async () => {
    slack.setUser("U0LI", { name: "li.wei", locale: "zh-CN", tz: "Asia/Shanghai" });
    const withLocale = await client().users.info({ user: "U0LI", include_locale: true });
    expect(withLocale.user).toMatchObject({ locale: "zh-CN", tz: "Asia/Shanghai", tz_offset: 28_800 });
    const without = await client().users.info({ user: "U0LI" });
    expect(without.user?.locale).toBeUndefined();
    expect((await slackError(client().users.info({ user: "U0NOBODY" }))).error).toBe("user_not_found");
  });

  it("sends ephemerals only to channel members, and edits and deletes only the bot's own messages", async () => {
    slack.setChannelMembers("C0SALES", ["U1"]);
    const web = client();
    await web.chat.postEphemeral({ channel: "C0SALES", user: "U1", text: "only you" });
    expect(slack.ephemerals("C0SALES")[0]).toMatchObject({ recipient: "U1", text: "only you" });
    expect((await slackError(web.chat.postEphemeral({ channel: "C0SALES", user: "U2", text: "x" }))).error).toBe(
      "user_not_in_channel",
    );

    const { ts = "" } = await web.chat.postMessage({ channel: "C0SALES", text: "draft" });
    await web.chat.update({ channel: "C0SALES", ts, text: "final" });
    expect(slack.messages("C0SALES")[0]).toMatchObject({ text: "final", edited: { user: slack.botUserId } });
    const link = await web.chat.getPermalink({ channel: "C0SALES", message_ts: ts });
    expect(link.permalink).toBe(`https://kvalue-test.slack.com/archives/C0SALES/p${ts.replace(".", "")}`);
    await web.chat.delete({ channel: "C0SALES", ts });
    expect(slack.messages("C0SALES")).toEqual([]);
    expect((await slackError(web.chat.update({ channel: "C0SALES", ts, text: "x" }))).error).toBe("message_not_found");
  });

  it("opens DMs and answers conversations.info, team.info and the assistant thread methods", async () => {
    const web = client();
    const { channel } = await web.conversations.open({ users: "U1" });
    expect(channel?.id).toMatch(/^D/);
    await expect(web.conversations.info({ channel: channel?.id ?? "" })).resolves.toMatchObject({
      channel: { is_im: true },
    });
    await expect(web.team.info()).resolves.toMatchObject({ team: { id: slack.teamId, domain: "kvalue-test" } });
    await web.assistant.threads.setStatus({
      channel_id: channel?.id ?? "",
      thread_ts: "1.000001",
      status: "is thinking…",
    });
    await web.assistant.threads.setSuggestedPrompts({
      channel_id: channel?.id ?? "",
      thread_ts: "1.000001",
      prompts: [{ title: "Top accounts", message: "Which accounts first?" }],
    });
    await web.assistant.threads.setTitle({ channel_id: channel?.id ?? "", thread_ts: "1.000001", title: "Priorities" });
    const tooMany = Array.from({ length: 5 }, () => ({ title: "t", message: "m" }));
    expect(
      (
        await slackError(
          web.apiCall("assistant.threads.setSuggestedPrompts", {
            channel_id: "D1",
            thread_ts: "1.1",
            prompts: tooMany,
          }),
        )
      ).error,
    ).toBe("invalid_arguments");
  });

  it("exchanges an OAuth code once for working tokens, and uninstall revokes them", async () => {
    const code = slack.issueOAuthCode({ teamId: "T0OTHER", teamName: "Other Co", userId: "U0ADMIN" });
    const web = client("");
    const access = await web.oauth.v2.access({ client_id: slack.clientId, client_secret: slack.clientSecret, code });
    expect(access).toMatchObject({
      ok: true,
      token_type: "bot",
      team: { id: "T0OTHER" },
      authed_user: { id: "U0ADMIN" },
    });
    const installed = client(access.access_token);
    await expect(installed.auth.test()).resolves.toMatchObject({ team_id: "T0OTHER", bot_id: expect.any(String) });
    expect(
      (await slackError(web.oauth.v2.access({ client_id: slack.clientId, client_secret: slack.clientSecret, code })))
        .error,
    ).toBe("invalid_code");
    expect(
      (
        await slackError(
          web.oauth.v2.access({ client_id: slack.clientId, client_secret: "wrong", code: slack.issueOAuthCode() }),
        )
      ).error,
    ).toBe("bad_client_secret");

    await installed.apps.uninstall({ client_id: slack.clientId, client_secret: slack.clientSecret });
    expect((await slackError(installed.auth.test())).error).toBe("token_revoked");
  });

  it("records respond() posts to a response_url and honours its five uses", async () => {
    const url = slack.responseUrl("cmd-1", { channel: "C0SALES", user: "U1" });
    const post = (body: unknown) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ text: "just for you" })).status).toBe(200);
    expect((await post({ text: "for everyone", response_type: "in_channel" })).status).toBe(200);
    expect((await post({ blocks: [section("y".repeat(3001))] })).status).toBe(400);
    await post({ text: "4" });
    await post({ text: "5" });
    expect((await post({ text: "6" })).status).toBe(404); // a response_url takes five posts
    expect(slack.responsesTo("cmd-1").map((r) => r.text)).toEqual([
      "just for you",
      "for everyone",
      undefined,
      "4",
      "5",
      "6",
    ]);
    expect(slack.ephemerals("C0SALES")[0]).toMatchObject({ text: "just for you", recipient: "U1" });
    expect(slack.messages("C0SALES")[0]).toMatchObject({ text: "for everyone" });
    await expect(slack.waitFor("response_url", (c) => c.args.text === "5")).resolves.toMatchObject({ status: 200 });
  });

  it("waits for a call that has not arrived yet, and says what it saw when it times out", async () => {
    const waiting = slack.waitFor("chat.postMessage", (c) => c.args.text === "later");
    setTimeout(() => void client().chat.postMessage({ channel: "C1", text: "later" }), 20);
    await expect(waiting).resolves.toMatchObject({ args: { channel: "C1" } });
    await expect(slack.waitFor("views.open", undefined, 50)).rejects.toThrow(
      /no matching views.open call within 50 ms \(calls so far: chat.postMessage\)/,
    );
  });
});

describe("latencyMs", () => {
  it("answers every Web API call and response_url post that long after it arrived, and only then records it", async () => {
    const slow = await startFakeSlack({ latencyMs: 250 });
    try {
      const web = new WebClient(slow.botToken, { slackApiUrl: slow.url, logger: silent, timeout: 5_000 });
      let t0 = performance.now();
      expect((await web.auth.test()).ok).toBe(true);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
      const url = slow.responseUrl("R1");
      t0 = performance.now();
      const posted = slow.waitFor("response_url");
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "late" }),
      });
      expect(res.status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(240);
      expect((await posted).args).toMatchObject({ text: "late" });
    } finally {
      await slow.close();
    }
  });
});
