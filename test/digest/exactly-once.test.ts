// Exactly-once delivery with real processes: three digest workers (`node dist/src/worker.js`) on one PostgreSQL
// database, and one worker on SQLite, against the fake Slack Web API. Each worker's clock starts at KVALUE_NOW.
//   - all instances at digest time → one digest per subscription;
//   - SIGKILL between claim and post, restart → still one (the lease expires, another instance resumes);
//   - SIGKILL after chat.postMessage but before the ts is stored, restart → still one (found in the history);
//   - downtime across two periods → the latest period's digest, once; the missed one is not sent late.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIGEST_EVENT_TYPE } from "../../src/features/digest/deliver.js";
import { ensureCurrentSnapshot } from "../../src/features/digest/compose.js";
import { subscribe } from "../../src/features/digest/subscriptions.js";
import type { Provider } from "../../src/store/index.js";
import { startFakeSlack, type FakeSlack, type SlackMessage } from "../support/fake-slack.js";
import { checkPostgres } from "../store/support.js";
import { testStore, type TestStore } from "./support/env.js";
import { startHistoryProxy, type HistoryProxy } from "./support/history-proxy.js";
import { createTeam, seedPortfolio, simulateWeek } from "./support/portfolio.js";
import { startWorker, type WorkerProcess } from "./support/workers.js";

const pg = await checkPostgres();
const CHANNELS = ["C0EAST", "C0WEST", "C0NORTH", "C0SOUTH"];
const LEASE_MS = 3_000;

const isDigest = (m: SlackMessage) =>
  (m.metadata as { event_type?: string } | undefined)?.event_type === DIGEST_EVENT_TYPE;
const periodOf = (m: SlackMessage) => (m.metadata as { event_payload: { period: string } }).event_payload.period;

