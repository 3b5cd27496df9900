// Prisma's schema engine (the Rust engine compiled to WebAssembly) driven through the driver adapters, plus the
// workarounds for the gaps of the Wasm engine + adapters in Prisma 7.10 (shared/notes/prisma-offline.md, gaps 1–6).
// Used by ./schema-engine.mjs, the stand-in for the native `schema-engine` binary that the Prisma CLI would
// otherwise download (impossible offline and in air-gapped installs).
//
// Plain JavaScript on purpose: the CLI spawns it directly, before anything is compiled.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";

const require = createRequire(import.meta.url);

// ---- the Wasm module ----------------------------------------------------------------------------

let wasmReady;

// The engine's panic hook hands the panic message to this global before trapping; without it the hook itself throws
// and the real message is lost.
let lastPanic;
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message(message) {
    lastPanic = message;
  },
};

/** The message of the last Rust panic (a Wasm trap follows it), if any. */
export function takePanicMessage() {
  const message = lastPanic;
  lastPanic = undefined;
  return message;
}

/** Instantiates the engine once per process. Prefers the `prisma` package's own build of the engine (the exact
 *  engine of the CLI) and falls back to the one in @prisma/schema-engine-wasm; both need the same glue code,
 *  which is why that package is pinned to the engine build of the installed `prisma`. */
export function loadWasm() {
  wasmReady ??= (async () => {
    const candidates = [
      path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm"),
      path.join(
        path.dirname(fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg"))),
        "schema_engine_bg.wasm",
      ),
    ];
    const failures = [];
    for (const file of candidates) {
      try {
        const module = await WebAssembly.compile(fs.readFileSync(file));
        const instance = await WebAssembly.instantiate(module, { "./schema_engine_bg.js": glue });
        glue.__wbg_set_wasm(instance.exports);
        instance.exports.__wbindgen_start();
        return glue;
      } catch (error) {
        failures.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    throw new Error(
      "Cannot instantiate Prisma's schema engine (Wasm). @prisma/schema-engine-wasm must be the engine build of the " +
        `installed prisma (pin it to the "<version>-<n>.<engine hash>" that matches).\n${failures.join("\n")}`,
    );
  })();
  return wasmReady;
}

/** The engine commit hash, e.g. 0edf323e… (what `schema-engine --version` prints after the name). */
export async function engineVersion() {
  return (await loadWasm()).version();
}

// ---- datasource ---------------------------------------------------------------------------------

/** "sqlite" | "postgresql", from the schema's datasource block, else from the URL. */
export function detectProvider(datamodels, url) {
  for (const [, content] of datamodels) {
    const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(stripComments(content));
    const provider = block && /provider\s*=\s*"([^"]+)"/.exec(block[1]);
    if (provider) return normalizeProvider(provider[1]);
  }
  if (url?.startsWith("file:")) return "sqlite";
  if (url && /^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    "Cannot tell the database provider: no datasource provider in the schema and no usable datasource URL.",
  );
}

function normalizeProvider(p) {
  if (p === "sqlite") return "sqlite";
  if (p === "postgresql" || p === "postgres") return "postgresql";
  throw new Error(`This schema engine stand-in supports sqlite and postgresql, not "${p}".`);
}

function stripComments(text) {
  return text.replace(/\/\/[^\n]*/g, "");
}

/** `file:./x.db?…` → absolute path, relative to `cwd` (the CLI runs the engine in the config file's folder). */
export function sqlitePath(url, cwd) {
  const raw = url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (raw === ":memory:") return raw;
  return path.resolve(cwd, raw);
}

/** Splits Prisma's `?schema=` parameter (which `pg` does not know) off a PostgreSQL URL. */
export function splitPgUrl(url) {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  u.searchParams.delete("schema");
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
    throw new Error(`Unsupported PostgreSQL schema name "${schema}" (letters, digits and _ only).`);
  }
  return { connectionString: u.toString(), schema };
}

// ---- PostgreSQL (gaps 5 and 6) ------------------------------------------------------------------

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

// Gap 5: adapter-pg throws UnsupportedNativeDataType on the catalog type "char" (OID 18) that every
// introspection query returns. The value already arrives as a string, so relabelling the field as text is enough.
function relabelCharFields(result) {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of r?.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

function patchCharOid(client) {
  const query = client.query;
  client.query = function patchedQuery(...args) {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err, res) => last(err, err ? res : relabelCharFields(res));
      return query.apply(this, args);
    }
    const ret = query.apply(this, args);
    return ret && typeof ret.then === "function" ? ret.then(relabelCharFields) : ret;
  };
}

