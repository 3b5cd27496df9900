// SIGTERM on a real app process (`node dist/src/main.js`: HTTP receiver and digest scheduler) beside a second
// instance on one PostgreSQL database. The first instance holds a digest run (paused between claim and post, its
// lease one minute long) and a slash command in flight (its card delayed at the response_url) when it is told to stop:
//   - /readyz answers 503 at once and the process keeps serving the request in flight; the card arrives; exit 0;
//   - the digest lease is freed on the way out, so the second instance posts that digest within seconds, not after
//     the lease — and exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIGEST_EVENT_TYPE } from "../../src/features/digest/deliver.js";
import { ensureCurrentSnapshot } from "../../src/features/digest/compose.js";
import { subscribe } from "../../src/features/digest/subscriptions.js";
import { testStore, type TestStore } from "../digest/support/env.js";
import { createTeam, seedPortfolio, simulateWeek } from "../digest/support/portfolio.js";
import { startWorker, type WorkerProcess } from "../digest/support/workers.js";
import { startFakeSlack, type FakeSlack, type SlackMessage } from "../support/fake-slack.js";
import { sendSlashCommand } from "../support/slack-request.js";
import { checkPostgres } from "../store/support.js";

const pg = await checkPostgres();
const CHANNEL = "C0EAST";
const SECRET = "kvalue-shutdown-secret";
const LEASE_MS = 60_000;
const isDigest = (m: SlackMessage) =>
  (m.metadata as { event_type?: string } | undefined)?.event_type === DIGEST_EVENT_TYPE;

describe.skipIf(!pg.available)("SIGTERM on an app instance beside another (PostgreSQL)", () => {
  let slack: FakeSlack;
  let t: TestStore;
  const procs: WorkerProcess[] = [];

  const instance = (name: string, extra: Record<string, string> = {}) => {
    const p = startWorker(
      name,
      {
        DATABASE_URL: t.db.url,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.url,
        PORT: "0",
        KVALUE_NOW: "2026-03-02T01:00:00Z", // Monday 09:00 in Shanghai: the digest is due
        KVALUE_DIGEST_INTERVAL_MS: "100",
        KVALUE_DIGEST_LEASE_MS: String(LEASE_MS),
        KVALUE_DIGEST_CHANNEL_GAP_MS: "1",
        KVALUE_DIGEST_WORKSPACE_GAP_MS: "1",
        KVALUE_DIGEST_CHARTS: "off",
        ...extra,
      },
      "dist/src/main.js",
    );
    procs.push(p);
    return p;
  };
  const portOf = async (p: WorkerProcess) => Number((await p.waitFor((l) => l.msg === "kvalue is running")).port);

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.setUser("U0MGR", { locale: "en" });
    t = await testStore("postgresql", "2026-02-20T02:00:00Z");
    const team = await createTeam(t, { workspaceId: slack.teamId, channelId: CHANNEL, name: "政企一部" });
    await seedPortfolio(t.deps, team, { accounts: 6, opportunitiesPerAccount: 2, asOf: "2026-02-20", seed: 7 });
    const scope = { workspaceId: slack.teamId, userId: "U0MGR", manager: true, teams: [team] };
    await subscribe(t.deps, { workspaceId: slack.teamId, userId: "U0MGR", source: "slash" }, scope, CHANNEL, {
      weekday: 1,
      time: "09:00",
      timezone: "Asia/Shanghai",
      locale: "en",
    });
    t.clock.set("2026-02-22T16:00:05Z");
    await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
    await simulateWeek(t, team.id, { from: "2026-02-23", to: "2026-03-02", seed: 3, share: 0.2 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop("SIGKILL")));
    await t?.close();
    await slack?.close();
  });

  it("finishes the request in flight, answers /readyz 503, exits 0 and hands the digest over at once", async () => {
    const a = instance("a", { KVALUE_DIGEST_TEST_PAUSE: "claimed:60000" });
    const aPort = await portOf(a);
    const paused = await a.waitFor((l) => l.msg === "digest test pause");
    const b = instance("b");
    await portOf(b);
    const run = await t.store.db.digestRun.findUniqueOrThrow({ where: { id: String(paused.run) } });
    expect(run).toMatchObject({ status: "claimed", claimedBy: "a" });
    // Its lease runs a minute (on the instances' clock): B alone would wait most of it.
    expect(run.leaseUntil.getTime() - run.claimedAt.getTime()).toBe(LEASE_MS);

    const base = `http://127.0.0.1:${aPort}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    slack.failNext("response_url", { delayMs: 1_500 });
    const res = await sendSlashCommand(
      base,
      SECRET,
      { user_id: "U0MGR", channel_id: CHANNEL, text: "help" },
      { slack },
    );
    expect(res.status).toBe(200);

    const signalled = Date.now();
    a.proc.kill("SIGTERM");
    await a.waitFor((l) => l.msg === "shutting down");
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503); // still answering while it drains
    expect(await a.exited).toBe(0);

    // The card of the command in flight was delivered before the process went away.
    const card = slack.callsTo("response_url").find((c) => c.responseUrl === res.responseUrl);
    expect(card?.status).toBe(200);
    expect(a.lines.some((l) => l.msg === "digest run handed over: this instance is shutting down")).toBe(true);

    // B takes the run over on its next tick and posts the digest, long before A's lease would have expired.
    for (;;) {
      const r = await t.store.db.digestRun.findUniqueOrThrow({ where: { id: run.id } });
      if (r.status === "done") {
        expect(r).toMatchObject({ claimedBy: "b", attempts: 2 });
        break;
      }
      // Well inside A's one-minute lease (the margin is for a loaded machine: typically a few seconds).
      expect(Date.now() - signalled).toBeLessThan(LEASE_MS - 15_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500)); // more ticks of B: nothing new
    expect(slack.messages(CHANNEL).filter(isDigest)).toHaveLength(1);
    await b.stop();
    expect(await b.exited).toBe(0);
  }, 90_000);
});
