// The database commands of the CLI act as the local console user, on DATABASE_URL (default: the embedded file).
import { setFlagsFromString } from "node:v8";
import { loadConfig } from "../config.js";
import { LOCAL } from "../console/local-user.js";
import { createServiceDeps, type ServiceDeps } from "../features/deps.js";
import { resolveScope, type Actor, type Scope, type TeamRef } from "../features/teams/scope.js";
import { createTeam, ensureWorkspace } from "../features/teams/service.js";
import { migrate, openStore, type Store } from "../store/index.js";

export const DEFAULT_TEAM = "默认团队";

/**
 * V8 settings for a process that runs one database command and exits, often over a whole CRM export (issue 11.7),
 * set before the store loads Prisma's WebAssembly query compiler:
 * - `--liftoff-only`: that module is compiled once by the baseline tier, not a second time by the optimising tier,
 *   which a short process never earns back (a 2-row import: 213–228 -> 143 MB peak RSS, 0.77 -> 0.55 s);
 * - `--heap-growing-percent=20`: between full collections the heap grows 20% past what is live, not up to 4x
 *   (100,000 accounts: 635 -> 310 MB peak RSS with both, in the same time).
 * Not for the Slack app or the console (`kvalue console`, `npm start`), which run for long: they earn it back.
 */
function tuneForOneCommand(): void {
  setFlagsFromString("--liftoff-only");
  setFlagsFromString("--heap-growing-percent=20");
}

/**
 * The database of DATABASE_URL, migrated, for a command acting as the local console user. The local workspace is
 * created first unless the command only reads (`readOnly`: export, a dry run, a listing): such a command writes
 * nothing, so a fresh database stays empty and a `kvalue restore` into it afterwards is not refused.
 */
export async function withLocalStore<T>(
  fn: (deps: ServiceDeps, store: Store, scope: () => Promise<Scope>) => Promise<T>,
  options: { interactive?: boolean; readOnly?: boolean } = {},
): Promise<T> {
  if (!options.interactive) tuneForOneCommand();
  const config = loadConfig();
  const store = await openStore(config.databaseUrl);
  try {
    await migrate(store);
    const deps = createServiceDeps(store, { now: () => new Date(), managers: [LOCAL.userId] });
    if (!options.readOnly) await ensureWorkspace(deps, LOCAL.workspaceId, "local");
    // The scope a command acts in, created or stood in for as the command's own `readOnly` says (one flag, one place).
    return await fn(deps, store, () => localScope(deps, { readOnly: options.readOnly === true }));
  } finally {
    await store.close();
  }
}

/** The database of DATABASE_URL, migrated, as it is: no local workspace is created (backup and restore must see
 *  exactly what is there). */
export async function withMigratedStore<T>(fn: (deps: ServiceDeps) => Promise<T>): Promise<T> {
  tuneForOneCommand();
  const store = await openStore(loadConfig().databaseUrl);
  try {
    await migrate(store);
    return await fn(createServiceDeps(store, { now: () => new Date() }));
  } finally {
    await store.close();
  }
}

export const cliActor = (sourceRef?: string): Actor => ({
  workspaceId: LOCAL.workspaceId,
  userId: LOCAL.userId,
  source: "cli",
  sourceRef: sourceRef ?? null,
});

/** The default team as `localScope` creates it, for a command that only reads: no row has this id (a cuid has no
 *  colon), so every read of the team finds what a new team holds, nothing. */
const UNSAVED_DEFAULT_TEAM: TeamRef = { id: "local:unsaved", name: DEFAULT_TEAM, channelId: LOCAL.channelId };

/** The local scope; with no team yet, the default team on the console's channel is created — or, for a command that
 *  only reads (`readOnly`), stands in unsaved, so the command answers as for an empty team and writes nothing. */
async function localScope(deps: ServiceDeps, options: { readOnly: boolean }): Promise<Scope> {
  const scope = await resolveScope(deps, cliActor());
  if (scope.teams.length > 0) return scope;
  if (options.readOnly) return { ...scope, teams: [UNSAVED_DEFAULT_TEAM] };
  await createTeam(deps, cliActor(), { channelId: LOCAL.channelId, name: DEFAULT_TEAM, members: [LOCAL.userId] });
  return resolveScope(deps, cliActor());
}
