// A migrated database with the service dependencies, on SQLite or PostgreSQL, for service-level suites.
import { createServiceDeps, type ServiceDeps } from "../../src/features/deps.js";
import { migrate, openStore, type Provider, type Store } from "../../src/store/index.js";
import { checkPostgres, newDatabase, type TestDatabase } from "../store/support.js";

export const postgres = await checkPostgres();
/** The providers to run a suite on: SQLite always, PostgreSQL when it answers (or is required). */
export const PROVIDERS: Provider[] = postgres.available ? ["sqlite", "postgresql"] : ["sqlite"];

export interface Harness {
  deps: ServiceDeps;
  store: Store;
  close(): Promise<void>;
}

export async function openHarness(
  provider: Provider,
  now: () => Date = () => new Date("2026-11-26T02:00:00Z"),
): Promise<Harness> {
  const database: TestDatabase = await newDatabase(provider);
  const store = await openStore(database.url);
  await migrate(store);
  const deps = createServiceDeps(store, { now, managers: [] });
  return {
    deps,
    store,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}
