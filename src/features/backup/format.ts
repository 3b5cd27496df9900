// The backup file: JSON Lines, one JSON value per line, so it is written and read as a stream.
//   {"kvalue":"backup","format":1,…header…}          what, when, from where, which migrations, which models
//   {"model":"Account","columns":["id",…]}             a model's section: its field names, in row order
//   ["c1a…","Acme",null,"12000000000",…]              one row per line, values in the columns' order
//   {"end":"Account","rows":1234}                       the section's row count (a cut-off file is detected)
//   {"end":"backup","rows":56789}                       the last line
// Values are JSON with a fixed encoding per Prisma type, the same from SQLite and PostgreSQL: BigInt and Decimal as
// decimal strings (exact beyond 2^53), DateTime as ISO 8601 UTC, Bytes as base64, non-finite floats as strings.

/** Raise it when a reader of the previous format could misread the new one. */
export const BACKUP_FORMAT = 1;

export interface BackupHeader {
  kvalue: "backup";
  format: number;
  createdAt: string;
  /** the database the backup was taken from (informational: any kind restores into any kind) */
  provider: string;
  /** null = every workspace */
  workspace: string | null;
  /** applied migrations of the source database, oldest first */
  migrations: string[];
  /** the models of the sections that follow, in order (parents first) */
  models: string[];
  /** the program that wrote it, e.g. "kvalue 0.1.0" */
  producer: string;
}

export interface SectionStart {
  model: string;
  columns: string[];
}

export interface SectionEnd {
  end: string;
  rows: number;
}

export type JsonValue = string | number | boolean | null;

/** A column value read by Prisma → its JSON form. */
export function encodeValue(type: string, value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "BigInt":
      return (value as bigint).toString();
    case "DateTime":
      return (value as Date).toISOString();
    case "Float":
      return Number.isFinite(value) ? (value as number) : String(value);
    case "Decimal":
      return String(value);
    case "Bytes":
      return Buffer.from(value as Uint8Array).toString("base64");
    case "Json":
      return JSON.stringify(value);
    default:
      return value as JsonValue;
  }
}

/** The JSON form → the value to insert; `null` when the JSON value does not fit the type. */
export function decodeValue(type: string, value: JsonValue): { ok: true; value: unknown } | { ok: false } {
  if (value === null) return { ok: true, value: null };
  switch (type) {
    case "String":
      return typeof value === "string" ? { ok: true, value } : { ok: false };
    case "Int":
      return typeof value === "number" && Number.isInteger(value) ? { ok: true, value } : { ok: false };
    case "Float":
      if (typeof value === "number") return { ok: true, value };
      return value === "NaN" || value === "Infinity" || value === "-Infinity"
        ? { ok: true, value: Number(value) }
        : { ok: false };
    case "Boolean":
      return typeof value === "boolean" ? { ok: true, value } : { ok: false };
    case "BigInt":
      return typeof value === "string" && /^-?\d+$/.test(value) ? { ok: true, value: BigInt(value) } : { ok: false };
    case "DateTime": {
      if (typeof value !== "string") return { ok: false };
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? { ok: false } : { ok: true, value: date };
    }
    case "Decimal":
      return typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) ? { ok: true, value } : { ok: false };
    case "Bytes":
      return typeof value === "string" ? { ok: true, value: Buffer.from(value, "base64") } : { ok: false };
    default:
      // enums and Json are text on the way in
      return typeof value === "string" ? { ok: true, value } : { ok: false };
  }
}