function pgPool(connectionString, schema) {
  const pool = new pg.Pool({
    connectionString,
    // Migration scripts use unqualified names: put them into the URL's schema, as the native engine does.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on("connect", patchCharOid);
  pool.on("error", () => {}); // an idle client's error surfaces on its next query
  return pool;
}

async function pgAdmin(connectionString, sql) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(connectionString, database) {
  const u = new URL(connectionString);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Gap 6 (explicit shadow database): the engine does not reset it before replaying migrations. */
async function resetPgDatabase(connectionString, schema) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema ?? "public"}"`);
  } finally {
    await client.end();
  }
}

// ---- SQLite (gap 2) -----------------------------------------------------------------------------

function isMultiStatementError(error) {
  const text = `${error?.message ?? ""} ${error?.cause?.originalMessage ?? ""}`;
  return text.includes("more than one statement");
}

// Gap 2: replaying migrations into the shadow database sends a whole migration.sql through executeRaw, which
// better-sqlite3 refuses for more than one statement. Such argument-less scripts go to executeScript instead.
function withScriptFallback(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.args.length > 0 || !isMultiStatementError(error)) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

// The engine connects to the main database when it starts, even for commands that never query it (`migrate diff
// --from-migrations …`), and opening a SQLite file creates it. This adapter opens the file on first use instead.
function lazyAdapter(open) {
  let real;
  const get = () => (real ??= open());
  return {
    provider: "sqlite",
    adapterName: "@prisma/adapter-better-sqlite3",
    queryRaw: async (query) => (await get()).queryRaw(query),
    executeRaw: async (query) => (await get()).executeRaw(query),
    executeScript: async (script) => (await get()).executeScript(script),
    startTransaction: async (isolationLevel) => (await get()).startTransaction(isolationLevel),
    dispose: async () => {
      if (real) await (await real).dispose();
    },
  };
}

// The DDL the engine itself uses for the migrations table (copied from a table the engine created).
export const SQLITE_MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

// ---- the adapter factory handed to the engine ----------------------------------------------------

/**
 * A migration-aware adapter factory for `provider` with the workarounds applied, and `close()` to dispose of
 * everything it opened. `url` may be undefined (commands that only need a shadow database on SQLite).
 */
export function createAdapterFactory({ provider, url, shadowDatabaseUrl, cwd }) {
  const open = new Set();
  const track = (adapter) => {
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      open.delete(adapter);
      await dispose();
    };
    open.add(adapter);
    return adapter;
  };
  const needUrl = () => {
    if (!url) throw new Error("The Prisma config has no datasource.url, and this command needs a database.");
    return url;
  };

  let factory;
  if (provider === "sqlite") {
    factory = {
      provider: "sqlite",
      adapterName: "@prisma/adapter-better-sqlite3",
      async connect() {
        const file = sqlitePath(needUrl(), cwd);
        return track(
          lazyAdapter(async () => {
            if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
            return withScriptFallback(await new PrismaBetterSqlite3({ url: file }).connect());
          }),
        );
      },
      async connectToShadowDb() {
        const shadow = shadowDatabaseUrl ? sqlitePath(shadowDatabaseUrl, cwd) : ":memory:";
        return track(withScriptFallback(await new PrismaBetterSqlite3({ url: shadow }).connect()));
      },
    };
  } else {
    factory = {
      provider: "postgres",
      adapterName: "@prisma/adapter-pg",
      async connect() {
        const { connectionString, schema } = splitPgUrl(needUrl());
        const adapter = await new PrismaPg(pgPool(connectionString, schema), {
          schema,
          disposeExternalPool: true,
        }).connect();
        return track(adapter);
      },
      async connectToShadowDb() {
        if (shadowDatabaseUrl) {
          // Without its own ?schema=, the shadow database mirrors the main URL's schema (migrations must land where
          // the engine then looks for them).
          const { connectionString, schema: own } = splitPgUrl(shadowDatabaseUrl);
          const schema = own ?? (url ? splitPgUrl(url).schema : undefined);
          await resetPgDatabase(connectionString, schema);
          return track(
            await new PrismaPg(pgPool(connectionString, schema), { schema, disposeExternalPool: true }).connect(),
          );
        }
        // Gap 6 (temporary shadow database): adapter-pg drops it while its own pool is still connected, so the
        // drop fails and the database leaks. Here the pool is closed first, then the database dropped.
        const { connectionString, schema } = splitPgUrl(needUrl());
        const database = `prisma_migrate_shadow_db_${randomUUID()}`;
        await pgAdmin(connectionString, `CREATE DATABASE "${database}"`);
        const adapter = await new PrismaPg(pgPool(withDatabase(connectionString, database), schema), {
          schema,
          disposeExternalPool: true,
        }).connect();
        const dispose = adapter.dispose.bind(adapter);
        adapter.dispose = async () => {
          try {
            await dispose();
          } finally {
            await pgAdmin(connectionString, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
          }
        };
        return track(adapter);
      },
    };
  }

  return {
    factory: bindMigrationAwareSqlAdapterFactory(factory),
    async close() {
      for (const adapter of [...open]) await adapter.dispose().catch(() => {});
    },
  };
}

