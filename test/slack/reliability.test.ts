// What Slack and the network do to an app: forged and replayed requests, event redelivery, 429s, slow and
// failing Web API calls, and arbitrary text and payloads. The app must answer 401 to what is not Slack's,
// ack everything else in time, answer the user, change nothing it should not, and never go down.
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  sendBlockAction,
  sendEvent,
  sendSigned,
  sendSlashCommand,
  sendUrlVerification,
  sendViewSubmission,
} from "../support/slack-request.js";
import {
  OUTSIDER,
  REP,
  REP2,
  SALES,
  SIGNING_SECRET,
  postgres,
  sleep,
  startHarness,
  stateOf,
  textOf,
  type Harness,
} from "./harness.js";

const DSJ = "东江省大数据管理局";

let h: Harness;
let dsj: string;
beforeAll(async () => {
  h = await startHarness();
  dsj = await h.accountId(DSJ);
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  h.logs.length = 0;
  h.slack.reset();
});

/** Web API calls the app made (the App's start-up auth.test aside). */
const slackCalls = () => h.slack.calls.filter((c) => c.method !== "auth.test");

/** The app still answers: a card comes back for a plain lookup. */
async function stillServing(): Promise<void> {
  const { res, text } = await h.slash(DSJ);
  expect(res.status).toBe(200);
  expect(text).toContain("价值分 V");
}

describe("signatures", () => {
  const attempts = [
    ["a forged signature", { forgeSignature: true }],
    ["a stale timestamp (6 minutes old)", { staleTimestamp: true }],
  ] as const;

  it.each(attempts)("answers 401 to a slash command with %s and changes nothing", async (_what, forge) => {
    const before = await h.counts();
    const res = await sendSlashCommand(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, text: `set ${DSJ} revenue_ttm=1亿` },
      { slack: h.slack, ...forge },
    );
    expect(res.status).toBe(401);
    await sleep(200);
    expect(slackCalls()).toHaveLength(0);
    expect(await h.counts()).toEqual(before);
  });

  it.each(attempts)(
    "answers 401 to a button and a modal submission with %s and changes nothing",
    async (_what, forge) => {
      const before = await h.counts();
      const button = await sendBlockAction(
        h.base,
        SIGNING_SECRET,
        { user_id: REP, channel_id: SALES, actions: [{ action_id: "kv_create_account", value: "伪造客户" }] },
        { slack: h.slack, ...forge },
      );
      const modal = await sendViewSubmission(
        h.base,
        SIGNING_SECRET,
        {
          user_id: REP,
          view: { callback_id: "kv_note_modal", private_metadata: JSON.stringify({ accountId: dsj }) },
          state_values: { note: { value: { type: "plain_text_input", value: "伪造的纪要" } } },
        },
        { slack: h.slack, ...forge },
      );
      const event = await sendEvent(
        h.base,
        SIGNING_SECRET,
        { event: { type: "member_joined_channel", user: OUTSIDER, channel: SALES } },
        { slack: h.slack, ...forge },
      );
      expect([button.status, modal.status, event.status]).toEqual([401, 401, 401]);
      await sleep(200);
      expect(slackCalls()).toHaveLength(0);
      expect(await h.counts()).toEqual(before);
    },
  );

  it("answers 401 when the signature headers are missing", async () => {
    const res = await sendSigned(
      h.base,
      SIGNING_SECRET,
      "command=%2Fkvalue&text=help",
      "application/x-www-form-urlencoded",
      {
        headers: { "x-slack-signature": "", "x-slack-request-timestamp": "" },
      },
    );
    expect(res.status).toBe(401);
  });

  it("echoes Slack's url_verification challenge", async () => {
    const res = await sendUrlVerification(h.base, SIGNING_SECRET, "kvalue-challenge");
    expect(res.status).toBe(200);
    expect(res.body).toContain("kvalue-challenge");
  });
});

