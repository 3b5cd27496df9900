// CRM imports at volume (issue 11.7): ROWS account rows, then ROWS opportunity rows (one per account), imported
// into an empty team, then the same unchanged files imported again, on SQLite and PostgreSQL, through the one
// service entry of every surface (importFile: check, parse, plan, write with audit and snapshots). Prints rows/s of
// each, the re-import/import time ratio, and the process's peak RSS. Then the same two files through the
// `kvalue import` binary as a user runs it, into a fresh SQLite file: wall time and that process's own peak RSS, the
// figure the < 300 MB goal is about (the bench process keeps its generated files and every earlier run's garbage).
// ROWS: KVALUE_BENCH_IMPORT_ROWS (default 100,000). Run alone: `npx tsx bench/import.ts`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import buildDist from "../test/global-setup.js";
import pg from "pg";
import { syntheticAccountsCsv, syntheticOpportunitiesCsv } from "../src/features/import-export/synthetic.js";
import { createServiceDeps } from "../src/features/deps.js";
import { importFile } from "../src/features/import-export/service.js";
import { createTeam } from "../src/features/teams/service.js";
import { migrate, openStore } from "../src/store/index.js";
import { printLines, type BenchLine } from "./lines.js";

const ROWS = Number(process.env.KVALUE_BENCH_IMPORT_ROWS ?? 100_000);
const PG_URL = process.env.KVALUE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const actor = { workspaceId: "T0BENCH", userId: "U0BENCH", source: "import" as const };
const k = `${Math.round(ROWS / 1000)}k`;
/** The two CRM exports every run imports, accounts first (the opportunities name them). */
const exports = () =>
  [
    ["accounts", syntheticAccountsCsv(ROWS, 1)],
    ["opportunities", syntheticOpportunitiesCsv(ROWS, 2)],
  ] as const;

/** Peak resident set size while `fn` runs, sampled every 50 ms, the RSS it started from (the process with its
 *  Prisma clients and the generated files, before the import), the CPU time it took and the 1-minute load average
 *  (the machine is shared: a loaded one stretches wall time). */
async function withPeakRss<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; peakMb: number; startMb: number; cpuMs: number; load: string }> {
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const start = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const load = os.loadavg()[0]?.toFixed(1) ?? "?";
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    const used = process.cpuUsage(cpu);
    return { value, peakMb: mb(peak), startMb: mb(start), cpuMs: Math.round((used.user + used.system) / 1000), load };
  } finally {
    clearInterval(timer);
  }
}

async function importsInto(url: string, provider: string): Promise<BenchLine[]> {
  const store = await openStore(url);
  try {
    await migrate(store);
    const deps = createServiceDeps(store, { now: () => new Date(), managers: [] });
    const { team } = await createTeam(deps, actor, { channelId: "C0BENCH", name: "bench", members: [actor.userId] });
    const lines: BenchLine[] = [];
    for (const [kind, text] of exports()) {
      const bytes = new TextEncoder().encode(text);
      const run = async () => {
        const t0 = performance.now();
        const r = await importFile(deps, actor, team, { bytes, fileName: `${kind}.csv` });
        if (r.status !== "done") throw new Error(`${kind}: ${JSON.stringify(r).slice(0, 300)}`);
        return { ms: performance.now() - t0, summary: r.summary };
      };
      const first = await withPeakRss(run);
      const again = await withPeakRss(run);
      if (again.value.summary.changed.length > 0) throw new Error(`${kind}: the re-import found changes`);
      const rate = (ms: number) => Math.round(ROWS / (ms / 1000));
      lines.push(
        {
          name: `import.${kind}.${k}.${provider}`,
          value: rate(first.value.ms),
          unit: "rows/s",
          note: `${Math.round(first.value.ms)} ms (CPU ${first.cpuMs} ms, load ${first.load}), peak RSS ${first.peakMb} MB from ${first.startMb} MB, goal ≥ 10,000 rows/s and < 300 MB`,
        },
        {
          name: `reimport.${kind}.${k}.${provider}`,
          value: rate(again.value.ms),
          unit: "rows/s",
          note: `unchanged rows, ${Math.round(again.value.ms)} ms (CPU ${again.cpuMs} ms, load ${again.load}), peak RSS ${again.peakMb} MB from ${again.startMb} MB`,
        },
        {
          name: `reimport/import.${kind}.${provider}`,
          value: Number((again.value.ms / first.value.ms).toFixed(3)),
          unit: "ratio",
          note: "goal < 1",
        },
      );
    }
    return lines;
  } finally {
    await store.close();
  }
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Preloaded into the binary: prints the process's peak RSS (KB) as it exits. */
const MAX_RSS_HOOK =
  "data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss '+process.resourceUsage().maxRSS+'\\n'))";

/** `kvalue import FILE` into the SQLite file `db`: wall ms and peak RSS in MB; it must exit 0. */
function cliImport(db: string, file: string): { ms: number; peakMb: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", MAX_RSS_HOOK, "bin/kvalue.js", "import", file], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${db}` },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const ms = performance.now() - t0;
  const stderr = r.stderr.toString();
  if (r.status !== 0) throw new Error(`kvalue import ${file} exited ${r.status}: ${stderr.slice(-500)}`);
  const kb = Number(/maxrss (\d+)/.exec(stderr)?.[1]);
  return { ms, peakMb: Math.round(kb / 1024) };
}

async function cliImports(): Promise<BenchLine[]> {
  buildDist();
  const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-bench-cli-import-"));
  try {
    const lines: BenchLine[] = [];
    for (const [kind, text] of exports()) {
      const file = path.join(dir, `${kind}.csv`);
      writeFileSync(file, text);
      const { ms, peakMb } = cliImport(path.join(dir, "cli.db"), file);
      lines.push({
        name: `cli.import.${kind}.${k}.sqlite`,
        value: peakMb,
        unit: "MB peak RSS",
        note: `the kvalue binary, ${Math.round(ms)} ms end to end (${Math.round(ROWS / (ms / 1000))} rows/s, process start included), goal < 300 MB`,
      });
    }
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

export async function benchImport(): Promise<BenchLine[]> {
  const lines: BenchLine[] = await cliImports();
  const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-bench-"));
  try {
    lines.push(...(await importsInto(`file:${path.join(dir, "bench.db")}`, "sqlite")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const db = `kvalue_bench_${process.pid}`;
  try {
    await onServer(`CREATE DATABASE "${db}"`);
  } catch (e) {
    lines.push({
      name: `import.accounts.${k}.postgresql`,
      value: NaN,
      unit: "rows/s",
      note: `PostgreSQL unreachable: ${String(e)}`,
    });
    return lines;
  }
  try {
    const url = new URL(PG_URL);
    url.pathname = `/${db}`;
    lines.push(...(await importsInto(url.toString(), "postgresql")));
  } finally {
    await onServer(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  printLines(await benchImport());
