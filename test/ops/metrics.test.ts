// GET /metrics after real traffic: signed slash commands and a DM note to the real Bolt app over HTTP (fake Slack
// answering one users.info with a 429, fake OpenAI answering one extraction with a 429), and the digest scheduler
// posting a digest. Every figure is read back from the scrape and compared with what the fakes recorded.
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAIAdapter } from "../../src/features/assistant/llm/openai.js";
import { attachAssistant } from "../../src/features/assistant/setup.js";
import { slackClients } from "../../src/features/digest/deliver.js";
import { runTick } from "../../src/features/digest/scheduler.js";
import { subscribe } from "../../src/features/digest/subscriptions.js";
import { createMetrics } from "../../src/metrics.js";
import { Lifecycle } from "../../src/slack/lifecycle.js";
import { closeServer, opsRoutes, portOf, startOpsServer } from "../../src/slack/ops-routes.js";
import { ISSUE_EXTRACTION, ISSUE_NOTE } from "../assistant/support.js";
import { recordingLog, schedulerConfig, testStore } from "../digest/support/env.js";
import { createTeam, seedPortfolio, simulateWeek } from "../digest/support/portfolio.js";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { startFakeSlack } from "../support/fake-slack.js";
import { sendEvent, sendSlashCommand } from "../support/slack-request.js";
import { REP, SALES, SIGNING_SECRET, WS, startHarness, type Harness } from "../slack/harness.js";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[String(k)] = String(v);
    out.push({ name: String(m[1]), labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the sample `name` with exactly these labels (0 when absent, as Prometheus reads a missing counter). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels);
  const s = samples.find(
    (x) => x.name === name && Object.keys(x.labels).length === want.length && want.every(([k, v]) => x.labels[k] === v),
  );
  return s?.value ?? 0;
}

async function scrape(base: string): Promise<Sample[]> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return parse(await res.text());
}

