// A deal created and closed within one week is in neither weekly snapshot. The headline counts the week's wins and
// losses from the deals' close dates, so the flow table must count that deal too, where it closed from, or the two
// parts of one digest disagree. Created by a CRM export mid-week and closed from Slack, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeDeal, lookupDeal } from "../../src/features/deals/service.js";
import { ensureCurrentSnapshot } from "../../src/features/digest/compose.js";
import { flowTotals } from "../../src/features/digest/flows.js";
import type { Digest } from "../../src/features/digest/types.js";
import { importFile } from "../../src/features/import-export/service.js";
import { checkPostgres } from "../store/support.js";
import { testStore, weekDigest, type TestStore } from "./support/env.js";
import { createTeam, seedPortfolio } from "./support/portfolio.js";

const pg = await checkPostgres();

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(provider === "postgresql" && !pg.available)(
    `a deal born and closed in one week (${provider})`,
    () => {
      let t: TestStore;
      let digest: Digest;

      beforeAll(async () => {
        t = await testStore(provider, "2026-02-22T16:00:05Z"); // Monday 23 Feb 00:00:05 in Shanghai
        const team = await createTeam(t, { workspaceId: "T0F", channelId: "C0F", name: "流转组" });
        await seedPortfolio(t.deps, team, { accounts: 12, opportunitiesPerAccount: 2, asOf: "2026-02-22", seed: 3 });
        await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");

        t.clock.set("2026-02-24T02:00:00Z");
        const actor = { workspaceId: "T0F", userId: "U0MGR", source: "import" as const };
        const csv =
          "客户名称,商机编号,商机名称,阶段,金额,预计签约日期\n客户00001号,X-1,周中丢单,S2,300万,2026-06-30\n客户00002号,X-2,周中赢单,S4,80万,2026-05-31\n";
        const imported = await importFile(t.deps, actor, team, {
          bytes: new TextEncoder().encode(csv),
          fileName: "crm.csv",
          asOf: "2026-02-24",
        });
        expect(imported.status).toBe("done");

        t.clock.set("2026-02-26T02:00:00Z");
        const scope = { workspaceId: "T0F", userId: "U0MGR", manager: true, teams: [team] };
        const slash = { workspaceId: "T0F", userId: "U0MGR", source: "slash" as const };
        for (const [name, patch] of [
          ["周中丢单", { stage: "L", close_reason: "price" }],
          ["周中赢单", { stage: "W" }],
        ] as const) {
          const found = await lookupDeal(t.deps, scope, name);
          if (found.kind !== "found") throw new Error(`${name}: ${found.kind}`);
          await changeDeal(t.deps, slash, scope, found.deal.id, patch);
        }

        t.clock.set("2026-03-02T01:00:00Z");
        digest = await weekDigest(t, team, "2026-W10");
      }, 120_000);
      afterAll(async () => {
        await t?.close();
      });

      it("counts it created and closed in the row of the stage it closed from", () => {
        const row = (stage: string) => digest.flows?.find((f) => f.stage === stage);
        expect(row("S2")).toMatchObject({ created: 1, lost: 1 });
        expect(row("S4")).toMatchObject({ created: 1, won: 1 });
      });

      it("agrees with the headline's wins and losses of the week", () => {
        const totals = flowTotals(digest.flows ?? []);
        expect(digest.headline.wonWeek.count).toBe(1);
        expect(digest.headline.wonWeek.lost).toBe(1);
        expect(totals).toMatchObject({ won: 1, lost: 1, abandoned: 0, created: 2 });
      });

      it("leaves the bridge alone: it was in neither pipeline", () => {
        expect(digest.bridge?.rows.map((r) => r.name)).not.toContain("周中丢单");
        expect(digest.bridge?.rows.map((r) => r.name)).not.toContain("周中赢单");
      });
    },
  );
}
