// A store whose driver adapter counts the SQL statements Prisma sends (queries and executes, inside transactions too),
// so a test or the bench can show that the digest's query count does not grow with the portfolio.
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaClient as SqliteClient } from "../../../prisma/sqlite/generated/client.js";
import { PrismaClient as PgClient } from "../../../prisma/postgresql/generated/client.js";
import { parseDatabaseUrl, type Db, type Provider } from "../../../src/store/index.js";
import { pgConnectionOptions } from "../../../src/store/open.js";
import { GatedSqliteAdapterFactory } from "../../../src/store/sqlite-gate.js";

export interface Counter {
  queries: number;
  statements: string[];
  ms: number[];
}

/** Counts a statement and records how long it took. */
async function timed<T>(c: Counter, q: SqlQuery, run: () => Promise<T>): Promise<T> {
  c.queries++;
  c.statements.push(q.sql);
  const i = c.ms.push(0) - 1;
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    c.ms[i] = performance.now() - t0;
  }
}

function countTx(tx: Transaction, c: Counter): Transaction {
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (q) => timed(c, q, () => tx.queryRaw(q)),
    executeRaw: (q) => timed(c, q, () => tx.executeRaw(q)),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
    ...(tx.createSavepoint ? { createSavepoint: tx.createSavepoint.bind(tx) } : {}),
    ...(tx.rollbackToSavepoint ? { rollbackToSavepoint: tx.rollbackToSavepoint.bind(tx) } : {}),
    ...(tx.releaseSavepoint ? { releaseSavepoint: tx.releaseSavepoint.bind(tx) } : {}),
  };
}

class CountingFactory implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory["provider"];
  readonly adapterName: string;
  constructor(
    private readonly inner: SqlDriverAdapterFactory,
    private readonly c: Counter,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const a = await this.inner.connect();
    const c = this.c;
    const info = a.getConnectionInfo?.bind(a);
    return {
      provider: a.provider,
      adapterName: a.adapterName,
      queryRaw: (q) => timed(c, q, () => a.queryRaw(q)),
      executeRaw: (q) => timed(c, q, () => a.executeRaw(q)),
      executeScript: (s) => a.executeScript(s),
      startTransaction: async (level) => countTx(await a.startTransaction(level), c),
      ...(info ? { getConnectionInfo: info } : {}),
      dispose: () => a.dispose(),
    };
  }
}

export interface CountingStore {
  db: Db;
  provider: Provider;
  counter: Counter;
  close(): Promise<void>;
}

/** Opens `url` (already migrated) with a counting adapter. */
export function openCountingStore(url: string): CountingStore {
  const target = parseDatabaseUrl(url);
  const counter: Counter = { queries: 0, statements: [], ms: [] };
  if (target.provider === "sqlite") {
    const db = new SqliteClient({
      adapter: new CountingFactory(new GatedSqliteAdapterFactory({ url: target.file, timeout: 10_000 }), counter),
    });
    return { db, provider: "sqlite", counter, close: () => db.$disconnect() };
  }
  const pg = new PrismaPg(
    { connectionString: target.connectionString, ...pgConnectionOptions(target) },
    target.schema === undefined ? undefined : { schema: target.schema },
  );
  const db = new PgClient({ adapter: new CountingFactory(pg, counter) }) as unknown as Db;
  return { db, provider: "postgresql", counter, close: () => db.$disconnect() };
}