for (const provider of ["postgresql", "sqlite"] as const satisfies readonly Provider[]) {
  const instances = provider === "postgresql" ? 3 : 1;
  const skip = provider === "postgresql" && !pg.available;

  describe.skipIf(skip)(
    `exactly-once digests: ${instances} worker process${instances > 1 ? "es" : ""} on ${provider}`,
    () => {
      let slack: FakeSlack;
      let proxy: HistoryProxy;
      let t: TestStore;
      const teams: Awaited<ReturnType<typeof createTeam>>[] = [];
      const running: WorkerProcess[] = [];

      const worker = (name: string, now: string, extra: Record<string, string> = {}): WorkerProcess => {
        const w = startWorker(name, {
          DATABASE_URL: t.db.url,
          SLACK_BOT_TOKEN: slack.botToken,
          SLACK_API_URL: proxy.url,
          KVALUE_NOW: now,
          KVALUE_DIGEST_INTERVAL_MS: "100",
          KVALUE_DIGEST_LEASE_MS: String(LEASE_MS),
          KVALUE_DIGEST_RETRY_MS: "500",
          KVALUE_DIGEST_CHANNEL_GAP_MS: "1100",
          KVALUE_DIGEST_WORKSPACE_GAP_MS: "50",
          ...extra,
        });
        running.push(w);
        return w;
      };
      const stopAll = async () => {
        await Promise.all(running.splice(0).map((w) => w.stop()));
      };

      /** Digest messages per channel and period, as Slack shows them. */
      const posted = (): Map<string, SlackMessage[]> => {
        const by = new Map<string, SlackMessage[]>();
        for (const ch of CHANNELS)
          for (const m of slack.messages(ch).filter(isDigest)) {
            const key = `${ch}|${periodOf(m)}`;
            by.set(key, [...(by.get(key) ?? []), m]);
          }
        return by;
      };

      async function untilDone(periodKey: string, timeoutMs = 60_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const done = await t.store.db.digestRun.count({ where: { periodKey, status: "done" } });
          if (done === CHANNELS.length) return;
          if (Date.now() > deadline) {
            const runs = await t.store.db.digestRun.findMany({ where: { periodKey } });
            throw new Error(
              `runs of ${periodKey} not done: ${JSON.stringify(runs)}\n${running
                .map((w) =>
                  w.lines
                    .slice(-5)
                    .map((l) => JSON.stringify(l))
                    .join("\n"),
                )
                .join("\n")}`,
            );
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      }

      async function week(from: string, to: string, seed: number): Promise<void> {
        for (const team of teams)
          await simulateWeek(t, team.id, { from, to, seed: seed + teams.indexOf(team), share: 0.1 });
      }

      beforeAll(async () => {
        slack = await startFakeSlack({ postMessageRateLimit: { perSecond: 1, burst: 1 } });
        proxy = await startHistoryProxy(slack);
        t = await testStore(provider, "2026-02-20T02:00:00Z"); // Friday: the teams subscribe for Mondays 09:00
        for (const [i, ch] of CHANNELS.entries()) {
          const team = await createTeam(t, { workspaceId: slack.teamId, channelId: ch, name: `政企${i + 1}部` });
          teams.push(team);
          await seedPortfolio(t.deps, team, {
            accounts: 10,
            opportunitiesPerAccount: 3,
            asOf: "2026-02-20",
            seed: 10 + i,
          });
          const scope = { workspaceId: slack.teamId, userId: "U0MGR", manager: true, teams: [team] };
          await subscribe(t.deps, { workspaceId: slack.teamId, userId: "U0MGR", source: "slash" }, scope, ch, {
            weekday: 1,
            time: "09:00",
            timezone: "Asia/Shanghai",
            locale: i % 2 === 0 ? "zh-CN" : "en",
          });
        }
        // Last week's snapshots, as the instances took them at Monday 23 Feb 00:00, then a week of selling.
        t.clock.set("2026-02-22T16:00:05Z");
        for (const team of teams) await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
        await week("2026-02-23", "2026-03-02", 100);
      }, 120_000);

      afterAll(async () => {
        await stopAll();
        await t?.close();
        await proxy?.close();
        await slack?.close();
      });

      it(`sends one digest per subscription when ${instances} instance(s) reach digest time together`, async () => {
        const now = "2026-03-02T01:00:00Z"; // Monday 2 March 09:00 in Shanghai
        for (let i = 0; i < instances; i++) worker(`w${i + 1}`, now);
        await untilDone("2026-W10");
        await new Promise((r) => setTimeout(r, 1_000)); // more ticks from every instance: still nothing new
        await stopAll();

        const by = posted();
        for (const ch of CHANNELS) expect(by.get(`${ch}|2026-W10`), ch).toHaveLength(1);
        const runs = await t.store.db.digestRun.findMany({ where: { periodKey: "2026-W10" } });
        expect(runs.every((r) => r.status === "done" && r.attempts === 1 && r.messageTs)).toBe(true);
        // The week's snapshot was taken once per team, whoever got there first.
        for (const team of teams) {
          expect(await t.store.db.teamSnapshot.count({ where: { teamId: team.id, periodKey: "2026-W10" } })).toBe(1);
          const snap = await t.store.db.teamSnapshot.findFirstOrThrow({
            where: { teamId: team.id, periodKey: "2026-W10" },
          });
          expect(await t.store.db.pipelineSnapshot.count({ where: { teamId: team.id, periodKey: "2026-W10" } })).toBe(
            snap.opportunities,
          );
          expect(await t.store.db.scoreSnapshot.count({ where: { teamId: team.id, periodKey: "2026-W10" } })).toBe(10);
        }
        // Charts followed each digest in its thread, once.
        const files = slack.files().filter((f) => f.completed && f.filename.includes("2026-W10"));
        expect(files).toHaveLength(CHANNELS.length * 2);
        // The digests went out in the subscriptions' languages.
        expect(JSON.stringify(by.get("C0EAST|2026-W10")?.[0]?.blocks)).toContain("本周要点");
        expect(JSON.stringify(by.get("C0WEST|2026-W10")?.[0]?.blocks)).toContain("Headline");
      }, 120_000);

      it("sends one digest when an instance is killed between claim and post and another takes over", async () => {
        await week("2026-03-02", "2026-03-09", 200);
        const now = "2026-03-09T01:00:00Z";
        const victim = worker("victim", now, { KVALUE_DIGEST_TEST_PAUSE: "claimed:60000" });
        const paused = await victim.waitFor((l) => l.msg === "digest test pause");
        await victim.stop("SIGKILL");
        running.splice(running.indexOf(victim), 1);
        const stranded = await t.store.db.digestRun.findUniqueOrThrow({ where: { id: String(paused.run) } });
        expect(stranded).toMatchObject({ status: "claimed", claimedBy: "victim", messageTs: null });

        // The restarted instance (a few seconds later) resumes the stranded run once its lease has expired.
        for (let i = 0; i < instances; i++) worker(`r${i + 1}`, "2026-03-09T01:00:05Z");
        await untilDone("2026-W11");
        await new Promise((r) => setTimeout(r, 500));
        await stopAll();

        const by = posted();
        for (const ch of CHANNELS) expect(by.get(`${ch}|2026-W11`), ch).toHaveLength(1);
        const resumed = await t.store.db.digestRun.findUniqueOrThrow({ where: { id: stranded.id } });
        expect(resumed).toMatchObject({ status: "done", attempts: 2 });
        expect(resumed.claimedBy).not.toBe("victim");
      }, 120_000);

      it("sends one digest when an instance is killed after posting but before recording the post", async () => {
        await week("2026-03-09", "2026-03-16", 300);
        const now = "2026-03-16T01:00:00Z";
        const victim = worker("victim2", now, { KVALUE_DIGEST_TEST_PAUSE: "posting:60000" });
        const paused = await victim.waitFor((l) => l.msg === "digest test pause");
        await victim.stop("SIGKILL");
        running.splice(running.indexOf(victim), 1);
        const stranded = await t.store.db.digestRun.findUniqueOrThrow({ where: { id: String(paused.run) } });
        expect(stranded).toMatchObject({ status: "posting", messageTs: null });
        const channel = String(paused.channel);
        const inSlack = slack.messages(channel).filter((m) => isDigest(m) && periodOf(m) === "2026-W12");
        expect(inSlack).toHaveLength(1); // it did reach Slack before the kill

        for (let i = 0; i < instances; i++) worker(`s${i + 1}`, "2026-03-16T01:00:05Z");
        await untilDone("2026-W12");
        await new Promise((r) => setTimeout(r, 500));
        await stopAll();

        const by = posted();
        for (const ch of CHANNELS) expect(by.get(`${ch}|2026-W12`), ch).toHaveLength(1);
        const resumed = await t.store.db.digestRun.findUniqueOrThrow({ where: { id: stranded.id } });
        expect(resumed).toMatchObject({ status: "done", attempts: 2, messageTs: inSlack[0]?.ts });
        expect(slack.files().filter((f) => f.completed && f.thread_ts === inSlack[0]?.ts)).toHaveLength(2);
      }, 120_000);

      it("after downtime across two periods sends the latest period's digest once and skips the missed one", async () => {
        await week("2026-03-16", "2026-03-30", 400);
        const now = "2026-03-31T03:00:00Z"; // Tuesday of W14: W13's Monday slot passed while everything was down
        for (let i = 0; i < instances; i++) worker(`c${i + 1}`, now);
        await untilDone("2026-W14");
        await new Promise((r) => setTimeout(r, 1_000));
        await stopAll();

        const by = posted();
        for (const ch of CHANNELS) {
          expect(by.get(`${ch}|2026-W14`), ch).toHaveLength(1);
          expect(by.get(`${ch}|2026-W13`), ch).toBeUndefined();
        }
        const periods = (await t.store.db.digestRun.findMany({ select: { periodKey: true } })).map((r) => r.periodKey);
        expect([...new Set(periods)].sort()).toEqual(["2026-W10", "2026-W11", "2026-W12", "2026-W14"]);
        // Rate limits: every post was paced per channel; any 429 the fake still gave was retried, never dropped.
        const calls = slack.callsTo("chat.postMessage");
        expect(calls.filter((c) => c.status === 200)).toHaveLength(CHANNELS.length * 4);
      }, 120_000);
    },
  );
}
