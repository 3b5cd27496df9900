// The edges of Slack's HTTP protocol, through the real endpoint with signed requests: timestamps too far ahead,
// bodies that do not decode, payloads missing what listeners read, and requests no listener handles. The app
// answers each at once (Slack waits 3 s), runs nothing it should not, and logs nothing above debug.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  sendBlockAction,
  sendEvent,
  sendSigned,
  sendSlashCommand,
  sendViewSubmission,
} from "../support/slack-request.js";
import { REP, SALES, SIGNING_SECRET, sleep, startHarness, type Harness } from "./harness.js";

const DSJ = "东江省大数据管理局";
const FORM = "application/x-www-form-urlencoded";

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

const slackCalls = () => h.slack.calls.filter((c) => c.method !== "auth.test");
const loud = () => h.logs.filter((l) => l.level !== "debug");
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A block_actions payload as Slack sends it for a button on a message, with `patch` applied (undefined deletes). */
function blockActions(patch: Record<string, unknown>): string {
  const payload: Record<string, unknown> = {
    type: "block_actions",
    user: { id: REP, username: "rep", team_id: "T0KVALUE" },
    api_app_id: h.slack.appId,
    container: { type: "message", message_ts: "1.000001", channel_id: SALES, is_ephemeral: false },
    trigger_id: h.slack.issueTriggerId(REP),
    team: { id: "T0KVALUE", domain: "kvalue" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: SALES, name: "sales" },
    message: { type: "message", ts: "1.000001", text: "" },
    response_url: h.slack.responseUrl("rmalformed", { channel: SALES, user: REP }),
    actions: [{ type: "button", action_id: "kv_create_account", block_id: "b", value: "新客户", action_ts: "1.1" }],
  };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete payload[k];
    else payload[k] = v;
  }
  return form({ payload: JSON.stringify(payload) });
}

function viewSubmission(patch: Record<string, unknown>): string {
  const payload: Record<string, unknown> = {
    type: "view_submission",
    team: { id: "T0KVALUE", domain: "kvalue" },
    user: { id: REP, username: "rep", team_id: "T0KVALUE" },
    api_app_id: h.slack.appId,
    trigger_id: h.slack.issueTriggerId(REP),
    view: {
      id: "V0MALFORMED",
      type: "modal",
      callback_id: "kv_note_modal",
      private_metadata: JSON.stringify({ accountId: dsj }),
      state: { values: { note: { value: { type: "plain_text_input", value: "纪要" } } } },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete payload[k];
    else payload[k] = v;
  }
  return form({ payload: JSON.stringify(payload) });
}

describe("timestamps", () => {
  it("answers 401 to a correctly signed command dated 10 minutes ahead, and runs nothing", async () => {
    const before = await h.counts();
    const res = await sendSlashCommand(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, text: `set ${DSJ} revenue_ttm=1亿` },
      { slack: h.slack, skewSeconds: 10 * 60 },
    );
    expect(res.status).toBe(401);
    await sleep(300);
    expect(slackCalls()).toHaveLength(0);
    expect(h.slack.callsTo("response_url")).toHaveLength(0);
    expect(await h.counts()).toEqual(before);
  });

  it("answers 401 to a button and an event dated 6 minutes ahead", async () => {
    const button = await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, actions: [{ action_id: "kv_create_account", value: "伪造客户" }] },
      { slack: h.slack, skewSeconds: 6 * 60 },
    );
    const event = await sendEvent(
      h.base,
      SIGNING_SECRET,
      { event: { type: "app_home_opened", user: REP, channel: "D0REP", tab: "home" } },
      { slack: h.slack, skewSeconds: 6 * 60 },
    );
    expect([button.status, event.status]).toEqual([401, 401]);
    await sleep(200);
    expect(slackCalls()).toHaveLength(0);
  });

  it("still serves a request within the window (4 minutes ahead, clocks drift)", async () => {
    const { res, text } = await h.slash(DSJ, { send: { skewSeconds: 4 * 60 } });
    expect(res.status).toBe(200);
    expect(text).toContain("价值分 V");
  });
});

