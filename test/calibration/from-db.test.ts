// The feedback loop on the store (METHOD §6, §10.4), on SQLite and PostgreSQL: the report from the demo's history,
// a statement count that does not grow with the portfolio, model versions (managers only, race-safe, audited) and
// the version stamped on the snapshots written afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "../../src/cli/command.js";
import { calibrateCommand } from "../../src/cli/commands/calibrate.js";
import { recordScore } from "../../src/features/accounts/snapshots.js";
import {
  adoptVersion,
  calibrationReport,
  keepVersion,
  revertVersion,
  versionInForce,
  type CalibrationReport,
} from "../../src/features/calibration/service.js";
import { createServiceDeps, type ServiceDeps } from "../../src/features/deps.js";
import { loadDemo, loadDemoHistory } from "../../src/features/demo/service.js";
import { decideCalibration } from "../../src/features/calibration/commands.js";
import { errorMessage } from "../../src/commands/reply.js";
import { isServiceError } from "../../src/features/errors.js";
import { kvalue } from "../support/cli.js";
import { textOf } from "../support/fake-slack.js";
import { migrate, openStore, type Provider, type Store } from "../../src/store/index.js";
import { openCountingStore } from "../digest/support/counting-store.js";
import { createTeam, seedPortfolio } from "../digest/support/portfolio.js";
import { PROVIDERS } from "../services/harness.js";
import { newDatabase, type TestDatabase } from "../store/support.js";

const WS = "T0CAL",
  MANAGER = "U0MGR",
  REP = "U0REP";
const NOW = new Date("2026-11-26T02:00:00Z"); // Thursday 26 Nov 2026 in Shanghai
const now = () => NOW;

interface Fixture {
  database: TestDatabase;
  store: Store;
  deps: ServiceDeps;
  close(): Promise<void>;
}

