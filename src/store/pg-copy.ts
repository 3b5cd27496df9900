// An import's batch of rows (row-batch.ts) written on PostgreSQL with COPY … FROM STDIN on the transaction's own
// connection. Measured here on 50,000 accounts and their 270,000 alias keys: 3.1–3.5 s and 5.5–6.4 s as packed
// JSON (json_populate_recordset), 1.8–2.1 s and 4.3–5.0 s with COPY; the server's index and foreign-key work is the
// rest, the same either way (issue 11.7). Outside a transaction a batch is refused: bulk.ts sends packed JSON there.
import { once } from "node:events";
import type { ClientBase } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { dateTexts, RowBatch } from "./row-batch.js";
import { adapterWith, factoryWith, transactionWith } from "./transaction-wrap.js";

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const SPECIALS = /[\\\t\n\r]/g;
/** Whether a text holds a special; most hold none, and a test costs less than a replace that finds nothing. */
const HAS_SPECIAL = /[\\\t\n\r]/;

const isoDate = (date: Date): string => date.toISOString();

/** A value in COPY's text format: NULL as `\N`, dates as ISO text (read into `timestamp(3)` as UTC, as the adapter
 *  binds them), booleans as t/f, numbers and BIGINT money as their digits, text with its specials escaped. */
function copyText(value: unknown, dateText: (date: Date) => string): string {
  if (typeof value === "string")
    return HAS_SPECIAL.test(value) ? value.replace(SPECIALS, (c) => ESCAPES[c] ?? c) : value;
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return dateText(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  throw new TypeError(`COPY cannot write a ${typeof value}`);
}

/** Bytes handed to the connection at a time. */
const PIECE = 256 * 1024;

/** Runs `sql` (`COPY "T" (columns) FROM STDIN`) with the batch's rows; returns the rows written. Each row's line is
 *  encoded into the piece as it is made: one long string of a piece's lines, encoded at once, cost 20% more in a
 *  micro-benchmark. */
export async function copyRowBatch(client: ClientBase, sql: string, batch: RowBatch): Promise<number> {
  const stream = client.query(copyFrom(sql));
  const done = once(stream, "finish");
  done.catch(() => {}); // awaited below; a server error while rows are still being written rejects the drain wait too
  const { columns } = batch;
  const dateText = dateTexts(isoDate);
  let piece = Buffer.allocUnsafe(PIECE);
  let used = 0;
  for (const row of batch.rows) {
    let line = "";
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += "\t";
      line += copyText(row[columns[i] as string], dateText);
    }
    line += "\n";
    // A UTF-16 unit is at most 3 bytes of UTF-8: the line fits, or the piece goes first (a longer line, alone).
    if (used + 3 * line.length > piece.length) {
      if (stream.destroyed) break; // refused already: `done` holds the server's error
      const more = used === 0 || stream.write(piece.subarray(0, used));
      piece = Buffer.allocUnsafe(Math.max(PIECE, 3 * line.length));
      used = 0;
      if (!more) await once(stream, "drain"); // rejects on the stream's error: a refused row ends the batch
    }
    used += piece.write(line, used);
  }
  stream.end(piece.subarray(0, used));
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
