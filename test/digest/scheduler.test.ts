// The digest scheduler in one process on SQLite, against the fake Slack Web API over real HTTP: snapshots at the week
// boundary, one digest per subscription and period with its charts in the thread, the text digest when charts fail,
// 429s waited out, catch-up after downtime, and resuming a run a crashed instance left half done.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIGEST_EVENT_TYPE, slackClients } from "../../src/features/digest/deliver.js";
import { runTick, type Scheduler } from "../../src/features/digest/scheduler.js";
import { subscribe } from "../../src/features/digest/subscriptions.js";
import { LOCAL_WORKSPACE_ID } from "../../src/features/local-workspace.js";
import { startFakeSlack, textOf, type FakeSlack } from "../support/fake-slack.js";
import { recordingLog, schedulerConfig, testStore, type RecordingLog, type TestStore } from "./support/env.js";
import { startHistoryProxy, type HistoryProxy } from "./support/history-proxy.js";
import { createTeam, seedPortfolio, simulateWeek } from "./support/portfolio.js";

const CHANNEL = "C0SALES";
let slack: FakeSlack;
let proxy: HistoryProxy;
let t: TestStore;
let log: RecordingLog;
let team: Awaited<ReturnType<typeof createTeam>>;

beforeAll(async () => {
  slack = await startFakeSlack();
  proxy = await startHistoryProxy(slack);
});
afterAll(async () => {
  await proxy.close();
  await slack.close();
});

beforeEach(async () => {
  slack.reset();
  log = recordingLog();
  // Friday 20 Feb 2026, 10:00 in Shanghai: the team subscribes for Mondays 09:00.
  t = await testStore("sqlite", "2026-02-20T02:00:00Z");
  team = await createTeam(t, { workspaceId: slack.teamId, channelId: CHANNEL, name: "华东政企一部" });
  await seedPortfolio(t.deps, team, { accounts: 24, opportunitiesPerAccount: 3, asOf: "2026-02-20", seed: 3 });
  const scope = { workspaceId: slack.teamId, userId: "U0REP", manager: false, teams: [team] };
  await subscribe(t.deps, { workspaceId: slack.teamId, userId: "U0REP", source: "slash" }, scope, CHANNEL, {
    weekday: 1,
    time: "09:00",
    timezone: "Asia/Shanghai",
    locale: "zh-CN",
  });
});
afterEach(async () => {
  await t.close();
});

function scheduler(overrides: Parameters<typeof schedulerConfig>[1] = {}): Scheduler {
  return {
    deps: t.deps,
    log,
    config: schedulerConfig(t.clock, overrides),
    clients: slackClients(t.deps, { botToken: slack.botToken, apiUrl: proxy.url, log }),
  };
}

const digests = () =>
  slack
    .messages(CHANNEL)
    .filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type === DIGEST_EVENT_TYPE);

/** Two Mondays: the first boundary takes a snapshot, a week of selling, then the first digest with a comparison. */
async function toFirstDigestTime(s: Scheduler): Promise<void> {
  t.clock.set("2026-02-22T16:00:05Z"); // Monday 23 Feb 00:00:05 in Shanghai
  expect((await runTick(s)).snapshots).toBe(1);
  await simulateWeek(t, team.id, { from: "2026-02-23", to: "2026-03-02", share: 0.1 });
  t.clock.set("2026-03-02T01:00:30Z"); // Monday 2 Mar 09:00:30 in Shanghai
}

