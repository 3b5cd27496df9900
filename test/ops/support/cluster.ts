// Several app instances (`node dist/src/main.js`: HTTP receiver and digest scheduler) on one fresh PostgreSQL
// database, behind the round-robin proxy, against one fake Slack — for test/ops/instances.test.ts and
// bench/instances.ts. The database holds the demo portfolio in #sales, its members, and a weekly digest subscription
// (Mondays 09:00 Shanghai) that is due the moment the instances start: their clock starts at Monday 09:00:30.
import { Agent } from "node:http";
import { demoPortfolio } from "../../../src/features/demo/portfolio.js";
import { loadDemo } from "../../../src/features/demo/service.js";
import { createServiceDeps, today } from "../../../src/features/deps.js";
import { DIGEST_EVENT_TYPE } from "../../../src/features/digest/deliver.js";
import { subscribe } from "../../../src/features/digest/subscriptions.js";
import { syncMembers } from "../../../src/features/teams/service.js";
import { migrate, openStore, type Store } from "../../../src/store/index.js";
import { startWorker, type LogLine, type WorkerProcess } from "../../digest/support/workers.js";
import { postgresDatabase, type TestDatabase } from "../../store/support.js";
import { startFakeSlack, textOf, type FakeSlack, type SlackMessage } from "../../support/fake-slack.js";
import { startRoundRobinProxy, type RoundRobinProxy } from "../../support/round-robin-proxy.js";
import { sendSlashCommand } from "../../support/slack-request.js";

const SECRET = "kvalue-cluster-signing-secret";
export const CHANNEL = "C0SALES";
/** One user per concurrent client, all members of #sales. */
export const USERS = Array.from({ length: 30 }, (_, i) => `U0REP${String(i + 1).padStart(2, "0")}`);
const SEEDED_AT = new Date("2026-02-20T02:00:00Z"); // Friday 10:00 in Shanghai: the demo and the subscription
const INSTANCES_START_AT = "2026-02-23T01:00:30Z"; // Monday 09:00:30 in Shanghai: the first digest is due
export const DIGEST_PERIOD = "2026-W09";

export interface LoadResult {
  commands: number;
  /** Sending the first command → the last card received. */
  seconds: number;
  /** Commands whose ack was not 200, or whose card was missing, refused or not the account's card. */
  errors: string[];
}

export interface Cluster {
  readonly slack: FakeSlack;
  readonly proxy: RoundRobinProxy;
  readonly instances: readonly WorkerProcess[];
  readonly store: Store;
  /** `n` slash commands `/kvalue <demo account>`, `concurrency` at a time, through the proxy; waits for every card. */
  load(n: number, concurrency: number): Promise<LoadResult>;
  /** Waits until the digest run of the week is done (or failed); throws after `timeoutMs`. */
  digestSettled(timeoutMs?: number): Promise<void>;
  /** The digest messages Slack shows in #sales. */
  digests(): SlackMessage[];
  /** Log lines at error level or above, of every instance (the Slack SDK's own "[WARN] …" lines are warnings). */
  errorLines(): (LogLine & { instance: string })[];
  close(): Promise<void>;
}

const isDigest = (m: SlackMessage) =>
  (m.metadata as { event_type?: string } | undefined)?.event_type === DIGEST_EVENT_TYPE;

/** `slackLatencyMs`: how long the fake Slack takes to answer each call (see FakeSlackOptions.latencyMs).
 *  `keepAlive`: the load generator and the proxy keep their connections, so the bench's own CPU per card is small
 *  next to the app's (bench/instances.ts). */
