// The segment part's data on SQLite and PostgreSQL (issue 10 item 5): the grouped statements give, per segment of the
// snapshot's year and for Other, what a plain reading of the rows gives (accounts, the year's open pipeline per stage
// from the snapshot, the year's wins, the quadrant moves); and a digest runs the same number of statements with one
// segment as with four (three for the part: segments, areas, moves), and two fewer without any.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPEN_STAGES, type OpenStage } from "../../src/core/index.js";
import { createServiceDeps } from "../../src/features/deps.js";
import { composeDigest, ensureCurrentSnapshot } from "../../src/features/digest/compose.js";
import type { DigestTeam } from "../../src/features/digest/compose.js";
import type { Digest, SegmentGroup } from "../../src/features/digest/types.js";
import { checkPostgres } from "../store/support.js";
import { openCountingStore } from "./support/counting-store.js";
import { testStore, type TestStore } from "./support/env.js";
import { createTeam, seedPortfolio, simulateWeek } from "./support/portfolio.js";

const pg = await checkPostgres();
const PERIOD = "2026-W10";
const YEAR = { start: "2026-01-01", end: "2026-12-31" };
const AS_OF = "2026-03-02";

/** Accounts by number (客户00000号…) and where they are: the test's own placement, not the code's. */
const PLACES: { from: number; to: number; industry: string | null; region: string | null; group: string }[] = [
  { from: 0, to: 20, industry: "e_gov", region: "310101", group: "e_gov/310100" },
  { from: 20, to: 35, industry: "e_gov", region: "310000", group: "e_gov/310000" },
  { from: 35, to: 45, industry: "healthcare", region: "310105", group: "healthcare/310000" },
  { from: 45, to: 50, industry: "e_gov", region: "320000", group: "other" }, // only a 2025 segment covers it
  { from: 50, to: 60, industry: null, region: null, group: "other" },
];
const groupOfName = (name: string): string => {
  const n = Number(/\d+/.exec(name)?.[0]);
  return PLACES.find((p) => n >= p.from && n < p.to)?.group ?? "other";
};
const groupKey = (g: SegmentGroup) => (g.segment ? `${g.segment.industry}/${g.segment.regionCode}` : "other");

async function segment(t: TestStore, team: DigestTeam, industry: string, region: string, year: number, more = {}) {
  await t.store.db.segment.create({
    data: {
      workspaceId: team.workspaceId,
      teamId: team.id,
      industry,
      regionCode: region,
      year,
      createdBy: "U0SEED",
      ...more,
    },
  });
}