describe("digest scheduler (one instance, SQLite)", () => {
  it("snapshots at the week boundary, sends nothing before the first slot after subscribing", async () => {
    const s = scheduler();
    t.clock.set("2026-02-22T16:00:05Z");
    const report = await runTick(s);
    expect(report).toMatchObject({ snapshots: 1, posted: 0 });
    const snap = await t.store.db.teamSnapshot.findFirstOrThrow({ where: { teamId: team.id } });
    expect(snap).toMatchObject({ periodKey: "2026-W09", asOf: "2026-02-23", timezone: "Asia/Shanghai", accounts: 24 });
    const open = await t.store.db.opportunity.count({
      where: { account: { teamId: team.id }, stage: { in: ["S0", "S1", "S2", "S3", "S4", "S5"] } },
    });
    expect(await t.store.db.pipelineSnapshot.count({ where: { teamId: team.id, periodKey: "2026-W09" } })).toBe(open);
    expect(
      await t.store.db.scoreSnapshot.count({ where: { teamId: team.id, periodKey: "2026-W09", reason: "weekly" } }),
    ).toBe(24);
    // Idempotent: another tick (or instance) in the same week writes nothing new.
    expect((await runTick(s)).snapshots).toBe(0);
    expect(await t.store.db.pipelineSnapshot.count({ where: { teamId: team.id } })).toBe(open);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("posts the digest once at its slot, with both charts in its thread, and marks the run done", async () => {
    const s = scheduler();
    await toFirstDigestTime(s);
    const report = await runTick(s);
    expect(report).toMatchObject({ snapshots: 1, posted: 1 });
    const [digest, ...others] = digests();
    expect(others).toHaveLength(0);
    const text = textOf(digest?.blocks);
    for (const part of [
      "① 本周要点",
      "② 各阶段",
      "③ 加权金额桥",
      "④ 流转",
      "⑤ 转化率趋势",
      "⑥ 风险",
      "⑦ 线索来源",
      "⑧ 价值矩阵变化",
      "⑨ 销售速度",
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toContain("快照 2026年3月2日，对比 2026年2月23日");
    const run = await t.store.db.digestRun.findFirstOrThrow({});
    expect(run).toMatchObject({ periodKey: "2026-W10", status: "done", messageTs: digest?.ts, attempts: 1 });
    expect((digest!.metadata as { event_payload: { run_id: string } }).event_payload.run_id).toBe(run.id);
    const files = slack.files();
    expect(files.map((f) => f.filename).sort()).toEqual(["dual-funnel-2026-W10.png", "value-matrix-2026-W10.png"]);
    expect(
      files.every((f) => f.completed && f.thread_ts === digest?.ts && f.bytes?.subarray(1, 4).toString() === "PNG"),
    ).toBe(true);

    // Later ticks the same week find the run done.
    t.clock.advance(3_600_000);
    expect(await runTick(s)).toMatchObject({ posted: 0, resumed: 0 });
    expect(digests()).toHaveLength(1);
  });

  it("leaves the local console's workspace out: it has no Slack installation to post with", async () => {
    const local = await createTeam(t, { workspaceId: LOCAL_WORKSPACE_ID, channelId: "C0LOCAL", name: "本地团队" });
    await seedPortfolio(t.deps, local, { accounts: 4, opportunitiesPerAccount: 2, asOf: "2026-02-20", seed: 5 });
    const scope = { workspaceId: LOCAL_WORKSPACE_ID, userId: "U0LOCAL", manager: true, teams: [local] };
    await subscribe(
      t.deps,
      { workspaceId: LOCAL_WORKSPACE_ID, userId: "U0LOCAL", source: "console" },
      scope,
      "C0LOCAL",
      {
        weekday: 1,
        time: "09:00",
        timezone: "Asia/Shanghai",
        locale: "zh-CN",
      },
    );
    const s = scheduler();
    await toFirstDigestTime(s);
    expect(await runTick(s)).toMatchObject({ posted: 1 });
    expect(digests()).toHaveLength(1);
    expect(slack.messages("C0LOCAL")).toEqual([]);
    expect(await t.store.db.digestRun.count({})).toBe(1);
  });

  it("still sends the text digest when the chart upload fails", async () => {
    const s = scheduler();
    await toFirstDigestTime(s);
    slack.failNext("files.getUploadURLExternal", { error: "internal_error" });
    await runTick(s);
    expect(digests()).toHaveLength(1);
    expect(slack.files().filter((f) => f.completed)).toHaveLength(0);
    expect((await t.store.db.digestRun.findFirstOrThrow({})).status).toBe("done");
    expect(log.lines.some((l) => l.msg.includes("charts not uploaded"))).toBe(true);
  });

  it("waits out Slack's 429s (Retry-After) and posts once", async () => {
    const s = scheduler();
    await toFirstDigestTime(s);
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    const started = Date.now();
    expect((await runTick(s)).posted).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(slack.callsTo("chat.postMessage").map((c) => c.status)).toEqual([429, 429, 200]);
    expect(digests()).toHaveLength(1);
  });

  it("catches up after downtime across two periods by sending only the latest period, once", async () => {
    const s = scheduler();
    await toFirstDigestTime(s);
    await runTick(s); // W10 sent
    // Down from Monday 2 March 10:00 until Tuesday 17 March: the W11 slot passed unseen.
    await simulateWeek(t, team.id, { from: "2026-03-02", to: "2026-03-16", seed: 5 });
    t.clock.set("2026-03-17T02:00:00Z");
    for (let i = 0; i < 5; i++) {
      await runTick(s);
      t.clock.advance(30_000);
    }
    const runs = await t.store.db.digestRun.findMany({ orderBy: { periodKey: "asc" } });
    expect(runs.map((r) => [r.periodKey, r.status])).toEqual([
      ["2026-W10", "done"],
      ["2026-W12", "done"],
    ]);
    expect(digests()).toHaveLength(2);
    // W12 compares with the newest snapshot before it (W10: the app was down over W11's boundary).
    expect(textOf(digests()[1]?.blocks)).toContain("快照 2026年3月16日，对比 2026年3月2日");
  });

  it("resumes a run its crashed owner left in 'posting' after posting: finds the message, does not post again", async () => {
    const s = scheduler();
    await toFirstDigestTime(s);
    await runTick(s);
    // Recreate the crash: the run is back in "posting" with an expired lease and no ts, the message is in Slack.
    const run = await t.store.db.digestRun.findFirstOrThrow({});
    const posted = digests()[0];
    await t.store.db.digestRun.update({
      where: { id: run.id },
      data: { status: "posting", messageTs: null, leaseUntil: new Date(t.clock.now.getTime() - 1) },
    });
    const before = slack.callsTo("chat.postMessage").length;
    const report = await runTick(s);
    expect(report.resumed).toBe(1);
    expect(slack.callsTo("chat.postMessage")).toHaveLength(before);
    expect(digests()).toHaveLength(1);
    expect(proxy.historyCalls.at(-1)?.channel).toBe(CHANNEL);
    expect(await t.store.db.digestRun.findFirstOrThrow({})).toMatchObject({
      status: "done",
      messageTs: posted?.ts,
      attempts: 2,
    });
  });

  it("resumes a run left in 'posting' before the post reached Slack: posts it once", async () => {
    const s = scheduler();
    await toFirstDigestTime(s);
    const sub = await t.store.db.digestSubscription.findFirstOrThrow({});
    await runTick(s); // takes the W10 snapshot and posts; undo the post to model a crash before it went out
    const run = await t.store.db.digestRun.findFirstOrThrow({});
    slack.reset();
    await t.store.db.digestRun.update({
      where: { id: run.id },
      data: { status: "posting", messageTs: null, leaseUntil: new Date(t.clock.now.getTime() - 1) },
    });
    expect(await runTick(s)).toMatchObject({ resumed: 1 });
    expect(digests()).toHaveLength(1);
    expect(
      (digests()[0]!.metadata as { event_payload: { subscription_id: string } }).event_payload.subscription_id,
    ).toBe(sub.id);
  });

  it("leaves a run alone while another instance holds its lease", async () => {
    const s = scheduler();
    await toFirstDigestTime(s);
    const sub = await t.store.db.digestSubscription.findFirstOrThrow({});
    await t.store.db.digestRun.create({
      data: {
        subscriptionId: sub.id,
        periodKey: "2026-W10",
        status: "claimed",
        claimedBy: "other",
        claimedAt: t.clock.now,
        leaseUntil: new Date(t.clock.now.getTime() + 60_000),
      },
    });
    expect((await runTick(s)).posted).toBe(0);
    expect(digests()).toHaveLength(0);
    t.clock.advance(61_000); // the other instance died: its lease runs out and this one takes over
    expect((await runTick(s)).resumed).toBe(1);
    expect(digests()).toHaveLength(1);
  });

  it("gives a run up when Slack refuses it for good, and says why", async () => {
    const s = scheduler();
    await toFirstDigestTime(s);
    slack.failNext("chat.postMessage", { error: "channel_not_found" });
    expect((await runTick(s)).failed).toBe(1);
    expect(await t.store.db.digestRun.findFirstOrThrow({})).toMatchObject({
      status: "failed",
      error: "channel_not_found",
    });
    t.clock.advance(120_000);
    await runTick(s);
    expect(digests()).toHaveLength(0);
  });
});

describe("digest scheduler with a hundred subscribed channels", () => {
  it("posts each channel's digest once in one pass, paced per workspace, and answers 429s by waiting", async () => {
    const many = await startFakeSlack({ postMessageRateLimit: { perSecond: 1, burst: 1 } });
    const t2 = await testStore("sqlite", "2026-02-20T02:00:00Z");
    try {
      const channels = Array.from({ length: 100 }, (_, i) => `C0T${String(i).padStart(3, "0")}`);
      for (const [i, ch] of channels.entries()) {
        const tm = await createTeam(t2, { workspaceId: many.teamId, channelId: ch, name: `团队${i}` });
        await seedPortfolio(t2.deps, tm, { accounts: 1, opportunitiesPerAccount: 2, asOf: "2026-02-20", seed: i });
        await subscribe(
          t2.deps,
          { workspaceId: many.teamId, userId: "U0MGR", source: "slash" },
          { workspaceId: many.teamId, userId: "U0MGR", manager: true, teams: [tm] },
          ch,
          { weekday: 1, time: "09:00", timezone: "Asia/Shanghai", locale: "en" },
        );
      }
      // Slack pushes back once in the middle of the run (another app of the workspace was busy).
      many.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
      t2.clock.set("2026-03-02T01:00:00Z");
      const gap = 15;
      const s: Scheduler = {
        deps: t2.deps,
        log: recordingLog(),
        config: schedulerConfig(t2.clock, { charts: false, workspaceGapMs: gap, channelGapMs: 1_100 }),
        clients: slackClients(t2.deps, { botToken: many.botToken, apiUrl: many.url, log: recordingLog() }),
      };
      const report = await runTick(s);
      expect(report).toMatchObject({ snapshots: 100, posted: 100, failed: 0 });
      for (const ch of channels)
        expect(
          many.messages(ch).filter((m) => m.metadata),
          ch,
        ).toHaveLength(1);
      const calls = many.callsTo("chat.postMessage");
      const limited = calls.filter((c) => c.status === 429);
      expect(limited).toHaveLength(1);
      expect(calls.filter((c) => c.status === 200 && c.args.channel === limited[0]?.args.channel)).toHaveLength(1);
      expect(calls.filter((c) => c.status === 200)).toHaveLength(100);
      // The posts to the workspace were spaced by the pacer: no burst anywhere in the run (measured over five posts,
      // since each request's own latency shifts when the fake sees it by a few milliseconds).
      const times = calls.map((c) => c.at).sort((a, b) => a - b);
      const bursts = times.slice(5).filter((at, i) => at - (times[i] ?? 0) < 5 * gap - 15);
      expect(bursts).toEqual([]);
    } finally {
      await t2.close();
      await many.close();
    }
  }, 120_000);
});
