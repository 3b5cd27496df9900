// The two schemas and their migrations stay in step: same models, and each migrations folder produces its schema.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Provider } from "../../src/store/index.js";
import { checkPostgres, newDatabase, prisma, prismaIn, repoRoot, type TestDatabase } from "./support.js";

const postgres = await checkPostgres();
const CLI_TIMEOUT = 90_000;

/** The schema without its generator and datasource blocks and the header comment before the first model. */
function modelBlocks(provider: Provider): string {
  const text = fs.readFileSync(path.join(repoRoot, "prisma", provider, "schema.prisma"), "utf8");
  return text
    .replace(/^(generator|datasource)\s+\w+\s*\{[^}]*\}\s*$/gm, "")
    .replace(/^\/\/ kvalue on \w+\..*\n(\/\/.*\n)*/, "")
    .trim();
}

describe("the SQLite and PostgreSQL schemas", () => {
  it("have identical model blocks", () => {
    const sqlite = modelBlocks("sqlite");
    expect(sqlite).toContain("model Account {");
    expect(sqlite).not.toMatch(/generator|datasource/);
    expect(modelBlocks("postgresql")).toBe(sqlite);
  });

  it("use only what both providers support", () => {
    const models = modelBlocks("sqlite").replace(/\/\/.*$/gm, "");
    expect(models).not.toMatch(/@db\.|^enum |mode:/m);
    expect(models).not.toMatch(/\b(String|Int|BigInt|Float|Boolean|DateTime)\[\]/); // scalar lists
  });
});

function migrationsSuite(provider: Provider): void {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it(
    "have a migration for every schema change (migrate diff --from-migrations is empty)",
    async () => {
      const database = await newDatabase(provider); // SQLite: never opened; PostgreSQL: the server for the shadow database
      databases.push(database);
      const diff = await prisma(
        provider,
        database.url,
        "migrate",
        "diff",
        "--from-migrations",
        `prisma/${provider}/migrations`,
        "--to-schema",
        `prisma/${provider}/schema.prisma`,
        "--exit-code",
      );
      expect(diff.stdout + diff.stderr).toContain("No difference detected.");
      expect(diff.code).toBe(0);
    },
    CLI_TIMEOUT,
  );

  it(
    "turn a schema change into a new migration with migrate dev (the Wasm engine's shadow-database gap 4)",
    async () => {
      const database = await newDatabase(provider);
      databases.push(database);
      // A checkout of its own: migrate dev writes into the migrations folder.
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-migrate-dev-"));
      fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
      fs.mkdirSync(path.join(root, "prisma"));
      fs.symlinkSync(path.join(repoRoot, "prisma", "engine"), path.join(root, "prisma", "engine"));
      fs.copyFileSync(
        path.join(repoRoot, "prisma", `${provider}.config.ts`),
        path.join(root, "prisma", `${provider}.config.ts`),
      );
      fs.cpSync(path.join(repoRoot, "prisma", provider), path.join(root, "prisma", provider), {
        recursive: true,
        filter: (from) => path.basename(from) !== "generated",
      });
      const schema = path.join(root, "prisma", provider, "schema.prisma");
      fs.writeFileSync(
        schema,
        fs.readFileSync(schema, "utf8").replace("model Note {", "model Note {\n  scratch String?"),
      );
      try {
        const dev = await prismaIn(root, provider, database.url, "migrate", "dev", "--name", "scratch");
        expect(dev.code, dev.stdout + dev.stderr).toBe(0);
        const folders = fs.readdirSync(path.join(root, "prisma", provider, "migrations"));
        const created = folders.filter((f) => f.endsWith("_scratch"));
        expect(created).toHaveLength(1);
        const sql = fs.readFileSync(
          path.join(root, "prisma", provider, "migrations", `${created[0]}`, "migration.sql"),
          "utf8",
        );
        expect(sql).toMatch(/ALTER TABLE "Note" ADD COLUMN\s+"scratch" TEXT/);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
    CLI_TIMEOUT,
  );

  it(
    "produce the schema on an empty database (migrate deploy, then no drift)",
    async () => {
      const database = await newDatabase(provider);
      databases.push(database);
      const deploy = await prisma(provider, database.url, "migrate", "deploy");
      expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
      const drift = await prisma(
        provider,
        database.url,
        "migrate",
        "diff",
        "--from-config-datasource",
        "--to-schema",
        `prisma/${provider}/schema.prisma`,
        "--exit-code",
      );
      expect(drift.stdout).toContain("No difference detected.");
      expect(drift.code).toBe(0);
    },
    CLI_TIMEOUT,
  );
}

describe("SQLite migrations", () => migrationsSuite("sqlite"));
if (postgres.available) {
  describe("PostgreSQL migrations", () => migrationsSuite("postgresql"));
} else {
  describe.skip(`PostgreSQL migrations — SKIPPED, server unreachable: ${postgres.reason}`, () => {
    it("needs PostgreSQL", () => {});
  });
}
