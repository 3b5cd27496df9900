// /healthz, /readyz and the graceful shutdown of the real Bolt app over HTTP (test/slack harness: a migrated store,
// the fake Slack Web API). A slash command is kept in flight by delaying its card at the response_url, and the
// shutdown starts while it is: /readyz turns 503, new requests are refused, the card still arrives, then the port
// closes. The same app in every mode serves these routes; Socket Mode serves them from startOpsServer (tested below).
import { Agent, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createServiceDeps } from "../../src/features/deps.js";
import { readiness } from "../../src/features/ops/service.js";
import { openStore } from "../../src/store/index.js";
import { Lifecycle } from "../../src/slack/lifecycle.js";
import { closeServer, opsRoutes, portOf, startOpsServer } from "../../src/slack/ops-routes.js";
import { sendSlashCommand } from "../support/slack-request.js";
import { REP, SALES, SIGNING_SECRET, startHarness, type Harness } from "../slack/harness.js";

const get = async (base: string, path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("health, readiness and graceful shutdown over HTTP", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close().catch(() => {}); // the listener may already be closed by the shutdown under test
    h = undefined;
  });

  it("answers /healthz and /readyz, and /readyz names the migrations a database lacks", async () => {
    h = await startHarness({ demo: false });
    expect(await get(h.base, "/healthz")).toEqual({ status: 200, body: { status: "ok" } });
    expect(await get(h.base, "/readyz")).toEqual({ status: 200, body: { status: "ready" } });

    // A database one migration behind this build (as after an upgrade whose migration was not applied): not ready.
    const [last] = await h.store.db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`,
    );
    const name = String(last?.migration_name);
    await h.store.db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE "migration_name" = '${name}'`);
    const r = await get(h.base, "/readyz");
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ ready: false, reason: "migrations", pending: [name] });
    // Still alive: liveness does not depend on the database.
    expect((await get(h.base, "/healthz")).status).toBe(200);
  });

  it("keeps idle keep-alive connections longer than a balancer (60 s), not Node's 5 s", async () => {
    h = await startHarness({ demo: false });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const healthz = () =>
      new Promise<{ status: number; keepAlive: string; reused: boolean }>((resolve, reject) => {
        const req = request(`${h?.base}/healthz`, { agent }, (res) => {
          res.resume();
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              keepAlive: String(res.headers["keep-alive"]),
              reused: req.reusedSocket,
            }),
          );
        });
        req.on("error", reject);
        req.end();
      });
    try {
      // What the server announces is what a balancer's (and Node's own agent's) idle timeout is measured against.
      expect(await healthz()).toEqual({ status: 200, keepAlive: "timeout=65", reused: false });
      await new Promise((r) => setTimeout(r, 7_000));
      // Past Node's default (5 s, which the agent honours a second early): the same socket, still open.
      expect(await healthz()).toMatchObject({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 20_000);

  it("reports a database that does not answer as not ready", async () => {
    // A PostgreSQL address where nothing listens: the pool cannot connect, as when the database server is down.
    const store = await openStore("postgresql://postgres@127.0.0.1:9/kvalue?connect_timeout=2");
    const deps = createServiceDeps(store);
    const server = await startOpsServer(
      opsRoutes({ deps, lifecycle: new Lifecycle(), log: { warn: () => {} } }),
      0,
      "127.0.0.1",
    );
    try {
      expect(await readiness(deps)).toMatchObject({ ready: false, reason: "database" });
      const base = `http://127.0.0.1:${portOf(server)}`;
      expect(await get(base, "/readyz")).toEqual({ status: 503, body: { status: "database_unavailable" } });
      expect((await get(base, "/healthz")).status).toBe(200);
    } finally {
      await closeServer(server);
      await store.close();
    }
  });

  it("finishes a request in flight during shutdown, refuses new ones and answers /readyz 503 meanwhile", async () => {
    h = await startHarness();
    const { slack, base } = h;
    // The card of the next command reaches Slack only after 1.5 s: the command is in flight until then.
    slack.failNext("response_url", { delayMs: 1_500 });
    const first = await sendSlashCommand(
      base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, text: "help" },
      { slack },
    );
    expect(first.status).toBe(200); // acked at once
    await slack.waitFor("users.info", undefined, 5_000).catch(() => undefined);
    expect(h.running.lifecycle.inFlight).toBe(1);

    let finished = false;
    const stopping = h.running.shutdown(10_000).then((drained) => {
      finished = true;
      return drained;
    });
    // Draining: not ready, and a new Slack request is refused (Slack retries it on another instance).
    expect(await get(base, "/readyz")).toEqual({ status: 503, body: { status: "shutting_down" } });
    const refused = await sendSlashCommand(
      base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, text: "help" },
      { slack },
    );
    expect(refused.status).toBe(503);
    expect(finished).toBe(false);

    expect(await stopping).toBe(true);
    // The card of the request in flight was delivered before the shutdown finished; the refused one had none.
    const cards = slack.callsTo("response_url");
    expect(cards.map((c) => c.responseUrl)).toEqual([first.responseUrl]);
    expect(cards[0]?.status).toBe(200);
    expect(h.running.lifecycle.inFlight).toBe(0);
    // And the port is closed.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it("bounds the wait: a request still in flight after the drain time is cut off", async () => {
    h = await startHarness();
    const { slack, base } = h;
    slack.failNext("response_url", { delayMs: 4_000 });
    const res = await sendSlashCommand(
      base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, text: "help" },
      { slack },
    );
    expect(res.status).toBe(200);
    const started = Date.now();
    expect(await h.running.shutdown(300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe("the ops listener of Socket Mode", () => {
  it("serves /healthz and /readyz on its own port and turns /readyz 503 once draining", async () => {
    const h = await startHarness({ demo: false });
    const lifecycle = new Lifecycle();
    const server = await startOpsServer(
      opsRoutes({ deps: h.deps, lifecycle, log: { warn: () => {} } }),
      0,
      "127.0.0.1",
    );
    const base = `http://127.0.0.1:${portOf(server)}`;
    try {
      expect(await get(base, "/healthz")).toEqual({ status: 200, body: { status: "ok" } });
      expect(await get(base, "/readyz")).toEqual({ status: 200, body: { status: "ready" } });
      expect((await fetch(`${base}/slack/events`, { method: "POST" })).status).toBe(404);
      expect((await fetch(`${base}/readyz`, { method: "POST" })).status).toBe(405);
      // A request in flight keeps the drain open until it settles.
      let release = () => {};
      void lifecycle.track(() => new Promise<void>((r) => (release = r)));
      const draining = lifecycle.drain(5_000);
      expect(await get(base, "/readyz")).toEqual({ status: 503, body: { status: "shutting_down" } });
      release();
      expect(await draining).toBe(true);
    } finally {
      await closeServer(server);
      await h.close();
    }
  });
});
