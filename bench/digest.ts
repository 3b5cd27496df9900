// The weekly digest (METHOD §5.7) of one team of 5,000 accounts and 50,000 opportunities, on SQLite and PostgreSQL:
// two weekly snapshots with a week of selling between them, then the time to build the digest (gather with SQL
// aggregates + pure build + Block Kit) and the SQL statements it takes, counted at the driver adapter, at 500 and at
// 5,000 accounts. Bars (issue 4): under 1 s per digest; the statement count does not grow with the portfolio.
// Run alone: `npx tsx bench/digest.ts` (PostgreSQL from KVALUE_TEST_PG_URL, default the local test server).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { renderDigestCharts } from "../src/features/digest/charts-data.js";
import { composeDigest, ensureCurrentSnapshot } from "../src/features/digest/compose.js";
import { digestMessage } from "../src/features/digest/render.js";
import { createServiceDeps } from "../src/features/deps.js";
import { setTarget } from "../src/features/funnel/service.js";
import { migrate, openStore, type Provider } from "../src/store/index.js";
import { openCountingStore } from "../test/digest/support/counting-store.js";
import { createTeam, seedPortfolio, simulateWeek } from "../test/digest/support/portfolio.js";
import { printLines, type BenchLine } from "./lines.js";

const PG_URL = process.env.KVALUE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const OPPORTUNITIES_PER_ACCOUNT = 10;
const RUNS = 5;

interface Measured {
  buildMs: number[];
  queries: number;
  snapshotMs: number;
  chartsMs: number;
  changed: number;
}

async function onServer(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A fresh database of `provider`; dropped by the returned function. */
async function freshDatabase(provider: Provider, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-bench-digest-"));
    return {
      url: `file:${path.join(dir, "bench.db")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const db = `kvalue_bench_digest_${process.pid}_${name}`;
  await onServer(`CREATE DATABASE "${db}"`);
  const url = new URL(PG_URL);
  url.pathname = `/${db}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`) };
}

async function measure(provider: Provider, accounts: number, timed: boolean): Promise<Measured> {
  const { url, drop } = await freshDatabase(provider, String(accounts));
  try {
    const store = await openStore(url);
    let now = new Date("2026-02-22T16:00:05Z"); // Monday 23 Feb 2026, 00:00:05 in Shanghai
    const deps = createServiceDeps({ db: store.db, provider }, { now: () => now, managers: [] });
    let snapshotMs = 0;
    let team: Awaited<ReturnType<typeof createTeam>>;
    try {
      await migrate(store);
      team = await createTeam({ store }, { workspaceId: "T0BENCH", channelId: "C0BENCH", name: "华东政企一部" });
      await seedPortfolio(deps, team, {
        accounts,
        opportunitiesPerAccount: OPPORTUNITIES_PER_ACCOUNT,
        asOf: "2026-02-22",
        seed: 4,
      });
      await setTarget(
        deps,
        { workspaceId: "T0BENCH", userId: "U0BENCH", source: "cli" },
        { workspaceId: "T0BENCH", userId: "U0BENCH", manager: true, teams: [team] },
        { team: team.name, amount: 2_000_000_000, period: "2026" },
      );
      // Long-lived tables carry planner statistics (autovacuum analyses them); a freshly bulk-loaded one does not yet.
      if (provider === "postgresql") await store.db.$executeRawUnsafe("ANALYZE");
      await ensureCurrentSnapshot(deps, team, "Asia/Shanghai");
      await simulateWeek({ store }, team.id, { from: "2026-02-23", to: "2026-03-02", share: 0.05 });
      if (provider === "postgresql") await store.db.$executeRawUnsafe("ANALYZE");
      now = new Date("2026-03-02T01:00:00Z"); // the digest slot, Monday 09:00
      const t0 = performance.now();
      await ensureCurrentSnapshot(deps, team, "Asia/Shanghai");
      snapshotMs = performance.now() - t0;
    } finally {
      await store.close();
    }

    // A fresh connection that counts statements, as an instance starting its Monday would have.
    const counting = openCountingStore(url);
    try {
      const cdeps = createServiceDeps({ db: counting.db, provider }, { now: () => now });
      const buildMs: number[] = [];
      let queries = 0,
        chartsMs = 0,
        changed = 0;
      for (let run = 0; run < (timed ? RUNS : 1); run++) {
        counting.counter.queries = 0;
        const t0 = performance.now();
        const digest = await composeDigest(cdeps, team, "2026-W10", { charts: true });
        if (!digest) throw new Error("no snapshot");
        digestMessage(digest, { locale: "zh-CN", chartsBelow: true });
        buildMs.push(performance.now() - t0);
        queries = counting.counter.queries;
        changed = digest.bridge?.rowCount ?? 0;
        if (timed && run === 0) {
          const c0 = performance.now();
          await renderDigestCharts(digest, "zh-CN");
          chartsMs = performance.now() - c0;
        }
      }
      return { buildMs, queries, snapshotMs, chartsMs, changed };
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

export async function benchDigest(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const provider of ["sqlite", "postgresql"] as const) {
    if (provider === "postgresql") {
      try {
        await onServer("SELECT 1");
      } catch (e) {
        lines.push({
          name: "digest.build.5k.postgresql",
          value: NaN,
          unit: "ms",
          note: `PostgreSQL unreachable: ${String(e)}`,
        });
        continue;
      }
    }
    const small = await measure(provider, 500, false);
    const large = await measure(provider, 5_000, true);
    const opps = 5_000 * OPPORTUNITIES_PER_ACCOUNT;
    lines.push({
      name: `digest.build.5k.${provider}`,
      value: Math.round(median(large.buildMs)),
      unit: "ms",
      note: `median of ${RUNS}, first ${Math.round(large.buildMs[0] ?? NaN)} ms; 5,000 accounts, ${opps.toLocaleString("en-US")} opportunities, ${large.changed} changed in the week; bar < 1,000 ms`,
    });
    lines.push({
      name: `digest.queries.500.${provider}`,
      value: small.queries,
      unit: "statements",
      note: "per digest, counted at the driver adapter",
    });
    lines.push({
      name: `digest.queries.5k.${provider}`,
      value: large.queries,
      unit: "statements",
      note: large.queries === small.queries ? "same as at 500 accounts" : "GROWS with the portfolio",
    });
    lines.push({
      name: `digest.snapshot.5k.${provider}`,
      value: Math.round(large.snapshotMs),
      unit: "ms",
      note: "weekly PipelineSnapshot + ScoreSnapshot rows of the team, once a week",
    });
    lines.push({
      name: `digest.charts.5k.${provider}`,
      value: Math.round(large.chartsMs),
      unit: "ms",
      note: "dual funnel + value matrix PNGs",
    });
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  printLines(await benchDigest());
