// Money at the database boundary (METHOD §2.1: integer yuan ≥ 0). Columns are BigInt because account and pipeline
// amounts pass 2^31 yuan; the domain uses number, which is exact up to 2^53 − 1 (≈ 9 × 10^15 yuan).
import { StoreError } from "./errors.js";

/** number → BigInt column. Refuses fractions, negatives and anything beyond Number.MAX_SAFE_INTEGER. */
export function toDbMoney(yuan: number, path = "money"): bigint {
  if (!Number.isSafeInteger(yuan) || yuan < 0) {
    throw new StoreError(
      "invalid_data",
      `${path}: money must be whole yuan between 0 and ${Number.MAX_SAFE_INTEGER}, got ${yuan}`,
      path,
    );
  }
  return BigInt(yuan);
}

/** BigInt column → number. Refuses values a number cannot hold exactly. */
export function fromDbMoney(value: bigint, path = "money"): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new StoreError("invalid_data", `${path}: ${value} yuan is beyond the exact range of a number`, path);
  }
  return Number(value);
}

/** Nullable variants: null stays null (unknown is not zero). */
export function toDbMoneyOrNull(yuan: number | null | undefined, path?: string): bigint | null {
  return yuan === null || yuan === undefined ? null : toDbMoney(yuan, path);
}
export function fromDbMoneyOrNull(value: bigint | null, path?: string): number | null {
  return value === null ? null : fromDbMoney(value, path);
}