describe("events", () => {
  it("publishes App Home within Slack's limits when it is opened", async () => {
    const res = await sendEvent(
      h.base,
      SIGNING_SECRET,
      { event: { type: "app_home_opened", user: REP, channel: "D0REP", tab: "home" } },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    const publish = await h.slack.waitFor("views.publish", (c) => c.args.user_id === REP);
    expect(publish.response.ok).toBe(true);
    const home = h.slack.homeView(REP);
    expect(home?.type).toBe("home");
    expect(textOf(home)).toContain("我的客户");
    expect(textOf(home)).toContain(DSJ);
  });

  it("ignores the messages tab of App Home", async () => {
    await sendEvent(
      h.base,
      SIGNING_SECRET,
      { event: { type: "app_home_opened", user: REP, channel: "D0REP", tab: "messages" } },
      { slack: h.slack },
    );
    await sleep(300);
    expect(h.slack.callsTo("views.publish")).toHaveLength(0);
  });

  it("handles an event delivered three times (X-Slack-Retry-Num) once", async () => {
    const eventId = "Ev0RETRY0001";
    const event = { type: "app_home_opened", user: REP2, channel: "D0REP2", tab: "home" };
    const first = await sendEvent(h.base, SIGNING_SECRET, { event, event_id: eventId }, { slack: h.slack });
    const second = await sendEvent(
      h.base,
      SIGNING_SECRET,
      { event, event_id: eventId },
      { slack: h.slack, retryNum: 1, retryReason: "http_timeout" },
    );
    const third = await sendEvent(
      h.base,
      SIGNING_SECRET,
      { event, event_id: eventId },
      { slack: h.slack, retryNum: 2, retryReason: "http_timeout" },
    );
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    await h.slack.waitFor("views.publish");
    await sleep(300);
    expect(h.slack.callsTo("views.publish")).toHaveLength(1);
    expect(await h.store.db.processedEvent.count({ where: { eventId } })).toBe(1);
  });

  it("handles concurrent deliveries of one event once (the ProcessedEvent row is the guard)", async () => {
    const eventId = "Ev0RETRY0002";
    const event = { type: "app_home_opened", user: REP2, channel: "D0REP2", tab: "home" };
    const all = await Promise.all(
      [0, 1, 2, 3].map((n) =>
        sendEvent(
          h.base,
          SIGNING_SECRET,
          { event, event_id: eventId },
          { slack: h.slack, ...(n ? { retryNum: n } : {}) },
        ),
      ),
    );
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await h.slack.waitFor("views.publish");
    await sleep(300);
    expect(h.slack.callsTo("views.publish")).toHaveLength(1);
    expect(await h.store.db.processedEvent.count({ where: { eventId } })).toBe(1);
  });
});

describe("rate limits and a slow or failing Slack", () => {
  it("retries views.publish after a 429 with Retry-After", async () => {
    h.slack.failNext("views.publish", { status: 429, retryAfter: 1 });
    await sendEvent(
      h.base,
      SIGNING_SECRET,
      { event: { type: "app_home_opened", user: REP, channel: "D0REP", tab: "home" } },
      { slack: h.slack },
    );
    const ok = await h.slack.waitFor("views.publish", (c) => c.response.ok, 6000);
    const calls = h.slack.callsTo("views.publish");
    expect(calls[0]?.status).toBe(429);
    expect(ok.at - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it("retries chat.postEphemeral after a 429, so the modal's confirmation arrives", async () => {
    const res = await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, actions: [{ action_id: "kv_log_note", value: dsj }] },
      { slack: h.slack },
    );
    const open = await h.slack.waitFor("views.open", (c) => c.args.trigger_id === res.triggerId);
    const view = open.response.view as { id: string; blocks: unknown[] };
    h.slack.failNext("chat.postEphemeral", { status: 429, retryAfter: 1 });
    await sendViewSubmission(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, view: { id: view.id }, state_values: stateOf(view, { note: "限流之后也要送达" }) },
      { slack: h.slack },
    );
    const ok = await h.slack.waitFor("chat.postEphemeral", (c) => c.response.ok, 6000);
    expect(h.slack.callsTo("chat.postEphemeral")[0]?.status).toBe(429);
    expect(textOf(ok.args.blocks)).toContain("限流之后也要送达");
    expect(await h.store.db.note.count({ where: { text: "限流之后也要送达" } })).toBe(1);
  });

  it("answers in the default language when users.info is slow, instead of waiting for it", async () => {
    const user = "U0SLOWINFO";
    h.slack.setUser(user, { locale: "en-US" });
    h.slack.failNext("users.info", { delayMs: 8000 });
    const started = Date.now();
    const { res, text } = await h.slash("help", { user });
    expect(res.status).toBe(200);
    expect(text).toContain("kvalue");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("opens the modal within the trigger's 3 s even when users.info and conversations.members are slow", async () => {
    const user = "U0SLOWMODAL";
    h.slack.setUser(user, { locale: "zh-CN" });
    const team = await h.store.db.team.findFirstOrThrow({ where: { channelId: SALES } });
    await h.store.db.teamMember.create({ data: { teamId: team.id, userId: user, syncedAt: new Date(0) } }); // stale: re-read
    h.slack.setChannelMembers(SALES, [REP, REP2, user]);
    h.slack.failNext("users.info", { delayMs: 8000 });
    h.slack.failNext("conversations.members", { delayMs: 8000 });
    const res = await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      { user_id: user, channel_id: SALES, actions: [{ action_id: "kv_update_facts", value: dsj }] },
      { slack: h.slack },
    );
    const open = await h.slack.waitFor("views.open", (c) => c.args.trigger_id === res.triggerId, 4000);
    expect(open.response.ok).toBe(true);
  });

  it("survives a Web API timeout: views.open that never answers is reported to the user", async () => {
    h.slack.failNext("views.open", { delayMs: 20_000 });
    const res = await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, actions: [{ action_id: "kv_add_contact", value: dsj }] },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    const told = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 15_000);
    expect(textOf(told.args.blocks)).toContain("出错");
    await stillServing();
  }, 30_000);

  it("survives a response_url that fails", async () => {
    h.slack.failNext("response_url", { status: 500 });
    const res = await sendSlashCommand(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, text: DSJ },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    await h.slack.waitFor("response_url", (c) => c.status === 500);
    await stillServing();
  });

  it("survives the database refusing a write mid-command", async () => {
    // A unique clash the service does not pre-check: two creates of one name racing.
    const both = await Promise.all(
      [1, 2].map(() =>
        sendSlashCommand(
          h.base,
          SIGNING_SECRET,
          { user_id: REP, channel_id: SALES, text: "new 并发客户" },
          { slack: h.slack },
        ),
      ),
    );
    for (const res of both) {
      const reply = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl);
      expect(textOf(reply.args.blocks ?? reply.args.text)).toMatch(/并发客户/);
    }
    expect(await h.store.db.account.count({ where: { name: "并发客户" } })).toBe(1);
    await stillServing();
  });
});

