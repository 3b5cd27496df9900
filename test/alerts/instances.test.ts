// Once-only alert DMs with two processes on one PostgreSQL database: an app instance (`dist/src/main.js`) and a worker
// (`dist/src/worker.js`) reach 09:00 together, each with its own pool, Slack client and scheduler. Eleven users have
// alerts; each gets exactly one DM (one chat.postMessage each, one done AlertBatch each), and later ticks of both
// processes send nothing more. Next day, the instance holding a batch is SIGKILLed after its DM reached Slack but
// before it recorded it: the other one takes the batch over once the lease ran out, finds the DM in the
// conversation's history by its batch id, and records it without posting again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateFacts } from "../../src/features/accounts/service.js";
import { ALERTS_EVENT_TYPE } from "../../src/features/alerts/deliver.js";
import { loadDemo } from "../../src/features/demo/service.js";
import { resolveScope } from "../../src/features/teams/scope.js";
import { testStore, type TestStore } from "../digest/support/env.js";
import { startHistoryProxy, type HistoryProxy } from "../digest/support/history-proxy.js";
import { startWorker, type WorkerProcess } from "../digest/support/workers.js";
import { startFakeSlack, type FakeSlack, type SlackMessage } from "../support/fake-slack.js";
import { checkPostgres } from "../store/support.js";

const pg = await checkPostgres();
const CHANNEL = "C0SALES";
const REP = "U0REP";
const OWNERS = Array.from({ length: 10 }, (_, i) => `U0OWNER${String(i + 1).padStart(2, "0")}`);
const SEEDED_AT = "2026-03-03T02:00:00Z"; // Tuesday 10:00 in Shanghai: the demo, and REP's changes of the day
const START_AT = "2026-03-04T01:00:30Z"; // Wednesday 09:00:30 in Shanghai: the day's alerts are due

const isAlert = (m: SlackMessage) =>
  (m.metadata as { event_type?: string } | undefined)?.event_type === ALERTS_EVENT_TYPE;