describe("undecodable bodies", () => {
  const bodies: [string, string, string][] = [
    ["payload=null", form({ payload: "null" }), FORM],
    ["payload=[]", form({ payload: "[]" }), FORM],
    ['payload="text"', form({ payload: '"text"' }), FORM],
    ["payload={broken", form({ payload: "{broken" }), FORM],
    ["a JSON null", "null", "application/json"],
    ["a JSON number", "42", "application/json"],
    ["broken JSON", '{"type":', "application/json"],
  ];
  it.each(bodies)("answers 400 at once to a signed %s", async (_what, body, type) => {
    const res = await sendSigned(h.base, SIGNING_SECRET, body, type);
    expect(res.status).toBe(400);
    expect(res.ms).toBeLessThan(1000);
    expect(slackCalls()).toHaveLength(0);
  });

  it("answers 401, not 400, to an undecodable body that is not signed", async () => {
    const res = await sendSigned(h.base, SIGNING_SECRET, form({ payload: "null" }), FORM, { forgeSignature: true });
    expect(res.status).toBe(401);
  });
});

describe("requests no listener handles", () => {
  const cases: [string, () => Promise<{ status: number; ms: number }>][] = [
    [
      "view_closed",
      () =>
        sendSigned(
          h.base,
          SIGNING_SECRET,
          form({
            payload: JSON.stringify({
              type: "view_closed",
              user: { id: REP },
              team: { id: "T0KVALUE" },
              api_app_id: h.slack.appId,
              is_cleared: false,
              view: { id: "V0CLOSED", callback_id: "kv_note_modal", private_metadata: "", state: { values: {} } },
            }),
          }),
          FORM,
        ),
    ],
    [
      "an unknown action id",
      () =>
        sendBlockAction(
          h.base,
          SIGNING_SECRET,
          { user_id: REP, channel_id: SALES, actions: [{ action_id: "kv_no_such_button" }] },
          { slack: h.slack },
        ),
    ],
    [
      "an unknown callback id",
      () =>
        sendViewSubmission(
          h.base,
          SIGNING_SECRET,
          { user_id: REP, view: { callback_id: "kv_no_such_modal" }, state_values: {} },
          { slack: h.slack },
        ),
    ],
    [
      "an unknown slash command",
      () =>
        sendSlashCommand(
          h.base,
          SIGNING_SECRET,
          { user_id: REP, channel_id: SALES, command: "/other", text: "help" },
          { slack: h.slack },
        ),
    ],
    [
      "an event without an inner event",
      () =>
        sendSigned(
          h.base,
          SIGNING_SECRET,
          JSON.stringify({ type: "event_callback", team_id: "T0KVALUE", event_id: "Ev0NOEVENT" }),
          "application/json",
        ),
    ],
    [
      "an event without a type",
      () =>
        sendSigned(
          h.base,
          SIGNING_SECRET,
          JSON.stringify({ type: "event_callback", team_id: "T0KVALUE", event_id: "Ev0NOTYPE", event: { user: REP } }),
          "application/json",
        ),
    ],
    [
      "an envelope of an unknown type",
      () =>
        sendSigned(
          h.base,
          SIGNING_SECRET,
          JSON.stringify({ type: "app_rate_limited", team_id: "T0KVALUE", minute_rate_limited: 1 }),
          "application/json",
        ),
    ],
  ];
  it.each(cases)("acknowledges %s at once, with a debug log line only", async (_what, send) => {
    const before = await h.counts();
    const res = await send();
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    await sleep(100);
    expect(loud()).toEqual([]);
    expect(h.logs.some((l) => l.level === "debug")).toBe(true);
    expect(await h.counts()).toEqual(before);
  });
});

describe("malformed interaction payloads", () => {
  const cases: [string, () => string][] = [
    ["block_actions without user", () => blockActions({ user: undefined })],
    ["block_actions with actions: null", () => blockActions({ actions: null })],
    ["block_actions with channel: null", () => blockActions({ channel: null })],
    ["view_submission without view", () => viewSubmission({ view: undefined })],
    ["view_submission without user", () => viewSubmission({ user: undefined })],
  ];
  it.each(cases)("answers 400 to %s before any listener runs", async (_what, body) => {
    const before = await h.counts();
    const res = await sendSigned(h.base, SIGNING_SECRET, body(), FORM);
    expect(res.status).toBe(400);
    expect(res.ms).toBeLessThan(1000);
    await sleep(200);
    expect(slackCalls()).toHaveLength(0);
    expect(loud()).toEqual([]);
    expect(await h.counts()).toEqual(before);
  });

  it("still serves the well-formed version of the same button", async () => {
    const res = await sendSigned(h.base, SIGNING_SECRET, blockActions({}), FORM);
    expect(res.status).toBe(200);
  });
});
