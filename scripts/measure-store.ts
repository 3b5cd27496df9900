// Measures the store on SQLite and PostgreSQL: migrations at start (our applier vs the Wasm schema engine's
// applyMigrations in-process, fresh and up to date) and writing 10,000 accounts in one transaction.
//   npx tsx scripts/measure-store.ts            (PostgreSQL from KVALUE_TEST_PG_URL, default the local test server)
// Numbers, not assertions: DESIGN.md keeps timings out of the test suite.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createAccounts, type NewAccount } from "../src/features/accounts/repository.js";
import { migrate, migrationsDir, openStore, parseDatabaseUrl, type Provider, type Store } from "../src/store/index.js";
import { normalizeName } from "../src/features/accounts/keys.js";
// @ts-expect-error plain JavaScript module without type declarations (the CLI's engine stand-in)
import { openEngine } from "../prisma/engine/wasm-engine.mjs";

const PG_URL = process.env.KVALUE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const ROWS = Number(process.env.ROWS ?? 10_000);

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(sql);
  await client.end();
}

async function freshUrl(provider: Provider): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-measure-"));
    return {
      url: `file:${path.join(dir, "m.db")}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `kvalue_measure_${randomUUID().slice(0, 8)}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

async function timeOwnMigrate(provider: Provider): Promise<void> {
  const { url, drop } = await freshUrl(provider);
  try {
    const target = parseDatabaseUrl(url);
    let t0 = performance.now();
    const first = await migrate({ target });
    const fresh = ms(t0);
    const upToDate: string[] = [];
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      await migrate({ target });
      upToDate.push(ms(t0));
    }
    console.log(
      `${provider}: migrate() fresh (${first.applied.length} migration) ${fresh}; up to date ${upToDate.join(", ")}`,
    );
  } finally {
    await drop();
  }
}

async function timeWasmMigrate(provider: Provider): Promise<void> {
  const { url, drop } = await freshUrl(provider);
  const dir = migrationsDir(provider);
  const schemaPath = path.join(dir, "..", "schema.prisma");
  const migrationsList = () => ({
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: fs.readFileSync(path.join(dir, "migration_lock.toml"), "utf8") },
    shadowDbInitScript: "",
    migrationDirectories: fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => ({
        path: e.name,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok", value: fs.readFileSync(path.join(dir, e.name, "migration.sql"), "utf8") },
        },
      })),
  });
  const filters = { externalTables: [], externalEnums: [] };
  try {
    for (const label of ["fresh", "up to date", "up to date"]) {
      const t0 = performance.now();
      const engine = await openEngine({
        datamodels: [[schemaPath, fs.readFileSync(schemaPath, "utf8")]],
        datasource: { url },
        log: () => {},
      });
      const opened = performance.now();
      const result = await engine.call("applyMigrations", { migrationsList: migrationsList(), filters });
      await engine.close();
      console.log(
        `${provider}: Wasm engine applyMigrations ${label}: ${ms(t0)} (engine start ${(opened - t0).toFixed(0)} ms, applied ${result.appliedMigrationNames.length})`,
      );
    }
  } finally {
    await drop();
  }
}

function accountRows(workspaceId: string, teamId: string) {
  return Array.from({ length: ROWS }, (_, i) => {
    const name = `测试客户 ${String(i).padStart(5, "0")}`;
    return {
      workspaceId,
      teamId,
      name,
      normalizedName: normalizeName(name),
      customerType: "gov",
      adminLevel: "prefecture",
      industry: "e_gov",
      isExistingCustomer: i % 2 === 0,
      revenueTtm: BigInt(3_000_000_000 + i),
      grossMarginPct: 31.5,
      relationshipYears: i % 10,
      walletAnnual: BigInt(20_000_000_000 + i),
      budgetStatus: "planned",
      segmentMatch: true,
    };
  });
}

async function timeBulk(provider: Provider): Promise<void> {
  const { url, drop } = await freshUrl(provider);
  let store: Store | undefined;
  try {
    store = await openStore(url);
    await migrate(store);
    const db = store.db;
    await db.workspace.create({ data: { id: "T_BENCH", name: "bench" } });
    const team = await db.team.create({ data: { workspaceId: "T_BENCH", channelId: "C1", name: "t", createdBy: "U" } });
    const rows = accountRows("T_BENCH", team.id);

    let t0 = performance.now();
    await db.$transaction(
      async (tx) => {
        await tx.account.createMany({ data: rows });
      },
      { timeout: 120_000 },
    );
    console.log(`${provider}: ${ROWS} accounts (12 facts each) in one transaction, createMany: ${ms(t0)}`);

    // As an import writes them: createAccounts (multi-row INSERTs) with the creation audit (1 + 11 rows per account).
    await db.account.deleteMany({});
    const accounts: NewAccount[] = rows.map((r, i) => ({
      workspaceId: r.workspaceId,
      teamId: r.teamId,
      name: r.name,
      facts: {
        customer_type: "gov",
        admin_level: "prefecture",
        industry: "e_gov",
        is_existing_customer: i % 2 === 0,
        revenue_ttm: 3_000_000_000 + i,
        gross_margin_pct: 31.5,
        relationship_years: i % 10,
        wallet_annual: 20_000_000_000 + i,
        budget_status: "planned",
        segment_match: true,
        industry_outlook: "growth",
      },
    }));
    t0 = performance.now();
    await createAccounts(db, accounts, { actorUserId: "U", source: "import" });
    const audit = await db.factChange.count();
    console.log(
      `${provider}: createAccounts ${ROWS} accounts + ${audit} FactChange rows in one transaction: ${ms(t0)}`,
    );

    t0 = performance.now();
    const loaded = await db.account.findMany({
      where: { workspaceId: "T_BENCH" },
      include: { needs: true, contacts: true, opportunities: { include: { stageHistory: true } } },
    });
    console.log(`${provider}: load ${loaded.length} account aggregates: ${ms(t0)}`);
  } finally {
    await store?.close();
    await drop();
  }
}

for (const provider of ["sqlite", "postgresql"] as const) {
  await timeOwnMigrate(provider);
  await timeWasmMigrate(provider);
  await timeBulk(provider);
}
