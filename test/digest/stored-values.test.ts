// A value in the digest's tables that this build does not know is an error naming the table, the row and the value —
// never read as a default (an unknown stage used to count as S0, an unknown quadrant as opportunistic).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeDigest, ensureCurrentSnapshot } from "../../src/features/digest/compose.js";
import { claimRun } from "../../src/features/digest/runs.js";
import { StoredValueError } from "../../src/store/stored.js";
import { listSubscriptions } from "../../src/features/digest/subscriptions.js";
import type { Scope } from "../../src/features/teams/scope.js";
import { StoreError } from "../../src/store/index.js";
import { testStore, type TestStore } from "./support/env.js";
import { createTeam, seedPortfolio } from "./support/portfolio.js";

describe("unknown stored values in the digest", () => {
  let t: TestStore;
  let team: Awaited<ReturnType<typeof createTeam>>;

  beforeAll(async () => {
    t = await testStore("sqlite", "2026-03-02T01:00:00Z");
    team = await createTeam(t, { workspaceId: "T0V", channelId: "C0V", name: "v" });
    await seedPortfolio(t.deps, team, { accounts: 6, opportunitiesPerAccount: 3, asOf: "2026-03-01", seed: 7 });
    await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("rejects a snapshot stage outside S0–S5, naming PipelineSnapshot, the row and the value", async () => {
    const row = await t.store.db.pipelineSnapshot.findFirstOrThrow({
      where: { teamId: team.id },
      orderBy: { id: "asc" },
    });
    await t.store.db.pipelineSnapshot.update({ where: { id: row.id }, data: { stage: "S9" } });
    try {
      const error = await composeDigest(t.deps, team, "2026-W10", { charts: false }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoredValueError);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: "invalid_data", table: "PipelineSnapshot", column: "stage", value: "S9" });
      expect((error as StoredValueError).message).toMatch(/^PipelineSnapshot row \S+: stage "S9" is not one of S0, S1/);
    } finally {
      await t.store.db.pipelineSnapshot.update({ where: { id: row.id }, data: { stage: row.stage } });
    }
    expect(await composeDigest(t.deps, team, "2026-W10", { charts: false })).not.toBeNull();
  });

  it("rejects an unknown quadrant in a score snapshot", async () => {
    const row = await t.store.db.scoreSnapshot.findFirstOrThrow({
      where: { teamId: team.id, reason: "weekly" },
      orderBy: { id: "asc" },
    });
    await t.store.db.scoreSnapshot.update({ where: { id: row.id }, data: { quadrant: "gold" } });
    try {
      await expect(composeDigest(t.deps, team, "2026-W10", { charts: false })).rejects.toMatchObject({
        table: "ScoreSnapshot",
        rowId: row.id,
        column: "quadrant",
        value: "gold",
      });
    } finally {
      await t.store.db.scoreSnapshot.update({ where: { id: row.id }, data: { quadrant: row.quadrant } });
    }
  });

  it("rejects an unknown run status and an unknown subscription locale", async () => {
    const sub = await t.store.db.digestSubscription.create({
      data: {
        workspaceId: "T0V",
        teamId: team.id,
        channelId: "C0V",
        weekday: 1,
        time: "09:00",
        timezone: "Asia/Shanghai",
        locale: "fr",
        createdBy: "U",
      },
    });
    const scope: Scope = { workspaceId: "T0V", userId: "U0MGR", manager: true, teams: [team] };
    await expect(listSubscriptions(t.deps, scope)).rejects.toMatchObject({
      table: "DigestSubscription",
      rowId: sub.id,
      column: "locale",
      value: "fr",
    });
    await t.store.db.digestSubscription.update({ where: { id: sub.id }, data: { locale: "en" } });
    await t.store.db.digestRun.create({
      data: {
        subscriptionId: sub.id,
        periodKey: "2026-W10",
        status: "sent",
        claimedBy: "x",
        claimedAt: t.deps.now(),
        leaseUntil: t.deps.now(),
      },
    });
    await expect(
      claimRun(t.deps, { subscriptionId: sub.id, periodKey: "2026-W10", owner: "a", leaseMs: 1000, maxAttempts: 3 }),
    ).rejects.toMatchObject({
      table: "DigestRun",
      column: "status",
      value: "sent",
    });
  });
});