async function open(provider: Provider): Promise<Fixture> {
  const database = await newDatabase(provider);
  const store = await openStore(database.url);
  await migrate(store);
  const deps = createServiceDeps(store, { now, managers: [MANAGER] });
  return {
    database,
    store,
    deps,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

/** A report that proposes adopting (the demo's history is too small for §6.5's thresholds, so the flags are set). */
function adoptable(report: CalibrationReport): CalibrationReport {
  return {
    ...report,
    result: {
      ...report.result,
      refit: { ...report.result.refit, adopt: true, reasons: [], blended: { CV: 0.25, PT: 0.25, SF: 0.3, RA: 0.2 } },
    },
  };
}

const rejection = (r: PromiseSettledResult<unknown>): unknown => (r.status === "rejected" ? r.reason : null);

describe.each(PROVIDERS)("calibration on the store (%s)", (provider) => {
  let f: Fixture;
  let report: CalibrationReport;

  beforeAll(async () => {
    f = await open(provider);
    await loadDemo(f.deps, { workspaceId: WS, userId: MANAGER, source: "demo" }, "C0DEMO", { history: true });
    report = await calibrationReport(f.deps, { workspaceId: WS, userId: MANAGER });
  }, 240_000);
  afterAll(async () => {
    await f?.close();
  });

  it("builds a non-trivial §10.4 report from the demo's two years of history", () => {
    const out = report.output;
    expect(out.model_version).toBe("v1-default");
    expect(report.asOf).toBe("2026-11-26");
    // Stage reliability: one observation per closed opportunity, in 10 equal-count bins, several stages.
    expect(out.stage.n).toBeGreaterThanOrEqual(100);
    expect(out.stage.bins).toHaveLength(10);
    expect(out.stage.bins.reduce((s, b) => s + b.n, 0)).toBe(out.stage.n);
    expect(out.stage.per_stage.length).toBeGreaterThanOrEqual(5);
    expect(out.stage.base_rate).toBeGreaterThan(0);
    expect(out.stage.base_rate).toBeLessThan(1);
    expect(out.stage.bss).not.toBeNull();
    // Ranking: two annual scoring dates × 31 accounts, V ranks them (the history makes wins follow V).
    expect(out.ranking.n).toBe(62);
    expect(out.ranking.bins.length).toBeGreaterThanOrEqual(3);
    expect(out.ranking.auc).toBeGreaterThan(0.6);
    // The refit runs on the training year (31 rows) and says why it does not adopt.
    expect(out.refit.n).toBe(31);
    expect(out.refit.beta).toHaveLength(5);
    expect(out.refit.iterations).toBeGreaterThan(0);
    expect(out.refit.adopt).toBe(false);
    expect(out.refit.reasons).toContain("too_few_observations");
    expect(out.y_refit.beta).toHaveLength(3);
    // Re-estimated §5.2 rates for an adoption.
    expect(Object.keys(report.rates.count)).toEqual(["S0", "S1", "S2", "S3", "S4", "S5"]);
  });

  it("is deterministic and reads nothing after --as-of", async () => {
    const again = await calibrationReport(f.deps, { workspaceId: WS, userId: MANAGER });
    expect(again.output).toEqual(report.output);
    const earlier = await calibrationReport(
      f.deps,
      { workspaceId: WS, userId: MANAGER },
      { asOf: "2026-03-31", team: "华东政企一部" },
    );
    expect(earlier.team?.name).toBe("华东政企一部");
    expect(earlier.output.stage.n).toBeLessThan(report.output.stage.n);
  });

  it("refuses a report dated after today, naming the date and today, on every surface", async () => {
    const manager = { workspaceId: WS, userId: MANAGER };
    const refusal = await calibrationReport(f.deps, manager, { asOf: "2026-11-27" }).catch((e: unknown) => e);
    expect(isServiceError(refusal) && [refusal.code, refusal.field, refusal.params]).toEqual([
      "invalid",
      "as_of",
      { asOf: "2026-11-27", today: "2026-11-26" },
    ]);
    expect(textOf(errorMessage(refusal, "zh-CN").blocks)).toBe(
      "校准日期 2026-11-27 晚于今天（2026-11-26）：校准只看已经发生的结果，请用今天或更早的日期。",
    );
    // An Adopt button carrying a future date (the console's and Slack's way to a dated report) is refused alike.
    const env = {
      deps: f.deps,
      actor: { ...manager, source: "slash" as const },
      locale: "en" as const,
      channels: { members: async () => [MANAGER], name: async () => "sales" },
    };
    const value = JSON.stringify({ t: null, a: "2030-01-01", v: "v1-default" });
    await expect(decideCalibration(env, "keep", value)).rejects.toSatisfy(
      (e: unknown) => isServiceError(e) && e.field === "as_of",
    );
    expect(await f.store.db.modelVersion.count({ where: { workspaceId: WS } })).toBe(0);
    // Today itself is a date that has happened.
    expect((await calibrationReport(f.deps, manager, { asOf: "2026-11-26" })).output).toEqual(report.output);
  });

  it("is for managers only: report, adopt, keep and revert", async () => {
    const rep = { workspaceId: WS, userId: REP, source: "cli" as const };
    const forbidden = (e: unknown) => isServiceError(e) && e.code === "forbidden";
    await expect(calibrationReport(f.deps, rep)).rejects.toSatisfy(forbidden);
    await expect(adoptVersion(f.deps, rep, adoptable(report))).rejects.toSatisfy(forbidden);
    await expect(keepVersion(f.deps, rep, report)).rejects.toSatisfy(forbidden);
    await expect(revertVersion(f.deps, rep, "v1-default")).rejects.toSatisfy(forbidden);
    // A manager cannot adopt what the report does not propose.
    await expect(adoptVersion(f.deps, { workspaceId: WS, userId: MANAGER, source: "cli" }, report)).rejects.toSatisfy(
      (e: unknown) => isServiceError(e) && e.code === "invalid",
    );
  });

  it("lets exactly one of two racing adoptions take effect, audits it, and stamps later snapshots with it", async () => {
    const actor = { workspaceId: WS, userId: MANAGER, source: "cli" as const };
    const keep = await keepVersion(f.deps, actor, report);
    expect(keep).toMatchObject({ kind: "keep", label: "v1-default" });

    const results = await Promise.allSettled([
      adoptVersion(f.deps, actor, adoptable(report)),
      adoptVersion(f.deps, actor, adoptable(report)),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    const lost = results.map(rejection).find((e) => e !== null);
    expect(isServiceError(lost) && lost.code).toBe("conflict");
    const adopted = won[0]?.status === "fulfilled" ? won[0].value : null;
    expect(adopted?.label).toBe("v2-2026Q4");
    expect(adopted?.rescored).toBe(31);

    const inForce = await versionInForce(f.deps, WS);
    expect(inForce).toMatchObject({
      id: adopted?.id,
      label: "v2-2026Q4",
      weights: { CV: 0.25, PT: 0.25, SF: 0.3, RA: 0.2 },
    });
    expect(await f.store.db.modelVersion.count({ where: { workspaceId: WS, kind: "adopt" } })).toBe(1);
    expect(await f.store.db.factChange.count({ where: { workspaceId: WS, entity: "model_version" } })).toBe(1);
    // The re-scoring wrote one snapshot per account under the new version.
    expect(
      await f.store.db.scoreSnapshot.count({ where: { workspaceId: WS, reason: "model", modelVersion: "v2-2026Q4" } }),
    ).toBe(31);

    // A change snapshot written now carries the version in force and its V.
    const account = await f.store.db.account.findFirstOrThrow({ where: { workspaceId: WS }, orderBy: { id: "asc" } });
    // The test clock stands still, so the new row is told from the import's by id (ids are random, not ordered).
    const earlier = await f.store.db.scoreSnapshot.findMany({ where: { accountId: account.id }, select: { id: true } });
    await recordScore(f.deps, account.id);
    const latest = await f.store.db.scoreSnapshot.findFirstOrThrow({
      where: { accountId: account.id, reason: "change", id: { notIn: earlier.map((r) => r.id) } },
    });
    expect(latest.modelVersion).toBe("v2-2026Q4");
    expect(latest.v).toBeCloseTo(0.25 * latest.cv + 0.25 * latest.pt + 0.3 * latest.sf + 0.2 * latest.ra, 9);
    // The report now runs under the new version.
    const under = await calibrationReport(f.deps, { workspaceId: WS, userId: MANAGER });
    expect(under.output.model_version).toBe("v2-2026Q4");

    // Revert: v1-default back in force, audited, and stamped again.
    const reverted = await revertVersion(f.deps, actor, "v1-default");
    expect(reverted).toMatchObject({ kind: "revert", label: "v1-default", basedOn: "v2-2026Q4", rescored: 31 });
    expect((await versionInForce(f.deps, WS)).id).toBeNull();
    const beforeRevert = await f.store.db.scoreSnapshot.findMany({
      where: { accountId: account.id },
      select: { id: true },
    });
    await recordScore(f.deps, account.id);
    const after = await f.store.db.scoreSnapshot.findMany({
      where: { accountId: account.id, reason: "change", id: { notIn: beforeRevert.map((r) => r.id) } },
    });
    expect(after.map((s) => s.modelVersion)).toEqual(["v1-default"]);
    expect(await f.store.db.factChange.count({ where: { workspaceId: WS, entity: "model_version" } })).toBe(2);
    // An adoption from a report computed under v1-default is accepted again (v1-default is in force again).
    const readopted = await adoptVersion(f.deps, actor, adoptable(report));
    expect(readopted.label).toBe("v3-2026Q4");
  }, 120_000);

  it.runIf(provider === "postgresql")(
    "keeps one version in force when both transactions reach the compare-and-set at once",
    async () => {
      const expected = (await f.deps.repos.calibration.versionInForce(WS)).pointer;
      let arrived = 0;
      let release!: () => void;
      const bothInserted = new Promise<void>((resolve) => {
        release = resolve;
      });
      const attempt = (label: string) =>
        f.deps.repos.transaction(
          async (r) => {
            const row = await r.calibration.insertVersion({
              workspaceId: WS,
              kind: "adopt",
              label,
              basedOn: "x",
              weights: "{}",
              yWeights: "{}",
              rates: "{}",
              report: null,
              adoptedBy: MANAGER,
              adoptedAt: NOW,
            });
            // Both transactions hold an uncommitted row before either moves the pointer.
            if (++arrived === 2) release();
            await bothInserted;
            return { id: row.id, moved: await r.calibration.movePointer(WS, expected, row.id) };
          },
          { timeout: 30_000 },
        );
      const [a, b] = await Promise.all([attempt("race-a"), attempt("race-b")]);
      expect([a.moved, b.moved].sort()).toEqual([false, true]);
      const winner = a.moved ? a.id : b.id;
      expect((await f.deps.repos.calibration.versionInForce(WS)).pointer).toBe(winner);
    },
    60_000,
  );
});

describe.each(PROVIDERS)("statements of --from-db (%s)", (provider) => {
  async function statementsFor(accounts: number): Promise<{ queries: number; stageN: number; rankingN: number }> {
    const database = await newDatabase(provider);
    try {
      const store = await openStore(database.url);
      try {
        await migrate(store);
        const deps = createServiceDeps(store, { now, managers: [MANAGER] });
        const team = await createTeam({ store }, { workspaceId: WS, channelId: "C0CAL", name: "一部" });
        await seedPortfolio(deps, team, { accounts, opportunitiesPerAccount: 2, asOf: "2026-11-26", seed: 3 });
        await loadDemoHistory(deps, team);
      } finally {
        await store.close();
      }
      const counting = openCountingStore(database.url);
      try {
        const deps = createServiceDeps({ db: counting.db, provider }, { now, managers: [MANAGER] });
        const before = counting.counter.queries;
        const r = await calibrationReport(deps, { workspaceId: WS, userId: MANAGER }, { team: "一部" });
        return { queries: counting.counter.queries - before, stageN: r.output.stage.n, rankingN: r.output.ranking.n };
      } finally {
        await counting.close();
      }
    } finally {
      await database.drop();
    }
  }

  it("does not grow with the number of accounts", async () => {
    const small = await statementsFor(10);
    const large = await statementsFor(60);
    expect(large.rankingN).toBeGreaterThan(small.rankingN);
    expect(large.stageN).toBeGreaterThan(small.stageN);
    expect(large.queries).toBe(small.queries);
    expect(small.queries).toBeLessThanOrEqual(8);
  }, 240_000);
});

describe("kvalue calibrate --from-db arguments", () => {
  async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const r = { status: -1, stdout: "", stderr: "" };
    const io: CliIo = {
      readText: async () => "",
      readBytes: async () => new Uint8Array(),
      out: (t) => {
        r.stdout += t;
      },
      err: (t) => {
        r.stderr += t;
      },
    };
    r.status = await calibrateCommand.run(args, io);
    return r;
  }

  it("exits 2 on a bad --as-of or an unknown option, before opening the store", async () => {
    for (const args of [
      ["--from-db", "--as-of", "2026-13-45"],
      ["--from-db", "--as-of", "yesterday"],
      ["--from-db", "--teams", "x"],
      ["--from-db", "extra"],
    ]) {
      const r = await run(args);
      expect(r.status, args.join(" ")).toBe(EXIT.invalid);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^kvalue calibrate: /);
    }
    expect((await run(["--from-db", "--as-of", "2026-13-45"])).stderr).toContain("--as-of");
  });

  it("refuses an --as-of after today, naming it and today", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-calibrate-"));
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `file:${path.join(dir, "cal.db")}`;
    try {
      const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
      const r = await kvalue("calibrate", "--from-db", "--as-of", "2999-01-01", "--lang", "en");
      expect([r.status, r.stdout]).toEqual([EXIT.invalid, ""]);
      expect(r.stderr).toBe(
        `kvalue calibrate: The calibration date 2999-01-01 is after today (${today}): calibration looks back at outcomes that have happened, so use today or an earlier date.\n`,
      );
      const zh = await kvalue("calibrate", "--from-db", "--as-of", "2999-01-01", "--lang", "zh-CN");
      expect(zh.stderr).toContain(`校准日期 2999-01-01 晚于今天（${today}）`);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
