// An import's rows for one table, written on the connection itself (issue 11.7). The batch travels through Prisma
// as a parked parameter (packed-params.ts) and a driver adapter wrapper runs it on the same connection, inside the
// same transaction: on PostgreSQL with COPY (pg-copy.ts), on SQLite here, one prepared INSERT run per row.
// better-sqlite3 is synchronous and in-process, so that costs the bind and the B-tree work alone, where the
// JSON-packed chunk (bulk.ts) made SQLite parse every row's JSON again for each of its columns: 50,000 Account rows
// (35 columns) took 1.7 s that way, 0.46 s this way.
import type { Database } from "better-sqlite3";

export class RowBatch {
  constructor(
    readonly columns: readonly string[],
    readonly rows: readonly Record<string, unknown>[],
  ) {}
}

/** Date to text, remembering the last date asked: an import's rows mostly share one timestamp (its `at`), and
 *  formatting it again for every row and column was half of COPY's encoding in a micro-benchmark (a date in one
 *  column of five). */
export function dateTexts(format: (date: Date) => string): (date: Date) => string {
  let time = Number.NaN;
  let text = "";
  return (date) => {
    const t = date.getTime();
    if (t !== time) {
      time = t;
      text = format(date);
    }
    return text;
  };
}

const sqliteDate = (date: Date): string => date.toISOString().replace("Z", "+00:00");

/** A value as the SQLite adapter binds it: dates as its timestamp text (`…+00:00`), booleans as 1/0, BIGINT money
 *  as a bigint, anything absent as NULL. */
function sqliteValue(value: unknown, dateText: (date: Date) => string): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return dateText(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** Runs `sql` (an INSERT with one `?` per column of the batch) for every row; returns the rows written. */
export function runRowBatch(client: Database, sql: string, batch: RowBatch): number {
  const statement = client.prepare(sql);
  const { columns } = batch;
  const dateText = dateTexts(sqliteDate);
  const values: unknown[] = new Array(columns.length);
  let written = 0;
  for (const row of batch.rows) {
    for (let i = 0; i < columns.length; i++) values[i] = sqliteValue(row[columns[i] as string], dateText);
    written += statement.run(values).changes;
  }
  return written;
}
