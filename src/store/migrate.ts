// Applies prisma/<provider>/migrations at start (DESIGN.md "Running": idempotent), recording `_prisma_migrations`
// exactly as Prisma's schema engine does, so `prisma migrate status|deploy|dev` agree afterwards.
//
// Why our own applier instead of the Wasm schema engine's applyMigrations in-process (both measured with
// scripts/measure-store.ts and in cold processes; numbers in prisma/README.md): up to date — every start but the first
// after an upgrade — it takes ~5 ms on SQLite and ~20–30 ms on PostgreSQL against ~230 ms for loading and starting the
// engine, and applying the initial migration 13–23 ms / 70–330 ms against 550–1100 ms / 150–520 ms. It needs no internal,
// exactly-pinned engine package at run time, and it controls concurrency and atomicity itself:
//   - PostgreSQL: a session advisory lock, with the key Prisma's engine uses, so app starts and `prisma migrate deploy`
//     exclude each other; each migration runs in its own transaction with its `_prisma_migrations` row.
//   - SQLite: one BEGIN IMMEDIATE transaction (the file's write lock) for all pending migrations, with foreign keys
//     off for it, as Prisma's table-redefinition migrations require (they otherwise cascade deletes).
// Because a failed migration is rolled back whole, nothing is recorded for it (Prisma records a failed row only
// because it cannot roll back); fix the migration and start again.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { StoreError } from "./errors.js";
import { pgConnectionOptions, type DatabaseTarget, type Provider, type Store } from "./open.js";

export interface LocalMigration {
  /** folder name, e.g. 20261126190556_init */
  name: string;
  script: string;
  /** sha256 hex of migration.sql, as Prisma computes it */
  checksum: string;
}

export interface MigrateResult {
  /** migrations applied by this call, in order (empty when the database was up to date) */
  applied: string[];
  /** e.g. a migration edited after it was applied (what `prisma migrate status` would also report) */
  warnings: string[];
}

/** Key of pg_advisory_lock that Prisma's schema engine takes around migrations. */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// The DDL of Prisma's schema engine for its history table, per provider (copied from tables the engine created).
const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;
const PG_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
const SELECT_HISTORY = `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "started_at"`;

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** prisma/<provider>/migrations of this package: found by walking up from this file, which works from src/ (tsx,
 *  vitest) and from dist/src/ alike. */
export function migrationsDir(provider: Provider): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "prisma", provider, "migrations");
    if (fs.existsSync(path.join(candidate, "migration_lock.toml"))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new StoreError(
        "config",
        `cannot find prisma/${provider}/migrations above ${fileURLToPath(import.meta.url)}`,
      );
    dir = parent;
  }
}

/** The migrations of `dir`, sorted as Prisma sorts them. Checks that the folder belongs to `provider`. */
export function readMigrations(dir: string, provider: Provider): LocalMigration[] {
  const lock = fs.readFileSync(path.join(dir, "migration_lock.toml"), "utf8");
  const locked = /provider\s*=\s*"([^"]+)"/.exec(lock)?.[1];
  if (locked !== provider) {
    throw new StoreError("config", `${dir} holds ${locked ?? "unknown"} migrations, not ${provider}`);
  }
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .flatMap((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!fs.existsSync(file)) return [];
      const script = fs.readFileSync(file, "utf8");
      return [{ name, script, checksum: createHash("sha256").update(script, "utf8").digest("hex") }];
    });
}

/** What to apply, given the local migrations and the history table's rows. */
function plan(
  local: LocalMigration[],
  rows: HistoryRow[],
  provider: Provider,
): { pending: LocalMigration[]; warnings: string[] } {
  const live = rows.filter((r) => r.rolled_back_at === null);
  const failed = live.find((r) => r.finished_at === null);
  if (failed) {
    throw new StoreError(
      "migration",
      `migration ${failed.migration_name} failed earlier and needs a person: fix the database, then run ` +
        `npx prisma migrate resolve --rolled-back ${failed.migration_name} --config prisma/${provider}.config.ts (or --applied)`,
      failed.migration_name,
    );
  }
  const applied = new Map(live.map((r) => [r.migration_name, r.checksum]));
  const localNames = new Set(local.map((m) => m.name));
  const warnings = [
    ...local
      .filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum)
      .map((m) => `migration ${m.name} was modified after it was applied`),
    ...[...applied.keys()]
      .filter((name) => !localNames.has(name))
      .map((name) => `migration ${name} is applied but missing from ${provider}/migrations`),
  ];
  return { pending: local.filter((m) => !applied.has(m.name)), warnings };
}

function failure(migration: LocalMigration, error: unknown): StoreError {
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(
    "migration",
    `migration ${migration.name} failed and was rolled back: ${message}`,
    migration.name,
  );
}