async function countedDigest(t: TestStore, team: DigestTeam): Promise<{ digest: Digest | null; queries: number }> {
  const counting = openCountingStore(t.db.url);
  try {
    const deps = createServiceDeps(counting, { now: t.deps.now });
    const digest = await composeDigest(deps, team, PERIOD, { charts: true });
    return { digest, queries: counting.counter.queries };
  } finally {
    await counting.close();
  }
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(provider === "postgresql" && !pg.available)(`digest by market segment (${provider})`, () => {
    let t: TestStore;
    let team: DigestTeam & { channelId: string };
    let noSegments = 0;
    const moved: string[] = [];

    beforeAll(async () => {
      t = await testStore(provider, "2026-02-22T16:00:05Z");
      team = await createTeam(t, { workspaceId: "T0SEGD", channelId: "C0SEGD", name: "seg" });
      await seedPortfolio(t.deps, team, { accounts: 60, opportunitiesPerAccount: 4, asOf: "2026-02-22", seed: 5 });
      for (const p of PLACES) {
        const names = Array.from({ length: p.to - p.from }, (_, i) => `客户${String(p.from + i).padStart(5, "0")}号`);
        await t.store.db.account.updateMany({
          where: { teamId: team.id, name: { in: names } },
          data: { industry: p.industry, regionCode: p.region },
        });
      }
      // Overdue since last year and still open: in the stage table, so in the segment part too.
      const late = await t.store.db.opportunity.findMany({
        where: { account: { teamId: team.id }, stage: { in: ["S2", "S3", "S4"] } },
        orderBy: { id: "asc" },
        take: 6,
      });
      await t.store.db.opportunity.updateMany({
        where: { id: { in: late.map((o) => o.id) } },
        data: { expectedCloseDate: "2025-12-15" },
      });
      await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
      await simulateWeek(t, team.id, { from: "2026-02-23", to: AS_OF });
      t.clock.set("2026-03-02T01:00:00Z");
      await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
      // Quadrant moves this week: six accounts flipped in this week's snapshot (test seeding, like a re-score).
      const rows = await t.store.db.scoreSnapshot.findMany({
        where: { teamId: team.id, periodKey: PERIOD, reason: "weekly" },
        include: { account: { select: { name: true } } },
        orderBy: { accountId: "asc" },
      });
      for (const [i, r] of rows.filter((_, i) => i % 10 === 3).entries()) {
        moved.push(r.account.name);
        await t.store.db.scoreSnapshot.update({
          where: { id: r.id },
          data: { quadrant: r.quadrant === "strategic" ? "opportunistic" : "strategic", v: r.v + i + 1 },
        });
      }
      noSegments = (await countedDigest(t, team)).queries;
      await segment(t, team, "e_gov", "310000", 2026, {
        chosen: true,
        revenueTarget: 50_000_000n,
        competitors: JSON.stringify(["甲科技"]),
        competitionIntensity: "high",
      });
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it("runs three statements for the part, the same with one segment as with four", async () => {
      const one = await countedDigest(t, team);
      await segment(t, team, "e_gov", "310100", 2026);
      await segment(t, team, "healthcare", "310000", 2026, { chosen: false, revenueTarget: 5_000_000n });
      await segment(t, team, "e_gov", "320000", 2025, { chosen: true });
      const four = await countedDigest(t, team);
      expect(one.digest?.segments?.groups.length).toBe(2);
      expect(four.digest?.segments?.groups.length).toBe(4);
      expect(four.queries).toBe(one.queries);
      expect(one.queries).toBe(noSegments + 2);
      expect(four.queries).toBeLessThanOrEqual(17);
    }, 60_000);

    it("gives each group what a plain reading of the rows gives", async () => {
      const d = (await countedDigest(t, team)).digest;
      const part = d?.segments;
      if (!d || !part) throw new Error("no segment part");
      expect(part.year).toBe(2026);
      expect(part.groups.map(groupKey)).toEqual(["e_gov/310000", "e_gov/310100", "healthcare/310000", "other"]);

      const accounts = await t.store.db.account.findMany({
        where: { teamId: team.id },
        select: { id: true, name: true },
      });
      const groupOf = new Map(accounts.map((a) => [a.id, groupOfName(a.name)]));
      const open = await t.store.db.pipelineSnapshot.findMany({
        where: { teamId: team.id, periodKey: PERIOD, expectedCloseDate: { lte: YEAR.end } },
      });
      const won = await t.store.db.opportunity.findMany({
        where: { account: { teamId: team.id }, stage: "W", closedDate: { gte: YEAR.start, lt: AS_OF } },
      });
      const pAmt = Object.fromEntries(d.funnel.stages.map((s) => [s.stage, s.p_amount])) as Record<OpenStage, number>;
      expect(won.length).toBeGreaterThan(0);
      expect(open.some((o) => (o.expectedCloseDate ?? "") < YEAR.start)).toBe(true);
      // The groups add up to the stage table (the target period is the year).
      for (const row of d.stages) {
        const counted = part.groups.map((g) => g.stages.find((s) => s.stage === row.stage)?.count ?? 0);
        expect(
          counted.reduce((a, b) => a + b, 0),
          row.stage,
        ).toBe(row.count.now);
      }
      for (const g of part.groups) {
        const key = groupKey(g);
        const mine = <T extends { accountId: string }>(rows: T[]) =>
          rows.filter((r) => groupOf.get(r.accountId) === key);
        expect(g.accounts, key).toBe(accounts.filter((a) => groupOf.get(a.id) === key).length);
        for (const stage of OPEN_STAGES) {
          const rows = mine(open).filter((o) => o.stage === stage);
          expect(
            g.stages.find((s) => s.stage === stage),
            `${key} ${stage}`,
          ).toEqual({
            stage,
            count: rows.length,
            amount: rows.reduce((s, o) => s + Number(o.amount), 0),
          });
        }
        const weighted = mine(open).reduce((s, o) => s + Number(o.amount) * pAmt[o.stage as OpenStage], 0);
        expect(g.open.weighted, key).toBeCloseTo(weighted, 4);
        expect(g.won, key).toBe(mine(won).reduce((s, o) => s + Number(o.finalAmount ?? o.amount), 0));
      }
      const gov = part.groups[0];
      expect(gov?.segment).toMatchObject({ decision: "chosen", competitors: ["甲科技"], intensity: "high" });
      expect(gov?.left).toBe(Math.max(0, 50_000_000 - (gov?.won ?? 0)));
      // every account of the team is in exactly one group
      expect(part.groups.reduce((s, g) => s + g.accounts, 0)).toBe(60);
    }, 60_000);

    it("names each group's largest quadrant moves and counts them all", async () => {
      const part = (await countedDigest(t, team)).digest?.segments;
      const byGroup = new Map<string, string[]>();
      for (const name of moved) byGroup.set(groupOfName(name), [...(byGroup.get(groupOfName(name)) ?? []), name]);
      for (const g of part?.groups ?? []) {
        const want = byGroup.get(groupKey(g)) ?? [];
        expect(g.moveTotal, groupKey(g)).toBe(want.length);
        expect(g.moves.length).toBe(Math.min(3, want.length));
        for (const m of g.moves) expect(want).toContain(m.name);
      }
      expect(moved.length).toBe(6);
    }, 60_000);
  });
}
