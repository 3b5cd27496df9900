// Helpers for the digest's raw SQL (repository.ts), written once for both providers: quoted identifiers (both accept
// "Table"."col"), calendar dates as 'YYYY-MM-DD' text (compare correctly on both), no provider functions. The drivers
// return numbers in different types (SQLite: bigint for COUNT/SUM of integers; PostgreSQL: bigint for COUNT, Decimal
// for SUM of a bigint column), so every numeric column is declared `DbNumber` and converted with `num`.
import { type Decimal, join, raw, sqltag } from "@prisma/client/runtime/client";

export { join, raw, sqltag as sql };

/** What a driver returns for a numeric column or aggregate. */
export type DbNumber = number | bigint | string | boolean | Decimal | null;

/** A numeric column as a number (money stays exact up to 2^53 yuan, see store/money.ts); NULL is 0. */
export function num(v: DbNumber | undefined): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const n = Number(typeof v === "bigint" ? v : String(v));
  if (Number.isNaN(n)) throw new Error(`not a number from the database: ${String(v)}`);
  return n;
}

/** A nullable numeric column: NULL stays null. */
export const numOrNull = (v: DbNumber | undefined): number | null => (v === null || v === undefined ? null : num(v));

export const text = (v: string | null | undefined): string => v ?? "";

/** An SQL IN list of string literals as parameters: ('S0', 'S1', …). */
export const inList = (values: readonly string[]) => sqltag`(${join(values.map((v) => sqltag`${v}`))})`;
