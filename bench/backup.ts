// `kvalue backup` / `kvalue restore` throughput (issue 12 item 4): 5,000 imported accounts (with their contacts,
// needs, opportunities, audit rows and snapshots) backed up from SQLite, restored into PostgreSQL, backed up from
// PostgreSQL and restored into SQLite, through the backup service with the file on disk, as the CLI does.
// Run alone: `npx tsx bench/backup.ts`.
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { restoreBackup, writeBackup } from "../src/features/backup/service.js";
import { createServiceDeps } from "../src/features/deps.js";
import { parseImportFile } from "../src/features/import-export/import-parse.js";
import { importAccounts } from "../src/features/import-export/service.js";
import { syntheticAccountsCsv } from "../src/features/import-export/synthetic.js";
import { createTeam } from "../src/features/teams/service.js";
import { migrate, openStore, type Store } from "../src/store/index.js";
import { printLines, type BenchLine } from "./lines.js";

const ACCOUNTS = 5_000;
const PG_URL = process.env.KVALUE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const actor = { workspaceId: "T0BENCH", userId: "U0BENCH", source: "import" as const };

async function withStore<T>(url: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(url);
  try {
    await migrate(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function backup(url: string, file: string): Promise<{ rows: number; ms: number }> {
  return withStore(url, async (store) => {
    const out = fs.createWriteStream(file);
    const t0 = performance.now();
    const r = await writeBackup(
      createServiceDeps(store),
      async (text) => {
        if (!out.write(text)) await once(out, "drain");
      },
      { workspaceId: null, producer: "bench" },
    );
    out.end();
    await once(out, "finish");
    return { rows: r.rows, ms: performance.now() - t0 };
  });
}

async function restore(url: string, file: string): Promise<{ rows: number; ms: number }> {
  return withStore(url, async (store) => {
    const t0 = performance.now();
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    const r = await restoreBackup(createServiceDeps(store), lines);
    return { rows: r.rows, ms: performance.now() - t0 };
  });
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

const line = (name: string, r: { rows: number; ms: number }, file: string): BenchLine => ({
  name,
  value: Math.round(r.rows / (r.ms / 1000)),
  unit: "rows/s",
  note: `${r.rows} rows in ${Math.round(r.ms)} ms, file ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`,
});

export async function benchBackup(): Promise<BenchLine[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-bench-backup-"));
  const db = `kvalue_bench_backup_${process.pid}`;
  const lines: BenchLine[] = [];
  try {
    const source = `file:${path.join(dir, "source.db")}`;
    await withStore(source, async (store) => {
      const deps = createServiceDeps(store);
      const { team } = await createTeam(deps, actor, { channelId: "C0BENCH", name: "bench", members: [actor.userId] });
      const parsed = parseImportFile(syntheticAccountsCsv(ACCOUNTS, 1), "csv");
      if (!parsed.ok) throw new Error(`synthetic CSV did not parse: ${parsed.errors[0]?.message}`);
      await importAccounts(deps, actor, team, parsed.accounts);
    });
    const first = path.join(dir, "sqlite.jsonl");
    lines.push(line("backup.sqlite", await backup(source, first), first));
    await onServer(`CREATE DATABASE "${db}"`);
    const url = new URL(PG_URL);
    url.pathname = `/${db}`;
    lines.push(line("restore.postgresql", await restore(url.toString(), first), first));
    const second = path.join(dir, "postgresql.jsonl");
    lines.push(line("backup.postgresql", await backup(url.toString(), second), second));
    lines.push(line("restore.sqlite", await restore(`file:${path.join(dir, "back.db")}`, second), second));
  } finally {
    await onServer(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  printLines(await benchBackup());
