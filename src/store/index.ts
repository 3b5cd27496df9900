// The store: Prisma client factory (SQLite or PostgreSQL from DATABASE_URL), migrations at start, money at the
// boundary. Feature repositories (src/features/*/repository.ts) are the only callers.
export { openStore, parseDatabaseUrl, DEFAULT_DATABASE_URL } from "./open.js";
export type { Db, Tx, DbClient, Provider, Store, DatabaseTarget } from "./open.js";
export { migrate, migrationsDir, readMigrations } from "./migrate.js";
export type { MigrateResult, LocalMigration } from "./migrate.js";
export { toDbMoney, fromDbMoney, toDbMoneyOrNull, fromDbMoneyOrNull } from "./money.js";
export { StoreError, isUniqueViolation, isRecordNotFound } from "./errors.js";
export type { StoreErrorCode } from "./errors.js";
export type { StageEntry } from "../core/facts.js";
export { insertPackedRows, insertRows } from "./bulk.js";
// For hand-written statements in `$queryRaw` templates: `IN (${sqlJoin(ids)})`.
export { join as sqlJoin } from "@prisma/client/runtime/client";
// Row types of the models and Prisma's input types, for services that use other tables directly through `Db`.
export type {
  Prisma,
  Workspace,
  WorkspaceManager,
  UserPref,
  Installation,
  Team,
  TeamMember,
  Account,
  AccountAlias,
  Need,
  Contact,
  Opportunity,
  StageChange,
  Note,
  FactChange,
  ScoreSnapshot,
  PipelineSnapshot,
  Target,
  DigestSubscription,
  DigestRun,
  Conversation,
  Proposal,
  ProcessedEvent,
} from "../../prisma/sqlite/generated/client.js";
