// Migrations at start: idempotent, concurrent-safe, atomic, and recorded so that the Prisma CLI agrees.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  StoreError,
  migrate,
  migrationsDir,
  openStore,
  parseDatabaseUrl,
  readMigrations,
  type Provider,
} from "../../src/store/index.js";
import { checkPostgres, newDatabase, prisma, type TestDatabase } from "./support.js";
import { pgConnectionOptions } from "../../src/store/open.js";

const postgres = await checkPostgres();
const CLI_TIMEOUT = 90_000;

function migrateSuite(provider: Provider): void {
  const names = readMigrations(migrationsDir(provider), provider).map((m) => m.name);
  const databases: TestDatabase[] = [];
  const fresh = async () => {
    const database = await newDatabase(provider);
    databases.push(database);
    return database;
  };
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
  });

  it("applies every migration to an empty database once, then nothing", async () => {
    const { url } = await fresh();
    const store = { target: parseDatabaseUrl(url) };
    expect(await migrate(store)).toEqual({ applied: names, warnings: [] });
    expect(await migrate(store)).toEqual({ applied: [], warnings: [] });
  });

  it(
    "records the history as Prisma does: `prisma migrate status` is up to date and the schema has no drift",
    async () => {
      const { url } = await fresh();
      await migrate({ target: parseDatabaseUrl(url) });
      const status = await prisma(provider, url, "migrate", "status");
      expect(status.stdout).toContain("Database schema is up to date!");
      expect(status.code).toBe(0);
      const drift = await prisma(
        provider,
        url,
        "migrate",
        "diff",
        "--from-config-datasource",
        "--to-schema",
        `prisma/${provider}/schema.prisma`,
        "--exit-code",
      );
      expect(drift.stdout).toContain("No difference detected.");
      expect(drift.code).toBe(0);
    },
    CLI_TIMEOUT,
  );

  it(
    "treats a database migrated by `prisma migrate deploy` as up to date",
    async () => {
      const { url } = await fresh();
      const deploy = await prisma(provider, url, "migrate", "deploy");
      expect(deploy.code, deploy.stderr).toBe(0);
      expect(await migrate({ target: parseDatabaseUrl(url) })).toEqual({ applied: [], warnings: [] });
    },
    CLI_TIMEOUT,
  );

  it("applies one set when three processes start at once", async () => {
    const { url } = await fresh();
    const stores = await Promise.all([openStore(url), openStore(url), openStore(url)]);
    try {
      const results = await Promise.all(stores.map((s) => migrate(s)));
      expect(results.flatMap((r) => r.applied)).toEqual(names);
      const rows = await stores[0]!.db.$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name"`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(names);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it("rolls back a failing migration whole and records nothing for it", async () => {
    const { url } = await fresh();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-migrations-"));
    try {
      fs.cpSync(migrationsDir(provider), dir, { recursive: true });
      fs.mkdirSync(path.join(dir, "99990101000000_broken"));
      fs.writeFileSync(
        path.join(dir, "99990101000000_broken", "migration.sql"),
        `CREATE TABLE "HalfDone" ("id" TEXT NOT NULL PRIMARY KEY);\nINSERT INTO "NoSuchTable" ("id") VALUES ('x');\n`,
      );
      const store = await openStore(url);
      try {
        await migrate(store);
        const attempt = migrate(store, { dir });
        await expect(attempt).rejects.toBeInstanceOf(StoreError);
        await expect(attempt).rejects.toMatchObject({ code: "migration", path: "99990101000000_broken" });
        const recorded = await store.db.$queryRawUnsafe<{ migration_name: string }[]>(
          `SELECT "migration_name" FROM "_prisma_migrations"`,
        );
        expect(recorded.map((r) => r.migration_name)).toEqual(names);
        const halfDone =
          provider === "sqlite"
            ? await store.db.$queryRawUnsafe<unknown[]>(`SELECT name FROM sqlite_master WHERE name = 'HalfDone'`)
            : await store.db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM pg_tables WHERE tablename = 'HalfDone'`);
        expect(halfDone).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

describe("DATABASE_URL", () => {
  it("defaults to the embedded database and names the variable when it is unusable", () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ provider: "sqlite", file: path.resolve("data/kvalue.db") });
    expect(parseDatabaseUrl("")).toEqual({ provider: "sqlite", file: path.resolve("data/kvalue.db") });
    expect(parseDatabaseUrl("postgresql://u:p@db:5432/kv?schema=sales")).toEqual({
      provider: "postgresql",
      connectionString: "postgresql://u:p@db:5432/kv",
      schema: "sales",
      pooled: false,
    });
    // Behind PgBouncer: no startup options (it refuses them), and no schema, which needs one.
    const pooled = parseDatabaseUrl("postgresql://u:p@pool:6432/kv?pgbouncer=true");
    expect(pooled).toEqual({
      provider: "postgresql",
      connectionString: "postgresql://u:p@pool:6432/kv",
      schema: undefined,
      pooled: true,
    });
    expect(pooled.provider === "postgresql" && pgConnectionOptions(pooled)).toEqual({});
    expect(pgConnectionOptions({ schema: "sales", pooled: false })).toEqual({
      options: "-c jit=off -c search_path=sales",
    });
    expect(() => parseDatabaseUrl("postgresql://u:p@pool:6432/kv?pgbouncer=true&schema=sales")).toThrow(
      /schema=sales cannot be used with pgbouncer=true/,
    );
    expect(() => parseDatabaseUrl("mysql://u:secret@db/kv")).toThrow(/DATABASE_URL/);
    expect(() => parseDatabaseUrl("mysql://u:secret@db/kv")).not.toThrow(/secret/);
    expect(() => parseDatabaseUrl("file::memory:")).toThrow(/DATABASE_URL/);
  });
});

describe("a database that cannot be reached", () => {
  it("is one line naming DATABASE_URL and the driver's reason, not a stack", async () => {
    const refused = migrate({ target: parseDatabaseUrl("postgresql://postgres@127.0.0.1:1/test") });
    await expect(refused).rejects.toThrow(StoreError);
    await expect(refused).rejects.toThrow(
      /^DATABASE_URL: cannot connect to PostgreSQL: connect ECONNREFUSED 127\.0\.0\.1:1$/,
    );
    const file = migrate({ target: parseDatabaseUrl("file:/dev/null/kvalue.db") });
    await expect(file).rejects.toMatchObject({
      code: "config",
      message: expect.stringMatching(/^DATABASE_URL: cannot open \/dev\/null\/kvalue\.db: /),
    });
    if (postgres.available) {
      const url = new URL(process.env.KVALUE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
      url.pathname = "/kvalue_no_such_database";
      await expect(migrate({ target: parseDatabaseUrl(url.toString()) })).rejects.toThrow(
        /^DATABASE_URL: cannot connect to PostgreSQL: database "kvalue_no_such_database" does not exist$/,
      );
    }
  });
});

describe("migrations at start on SQLite", () => migrateSuite("sqlite"));
if (postgres.available) {
  describe("migrations at start on PostgreSQL", () => migrateSuite("postgresql"));
} else {
  describe.skip(`migrations at start on PostgreSQL — SKIPPED, server unreachable: ${postgres.reason}`, () => {
    it("needs PostgreSQL", () => {});
  });
}
