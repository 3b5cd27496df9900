// Test databases for the store suites: a temporary SQLite file, or a PostgreSQL database created for the test file
// and dropped afterwards (KVALUE_TEST_PG_URL names the server). Also runs the real Prisma CLI.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { Provider } from "../../src/store/index.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PG_URL = process.env.KVALUE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

/** Whether the PostgreSQL server answers; with KVALUE_REQUIRE_PG=1 an unreachable server fails the suite instead. */
export async function checkPostgres(): Promise<{ available: true } | { available: false; reason: string }> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return { available: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.KVALUE_REQUIRE_PG === "1") {
      throw new Error(`KVALUE_REQUIRE_PG=1 but PostgreSQL at ${PG_URL} is unreachable: ${reason}`);
    }
    console.warn(
      `\n⚠ PostgreSQL at ${PG_URL} is unreachable (${reason}): the PostgreSQL store tests are SKIPPED. ` +
        "Start it (or set KVALUE_TEST_PG_URL); KVALUE_REQUIRE_PG=1 makes this a failure.\n",
    );
    return { available: false, reason };
  } finally {
    await client.end().catch(() => {});
  }
}

export function sqliteDatabase(): TestDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-store-"));
  return {
    provider: "sqlite",
    url: `file:${path.join(dir, "test.db")}`,
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database of its own for one test file: suites run in parallel and migrations must start from empty. */
export async function postgresDatabase(): Promise<TestDatabase> {
  const name = `kvalue_test_${process.pid}_${randomUUID().slice(0, 8)}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    provider: "postgresql",
    url: url.toString(),
    drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export function newDatabase(provider: Provider): Promise<TestDatabase> {
  return provider === "sqlite" ? Promise.resolve(sqliteDatabase()) : postgresDatabase();
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `prisma <args> --config prisma/<provider>.config.ts` with DATABASE_URL = `url`, exactly as a developer runs it
 *  (no PRISMA_SCHEMA_ENGINE_BINARY in the environment: the config file sets it). */
export function prisma(provider: Provider, url: string, ...args: string[]): Promise<CliResult> {
  return prismaIn(repoRoot, provider, url, ...args);
}

/** `prisma` run in another checkout's layout (`root`/prisma/<provider>.config.ts and `root`/node_modules). */
export function prismaIn(root: string, provider: Provider, url: string, ...args: string[]): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
  delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        path.join(root, "node_modules", "prisma", "build", "index.js"),
        ...args,
        "--config",
        `prisma/${provider}.config.ts`,
      ],
      { cwd: root, env, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
