// Values read back from the database must be ones this build knows. A stage, quadrant, status or locale outside its
// enumeration is an error naming the table, the row and the value — never a silent default (an unknown stage read
// as S0 would move money between funnel stages without a trace).
import { StoreError } from "./errors.js";

export class StoredValueError extends StoreError {
  constructor(
    readonly table: string,
    readonly rowId: string,
    readonly column: string,
    readonly value: unknown,
    allowed: readonly string[],
  ) {
    super(
      "invalid_data",
      `${table} row ${rowId}: ${column} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`,
      `${table}[${rowId}].${column}`,
    );
  }
}

/** Where a stored value came from, for the error message. */
export interface StoredAt {
  table: string;
  rowId: string;
  column: string;
}

/** `value` as a member of `values`, or a StoredValueError naming where it was read. */
export function storedEnum<const T extends string>(values: readonly T[], value: unknown, at: StoredAt): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new StoredValueError(at.table, at.rowId, at.column, value, values);
  return found;
}
