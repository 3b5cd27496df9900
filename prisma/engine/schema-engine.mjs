#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, which the CLI downloads from Prisma's binary host (unreachable
// offline and in air-gapped networks). prisma/*.config.ts point PRISMA_SCHEMA_ENGINE_BINARY here, so every plain
// `prisma … --config prisma/<provider>.config.ts` command runs Prisma's own schema engine, compiled to WebAssembly,
// over the driver adapters (./wasm-engine.mjs). The interface is the native binary's:
//
//   schema-engine --version
//   schema-engine [--datamodels <file>]… [--datasource '{"url":…,"shadowDatabaseUrl":…}']
//       JSON-RPC 2.0 over stdin/stdout, one message per line; method names and params are those of the Wasm
//       SchemaEngine. The engine may ask the CLI to `print` (diff output).
//   schema-engine --datasource '{"url":…}' cli can-connect-to-database|create-database|drop-database
//       errors are JSON log lines on stderr (the CLI skips the first stderr line), exit code 1.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import Database from "better-sqlite3";
import pg from "pg";
import { detectProvider, engineVersion, openEngine, splitPgUrl, sqlitePath, takePanicMessage } from "./wasm-engine.mjs";

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") out.version = true;
    else if (arg === "--datamodels" || arg === "-d") out.datamodels.push(argv[++i]);
    else if (arg === "--datasource") out.datasource = JSON.parse(argv[++i]);
    else if (arg === "--enabled-preview-features" || arg === "--extension-types")
      i++; // none matter to these providers
    else if (arg === "cli") out.cli = argv.slice(i + 1);
    if (out.cli) break;
  }
  return out;
}

function logLine(level, message, extra = {}) {
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level,
    fields: { message, ...extra },
    target: "schema_engine::logger",
  });
}

// ---- `cli` subcommands ----------------------------------------------------------------------------

