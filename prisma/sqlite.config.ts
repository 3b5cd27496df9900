// Prisma CLI config for the SQLite schema: `npx prisma <command> --config prisma/sqlite.config.ts`.
// DATABASE_URL is used when it is a file: URL (relative paths resolve against the current directory, as at run
// time); otherwise the default embedded database data/kvalue.db. SHADOW_DATABASE_URL is optional.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

const here = path.dirname(fileURLToPath(import.meta.url));
// Prisma cannot download its native schema engine offline (or in air-gapped installs): every command runs
// Prisma's own engine compiled to WebAssembly through this stand-in instead (see prisma/README.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(here, "engine", "schema-engine.mjs");
// The schema's datamodel generator is found through this, whatever the current directory.
process.env.KVALUE_PRISMA_DIR ??= here;
process.env.CHECKPOINT_DISABLE ??= "1"; // the CLI's telemetry call can only fail here

const fromEnv = process.env.DATABASE_URL?.startsWith("file:") ? process.env.DATABASE_URL : undefined;
const file = fromEnv
  ? path.resolve(fromEnv.slice("file:".length).replace(/\?.*$/, ""))
  : path.join(here, "..", "data", "kvalue.db");

export default defineConfig({
  schema: path.join(here, "sqlite", "schema.prisma"),
  migrations: { path: path.join(here, "sqlite", "migrations") },
  datasource: {
    url: `file:${file}`,
    ...(process.env.SHADOW_DATABASE_URL?.startsWith("file:")
      ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL }
      : {}),
  },
});
