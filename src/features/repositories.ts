// Every feature's repository, built over one client. `transaction` runs a unit of work with all repositories bound
// to one database transaction, so a use case that spans features (an import: accounts, audit, snapshots) is still
// all or nothing. Services receive these, never the client.
import type { DbClient, Provider } from "../store/index.js";
import { createCalibrationRepository, type CalibrationRepository } from "./calibration/repository.js";
import { createDemoRepository, type DemoRepository } from "./demo/repository.js";

export interface Repositories {
  readonly provider: Provider;
  readonly calibration: CalibrationRepository;
  readonly demo: DemoRepository;
  /** Runs `fn` in one database transaction (or inside the caller's, when these repositories are already bound to one). */
  transaction<T>(fn: (repos: Repositories) => Promise<T>, options?: { timeout?: number }): Promise<T>;
}

export function createRepositories(db: DbClient, provider: Provider): Repositories {
  const repos: Repositories = {
    provider,
    calibration: createCalibrationRepository(db, provider),
    demo: createDemoRepository(db, provider),
    transaction: (fn, options) =>
      "$transaction" in db
        ? db.$transaction((tx) => fn(createRepositories(tx, provider)), { timeout: options?.timeout ?? 5_000, maxWait: 10_000 })
        : fn(repos),
  };
  return repos;
}
