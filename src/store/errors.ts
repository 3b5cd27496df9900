// Errors the store raises on purpose. `path` says what was wrong (STYLE.md: errors are values with a place);
// services turn them into a message in the user's language.
import { PrismaClientKnownRequestError } from "@prisma/client/runtime/client";

export type StoreErrorCode =
  | "config" // DATABASE_URL or the migrations folder is unusable
  | "migration" // applying migrations failed or the history needs a person
  | "not_found" // the row does not exist (in this workspace)
  | "version_conflict" // optimistic concurrency: someone changed the account since it was read
  | "invalid_data"; // a value cannot be stored or a stored value does not fit the domain contract

export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

/** A unique constraint refused the write (Prisma P2002), e.g. the DigestRun exactly-once guard. Both generated
 *  clients share this runtime, so one `instanceof` covers SQLite and PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof PrismaClientKnownRequestError && error.code === "P2002";
}

/** The row to update or delete does not exist (Prisma P2025). */
export function isRecordNotFound(error: unknown): boolean {
  return error instanceof PrismaClientKnownRequestError && error.code === "P2025";
}