/** Creates the migrations table on SQLite (gap 1) through a connection of its own. */
export function ensureSqliteMigrationsTable(url, cwd) {
  const file = sqlitePath(url, cwd);
  const db = new Database(file);
  try {
    db.exec(SQLITE_MIGRATIONS_TABLE_DDL);
  } finally {
    db.close();
  }
}

/** Deletes a SQLite database and its side files (gap 3: the engine's reset only deletes rows). */
export function deleteSqliteDatabase(url, cwd) {
  const file = sqlitePath(url, cwd);
  if (file === ":memory:") return;
  for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

// ---- the engine ---------------------------------------------------------------------------------

/**
 * A SchemaEngine over `datamodels` ([path, content][]) with the workarounds of gaps 1, 3 and 4 around its methods.
 * `log` receives the engine's JSON log lines. Call `close()` when done.
 */
export async function openEngine({ datamodels, datasource = {}, cwd = process.cwd(), log = () => {} }) {
  const { SchemaEngine } = await loadWasm();
  const provider = detectProvider(datamodels, datasource.url);
  // Commands such as `migrate diff` start the engine without any schema; an empty list makes the Wasm engine panic.
  const engineOptions = { datamodels: datamodels.length > 0 ? datamodels : undefined };
  let adapters = createAdapterFactory({
    provider,
    url: datasource.url,
    shadowDatabaseUrl: datasource.shadowDatabaseUrl,
    cwd,
  });
  let engine = await SchemaEngine.new(engineOptions, log, adapters.factory);

  const isP1014 = (error) => error?.code === "P1014";

  async function withMigrationsTable(call) {
    try {
      return await call();
    } catch (error) {
      // Gap 1: on SQLite, diagnoseMigrationHistory/devDiagnostic throw P1014 when `_prisma_migrations` is missing.
      if (provider !== "sqlite" || !isP1014(error) || !datasource.url) throw error;
      ensureSqliteMigrationsTable(datasource.url, cwd);
      return await call();
    }
  }

  const methods = {
    diagnoseMigrationHistory(params) {
      return withMigrationsTable(() => engine.diagnoseMigrationHistory(params));
    },
    devDiagnostic(params) {
      return withMigrationsTable(() => engine.devDiagnostic(params));
    },
    evaluateDataLoss(params) {
      return withShadowFactory(params, () => engine.evaluateDataLoss(params));
    },
    createMigration(params) {
      return withShadowFactory(params, () => engine.createMigration(params));
    },
    async reset(params) {
      if (provider !== "sqlite" || !datasource.url) return engine.reset(params);
      // Gap 3: the engine's SQLite reset only deletes rows, so re-applying the migrations fails afterwards.
      // Close everything, delete the file and start a fresh engine (the next connect creates an empty file).
      await adapters.close();
      engine.free();
      deleteSqliteDatabase(datasource.url, cwd);
      adapters = createAdapterFactory({
        provider,
        url: datasource.url,
        shadowDatabaseUrl: datasource.shadowDatabaseUrl,
        cwd,
      });
      engine = await SchemaEngine.new(engineOptions, log, adapters.factory);
      return null;
    },
    getDatabaseVersion(params) {
      return engine.version(params ?? undefined);
    },
  };

  // Gap 4: evaluateDataLoss/createMigration fail with "… shadow DB must be provided through an external factory" on
  // PostgreSQL at every `migrate dev` with a schema change, on SQLite sometimes (e.g. right after applying a
  // --create-only migration); a shadow-using call (devDiagnostic) sets the shadow database up again, after which the
  // same call succeeds.
  async function withShadowFactory(params, call) {
    try {
      return await call();
    } catch (error) {
      if (!String(error?.message).includes("shadow DB must be provided through an external factory")) throw error;
      await methods.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
      return await call();
    }
  }

  return {
    provider,
    /** Calls the engine method `method` (the JSON-RPC method name) with `params`. */
    async call(method, params) {
      const own = methods[method];
      if (own) return own(params);
      const fn = engine[method];
      if (typeof fn !== "function" || method === "free" || method.startsWith("_")) {
        const error = new Error(`Method not found: ${method}`);
        error.rpcCode = -32601;
        throw error;
      }
      return fn.call(engine, params);
    },
    async close() {
      await adapters.close();
      try {
        engine.free();
      } catch {
        // already freed after a panic
      }
    },
  };
}
