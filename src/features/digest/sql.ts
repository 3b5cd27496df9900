// Raw SQL for the digest's aggregates, written once for both providers: quoted identifiers (both accept "Table"."col"),
// calendar dates as 'YYYY-MM-DD' text (compare correctly on both), no provider functions. The drivers return numbers
// in different types (SQLite: bigint for COUNT/SUM of integers; PostgreSQL: bigint for COUNT, Decimal for SUM of a
// bigint column), so every value goes through `num`.
import { join, raw, sqltag } from "@prisma/client/runtime/client";
import type { DbClient } from "../../store/index.js";

export { join, raw, sqltag as sql };
export type Row = Record<string, unknown>;

/** A numeric column as a number (money stays exact up to 2^53 yuan, see store/money.ts). */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  // Prisma's Decimal (PostgreSQL numeric) and anything else numeric-like
  const n = Number(String(v));
  if (Number.isNaN(n)) throw new Error(`not a number from the database: ${String(v)}`);
  return n;
}

export const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
export const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Runs one raw query: `db.$queryRaw` typed as rows. */
export function rows(db: DbClient, query: ReturnType<typeof sqltag>): Promise<Row[]> {
  return db.$queryRaw<Row[]>(query);
}

/** An SQL IN list of string literals as parameters: ('S0', 'S1', …). */
export const inList = (values: readonly string[]) => sqltag`(${join(values.map((v) => sqltag`${v}`))})`;
