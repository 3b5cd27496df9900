// Opens the database named by DATABASE_URL with the matching generated Prisma client and driver adapter
// (DESIGN.md "Running": unset → embedded SQLite file, postgresql://… → PostgreSQL).
import fs from "node:fs";
import path from "node:path";
import type { Prisma, PrismaClient as SqliteClient } from "../../prisma/sqlite/generated/client.js";
import { StoreError } from "./errors.js";

export type Provider = "sqlite" | "postgresql";

/**
 * The one client type the rest of the code sees, whichever database is behind it. It is the SQLite client's type:
 * both generated clients come from identical model blocks (test/store/schema.test.ts), so their model APIs are the
 * same; the PostgreSQL client only adds provider extras (e.g. `mode: "insensitive"`) that the code must not use,
 * and typing everything as the SQLite client makes the compiler refuse them.
 */
export type Db = SqliteClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Prisma.TransactionClient;
/** Db or Tx: what repository functions take, so callers can compose them inside one transaction. */
export type DbClient = Db | Tx;

export const DEFAULT_DATABASE_URL = "file:./data/kvalue.db";

export type DatabaseTarget =
  | { provider: "sqlite" /** absolute path of the database file */; file: string }
  | {
      provider: "postgresql";
      /** the URL without Prisma's `schema` parameter, as `pg` takes it */
      connectionString: string;
      /** PostgreSQL schema from `?schema=`, undefined = the server's default search_path (public) */
      schema: string | undefined;
      /** `?pgbouncer=true`: behind a pooler in transaction mode, which refuses connection startup options */
      pooled: boolean;
    };

export interface Store {
  readonly db: Db;
  readonly provider: Provider;
  readonly target: DatabaseTarget;
  close(): Promise<void>;
}

/** Reads a DATABASE_URL. Unset or empty → DEFAULT_DATABASE_URL; relative SQLite paths resolve against the current
 *  directory (the CLI configs in prisma/ resolve them the same way). */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url === undefined || url.trim() === "" ? DEFAULT_DATABASE_URL : url.trim();
  if (value.startsWith("file:")) {
    const file = value.slice("file:".length).replace(/\?.*$/, "");
    if (file === "" || file === ":memory:") {
      throw new StoreError(
        "config",
        `DATABASE_URL "${value}" names no database file (in-memory SQLite is not supported; use a temporary file)`,
        "DATABASE_URL",
      );
    }
    return { provider: "sqlite", file: path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new StoreError("config", "DATABASE_URL is not a valid postgresql:// URL", "DATABASE_URL");
    }
    const schema = parsed.searchParams.get("schema") ?? undefined;
    const pooled = parsed.searchParams.get("pgbouncer") === "true";
    parsed.searchParams.delete("schema");
    parsed.searchParams.delete("pgbouncer");
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
      throw new StoreError(
        "config",
        `DATABASE_URL: unsupported schema name "${schema}" (letters, digits and _ only)`,
        "DATABASE_URL",
      );
    }
    if (pooled && schema !== undefined) {
      // The schema reaches migration scripts as the connection's search_path, a startup option a pooler refuses.
      throw new StoreError(
        "config",
        `DATABASE_URL: ?schema=${schema} cannot be used with pgbouncer=true; connect directly, or set the role's search_path (ALTER ROLE … SET search_path = ${schema}) and leave schema out`,
        "DATABASE_URL",
      );
    }
    return { provider: "postgresql", connectionString: parsed.toString(), schema, pooled };
  }
  throw new StoreError(
    "config",
    `DATABASE_URL must be unset (embedded SQLite at ${DEFAULT_DATABASE_URL}), a file: URL (SQLite) or a postgresql:// URL; got "${value.replace(/\/\/[^@/]*@/, "//…@")}"`,
    "DATABASE_URL",
  );
}

/** `options` for a pg connection: unqualified names (migration scripts) must land in the URL's schema, as the
 *  client's queries (qualified by the adapter's `schema`) expect. No JIT: kvalue's statements are short, and on a
 *  fresh snapshot PostgreSQL overestimates them into JIT compiling (a 5,000-account digest took 780–1,050 ms with it,
 *  288 ms without, bench/digest.ts). Behind PgBouncer none: it refuses the startup parameter (README: set `jit = off`
 *  on the role or server there). */
export function pgConnectionOptions(target: { schema: string | undefined; pooled: boolean }): { options?: string } {
  if (target.pooled) return {};
  return { options: `-c jit=off${target.schema === undefined ? "" : ` -c search_path=${target.schema}`}` };
}

/**
 * Creates a missing database file as owner-only (0600): it holds the Installation table's tokens and people's data.
 * SQLite would create it with the umask's mode (0644); its -wal and -shm files take the database file's mode. A file
 * that already exists is the operator's: its mode is left alone.
 */
function createOwnerOnly(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, "wx", 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

/**
 * Opens the store for `url` (default: process.env.DATABASE_URL). Loads only the generated client of the provider in
 * use. Does not apply migrations: call `migrate(store)` at start.
 */
export async function openStore(url: string | undefined = process.env.DATABASE_URL): Promise<Store> {
  const target = parseDatabaseUrl(url);
  if (target.provider === "sqlite") {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    createOwnerOnly(target.file);
    const [{ PrismaClient }, { GatedSqliteAdapterFactory }, { PackedParamsAdapterFactory }] = await Promise.all([
      import("../../prisma/sqlite/generated/client.js"),
      import("./sqlite-gate.js"),
      import("./packed-params.js"),
    ]);
    // The gate keeps queries from leaking into an open transaction (sqlite-gate.ts). timeout: how long a writer
    // waits for another process's write lock (SQLITE_BUSY) before failing.
    // Packed parameters (packed-params.ts) are swapped in behind the gate's back: the gate only orders statements.
    const adapter = new PackedParamsAdapterFactory(
      new GatedSqliteAdapterFactory({ url: target.file, timeout: 10_000 }),
    );
    const db = new PrismaClient({ adapter });
    // WAL lets readers run while a writer commits (web requests during an import); it is stored in the file.
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    return { db, provider: "sqlite", target, close: () => db.$disconnect() };
  }

  const [{ PrismaClient }, { PrismaPg }, { PackedParamsAdapterFactory }, { copyingPg }] = await Promise.all([
    import("../../prisma/postgresql/generated/client.js"),
    import("@prisma/adapter-pg"),
    import("./packed-params.js"),
    import("./pg-copy.js"),
  ]);
  // Batches of rows in a transaction are written with COPY (pg-copy.ts), swapped in like packed parameters.
  const adapter = new PackedParamsAdapterFactory(
    copyingPg(
      new PrismaPg(
        { connectionString: target.connectionString, ...pgConnectionOptions(target) },
        target.schema === undefined ? undefined : { schema: target.schema },
      ),
    ),
  );
  // The one place the PostgreSQL client is seen through the SQLite client's type (see `Db`): the generated types
  // differ nominally (provider-specific filter extras), not in the model API the code uses.
  const db = new PrismaClient({ adapter }) as unknown as Db;
  return { db, provider: "postgresql", target, close: () => db.$disconnect() };
}