async function pgDatabaseExists(url) {
  const client = new pg.Client({ connectionString: splitPgUrl(url).connectionString });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (error?.code === "3D000") return false; // invalid_catalog_name: the database does not exist
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

async function pgOnMaintenanceDb(url, sql) {
  const u = new URL(splitPgUrl(url).connectionString);
  u.pathname = "/postgres";
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// Prisma's codes for what can go wrong before any query (the CLI shows them as "P1001: …").
function connectionErrorCode(error) {
  if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT"].includes(error?.code)) return "P1001";
  if (error?.code === "28P01" || error?.code === "28000") return "P1000";
  return error?.code;
}

async function runCliCommand(command, url) {
  try {
    await cliCommand(command, url);
  } catch (error) {
    const code = connectionErrorCode(error);
    throw code === error?.code ? error : Object.assign(new Error(error.message), { code });
  }
}

async function cliCommand(command, url) {
  if (!url) throw Object.assign(new Error("No datasource URL given."), { code: "P1012" });
  const provider = detectProvider([], url);
  const cwd = process.cwd();
  if (provider === "sqlite") {
    const file = sqlitePath(url, cwd);
    if (command === "can-connect-to-database") {
      if (file !== ":memory:" && !fs.existsSync(file)) {
        throw Object.assign(new Error(`Database \`${path.basename(file)}\` does not exist at \`${file}\`.`), {
          code: "P1003",
        });
      }
      return;
    }
    if (command === "create-database") {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      new Database(file).close();
      return;
    }
    if (command === "drop-database") {
      for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
      return;
    }
  } else {
    const database = decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
    if (command === "can-connect-to-database") {
      if (!(await pgDatabaseExists(url))) {
        throw Object.assign(new Error(`Database \`${database}\` does not exist on the database server.`), {
          code: "P1003",
        });
      }
      return;
    }
    if (command === "create-database")
      return pgOnMaintenanceDb(url, `CREATE DATABASE "${database.replaceAll('"', '""')}"`);
    if (command === "drop-database")
      return pgOnMaintenanceDb(url, `DROP DATABASE IF EXISTS "${database.replaceAll('"', '""')}"`);
  }
  throw new Error(`Unknown cli command: ${command}`);
}

// ---- JSON-RPC ---------------------------------------------------------------------------------------

function rpcError(error) {
  // A Wasm trap (RuntimeError: unreachable) is a Rust panic; the CLI reports it as one.
  const isPanic = error instanceof WebAssembly.RuntimeError;
  const message = (isPanic && takePanicMessage()) || (error instanceof Error ? error.message : String(error));
  if (error?.rpcCode) return { code: error.rpcCode, message };
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: { is_panic: isPanic, message, meta: error?.meta ?? null, error_code: error?.code ?? null },
  };
}

async function serve(args) {
  const datamodels = args.datamodels.map((file) => [file, fs.readFileSync(file, "utf8")]);
  // KVALUE_SCHEMA_ENGINE_TRACE=<file> appends the JSON-RPC traffic there (debugging the CLI ↔ engine protocol).
  const trace = process.env.KVALUE_SCHEMA_ENGINE_TRACE;
  const traceLine = (dir, line) => trace && fs.appendFileSync(trace, `${dir} ${line.slice(0, 2000)}\n`);
  traceLine("args", JSON.stringify(args));
  const write = (msg) => {
    const line = JSON.stringify(msg);
    traceLine("out", line);
    process.stdout.write(`${line}\n`);
  };
  const engine = await openEngine({
    datamodels,
    datasource: args.datasource ?? {},
    cwd: process.cwd(),
    log: (line) => process.stderr.write(`${line}\n`),
  });

  // Requests we send to the CLI (`print`), by id.
  const pending = new Map();
  let nextId = 1;
  const askCli = (method, params) =>
    new Promise((resolve) => {
      const id = `engine-${nextId++}`;
      pending.set(id, resolve);
      write({ jsonrpc: "2.0", id, method, params });
    });

  async function handle(msg) {
    let result;
    try {
      result = await engine.call(msg.method, msg.params ?? {});
      // The native engine prints the diff through the CLI (so --output can capture it) and returns no stdout.
      if (msg.method === "diff" && result && typeof result.stdout === "string") {
        if (result.stdout.length > 0) await askCli("print", { content: result.stdout.replace(/\n$/, "") });
        result = { ...result, stdout: null };
      }
    } catch (error) {
      write({ jsonrpc: "2.0", id: msg.id, error: rpcError(error) });
      if (error instanceof WebAssembly.RuntimeError) {
        process.stderr.write(`${logLine("ERROR", `panic: ${error.message}`)}\n`);
        process.exit(101);
      }
      return;
    }
    write({ jsonrpc: "2.0", id: msg.id, result: result ?? null });
  }

  // A Rust panic can also surface as a trap inside a Wasm callback, outside any awaited promise. Answer the
  // request in flight with a panic error, as the native engine does, and exit like it (code 101).
  let inFlight;
  process.on("uncaughtException", (error) => {
    const message = takePanicMessage() ?? (error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (inFlight !== undefined) {
      write({
        jsonrpc: "2.0",
        id: inFlight,
        error: { code: 4466, message, data: { is_panic: true, message, meta: null, error_code: null } },
      });
    }
    process.stderr.write(`${logLine("ERROR", `panic: ${message}`)}\n`);
    process.exit(101);
  });

  // One request at a time, in order: the engine is not re-entrant.
  let queue = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    traceLine("in", line);
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      write({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (msg.method === undefined && pending.has(msg.id)) {
      pending.get(msg.id)(msg.result);
      pending.delete(msg.id);
      return;
    }
    queue = queue.then(async () => {
      inFlight = msg.id;
      await handle(msg);
      inFlight = undefined;
    });
  });
  rl.on("close", () => {
    traceLine("close", "stdin");
    queue.then(() => engine.close()).finally(() => process.exit(0));
  });
}

// ---- main ---------------------------------------------------------------------------------------------

const args = parseArgs(process.argv.slice(2));
if (args.version) {
  process.stdout.write(`schema-engine-cli ${await engineVersion()}\n`);
} else if (args.cli) {
  try {
    await runCliCommand(args.cli[0], args.datasource?.url);
    process.exit(0);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${logLine("INFO", "Starting schema engine CLI (Wasm stand-in)")}\n`);
    process.stderr.write(`${logLine("ERROR", message, error?.code ? { error_code: error.code } : {})}\n`);
    process.exit(1);
  }
} else {
  await serve(args).catch((error) => {
    process.stderr.write(`${logLine("ERROR", error instanceof Error ? error.message : String(error))}\n`);
    process.exit(1);
  });
}
