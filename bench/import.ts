// Import of 10,000 CSV rows (as a CRM exports them) into SQLite and PostgreSQL: parse, validate, write in one
// transaction with audit rows and score snapshots. Run alone: `npx tsx bench/import.ts`.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { parseImportFile } from "../src/features/import-export/import-parse.js";
import { syntheticAccountsCsv } from "../src/features/import-export/synthetic.js";
import { createServiceDeps } from "../src/features/deps.js";
import { importAccounts } from "../src/features/import-export/service.js";
import { createTeam } from "../src/features/teams/service.js";
import { migrate, openStore } from "../src/store/index.js";
import { printLines, type BenchLine } from "./lines.js";

const ROWS = 10_000;
const PG_URL = process.env.KVALUE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const actor = { workspaceId: "T0BENCH", userId: "U0BENCH", source: "import" as const };

async function importInto(url: string, csv: string): Promise<{ parseMs: number; writeMs: number }> {
  const store = await openStore(url);
  try {
    await migrate(store);
    const deps = createServiceDeps(store, { now: () => new Date(), managers: [] });
    const { team } = await createTeam(deps, actor, { channelId: "C0BENCH", name: "bench", members: [actor.userId] });
    const t0 = performance.now();
    const parsed = parseImportFile(csv, "csv");
    if (!parsed.ok) throw new Error(`synthetic CSV did not parse: ${parsed.errors[0]?.message}`);
    const t1 = performance.now();
    await importAccounts(deps, actor, team, parsed.accounts);
    return { parseMs: t1 - t0, writeMs: performance.now() - t1 };
  } finally {
    await store.close();
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
  const csv = syntheticAccountsCsv(ROWS, 1);
  const lines: BenchLine[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-bench-"));
  try {
    const s = await importInto(`file:${path.join(dir, "bench.db")}`, csv);
    lines.push({
      name: "import.csv.10k.sqlite",
      value: Math.round(s.parseMs + s.writeMs),
      unit: "ms",
      note: `parse ${Math.round(s.parseMs)} ms + write ${Math.round(s.writeMs)} ms, one transaction`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const db = `kvalue_bench_${process.pid}`;
  try {
    await onServer(`CREATE DATABASE "${db}"`);
  } catch (e) {
    lines.push({
      name: "import.csv.10k.postgresql",
      value: NaN,
      unit: "ms",
      note: `PostgreSQL unreachable: ${String(e)}`,
    });
    return lines;
  }
  try {
    const url = new URL(PG_URL);
    url.pathname = `/${db}`;
    const p = await importInto(url.toString(), csv);
    lines.push({
      name: "import.csv.10k.postgresql",
      value: Math.round(p.parseMs + p.writeMs),
      unit: "ms",
      note: `parse ${Math.round(p.parseMs)} ms + write ${Math.round(p.writeMs)} ms, one transaction`,
    });
  } finally {
    await onServer(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  printLines(await benchImport());
