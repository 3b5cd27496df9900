// The queries of the operator's checks: is the database answering, and which migrations does it say are applied.
// `_prisma_migrations` is the history table src/store/migrate.ts writes (the same one Prisma's engine writes).
import type { DbClient, Provider } from "../../store/index.js";

export interface OpsRepository {
  /** One round trip; throws when the database does not answer. */
  ping(): Promise<void>;
  /** Names of the migrations recorded as finished and not rolled back. */
  appliedMigrations(): Promise<string[]>;
}

export function createOpsRepository(db: DbClient, _provider: Provider): OpsRepository {
  return {
    async ping() {
      await db.$queryRaw`SELECT 1`;
    },
    async appliedMigrations() {
      const rows = await db.$queryRaw<{ migration_name: string }[]>`
        SELECT "migration_name" FROM "_prisma_migrations"
        WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
      return rows.map((r) => r.migration_name);
    },
  };
}
