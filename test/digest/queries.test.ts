// The digest's data gathering runs a fixed number of SQL statements whatever the portfolio size (counted at the driver
// adapter, so nested Prisma loads and chunked IN lists would show), on SQLite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServiceDeps } from "../../src/features/deps.js";
import { composeDigest, ensureCurrentSnapshot } from "../../src/features/digest/compose.js";
import { checkPostgres } from "../store/support.js";
import { openCountingStore } from "./support/counting-store.js";
import { testStore, type TestStore } from "./support/env.js";
import { createTeam, seedPortfolio, simulateWeek } from "./support/portfolio.js";

const pg = await checkPostgres();

async function queriesPerDigest(
  t: TestStore,
  accounts: number,
  charts: boolean,
): Promise<{ queries: number; statements: string[] }> {
  const team = await createTeam(t, {
    workspaceId: "T0Q",
    channelId: `C0Q${accounts}${charts ? "C" : ""}`,
    name: `q${accounts}`,
  });
  t.clock.set("2026-02-22T16:00:05Z");
  await seedPortfolio(t.deps, team, { accounts, opportunitiesPerAccount: 4, asOf: "2026-02-22", seed: accounts });
  await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
  await simulateWeek(t, team.id, { from: "2026-02-23", to: "2026-03-02" });
  t.clock.set("2026-03-02T01:00:00Z");
  await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
  const counting = openCountingStore(t.db.url);
  try {
    const deps = createServiceDeps(counting, { now: t.deps.now });
    const digest = await composeDigest(deps, team, "2026-W10", { charts });
    expect(digest?.bridge?.rowCount).toBeGreaterThan(0);
    return { queries: counting.counter.queries, statements: counting.counter.statements };
  } finally {
    await counting.close();
  }
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(provider === "postgresql" && !pg.available)(`queries per digest (${provider})`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await testStore(provider, "2026-02-22T16:00:05Z");
    });
    afterAll(async () => {
      await t?.close();
    });

    it("is the same for 30 and for 400 accounts (1,600 opportunities, beyond SQLite's 999 bound values per statement)", async () => {
      const small = await queriesPerDigest(t, 30, true);
      const large = await queriesPerDigest(t, 400, true);
      expect(large.queries).toBe(small.queries);
      expect(small.queries).toBeLessThanOrEqual(15);
      // The preview skips the chart's points: one statement fewer, still constant.
      expect((await queriesPerDigest(t, 60, false)).queries).toBe(small.queries - 1);
    }, 120_000);
  });
}
