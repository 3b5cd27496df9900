// The DigestRun claim protocol (services/digest-runs.ts) on SQLite and PostgreSQL: one claim per subscription and
// period, takeover only after the lease expires, fencing of an owner that lost its lease, and races between separate
// connection pools (as between instances) that let exactly one through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceRun, claimRun, renewLease, type ClaimResult } from "../../src/features/digest/runs.js";
import { createServiceDeps, type ServiceDeps } from "../../src/features/deps.js";
import { openStore, type Store } from "../../src/store/index.js";
import { checkPostgres } from "../store/support.js";
import { testStore, type TestStore } from "./support/env.js";
import { createTeam } from "./support/portfolio.js";

const pg = await checkPostgres();
const LEASE = 60_000;

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(provider === "postgresql" && !pg.available)(`digest run claims (${provider})`, () => {
    let t: TestStore;
    let subscriptionId: string;
    const claim = (deps: ServiceDeps, owner: string, periodKey = "2026-W10"): Promise<ClaimResult> =>
      claimRun(deps, { subscriptionId, periodKey, owner, leaseMs: LEASE, maxAttempts: 3 });

    beforeAll(async () => {
      t = await testStore(provider, "2026-03-02T01:00:00Z");
      const team = await createTeam(t, { workspaceId: "T0R", channelId: "C0R", name: "r" });
      const sub = await t.store.db.digestSubscription.create({
        data: {
          workspaceId: "T0R",
          teamId: team.id,
          channelId: "C0R",
          weekday: 1,
          time: "09:00",
          timezone: "Asia/Shanghai",
          locale: "zh-CN",
          createdBy: "U",
        },
      });
      subscriptionId = sub.id;
    });
    afterAll(async () => {
      await t?.close();
    });

    it("claims once; a live lease keeps others out; an expired one is taken over and fences the old owner", async () => {
      const first = await claim(t.deps, "a");
      if (first.kind !== "claimed") throw new Error(first.kind);
      expect(first.lease).toMatchObject({ status: "claimed", attempts: 1, owner: "a" });
      expect((await claim(t.deps, "b")).kind).toBe("busy");

      // "a" stops renewing (killed): after the lease, "b" takes over with attempt 2.
      t.clock.advance(LEASE + 1);
      const second = await claim(t.deps, "b");
      if (second.kind !== "claimed") throw new Error(second.kind);
      expect(second.lease).toMatchObject({ attempts: 2, owner: "b", status: "claimed" });
      // "a" wakes up: every write it tries is refused.
      expect(await renewLease(t.deps, first.lease, LEASE)).toBe(false);
      expect(await advanceRun(t.deps, first.lease, "posting")).toBe(false);
      expect(await advanceRun(t.deps, second.lease, "posting")).toBe(true);
      expect(await advanceRun(t.deps, second.lease, "posted", { messageTs: "1.000100" })).toBe(true);
      expect(await advanceRun(t.deps, second.lease, "done")).toBe(true);
      t.clock.advance(LEASE * 10);
      expect((await claim(t.deps, "c")).kind).toBe("finished");
    });

    it("reports a run taken over too often as exhausted", async () => {
      const p = "2026-W11";
      expect((await claim(t.deps, "a", p)).kind).toBe("claimed");
      for (const owner of ["b", "c"]) {
        t.clock.advance(LEASE + 1);
        expect((await claim(t.deps, owner, p)).kind).toBe("claimed");
      }
      t.clock.advance(LEASE + 1);
      const last = await claim(t.deps, "d", p);
      expect(last.kind).toBe("exhausted");
    });

    it("lets exactly one of several instances (separate pools) claim, and exactly one take over", async () => {
      const stores: Store[] = await Promise.all([1, 2, 3].map(() => openStore(t.db.url)));
      try {
        const depsOf = (s: Store): ServiceDeps => createServiceDeps(s, { now: t.deps.now });
        for (let round = 0; round < 10; round++) {
          const period = `2027-W${String(round + 10).padStart(2, "0")}`;
          const results = await Promise.all(stores.map((s, i) => claim(depsOf(s), `i${i}`, period)));
          expect(
            results.filter((r) => r.kind === "claimed"),
            period,
          ).toHaveLength(1);
          t.clock.advance(LEASE + 1);
          const takeovers = await Promise.all(stores.map((s, i) => claim(depsOf(s), `j${i}`, period)));
          expect(
            takeovers.filter((r) => r.kind === "claimed"),
            period,
          ).toHaveLength(1);
        }
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });
}
