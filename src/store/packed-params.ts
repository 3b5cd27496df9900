// Large raw-SQL parameters passed around Prisma's query pipeline (issue 11.7). Prisma serialises every raw
// parameter to JSON and parses it back before the driver adapter sees it, and its debug module keeps the last 100
// queries with their parameters alive: for an import's packed chunks (bulk.ts) that was about half of the CPU time
// and most of the memory. A packed chunk is therefore parked here and Prisma carries only a short ticket; the
// adapter wrapper below swaps the ticket for the text just before the driver binds it. Same statement, same
// connection, same transaction: only the trip through Prisma's serialiser is skipped.
import { randomBytes } from "node:crypto";
import type { RowBatch } from "./row-batch.js";
import { adapterWith, transactionWith } from "./transaction-wrap.js";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";

// The nonce keeps a user's text from ever being mistaken for a ticket.
const PREFIX = `\u0000kvalue-packed:${randomBytes(8).toString("hex")}:`;
const parked = new Map<string, string | RowBatch>();
let next = 0;

/** Parks `value` (a packed text, or on SQLite a batch of rows: row-batch.ts) until the statement that carries the
 *  returned ticket runs (or `release` is called). */
export function park(value: string | RowBatch): { ticket: string; release: () => void } {
  const ticket = `${PREFIX}${next++}`;
  parked.set(ticket, value);
  return { ticket, release: () => parked.delete(ticket) };
}

/** Runs `run` with the parked texts swapped in, then swaps the tickets back into the query it ran: the driver
 *  adapter logs every query to Prisma's debug module, which keeps the last 100 calls' arguments even with logging
 *  off, and held ~200 MB of packed chunks that way through an import. */
async function unparked<T>(query: SqlQuery, run: (q: SqlQuery) => Promise<T>): Promise<T> {
  const swapped = unpark(query);
  if (swapped === query) return run(query);
  try {
    return await run(swapped);
  } finally {
    swapped.args.splice(0, swapped.args.length, ...query.args);
  }
}

function unpark(query: SqlQuery): SqlQuery {
  if (!query.args.some((a) => typeof a === "string" && a.startsWith(PREFIX))) return query;
  const args = query.args.map((a) => {
    if (typeof a !== "string" || !a.startsWith(PREFIX)) return a;
    const value = parked.get(a);
    if (value === undefined) throw new Error("a packed parameter was used twice or released");
    parked.delete(a);
    return value;
  });
  return { ...query, args };
}

function wrapTransaction(tx: Transaction): Transaction {
  return transactionWith(tx, {
    queryRaw: (q) => unparked(q, (u) => tx.queryRaw(u)),
    executeRaw: (q) => unparked(q, (u) => tx.executeRaw(u)),
  });
}

/** A driver adapter factory whose connections swap parked parameters in, inside and outside transactions. */
export class PackedParamsAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory["provider"];
  readonly adapterName: string;

  constructor(readonly inner: SqlDriverAdapterFactory) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.inner.connect();
    return adapterWith(adapter, {
      queryRaw: (q) => unparked(q, (u) => adapter.queryRaw(u)),
      executeRaw: (q) => unparked(q, (u) => adapter.executeRaw(u)),
      startTransaction: async (isolationLevel?: IsolationLevel) =>
        wrapTransaction(await adapter.startTransaction(isolationLevel)),
    });
  }
}
