// The SQLite adapter runs everything on one better-sqlite3 connection. Its own lock only orders transactions among
// themselves: a query outside a transaction that arrives while an interactive transaction is open runs *inside* it
// (seen here: an unrelated write vanished when the import transaction rolled back). This factory puts one FIFO gate in
// front of the connection: a transaction holds it from BEGIN to COMMIT/ROLLBACK, every other statement passes it one
// at a time — the same order SQLite itself imposes on separate connections, so other requests wait, never leak in.
// Consequence: inside `db.$transaction(async (tx) => …)` use `tx`, not `db` — a `db` query there waits for the
// transaction that waits for it, until the transaction times out (on PostgreSQL it would run on another connection and
// not see the transaction's writes either).
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { Database } from "better-sqlite3";
import { RowBatch, runRowBatch } from "./row-batch.js";
import { adapterWith, transactionWith } from "./transaction-wrap.js";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";

class Gate {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves with `release` once everyone who asked earlier has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const turn = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => released);
    return turn;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** The adapter's own better-sqlite3 connection (a field its typings leave out), for batches of rows. */
function connectionOf(adapter: SqlDriverAdapter): Database {
  const client: unknown = (adapter as unknown as { client?: unknown }).client;
  if (typeof client !== "object" || client === null || !("prepare" in client) || !("inTransaction" in client)) {
    throw new Error("@prisma/adapter-better-sqlite3 no longer exposes its connection: store/row-batch.ts needs it");
  }
  return client as Database;
}

/** `executeRaw` that runs a parked batch of rows (row-batch.ts) on the connection itself, and anything else as is. */
function batchAware(client: Database, executeRaw: (query: SqlQuery) => Promise<number>) {
  return (query: SqlQuery): Promise<number> => {
    const batch = query.args[0];
    if (!(batch instanceof RowBatch)) return executeRaw(query);
    try {
      return Promise.resolve(runRowBatch(client, query.sql, batch));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

function gatedTransaction(tx: Transaction, release: () => void, client: Database): Transaction {
  let done = false;
  const finish = async (end: () => Promise<void>) => {
    try {
      await end();
    } finally {
      if (!done) {
        done = true;
        release();
      }
    }
  };
  return transactionWith(tx, {
    executeRaw: batchAware(client, (query) => tx.executeRaw(query)),
    commit: () => finish(() => tx.commit()),
    rollback: () => finish(() => tx.rollback()),
  });
}

/** better-sqlite3 answers at once, so a request's queries resolved as microtasks only: a command reading a 50,000-
 *  account team ran seconds without the event loop taking a turn, and other people's Slack requests waited for their
 *  ack (3 s deadline) and /healthz with them. A query outside a transaction waits for the next turn first. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** PrismaBetterSqlite3 with the gate described above. */
export class GatedSqliteAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName = "@prisma/adapter-better-sqlite3";
  readonly #inner: PrismaBetterSqlite3;

  constructor(...args: ConstructorParameters<typeof PrismaBetterSqlite3>) {
    this.#inner = new PrismaBetterSqlite3(...args);
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.#inner.connect();
    const client = connectionOf(adapter);
    const executeRaw = batchAware(client, (query) => adapter.executeRaw(query));
    const gate = new Gate();
    return adapterWith(adapter, {
      queryRaw: async (query) => {
        await nextTurn();
        return gate.run(() => adapter.queryRaw(query));
      },
      executeRaw: async (query) => {
        await nextTurn();
        return gate.run(() => executeRaw(query));
      },
      executeScript: (script) => gate.run(() => adapter.executeScript(script)),
      async startTransaction(isolationLevel?: IsolationLevel) {
        const release = await gate.acquire();
        try {
          return gatedTransaction(await adapter.startTransaction(isolationLevel), release, client);
        } catch (error) {
          release();
          throw error;
        }
      },
    });
  }
}