describe("GET /metrics of the Slack app after real requests", () => {
  let h: Harness;
  let ai: FakeOpenAI;
  const REP_TOKEN = "xoxp-rep-user-token";

  beforeAll(async () => {
    h = await startHarness({
      metrics: createMetrics({ process: true }),
      fake: { tokens: { [REP_TOKEN]: { team_id: WS, user_id: REP } } },
    });
    ai = await startFakeOpenAI();
    attachAssistant(h.deps, {
      llm: new OpenAIAdapter({ apiKey: "test", baseURL: ai.baseURL, model: "kvalue-test-model", timeoutMs: 5_000 }),
      retries: 1,
      timeoutMs: 5_000,
      log: { warn: () => {}, error: () => {} },
    });
  });
  afterAll(async () => {
    await ai?.close();
    await h?.close();
  });

  it("counts commands, acks, responses, Web API calls and 429s, model calls and tokens, import rows", async () => {
    const { slack, base } = h;
    const before = await scrape(base);
    // The demo portfolio was loaded through the import service at start.
    const accounts = await h.store.db.account.count();
    expect(value(before, "kvalue_import_rows_total", { outcome: "created" })).toBe(accounts);
    // Process metrics are there from the start.
    expect(value(before, "kvalue_process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(value(before, "kvalue_process_resident_memory_bytes")).toBeGreaterThan(0);

    // users.info answers 429 once (the client waits Retry-After and asks again); two commands, one that does not parse.
    slack.failNext("users.info", { status: 429, retryAfter: 0 });
    for (const text of ["help", "help", "top many"]) {
      const res = await sendSlashCommand(base, SIGNING_SECRET, { user_id: REP, channel_id: SALES, text }, { slack });
      expect(res.status).toBe(200);
      await slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 5_000);
    }
    await slack.waitFor("users.info", (c) => c.status === 200, 5_000);

    // A DM note: the model answers 429 first, then the extraction (one retry); the proposal is posted in the thread.
    ai.script({ status: 429, retryAfter: 0 }, { json: ISSUE_EXTRACTION });
    const rep = new WebClient(REP_TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const posted = await rep.chat.postMessage({ channel: "D0REP", text: ISSUE_NOTE });
    const ts = String(posted.ts);
    const event = await sendEvent(
      base,
      SIGNING_SECRET,
      { event: { type: "message", channel: "D0REP", channel_type: "im", user: REP, text: ISSUE_NOTE, ts } },
      { slack },
    );
    expect(event.status).toBe(200);
    await slack.waitFor("chat.postMessage", (c) => c.args.thread_ts === ts, 10_000);
    // Let the listener finish (its response time is observed when it does).
    await new Promise((r) => setTimeout(r, 300));

    const after = await scrape(base);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      value(after, name, labels) - value(before, name, labels);

    expect(delta("kvalue_commands_total", { command: "help", outcome: "ok" })).toBe(2);
    expect(delta("kvalue_commands_total", { command: "unparsed", outcome: "refused" })).toBe(1);
    // Each Slack request was acknowledged and finished once; by kind.
    expect(delta("kvalue_slack_ack_seconds_count", { kind: "command" })).toBe(3);
    expect(delta("kvalue_slack_response_seconds_count", { kind: "command" })).toBe(3);
    expect(delta("kvalue_slack_ack_seconds_count", { kind: "event" })).toBe(1);
    expect(delta("kvalue_slack_response_seconds_count", { kind: "event" })).toBe(1);
    expect(value(after, "kvalue_slack_ack_seconds_bucket", { kind: "command", le: "+Inf" })).toBe(
      value(after, "kvalue_slack_ack_seconds_count", { kind: "command" }),
    );

    // Web API calls as the fake Slack saw them, 429 included.
    const seen = (method: string, status: number) =>
      slack.callsTo(method).filter((c) => c.status === status && c.token !== REP_TOKEN).length;
    expect(delta("kvalue_slack_api_calls_total", { method: "users.info", status: "429" })).toBe(1);
    expect(delta("kvalue_slack_api_rate_limited_total", { method: "users.info" })).toBe(1);
    expect(delta("kvalue_slack_api_calls_total", { method: "users.info", status: "200" })).toBe(
      seen("users.info", 200),
    );
    expect(delta("kvalue_slack_api_calls_total", { method: "chat.postMessage", status: "200" })).toBe(
      seen("chat.postMessage", 200),
    );
    expect(seen("chat.postMessage", 200)).toBeGreaterThan(0);

    // Model: one 429, one answer; tokens as the server reported them for the answered call.
    expect(delta("kvalue_model_calls_total", { purpose: "extract", outcome: "rate_limited" })).toBe(1);
    expect(delta("kvalue_model_failures_total", { purpose: "extract", kind: "rate_limited" })).toBe(1);
    expect(delta("kvalue_model_calls_total", { purpose: "extract", outcome: "ok" })).toBe(1);
    const answered = ai.requests.at(-1)?.body;
    const promptTokens = Math.ceil(JSON.stringify(answered?.messages).length / 4);
    expect(delta("kvalue_model_tokens_total", { purpose: "extract", kind: "prompt" })).toBe(promptTokens);
    expect(delta("kvalue_model_tokens_total", { purpose: "extract", kind: "completion" })).toBe(
      Math.ceil(JSON.stringify(ISSUE_EXTRACTION).length / 4),
    );
  });
});

describe("GET /metrics after the digest scheduler ran", () => {
  it("counts the digest run, its Web API calls and the imported rows", async () => {
    const slack = await startFakeSlack();
    const t = await testStore("sqlite", "2026-02-20T02:00:00Z");
    const server = await startOpsServer(
      opsRoutes({ deps: t.deps, lifecycle: new Lifecycle(), log: { warn: () => {} } }),
      0,
      "127.0.0.1",
    );
    try {
      const team = await createTeam(t, { workspaceId: slack.teamId, channelId: "C0SALES", name: "华东政企一部" });
      await seedPortfolio(t.deps, team, { accounts: 12, opportunitiesPerAccount: 2, asOf: "2026-02-20", seed: 5 });
      const scope = { workspaceId: slack.teamId, userId: "U0REP", manager: false, teams: [team] };
      await subscribe(t.deps, { workspaceId: slack.teamId, userId: "U0REP", source: "slash" }, scope, "C0SALES", {
        weekday: 1,
        time: "09:00",
        timezone: "Asia/Shanghai",
        locale: "en",
      });
      const log = recordingLog();
      const s = {
        deps: t.deps,
        log,
        config: schedulerConfig(t.clock, { charts: false }),
        clients: slackClients(t.deps, { botToken: slack.botToken, apiUrl: slack.url, log }),
      };
      t.clock.set("2026-02-22T16:00:05Z");
      await runTick(s);
      await simulateWeek(t, team.id, { from: "2026-02-23", to: "2026-03-02", share: 0.1 });
      t.clock.set("2026-03-02T01:00:30Z");
      expect(await runTick(s)).toMatchObject({ posted: 1 });
      expect(await runTick(s)).toMatchObject({ posted: 0 }); // done: nothing more to count

      const samples = await scrape(`http://127.0.0.1:${portOf(server)}`);
      expect(value(samples, "kvalue_digest_runs_total", { state: "posted" })).toBe(1);
      expect(value(samples, "kvalue_digest_runs_total", { state: "failed" })).toBe(0);
      expect(value(samples, "kvalue_slack_api_calls_total", { method: "chat.postMessage", status: "200" })).toBe(
        slack.callsTo("chat.postMessage").length,
      );
      expect(value(samples, "kvalue_import_rows_total", { outcome: "created" })).toBe(12);
      // No process metrics unless asked for (many deps in one test process).
      expect(samples.some((x) => x.name.startsWith("kvalue_process_"))).toBe(false);
    } finally {
      await closeServer(server);
      await t.close();
      await slack.close();
    }
  });
});