/** Timestamps as the Prisma SQLite adapter writes them (what the engine stores through it). */
function sqliteNow(): string {
  return new Date().toISOString().replace("Z", "+00:00");
}

/** The first connection failed (no such database, refused, wrong password, an unwritable file): the operator's to
 *  mend in DATABASE_URL or on the server, said in one line at start, not as a stack. */
const unreachable = (what: string, e: unknown): StoreError =>
  new StoreError("config", `DATABASE_URL: ${what}: ${e instanceof Error ? e.message : String(e)}`, "DATABASE_URL");

// Drivers load on demand: a PostgreSQL deployment never needs the native SQLite module, and vice versa.
async function migrateSqlite(file: string, local: LocalMigration[]): Promise<MigrateResult> {
  const { default: Database } = await import("better-sqlite3");
  let db: InstanceType<typeof Database>;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file, { timeout: 30_000 });
  } catch (e) {
    throw unreachable(`cannot open ${file}`, e);
  }
  try {
    const history = (): HistoryRow[] => {
      const exists = db
        .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`)
        .get();
      return exists ? (db.prepare(SELECT_HISTORY).all() as HistoryRow[]) : [];
    };
    const first = plan(local, history(), "sqlite");
    if (first.pending.length === 0) return { applied: [], warnings: first.warnings };

    db.pragma("foreign_keys = OFF"); // only outside a transaction does this take effect
    db.exec("BEGIN IMMEDIATE"); // the write lock: concurrent starts wait here, then find nothing left to do
    const applied: string[] = [];
    let warnings = first.warnings;
    let current: LocalMigration | undefined;
    try {
      db.exec(SQLITE_MIGRATIONS_TABLE);
      const again = plan(local, history(), "sqlite");
      warnings = again.warnings;
      const insert = db.prepare(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count") VALUES (?, ?, ?, ?, 0)`,
      );
      const finish = db.prepare(
        `UPDATE "_prisma_migrations" SET "finished_at" = ?, "applied_steps_count" = 1 WHERE "id" = ?`,
      );
      for (const migration of again.pending) {
        current = migration;
        const id = randomUUID();
        insert.run(id, migration.checksum, migration.name, sqliteNow());
        db.exec(migration.script);
        finish.run(sqliteNow(), id);
        applied.push(migration.name);
      }
      const violations = db.pragma("foreign_key_check") as unknown[];
      if (violations.length > 0) throw new Error(`${violations.length} rows violate foreign keys after the migration`);
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw current ? failure(current, error) : error;
    }
    return { applied, warnings };
  } finally {
    db.close();
  }
}

async function migratePostgres(
  target: Extract<DatabaseTarget, { provider: "postgresql" }>,
  local: LocalMigration[],
): Promise<MigrateResult> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: target.connectionString, ...pgConnectionOptions(target) });
  await client.connect().catch((e: unknown) => {
    throw unreachable("cannot connect to PostgreSQL", e);
  });
  try {
    if (target.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    // Session lock: held across the per-migration transactions below; other starts wait, then see nothing to do.
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      const exists = await client.query<{ found: boolean }>(
        `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS found`,
      );
      if (!exists.rows[0]?.found) await client.query(PG_MIGRATIONS_TABLE);
      const { rows } = await client.query<HistoryRow>(SELECT_HISTORY);
      const { pending, warnings } = plan(local, rows, "postgresql");
      const applied: string[] = [];
      for (const migration of pending) {
        try {
          await client.query("BEGIN");
          const id = randomUUID();
          await client.query(
            `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count") VALUES ($1, $2, $3, clock_timestamp(), 0)`,
            [id, migration.checksum, migration.name],
          );
          // Without parameters pg uses the simple query protocol, which runs a multi-statement script.
          await client.query(migration.script);
          await client.query(
            `UPDATE "_prisma_migrations" SET "finished_at" = clock_timestamp(), "applied_steps_count" = 1 WHERE "id" = $1`,
            [id],
          );
          await client.query("COMMIT");
          applied.push(migration.name);
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw failure(migration, error);
        }
      }
      return { applied, warnings };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}

/**
 * Brings the store's database up to date with prisma/<provider>/migrations (or `options.dir`). Idempotent, and safe
 * when several processes start at once on the same database. Uses connections of its own, not the store's client.
 */
export async function migrate(store: Pick<Store, "target">, options: { dir?: string } = {}): Promise<MigrateResult> {
  const { target } = store;
  const local = readMigrations(options.dir ?? migrationsDir(target.provider), target.provider);
  return target.provider === "sqlite" ? migrateSqlite(target.file, local) : migratePostgres(target, local);
}
