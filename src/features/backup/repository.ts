// The backup feature's queries: every model read and written generically (the model's Prisma delegate for reads,
// multi-row INSERTs for writes), plus the migration history. Which models and columns comes from datamodel.ts.
import { insertRows } from "../../store/bulk.js";
import type { DbClient, Provider } from "../../store/open.js";
import { columnName, scalarFields, tableName, type ModelInfo, type ScopeWhere } from "./datamodel.js";

type Row = Record<string, unknown>;

/** The part of a Prisma model delegate (`db.account`, …) used here, the same for every model. */
interface ModelDelegate {
  findMany(args: {
    where?: ScopeWhere;
    orderBy?: Record<string, "asc">[];
    take?: number;
    skip?: number;
    select?: Record<string, true>;
  }): Promise<Row[]>;
  count(args?: { where?: ScopeWhere }): Promise<number>;
}

function delegateOf(db: DbClient, model: ModelInfo): ModelDelegate {
  const key = model.name.charAt(0).toLowerCase() + model.name.slice(1);
  const delegate = (db as unknown as Record<string, ModelDelegate | undefined>)[key];
  if (!delegate) throw new Error(`the Prisma client has no model ${model.name}: run npm run db:generate`);
  return delegate;
}

export function createBackupRepository(db: DbClient, provider: Provider) {
  return {
    provider,

    /** On PostgreSQL, makes the current transaction read one snapshot (must be its first statement). SQLite's
     *  read transaction is a snapshot already. */
    async readOneSnapshot(): Promise<void> {
      if (provider === "postgresql") await db.$executeRawUnsafe("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    },

    /** Names of the applied migrations, oldest first. */
    async appliedMigrations(): Promise<string[]> {
      const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL ORDER BY "started_at", "migration_name"`,
      );
      return rows.map((r) => r.migration_name);
    },

    count(model: ModelInfo, where?: ScopeWhere): Promise<number> {
      return delegateOf(db, model).count(where ? { where } : {});
    },

    /** Ids of the teams of a workspace (for models that keep a team id without a foreign key). */
    async teamIds(workspaceId: string): Promise<string[]> {
      return (await db.team.findMany({ where: { workspaceId }, select: { id: true } })).map((t) => t.id);
    },

    /** One page of rows in primary-key order, scalar fields only, starting after the key `after` (a last row's key
     *  values): keyset paging, so every page costs the same however deep into the table. */
    async page(model: ModelInfo, where: ScopeWhere | undefined, after: Row | null, take: number): Promise<Row[]> {
      const key = model.primaryKey;
      const select = Object.fromEntries(scalarFields(model).map((f) => [f.name, true as const]));
      const orderBy = key.map((k) => ({ [k]: "asc" as const }));
      // (k1, k2, …) > (v1, v2, …), spelled out: k1 > v1, or k1 = v1 and k2 > v2, …
      const past = after && {
        OR: key.map((k, i) =>
          Object.fromEntries([...key.slice(0, i).map((e) => [e, after[e]]), [k, { gt: after[k] }]]),
        ),
      };
      const all = [where, past].filter((w): w is ScopeWhere => w != null);
      return delegateOf(db, model).findMany({ where: { AND: all }, orderBy, take, select });
    },

    /** INSERTs rows keyed by field name; `fields` are the model's field names present in the rows. */
    insert(model: ModelInfo, fields: readonly string[], rows: readonly Row[]): Promise<number> {
      const byName = new Map(scalarFields(model).map((f) => [f.name, f]));
      const columns = fields.map((name) => {
        const field = byName.get(name);
        if (!field) throw new Error(`${model.name} has no field ${name}`);
        return columnName(field);
      });
      const renamed = columns.every((c, i) => c === fields[i])
        ? rows
        : rows.map((row) => Object.fromEntries(fields.map((name, i) => [columns[i], row[name]])));
      return insertRows(db, tableName(model), columns, renamed);
    },
  };
}

export type BackupRepository = ReturnType<typeof createBackupRepository>;
