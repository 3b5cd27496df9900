// Every feature's repository, built over one client. `transaction` runs a unit of work with all repositories bound
// to one database transaction, so a use case that spans features (an import: accounts, audit, snapshots) is still
// all or nothing. Services receive these, never the client.
import type { DbClient, Provider } from "../store/index.js";
import { createAccountsRepository, type AccountsRepository } from "./accounts/repository.js";
import { createAlertsRepository, type AlertsRepository } from "./alerts/repository.js";
import { createAssistantRepository, type AssistantRepository } from "./assistant/repository.js";
import { createBackupRepository, type BackupRepository } from "./backup/repository.js";
import { createCalibrationRepository, type CalibrationRepository } from "./calibration/repository.js";
import { createDemoRepository, type DemoRepository } from "./demo/repository.js";
import { createFunnelRepository, type FunnelRepository } from "./funnel/repository.js";
import { createDigestRepository, type DigestRepository } from "./digest/repository.js";
import { createInstallationsRepository, type InstallationsRepository } from "./installations/repository.js";
import { createSegmentsRepository, type SegmentsRepository } from "./segments/repository.js";
import { createOpsRepository, type OpsRepository } from "./ops/repository.js";
import { createTeamsRepository, type TeamsRepository } from "./teams/repository.js";

export interface Repositories {
  readonly provider: Provider;
  readonly accounts: AccountsRepository;
  readonly assistant: AssistantRepository;
  readonly installations: InstallationsRepository;
  readonly teams: TeamsRepository;
  readonly funnel: FunnelRepository;
  readonly digest: DigestRepository;
  readonly calibration: CalibrationRepository;
  readonly demo: DemoRepository;
  readonly segments: SegmentsRepository;
  readonly ops: OpsRepository;
  readonly backup: BackupRepository;
  readonly alerts: AlertsRepository;
  /** Runs `fn` in one database transaction (or inside the caller's, when these repositories are already bound to one). */
  transaction<T>(fn: (repos: Repositories) => Promise<T>, options?: { timeout?: number }): Promise<T>;
}

export function createRepositories(db: DbClient, provider: Provider): Repositories {
  const repos: Repositories = {
    provider,
    accounts: createAccountsRepository(db, provider),
    assistant: createAssistantRepository(db, provider),
    installations: createInstallationsRepository(db, provider),
    teams: createTeamsRepository(db, provider),
    funnel: createFunnelRepository(db, provider),
    digest: createDigestRepository(db, provider),
    calibration: createCalibrationRepository(db, provider),
    demo: createDemoRepository(db, provider),
    segments: createSegmentsRepository(db, provider),
    ops: createOpsRepository(db, provider),
    backup: createBackupRepository(db, provider),
    alerts: createAlertsRepository(db, provider),
    transaction: (fn, options) =>
      "$transaction" in db
        ? db.$transaction((tx) => fn(createRepositories(tx, provider)), {
            timeout: options?.timeout ?? 5_000,
            maxWait: 10_000,
          })
        : fn(repos),
  };
  return repos;
}