describe.skipIf(!pg.available)("once-only alert DMs: an app instance and a worker on PostgreSQL", () => {
  let slack: FakeSlack;
  let t: TestStore;
  let proxy: HistoryProxy;
  const running: WorkerProcess[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    proxy = await startHistoryProxy(slack);
    t = await testStore("postgresql", SEEDED_AT);
    const actor = { workspaceId: slack.teamId, userId: REP, source: "demo" as const };
    await loadDemo(t.deps, actor, CHANNEL);
    // The other reps' accounts get Slack users as owners, and REP changes one fact on each of them (a change by
    // someone else for each owner); the demo's colleague changed one of REP's accounts the day before.
    const others = await t.store.db.account.findMany({
      where: { workspaceId: slack.teamId, NOT: { ownerUserId: REP } },
      orderBy: { name: "asc" },
      select: { id: true },
    });
    expect(others.length).toBeGreaterThanOrEqual(OWNERS.length);
    const scope = await resolveScope(t.deps, { workspaceId: slack.teamId, userId: REP });
    for (const [i, a] of others.entries()) {
      await t.store.db.account.update({ where: { id: a.id }, data: { ownerUserId: OWNERS[i % OWNERS.length] } });
      if (i < OWNERS.length)
        await updateFacts(t.deps, { ...actor, source: "slash" }, scope, a.id, { relationship_years: 17 });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.splice(0).map((w) => w.stop()));
    await t?.close();
    await proxy?.close();
    await slack?.close();
  });

  it("sends each user exactly one DM when both processes reach alert time together", async () => {
    const env = {
      DATABASE_URL: t.db.url,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: "kvalue-alerts-secret",
      SLACK_API_URL: slack.url,
      PORT: "0",
      KVALUE_NOW: START_AT,
      KVALUE_ALERTS: "on",
      KVALUE_ALERTS_INTERVAL_MS: "100",
      KVALUE_DIGEST_LEASE_MS: "3000",
      KVALUE_DIGEST_RETRY_MS: "500",
    };
    running.push(startWorker("app-1", env, "dist/src/main.js"), startWorker("worker-1", env));
    await Promise.all(running.map((w) => w.waitFor((l) => l.msg === "alert scheduler started", 60_000)));

    const recipients = [REP, ...OWNERS];
    const deadline = Date.now() + 60_000;
    while ((await t.store.db.alertBatch.count({ where: { status: "done" } })) < recipients.length) {
      if (Date.now() > deadline) {
        const batches = await t.store.db.alertBatch.findMany();
        throw new Error(`alert batches not done: ${JSON.stringify(batches)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1_500)); // more ticks of both processes: still nothing new
    await Promise.all(running.splice(0).map((w) => w.stop()));

    for (const user of recipients) {
      const dms = slack.messages(`D${user.slice(1)}`).filter(isAlert);
      expect(dms, user).toHaveLength(1);
    }
    const posts = slack.callsTo("chat.postMessage").filter((c) => c.status === 200);
    expect(posts).toHaveLength(recipients.length);
    const batches = await t.store.db.alertBatch.findMany({ include: { setting: true } });
    expect(batches.map((b) => b.setting.userId).sort()).toEqual([...recipients].sort());
    expect(batches.every((b) => b.periodKey === "2026-03-04" && b.status === "done" && b.messageTs)).toBe(true);
    // What each DM says is its owner's: REP hears of the colleague, an owner of REP's change on their account.
    const rep = slack.messages(`D${REP.slice(1)}`).find(isAlert);
    expect(JSON.stringify(rep?.blocks)).toContain("陈静");
    const owner = slack.messages(`D${OWNERS[0]?.slice(1)}`).find(isAlert);
    expect(JSON.stringify(owner?.blocks)).toContain(`<@${REP}>`);
  }, 180_000);

  it("a batch whose owner died between the post and its record is recorded once, not posted twice", async () => {
    // During 4 March REP changes one fact on each owner's account again.
    t.clock.set("2026-03-04T04:00:00Z");
    const scope = await resolveScope(t.deps, { workspaceId: slack.teamId, userId: REP });
    const owned = await t.store.db.account.findMany({
      where: { workspaceId: slack.teamId, ownerUserId: { in: OWNERS } },
      orderBy: { name: "asc" },
      select: { id: true, ownerUserId: true },
    });
    const seen = new Set<string>();
    for (const a of owned) {
      if (seen.has(a.ownerUserId ?? "")) continue;
      seen.add(a.ownerUserId ?? "");
      await updateFacts(t.deps, { workspaceId: slack.teamId, userId: REP, source: "slash" }, scope, a.id, {
        relationship_years: 18,
      });
    }
    const posted = () => slack.callsTo("chat.postMessage").filter((c) => c.status === 200).length;
    const before = posted();
    const env = {
      DATABASE_URL: t.db.url,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_API_URL: proxy.url,
      KVALUE_NOW: "2026-03-05T01:00:30Z", // Thursday 09:00:30 in Shanghai
      KVALUE_ALERTS: "on",
      KVALUE_ALERTS_INTERVAL_MS: "100",
      KVALUE_DIGEST_LEASE_MS: "3000",
      KVALUE_DIGEST_RETRY_MS: "500",
    };
    const first = startWorker("doomed", { ...env, KVALUE_DIGEST_TEST_PAUSE: "posting:60000" });
    running.push(first);
    const paused = await first.waitFor((l) => l.msg === "alert test pause", 60_000);
    expect(posted()).toBe(before + 1); // the DM reached Slack; its batch still says "posting"
    await first.stop("SIGKILL");
    running.splice(running.indexOf(first), 1);
    const held = await t.store.db.alertBatch.findUniqueOrThrow({ where: { id: String(paused.batch) } });
    expect(held.status).toBe("posting");

    running.push(startWorker("survivor", env));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const batches = await t.store.db.alertBatch.findMany({ where: { periodKey: "2026-03-05" } });
      if (batches.length >= OWNERS.length && batches.every((b) => b.status === "done")) break;
      if (Date.now() > deadline) throw new Error(`batches of 5 March not done: ${JSON.stringify(batches)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    await Promise.all(running.splice(0).map((w) => w.stop()));

    const batches = await t.store.db.alertBatch.findMany({
      where: { periodKey: "2026-03-05" },
      include: { setting: true },
    });
    expect(posted() - before).toBe(batches.length); // one post per batch, the killed one included
    for (const b of batches) {
      const dms = slack
        .messages(`D${b.setting.userId.slice(1)}`)
        .filter(
          (m) => isAlert(m) && (m.metadata as { event_payload?: { run_id?: string } }).event_payload?.run_id === b.id,
        );
      expect(dms, b.setting.userId).toHaveLength(1);
      expect(b.messageTs).toBe(dms[0]?.ts);
    }
    const taken = batches.find((b) => b.id === held.id);
    expect(taken).toMatchObject({ status: "done", attempts: 2, claimedBy: "survivor" });
    expect(proxy.historyCalls.length).toBeGreaterThan(0);
  }, 180_000);
});