describe("arbitrary input", () => {
  it("answers every slash text with 200 and a reply, never a crash (fuzz)", async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: "binary", maxLength: 60 }),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc
        .array(
          fc.constantFrom(
            "set",
            "matrix",
            "top",
            "funnel",
            "target",
            "team",
            "create",
            "lang",
            "digest",
            "new",
            "=",
            "==",
            '"',
            "“",
            "」",
            "「",
            "'",
            "revenue_ttm=",
            "预算状态=",
            "300万",
            "-1",
            "1e309",
            "NaN",
            "东江",
            "省大数据局",
            " ",
            "\u3000",
            "\u0000",
            "\n",
            "\t",
            "*",
            "<@U0REP>",
            "<!channel>",
            "&amp;",
            "%",
            "\\",
            "🤖",
            "𠮷",
          ),
          { maxLength: 12 },
        )
        .map((parts) => parts.join(" ")),
      fc.string({ minLength: 1900, maxLength: 2600 }),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        runs += 1;
        const before = Date.now();
        const res = await sendSlashCommand(
          h.base,
          SIGNING_SECRET,
          { user_id: REP2, channel_id: SALES, text: t },
          { slack: h.slack },
        );
        expect(res.status).toBe(200);
        expect(res.body).toBe("");
        const reply = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 5000);
        expect(reply.status).toBe(200); // within Slack's limits, whatever was typed
        expect(textOf(reply.args.blocks ?? reply.args.text).length).toBeGreaterThan(0);
        expect(Date.now() - before).toBeLessThan(3000);
        h.slack.reset();
      }),
      { numRuns: 300, seed: 20261126 },
    );
    expect(runs).toBe(300);
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    await stillServing();
  }, 120_000);

  it("answers text over 2000 characters with 'too long' and writes nothing", async () => {
    const before = await h.counts();
    const { text } = await h.slash(`set ${DSJ} ${"revenue_ttm=1 ".repeat(200)}`);
    expect(text).toContain("太长");
    expect(await h.counts()).toEqual(before);
  });

  it.each([
    ["garbage JSON in payload", "payload=%7Bnot-json"],
    ["an empty payload", "payload="],
    ["no payload field", "foo=bar"],
    [
      "a payload of the wrong type",
      `payload=${encodeURIComponent(JSON.stringify({ type: "nonsense", team: { id: "T0KVALUE" } }))}`,
    ],
    [
      "block_actions without actions",
      `payload=${encodeURIComponent(JSON.stringify({ type: "block_actions", team: { id: "T0KVALUE" }, user: { id: REP } }))}`,
    ],
  ])(
    "never crashes on %s",
    async (_what, body) => {
      const before = await h.counts();
      const res = await sendSigned(h.base, SIGNING_SECRET, body, "application/x-www-form-urlencoded");
      expect(res.status).toBeLessThan(500);
      expect(await h.counts()).toEqual(before);
      await stillServing();
    },
    10_000,
  );

  it("answers 400 to a view_submission without a view, before any listener (issue 15)", async () => {
    const before = await h.counts();
    const body = `payload=${encodeURIComponent(JSON.stringify({ type: "view_submission", team: { id: "T0KVALUE" }, user: { id: REP } }))}`;
    const res = await sendSigned(h.base, SIGNING_SECRET, body, "application/x-www-form-urlencoded");
    expect(res.status).toBe(400);
    expect(await h.counts()).toEqual(before);
    await stillServing();
  }, 10_000);

  it("never crashes on garbage JSON in an event body", async () => {
    const res = await sendSigned(h.base, SIGNING_SECRET, '{"type":"event_callback",', "application/json");
    expect(res.status).toBeLessThan(500);
    await stillServing();
  });

  it("acknowledges unknown action ids and callback ids at once (200, issue 15) and changes nothing", async () => {
    const before = await h.counts();
    const [button, view] = await Promise.all([
      sendBlockAction(
        h.base,
        SIGNING_SECRET,
        { user_id: REP, channel_id: SALES, actions: [{ action_id: "kv_delete_everything", value: dsj }] },
        { slack: h.slack },
      ),
      sendViewSubmission(
        h.base,
        SIGNING_SECRET,
        { user_id: REP, view: { callback_id: "kv_unknown_modal", private_metadata: "{}" }, state_values: {} },
        { slack: h.slack },
      ),
    ]);
    expect([button.status, view.status]).toEqual([200, 200]);
    expect(Math.max(button.ms, view.ms)).toBeLessThan(1000);
    expect(await h.counts()).toEqual(before);
    await stillServing();
  }, 15_000);

  it("never crashes on a button with an empty or huge value", async () => {
    for (const value of ["", "x".repeat(5000), "\u0000", "' OR 1=1 --"]) {
      for (const action_id of ["kv_pick_account", "kv_update_facts", "kv_create_account"]) {
        const res = await sendBlockAction(
          h.base,
          SIGNING_SECRET,
          { user_id: REP, channel_id: SALES, actions: [{ action_id, value }] },
          { slack: h.slack },
        );
        expect(res.status).toBe(200);
      }
    }
    await sleep(300);
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    await stillServing();
  });
});

