// `kvalue calibrate --from-db` (METHOD §6, §10.4) on one team of 5,000 accounts and ~50,000 opportunities with two years
// of weekly pipeline and score snapshots, on SQLite and PostgreSQL: the time of the report (observations aggregated in
// SQL + core calibrate + re-estimated rates) and its SQL statements, counted at the driver adapter, at 500 and 5,000
// accounts. Bars (issue 9): under 5 s; the statement count does not grow with the portfolio.
// Run alone: `npx tsx bench/calibrate.ts` (PostgreSQL from KVALUE_TEST_PG_URL, default the local test server).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { calibrationReport } from "../src/features/calibration/service.js";
import { createServiceDeps } from "../src/features/deps.js";
import { loadDemoHistory } from "../src/features/demo/service.js";
import { migrate, openStore, type Provider } from "../src/store/index.js";
import { openCountingStore } from "../test/digest/support/counting-store.js";
import { createTeam, seedPortfolio } from "../test/digest/support/portfolio.js";
import { printLines, type BenchLine } from "./lines.js";

const PG_URL = process.env.KVALUE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
// 5 current opportunities per account from the portfolio plus ~5 closed ones per account from the generated history.
const OPPORTUNITIES_PER_ACCOUNT = 5;
const RUNS = 3;
const NOW = new Date("2026-11-26T02:00:00Z");
const MANAGER = "U0BENCH";

async function onServer(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function freshDatabase(provider: Provider, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-bench-calibrate-"));
    return {
      url: `file:${path.join(dir, "bench.db")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const db = `kvalue_bench_calibrate_${process.pid}_${name}`;
  await onServer(`CREATE DATABASE "${db}"`);
  const url = new URL(PG_URL);
  url.pathname = `/${db}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`) };
}

interface Measured {
  ms: number[];
  queries: number;
  seedMs: number;
  rows: { opportunities: number; pipeline: number; scores: number };
  stageN: number;
  rankingN: number;
}

async function measure(provider: Provider, accounts: number, runs: number): Promise<Measured> {
  const { url, drop } = await freshDatabase(provider, String(accounts));
  try {
    const store = await openStore(url);
    let seedMs = 0;
    let rows: Measured["rows"];
    try {
      await migrate(store);
      const deps = createServiceDeps(store, { now: () => NOW, managers: [MANAGER] });
      const t0 = performance.now();
      const team = await createTeam({ store }, { workspaceId: "T0BENCH", channelId: "C0BENCH", name: "华东政企一部" });
      await seedPortfolio(deps, team, {
        accounts,
        opportunitiesPerAccount: OPPORTUNITIES_PER_ACCOUNT,
        asOf: "2026-11-26",
        seed: 9,
      });
      await loadDemoHistory(deps, team);
      if (provider === "postgresql") await store.db.$executeRawUnsafe("ANALYZE");
      seedMs = performance.now() - t0;
      rows = {
        opportunities: await store.db.opportunity.count(),
        pipeline: await store.db.pipelineSnapshot.count(),
        scores: await store.db.scoreSnapshot.count(),
      };
    } finally {
      await store.close();
    }
    // A fresh counting connection: what one `kvalue calibrate --from-db` process does after opening the store.
    const counting = openCountingStore(url);
    try {
      const deps = createServiceDeps({ db: counting.db, provider }, { now: () => NOW, managers: [MANAGER] });
      const ms: number[] = [];
      let queries = 0,
        stageN = 0,
        rankingN = 0;
      for (let run = 0; run < runs; run++) {
        const before = counting.counter.queries;
        const t0 = performance.now();
        const report = await calibrationReport(
          deps,
          { workspaceId: "T0BENCH", userId: MANAGER },
          { team: "华东政企一部" },
        );
        JSON.stringify(report.output);
        ms.push(performance.now() - t0);
        if (run === 0) queries = counting.counter.queries - before;
        stageN = report.output.stage.n;
        rankingN = report.output.ranking.n;
      }
      return { ms, queries, seedMs, rows, stageN, rankingN };
    } finally {
      await counting.close();
    }
  } finally {
    await drop();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const fmt = (n: number): string => n.toLocaleString("en-US");

export async function benchCalibrate(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const provider of ["sqlite", "postgresql"] as const) {
    if (provider === "postgresql") {
      try {
        await onServer("SELECT 1");
      } catch (e) {
        lines.push({
          name: "calibrate.fromdb.5k.postgresql",
          value: NaN,
          unit: "ms",
          note: `PostgreSQL unreachable: ${String(e)}`,
        });
        continue;
      }
    }
    const small = await measure(provider, 500, 1);
    const large = await measure(provider, 5_000, RUNS);
    lines.push({
      name: `calibrate.fromdb.5k.${provider}`,
      value: Math.round(median(large.ms)),
      unit: "ms",
      note:
        `median of ${RUNS} (first ${Math.round(large.ms[0] ?? NaN)} ms, statements included); 5,000 accounts, ${fmt(large.rows.opportunities)} opportunities, ` +
        `${fmt(large.rows.pipeline)} pipeline + ${fmt(large.rows.scores)} score snapshot rows; ${fmt(large.stageN)} opportunity + ${fmt(large.rankingN)} account observations; bar < 5,000 ms`,
    });
    lines.push({
      name: `calibrate.queries.500.${provider}`,
      value: small.queries,
      unit: "statements",
      note: "per report, counted at the driver adapter",
    });
    lines.push({
      name: `calibrate.queries.5k.${provider}`,
      value: large.queries,
      unit: "statements",
      note: large.queries === small.queries ? "same as at 500 accounts" : "GROWS with the portfolio",
    });
    lines.push({
      name: `calibrate.seed.5k.${provider}`,
      value: Math.round(large.seedMs),
      unit: "ms",
      note: "setup, not measured against a bar: import + two years of history",
    });
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  printLines(await benchCalibrate());
