// The digest's numbers against the `kvalue funnel` and `kvalue bridge` CLI (METHOD §10, the real binary) on the same
// data: the digest aggregates in SQL and fetches only changed rows; the CLI computes from every opportunity. Both must
// agree to the cent, on SQLite and on PostgreSQL.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bridgeOutput, funnelOutput, OPEN_STAGES, type FunnelInput, type BridgeInput } from "../../src/core/index.js";
import { ensureCurrentSnapshot } from "../../src/features/digest/compose.js";
import type { Digest } from "../../src/features/digest/types.js";
import { setTarget } from "../../src/features/funnel/service.js";
import { teamConversion } from "../../src/features/funnel/pipeline.js";
import { checkPostgres } from "../store/support.js";
import { testStore, weekDigest, type TestStore } from "./support/env.js";
import { createTeam, seedPortfolio, simulateWeek } from "./support/portfolio.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const pg = await checkPostgres();

function kvalue(command: "funnel" | "bridge", input: unknown): unknown {
  const r = spawnSync(process.execPath, ["bin/kvalue.js", command, "-"], {
    cwd: ROOT,
    input: JSON.stringify(input),
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`kvalue ${command} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(provider === "postgresql" && !pg.available)(
    `digest numbers = kvalue funnel/bridge (${provider})`,
    () => {
      let t: TestStore;
      let team: Awaited<ReturnType<typeof createTeam>>;
      let digest: Digest;

      beforeAll(async () => {
        t = await testStore(provider, "2026-02-22T16:00:05Z"); // Monday 23 Feb 00:00:05 in Shanghai
        team = await createTeam(t, { workspaceId: "T0X", channelId: "C0X", name: "核对组" });
        await seedPortfolio(t.deps, team, { accounts: 40, opportunitiesPerAccount: 4, asOf: "2026-02-22", seed: 21 });
        await setTarget(
          t.deps,
          { workspaceId: "T0X", userId: "U0MGR", source: "slash" },
          { workspaceId: "T0X", userId: "U0MGR", manager: true, teams: [team] },
          { team: team.name, amount: 300_000_000, period: "2026" },
        );
        await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
        await simulateWeek(t, team.id, { from: "2026-02-23", to: "2026-03-02", share: 0.12, slipTo: "2027-03-01" });
        t.clock.set("2026-03-02T01:00:00Z");
        digest = await weekDigest(t, team, "2026-W10");
      }, 120_000);
      afterAll(async () => {
        await t?.close();
      });

      const snapshotOpportunities = async (periodKey: string) =>
        (
          await t.store.db.pipelineSnapshot.findMany({
            where: { teamId: team.id, periodKey },
            orderBy: { opportunityId: "asc" },
          })
        )
          .filter((r) => r.expectedCloseDate !== null)
          .map((r) => ({
            id: r.opportunityId,
            stage: r.stage as FunnelInput["opportunities"][number]["stage"],
            amount: Number(r.amount),
            expected_close_date: r.expectedCloseDate ?? "",
          }));

      it("has the funnel of `kvalue funnel` on this week's snapshot", async () => {
        const period = { start: "2026-01-01", end: "2026-12-31" };
        // Inputs as /kvalue funnel gets them: won to date from the closed deals, the team's rates from its history.
        const won = await t.store.db.opportunity.findMany({
          where: { account: { teamId: team.id }, stage: "W", closedDate: { gte: period.start, lt: digest.asOf } },
          select: { amount: true, finalAmount: true },
        });
        const conversion = await teamConversion(t.deps, team.id, digest.asOf);
        expect(conversion.won).toBeGreaterThan(0);
        const input: FunnelInput = {
          as_of: digest.asOf,
          period_end: period.end,
          target: 300_000_000,
          won_to_date: won.reduce((s, w) => s + Number(w.finalAmount ?? w.amount), 0),
          avg_won_size: conversion.avg_won_size ?? 0,
          cycle_days: conversion.cycle_days ?? 0,
          rates: conversion.rates,
          opportunities: await snapshotOpportunities("2026-W10"),
        };
        expect(digest.period).toEqual({ key: "2026", ...period });
        expect(kvalue("funnel", input)).toStrictEqual(funnelOutput(digest.funnel));
        // And the stage table is that funnel, stage by stage.
        expect(digest.stages.map((s) => [s.stage, s.count.now, s.amount.now])).toEqual(
          OPEN_STAGES.map((k, i) => [k, digest.funnel.stages[i]?.open_count, digest.funnel.stages[i]?.open_amount]),
        );
      });

      it("has the bridge of `kvalue bridge` between last week's and this week's snapshot", async () => {
        const closed = await t.store.db.opportunity.findMany({
          where: { account: { teamId: team.id }, stage: { in: ["W", "L", "A"] } },
          select: { id: true, stage: true, amount: true, expectedCloseDate: true },
        });
        const input: BridgeInput = {
          period_end: digest.period.end,
          rates: digest.rates.rates,
          previous: { as_of: "2026-02-23", opportunities: await snapshotOpportunities("2026-W09") },
          current: {
            as_of: "2026-03-02",
            opportunities: [
              ...(await snapshotOpportunities("2026-W10")),
              ...closed
                .filter((o) => o.expectedCloseDate)
                .map((o) => ({
                  id: o.id,
                  stage: o.stage as "W",
                  amount: Number(o.amount),
                  expected_close_date: o.expectedCloseDate ?? "",
                })),
            ],
          },
        };
        const cli = kvalue("bridge", input) as ReturnType<typeof bridgeOutput>;
        const b = digest.bridge;
        if (!b) throw new Error("no bridge");
        expect(cli.rows.length).toBeGreaterThan(5);
        const mine = bridgeOutput({ weighted_before: b.before, weighted_after: b.after, net: b.net, rows: b.rows });
        expect({ ...mine, rows: mine.rows }).toStrictEqual({ ...cli, rows: cli.rows.slice(0, b.rows.length) });
        expect(b.rowCount).toBe(cli.rows.length);
        // Per-label totals cover every row, and the bridge adds up to the change in E_amt (METHOD §5.7 item 3, to 0.01).
        const byLabel = new Map<string, number>();
        for (const r of cli.rows) byLabel.set(r.label, (byLabel.get(r.label) ?? 0) + r.delta);
        for (const l of b.byLabel) expect(l.delta).toBeCloseTo(byLabel.get(l.label) ?? NaN, 1);
        expect(b.byLabel.reduce((s, l) => s + l.delta, 0)).toBeCloseTo(b.after - b.before, 2);
        expect(digest.headline.weighted.delta).toBeCloseTo(b.net, 6);
        expect(new Set(b.byLabel.map((l) => l.label))).toEqual(new Set(cli.rows.map((r) => r.label)));
      });
    },
  );
}
