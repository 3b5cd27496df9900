// Prisma CLI config for the PostgreSQL schema: `npx prisma <command> --config prisma/postgresql.config.ts`.
// DATABASE_URL is used when it is a postgres(ql):// URL; otherwise a local development database
// postgresql://postgres@127.0.0.1:5432/kvalue. SHADOW_DATABASE_URL is optional (without it, `migrate dev` and
// `migrate diff --from-migrations` create and drop a temporary database, which needs CREATEDB).
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

const isPg = (url: string | undefined): url is string => url !== undefined && /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  schema: path.join(here, "postgresql", "schema.prisma"),
  migrations: { path: path.join(here, "postgresql", "migrations") },
  datasource: {
    url: isPg(process.env.DATABASE_URL) ? process.env.DATABASE_URL : "postgresql://postgres@127.0.0.1:5432/kvalue",
    ...(isPg(process.env.SHADOW_DATABASE_URL) ? { shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL } : {}),
  },
});
