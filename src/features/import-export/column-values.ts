// One string per value of a CSV column whose values repeat (a stage, an owner, a region, a date): 100,000 rows
// then keep a few hundred strings, not 100,000 copies of them (issue 11.7). A column with many distinct values
// (an id, a name) is found out after a few thousand and no longer looked up.

/** Distinct values after which a column is taken to be an id or a name, each value new. */
const DISTINCT_LIMIT = 2_000;

export class ColumnValues {
  #seen: Map<string, string> | null = new Map();

  /** The column's one copy of `value` (a string), or `value` itself. */
  one<T>(value: T): T {
    if (typeof value !== "string" || this.#seen === null) return value;
    const known = this.#seen.get(value);
    if (known !== undefined) return known as T;
    if (this.#seen.size >= DISTINCT_LIMIT) this.#seen = null;
    else this.#seen.set(value, value);
    return value;
  }
}
