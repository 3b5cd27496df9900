// An import's batch of rows (row-batch.ts) written on PostgreSQL with COPY … FROM STDIN on the transaction's own
// connection. Measured here on 50,000 accounts and their 270,000 alias keys: 3.1–3.5 s and 5.5–6.4 s as packed
// JSON (json_populate_recordset), 1.8–2.1 s and 4.3–5.0 s with COPY; the server's index and foreign-key work is the
// rest, the same either way (issue 11.7). Outside a transaction a batch is refused: bulk.ts sends packed JSON there.
import { once } from "node:events";
import type { ClientBase } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { RowBatch } from "./row-batch.js";
import { adapterWith, factoryWith, transactionWith } from "./transaction-wrap.js";

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const SPECIAL = /[\\\t\n\r]/g;

/** A value in COPY's text format: NULL as `\N`, dates as ISO text (read into `timestamp(3)` as UTC, as the adapter
 *  binds them), booleans as t/f, numbers and BIGINT money as their digits, text with its specials escaped. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "string") return value.replace(SPECIAL, (c) => ESCAPES[c] ?? c);
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  throw new TypeError(`COPY cannot write a ${typeof value}`);
}

/** Text is handed to the connection in pieces of about this many characters. */
const PIECE = 256 * 1024;

/** Runs `sql` (`COPY "T" (columns) FROM STDIN`) with the batch's rows; returns the rows written. */
export async function copyRowBatch(client: ClientBase, sql: string, batch: RowBatch): Promise<number> {
  const stream = client.query(copyFrom(sql));
  const done = once(stream, "finish");
  done.catch(() => {}); // awaited below; a server error while rows are still being written rejects the drain wait too
  const { columns } = batch;
  let piece = "";
  for (const row of batch.rows) {
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) piece += "\t";
      piece += copyText(row[columns[i] as string]);
    }
    piece += "\n";
    if (piece.length >= PIECE) {
      if (stream.destroyed) break; // refused already: `done` holds the server's error
      const more = stream.write(piece);
      piece = "";
      if (!more) await once(stream, "drain"); // rejects on the stream's error: a refused row ends the batch
    }
  }
  stream.end(piece);
  await done;
  return stream.rowCount;
}

/** The transaction's own pg connection (a field the adapter's typings leave out). */
function connectionOf(tx: Transaction): ClientBase {
  const client: unknown = (tx as unknown as { client?: unknown }).client;
  if (typeof client !== "object" || client === null || !("query" in client) || !("release" in client)) {
    throw new Error("@prisma/adapter-pg no longer exposes a transaction's connection: store/pg-copy.ts needs it");
  }
  return client as unknown as ClientBase; // a pg PoolClient, checked for the calls that tell it
}

function copyingTransaction(tx: Transaction): Transaction {
  const client = connectionOf(tx);
  return transactionWith(tx, {
    executeRaw: (query: SqlQuery) =>
      query.args[0] instanceof RowBatch ? copyRowBatch(client, query.sql, query.args[0]) : tx.executeRaw(query),
  });
}

/** PrismaPg whose transactions write parked batches of rows with COPY. */
export const copyingPg = (inner: SqlDriverAdapterFactory): SqlDriverAdapterFactory =>
  factoryWith(inner, (adapter) =>
    adapterWith(adapter, {
      executeRaw: (query) =>
        query.args[0] instanceof RowBatch
          ? Promise.reject(new Error("a batch of rows is written inside a transaction only"))
          : adapter.executeRaw(query),
      startTransaction: async (isolationLevel) => copyingTransaction(await adapter.startTransaction(isolationLevel)),
    }),
  );