export async function startCluster(o: {
  instances: number;
  slackLatencyMs?: number;
  keepAlive?: boolean;
}): Promise<Cluster> {
  const slack = await startFakeSlack(o.slackLatencyMs ? { latencyMs: o.slackLatencyMs } : {});
  for (const u of USERS) slack.setUser(u, { locale: "zh-CN" });
  slack.setChannelMembers(CHANNEL, USERS, { name: "sales" });
  let db: TestDatabase | undefined;
  let store: Store | undefined;
  const instances: WorkerProcess[] = [];
  try {
    db = await postgresDatabase();
    store = await openStore(db.url);
    await migrate(store);
    const deps = createServiceDeps(store, { now: () => SEEDED_AT });
    const ws = slack.teamId;
    await loadDemo(deps, { workspaceId: ws, userId: USERS[0] ?? "", source: "demo" }, CHANNEL);
    const team = await store.db.team.findFirstOrThrow({ where: { workspaceId: ws, channelId: CHANNEL } });
    await syncMembers(deps, team.id, USERS);
    const ref = { id: team.id, name: team.name, channelId: team.channelId };
    await subscribe(
      deps,
      { workspaceId: ws, userId: USERS[0] ?? "", source: "slash" },
      { workspaceId: ws, userId: USERS[0] ?? "", manager: true, teams: [ref] },
      CHANNEL,
      { weekday: 1, time: "09:00", timezone: "Asia/Shanghai", locale: "zh-CN" },
    );
    const names = demoPortfolio(today(deps)).accounts.map((a) => a.name);

    for (let i = 0; i < o.instances; i++)
      instances.push(
        startWorker(
          `instance-${i + 1}`,
          {
            DATABASE_URL: db.url,
            SLACK_BOT_TOKEN: slack.botToken,
            SLACK_SIGNING_SECRET: SECRET,
            SLACK_API_URL: slack.url,
            PORT: "0",
            KVALUE_NOW: INSTANCES_START_AT,
            KVALUE_DIGEST_INTERVAL_MS: "200",
            KVALUE_DIGEST_CHARTS: "off",
            KVALUE_DIGEST_CHANNEL_GAP_MS: "1",
            KVALUE_DIGEST_WORKSPACE_GAP_MS: "1",
          },
          "dist/src/main.js",
        ),
      );
    const ports = await Promise.all(
      instances.map(async (p) => Number((await p.waitFor((l) => l.msg === "kvalue is running", 60_000)).port)),
    );
    const proxy = await startRoundRobinProxy(ports, { keepAlive: o.keepAlive === true });
    const opened = store;
    const database = db;

    return {
      slack,
      proxy,
      instances,
      store: opened,
      async load(n, concurrency) {
        const errors: string[] = [];
        let next = 0;
        const agent = o.keepAlive ? new Agent({ keepAlive: true, maxSockets: concurrency }) : undefined;
        const one = async (i: number) => {
          const name = names[i % names.length] ?? "";
          const res = await sendSlashCommand(
            proxy.origin,
            SECRET,
            { user_id: USERS[i % USERS.length] ?? "", channel_id: CHANNEL, text: name },
            agent ? { slack, agent } : { slack },
          );
          if (res.status !== 200)
            return void errors.push(
              `command ${i}: ack ${res.status} ${res.body.slice(0, 100)} ${proxy.failures.at(-1) ?? ""}`,
            );
          const card = await slack
            .waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 60_000)
            .catch(() => null);
          if (!card) return void errors.push(`command ${i}: no card`);
          if (card.status !== 200) return void errors.push(`command ${i}: card refused ${card.status}`);
          if (!textOf(card.args.blocks).includes(name)) errors.push(`command ${i}: not the card of ${name}`);
        };
        const started = performance.now();
        await Promise.all(
          Array.from({ length: Math.min(concurrency, n) }, async () => {
            while (next < n) await one(next++);
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        agent?.destroy();
        return { commands: n, seconds, errors };
      },
      async digestSettled(timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const runs = await opened.db.digestRun.findMany({ where: { periodKey: DIGEST_PERIOD } });
          if (runs.length > 0 && runs.every((r) => r.status === "done" || r.status === "failed")) return;
          if (Date.now() > deadline) throw new Error(`digest of ${DIGEST_PERIOD} not settled: ${JSON.stringify(runs)}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      },
      digests: () => slack.messages(CHANNEL).filter(isDigest),
      errorLines: () =>
        instances.flatMap((p) =>
          p.lines
            .filter((l) => l.level >= 50 && !/^\[(WARN|INFO|DEBUG)\]/.test(l.msg))
            .map((l) => ({ ...l, instance: p.name })),
        ),
      async close() {
        await Promise.all(instances.map((p) => p.stop()));
        await proxy.close();
        await opened.close();
        await database.drop();
        await slack.close();
      },
    };
  } catch (e) {
    await Promise.all(instances.map((p) => p.stop("SIGKILL")));
    await store?.close();
    await db?.drop();
    await slack.close();
    throw e;
  }
}
