// Multi-row INSERTs through the client's raw API, for imports. Prisma 7's createMany costs ~0.4–1 ms per row in its
// query pipeline (10,000 accounts: ~5–11 s); one parameterised INSERT per chunk is ~15× faster (measured by
// scripts/measure-store.ts). Values still go through the same driver adapter as the ORM's, so rows read back
// exactly as if `create` had written them. No database defaults are relied on: callers give every column.
import { join, raw, sqltag } from "@prisma/client/runtime/client";
import type { DbClient } from "./open.js";

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