describe.skipIf(!postgres.available)("arbitrary input on PostgreSQL", () => {
  let pg: Harness;
  beforeAll(async () => {
    pg = await startHarness({ provider: "postgresql" });
  });
  afterAll(async () => {
    await pg?.close();
  });

  it("answers text with NUL bytes and unpaired surrogates (which PostgreSQL text refuses) with a reply", async () => {
    for (const t of [
      "\u0000",
      `东江\u0000`,
      `set 东江省大数据管理局 revenue_ttm=1\u0000`,
      "\ud800",
      `new 客户\u0000甲`,
      "team create \u0000",
      "target 华东政企一部 1万 \u0000",
    ]) {
      const { res, text } = await pg.slash(t);
      expect(res.status).toBe(200);
      expect(text.length).toBeGreaterThan(0);
    }
    expect(pg.logs.filter((l) => l.level === "error")).toEqual([]);
  });

  it("answers a few hundred random strings with a reply (fuzz)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 40 }), async (t) => {
        const { res, text } = await pg.slash(t, { user: REP2 });
        expect(res.status).toBe(200);
        expect(text.length).toBeGreaterThan(0);
        pg.slack.reset();
      }),
      { numRuns: 200, seed: 7 },
    );
    expect(pg.logs.filter((l) => l.level === "error")).toEqual([]);
  }, 120_000);
});
