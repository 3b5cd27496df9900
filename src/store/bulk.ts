// Multi-row INSERTs through the client's raw API, for imports. Prisma 7's createMany costs ~0.4–1 ms per row in its
// query pipeline (10,000 accounts: ~5–11 s); one parameterised INSERT per chunk is ~15× faster (measured by
// scripts/measure-store.ts). Values still go through the same driver adapter as the ORM's, so rows read back
// exactly as if `create` had written them. No database defaults are relied on: callers give every column.
import { join, raw, sqltag } from "@prisma/client/runtime/client";
import type { DbClient, Provider } from "./open.js";
import { park } from "./packed-params.js";
import { RowBatch } from "./row-batch.js";

// SQLite allows 32,766 parameters per statement, PostgreSQL 65,535.
const MAX_PARAMS = 30_000;

/** INSERT `rows` into `table`, `columns` in this order, in chunks that fit every provider's parameter limit. */
export async function insertRows<R extends Record<string, unknown>>(
  db: DbClient,
  table: string,
  columns: readonly (keyof R & string)[],
  rows: readonly R[],
): Promise<number> {
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `);
  let written = 0;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const values = join(chunk.map((row) => sqltag`(${join(columns.map((c) => row[c]))})`));
    written += await db.$executeRaw`${head}${values}`;
  }
  return written;
}

/** A chunk's JSON text stays under this many characters: few statements, and one chunk's text in memory at a time.
 *  It no longer passes through Prisma's serialiser or its debug history, which kept the last 100 queries'
 *  parameters alive (packed-params.ts); when it did, chunks had to stay near 128 K characters (issue 11.7). */
const PACKED_CHARS = 1024 * 1024;

/** A value as the driver adapter would bind it, in JSON: dates as ISO text (PostgreSQL reads it into `timestamp(3)`
 *  as UTC), BIGINT money as exact digits. */
function packValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value === undefined ? null : value;
}

/**
 * INSERT `rows` like `insertRows`, without Prisma's pipeline handling every cell, which was most of an import's time
 * (issue 11.7). The rows go to the connection as one batch (row-batch.ts): on SQLite run by a prepared statement, on
 * PostgreSQL inside a transaction written with COPY (pg-copy.ts). Outside a transaction on PostgreSQL each chunk
 * travels as one JSON parameter that the server unpacks (`json_populate_recordset` over the table's own row type).
 * Columns must be the table's own, with the types `insertRows` would bind (text, numbers, booleans, Date, bigint,
 * null).
 */
export async function insertPackedRows<R extends Record<string, unknown>>(
  db: DbClient,
  provider: Provider,
  table: string,
  columns: readonly (keyof R & string)[],
  rows: readonly R[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const list = columns.map((c) => `"${c}"`).join(", ");
  const sqlite = provider === "sqlite";
  // PostgreSQL's COPY needs the transaction's own connection; outside one, the rows go as packed JSON below. A
  // transaction's client is the one without `$connect` (it has a `$transaction` of its own).
  if (sqlite || !("$connect" in db)) {
    const { ticket, release } = park(new RowBatch(columns, rows));
    const sql = sqlite
      ? `INSERT INTO "${table}" (${list}) VALUES (${columns.map(() => "?").join(", ")})`
      : `COPY "${table}" (${list}) FROM STDIN`;
    try {
      return await db.$executeRawUnsafe(sql, ticket);
    } finally {
      release();
    }
  }
  // A column with one value in every row (an import's workspace, actor, file and time) is bound once instead of
  // riding in each row's JSON, which the server parses again for every row. The shared values travel as one record
  // of the table's own row type, beside the rows': both typed by the table.
  const shared = sharedColumns(columns, rows);
  const varying = columns.filter((c) => !shared.has(c));
  const values = columns.map((c) => `${shared.has(c) ? "s" : "r"}."${c}"`);
  const sql = `INSERT INTO "${table}" (${list}) SELECT ${values.join(", ")} FROM json_populate_record(NULL::"${table}", $1::json) s CROSS JOIN json_populate_recordset(NULL::"${table}", $2::json) r`;
  const constants = [JSON.stringify(Object.fromEntries([...shared].map(([c, v]) => [c, packValue(v)])))];
  let written = 0;
  let packed: string[] = [];
  let size = 0;
  const flush = async () => {
    const { ticket, release } = park(`[${packed.join(",")}]`);
    packed = [];
    size = 0;
    try {
      written += await db.$executeRawUnsafe(sql, ...constants, ticket);
    } finally {
      release();
    }
  };
  for (const row of rows) {
    const o: Record<string, unknown> = {};
    for (const c of varying) o[c] = packValue(row[c]);
    const json = JSON.stringify(o);
    if (size > 0 && size + json.length > PACKED_CHARS) await flush();
    packed.push(json);
    size += json.length + 1;
  }
  if (packed.length > 0) await flush();
  return written;
}

/** The columns (in order) whose value is the same in every row, with that value; dates compare by their time. */
function sharedColumns(columns: readonly string[], rows: readonly Record<string, unknown>[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const first = rows[0];
  if (first === undefined || rows.length < 2) return out;
  const key = (v: unknown) => (v instanceof Date ? v.getTime() : v);
  for (const c of columns) {
    const k = key(first[c]);
    if (rows.every((r) => key(r[c]) === k)) out.set(c, first[c]);
  }
  return out;
}
