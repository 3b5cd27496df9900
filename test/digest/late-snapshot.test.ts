// A week's snapshot describes the pipeline as its Monday began, whenever it is taken: a preview on Tuesday (or a
// catch-up) must not see what happened on Monday or later, which the headline counts in the next week. Deals closed
// on Monday, advanced on Tuesday and created on Monday stand in the snapshot as they stood at Monday 00:00; the
// digest's headline, flows and bridge then tell the same week. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advanceDeal, changeDeal, visibleDeal } from "../../src/features/deals/service.js";
import { ensureCurrentSnapshot } from "../../src/features/digest/compose.js";
import { flowTotals } from "../../src/features/digest/flows.js";
import type { Digest } from "../../src/features/digest/types.js";
import { importFile } from "../../src/features/import-export/service.js";
import { checkPostgres } from "../store/support.js";
import { testStore, weekDigest, type TestStore } from "./support/env.js";
import { createTeam, seedPortfolio } from "./support/portfolio.js";

const pg = await checkPostgres();

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(provider === "postgresql" && !pg.available)(`a snapshot taken late (${provider})`, () => {
    let t: TestStore;
    let digest: Digest;
    const ids: Record<"lostInWeek" | "lostMonday" | "advancedTuesday", { id: string; stage: string }> = {
      lostInWeek: { id: "", stage: "" },
      lostMonday: { id: "", stage: "" },
      advancedTuesday: { id: "", stage: "" },
    };
    const rows = (periodKey: string) => t.store.db.pipelineSnapshot.findMany({ where: { periodKey } });

    beforeAll(async () => {
      t = await testStore(provider, "2026-02-22T16:00:05Z"); // Monday 23 Feb 00:00:05 in Shanghai
      const team = await createTeam(t, { workspaceId: "T0L", channelId: "C0L", name: "迟到组" });
      await seedPortfolio(t.deps, team, { accounts: 10, opportunitiesPerAccount: 2, asOf: "2026-02-22", seed: 8 });
      await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
      const open = await t.store.db.opportunity.findMany({
        where: { account: { teamId: team.id }, stage: { in: ["S1", "S2", "S3", "S4"] } },
        orderBy: { id: "asc" },
        take: 3,
      });
      const [a, b, c] = open;
      if (!a || !b || !c) throw new Error("the seed has too few open deals");
      ids.lostInWeek = { id: a.id, stage: a.stage };
      ids.lostMonday = { id: b.id, stage: b.stage };
      ids.advancedTuesday = { id: c.id, stage: c.stage };
      const scope = { workspaceId: "T0L", userId: "U0MGR", manager: true, teams: [team] };
      const slash = { workspaceId: "T0L", userId: "U0MGR", source: "slash" as const };
      const lose = (id: string) => changeDeal(t.deps, slash, scope, id, { stage: "L", close_reason: "price" });

      t.clock.set("2026-02-26T02:00:00Z"); // Thursday of week 9: counted in the W10 digest
      await lose(ids.lostInWeek.id);
      t.clock.set("2026-03-02T03:00:00Z"); // Monday 2 March, 11:00: after W10's boundary
      await lose(ids.lostMonday.id);
      const csv = "客户名称,商机编号,商机名称,阶段,金额\n客户00001号,N-1,周一新线索,S0,50万\n";
      const r = await importFile(t.deps, { ...slash, source: "import" }, team, {
        bytes: new TextEncoder().encode(csv),
        fileName: "crm.csv",
        asOf: "2026-03-02",
      });
      expect(r.status).toBe("done");
      t.clock.set("2026-03-03T02:00:00Z"); // Tuesday
      await advanceDeal(t.deps, slash, scope, ids.advancedTuesday.id);
      expect((await visibleDeal(t.deps, scope, ids.advancedTuesday.id)).stage).not.toBe(ids.advancedTuesday.stage);

      // The W10 snapshot is first asked for now, on Tuesday (a preview).
      digest = await weekDigest(t, team, "2026-W10");
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it("holds the deals as they stood at Monday 00:00: closed and advanced since at their stage, new ones left out", async () => {
      const w10 = new Map((await rows("2026-W10")).map((r) => [r.opportunityId, r]));
      expect(w10.get(ids.lostMonday.id)?.stage).toBe(ids.lostMonday.stage);
      expect(w10.get(ids.advancedTuesday.id)?.stage).toBe(ids.advancedTuesday.stage);
      expect(w10.has(ids.lostInWeek.id)).toBe(false);
      const created = await t.store.db.opportunity.findFirstOrThrow({ where: { crmId: "N-1" } });
      expect(w10.has(created.id)).toBe(false);
    });

    it("tells one week in the headline, the flows and the bridge", () => {
      expect(digest.headline.wonWeek.lost).toBe(1);
      expect(flowTotals(digest.flows ?? [])).toMatchObject({ lost: 1, created: 0 });
      const bridged = new Set(digest.bridge?.rows.map((r) => r.id));
      expect(bridged.has(ids.lostInWeek.id)).toBe(true);
      expect(bridged.has(ids.lostMonday.id)).toBe(false);
      expect(bridged.has(ids.advancedTuesday.id)).toBe(false);
      expect(digest.sources.total.count).toBe(0);
    });
  });
}
