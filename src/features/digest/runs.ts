// DigestRun rows: the exactly-once guard of the weekly digest (DESIGN.md, METHOD §5.7).
//
//   claimed ──▶ posting ──▶ posted ──▶ charts ──▶ done          (failed: given up, with the reason)
//
// - A run is claimed by INSERTing (subscriptionId, periodKey); the unique key lets exactly one instance in.
// - The claim carries a lease (leaseUntil). An unfinished run whose lease has expired — its owner died, hung or was
//   restarted — is taken over by a conditional UPDATE that also bumps `attempts`; only one taker's UPDATE matches.
// - (claimedBy, attempts) is the owner's fencing token: every later write is conditional on it, so an owner that lost
//   its lease can no longer move the run.
// - "posting" is written before chat.postMessage and "posted" (with the message ts) right after. A run found in
//   "posting" may or may not have reached Slack; whoever resumes it looks for the message (by the run id in its
//   metadata) before posting. "charts" is written before the chart upload, which is therefore at most once.
//
// The protocol runs over any table with DigestRun's columns and a unique (subscriptionId, periodKey): `RunTable` is
// that table's five statements. The digest's is the default; the daily alert DMs (src/features/alerts) pass theirs.
import type { ServiceDeps } from "../deps.js";
import type { RunPatch, RunRecord, RunStatus, RunTable } from "./records.js";

export { RUN_STATUSES, type RunStatus, type RunTable } from "./records.js";
const UNFINISHED: RunStatus[] = ["claimed", "posting", "posted", "charts"];

export interface RunLease {
  id: string;
  subscriptionId: string;
  periodKey: string;
  status: RunStatus;
  claimedAt: Date;
  messageTs: string | null;
  /** fencing token */
  owner: string;
  attempts: number;
}

const leaseOf = (r: RunRecord): RunLease => ({
  id: r.id,
  subscriptionId: r.subscriptionId,
  periodKey: r.periodKey,
  status: r.status,
  claimedAt: r.claimedAt,
  messageTs: r.messageTs,
  owner: r.claimedBy,
  attempts: r.attempts,
});
const later = (deps: ServiceDeps, ms: number) => new Date(deps.now().getTime() + ms);

export const isFinished = (status: RunStatus): boolean => status === "done" || status === "failed";

export type ClaimResult =
  | { kind: "claimed"; lease: RunLease }
  | { kind: "busy" } // another owner holds a live lease
  | { kind: "finished" } // done or failed already
  | { kind: "exhausted"; lease: RunLease }; // taken over after too many attempts: the caller marks it failed

/**
 * Claims the run of `subscriptionId` for `periodKey`: a new row, or a takeover of an unfinished one whose lease has
 * expired. At most one caller gets `claimed` for a given row state, on SQLite and on PostgreSQL (the INSERT's unique
 * key, then the UPDATE's WHERE on the attempt count it read).
 */
export async function claimRun(
  deps: ServiceDeps,
  input: { subscriptionId: string; periodKey: string; owner: string; leaseMs: number; maxAttempts: number },
  repo: RunTable = deps.repos.digest,
): Promise<ClaimResult> {
  const now = deps.now();
  // The lease runs from the claim's own time: a second clock read made it a millisecond longer now and then.
  const leaseUntil = new Date(now.getTime() + input.leaseMs);
  const inserted = await repo.insertRun({
    subscriptionId: input.subscriptionId,
    periodKey: input.periodKey,
    claimedBy: input.owner,
    claimedAt: now,
    leaseUntil,
  });
  if (inserted) return { kind: "claimed", lease: leaseOf(inserted) };
  const row = await repo.findRun(input.subscriptionId, input.periodKey);
  if (!row || isFinished(row.status)) return { kind: "finished" };
  if (row.leaseUntil.getTime() > now.getTime()) return { kind: "busy" };
  if (!(await repo.takeOverRun(row, UNFINISHED, now, input.owner, leaseUntil))) return { kind: "busy" };
  const lease = { ...leaseOf(row), owner: input.owner, attempts: row.attempts + 1 };
  return lease.attempts > input.maxAttempts ? { kind: "exhausted", lease } : { kind: "claimed", lease };
}

/** A write that only the current owner can make; false when the lease was lost (someone else took the run over). */
const guarded = (
  deps: ServiceDeps,
  lease: RunLease,
  patch: RunPatch,
  table: RunTable = deps.repos.digest,
): Promise<boolean> => table.updateOwnedRun(lease, patch);

/** Extends the lease (the owner's heartbeat). */
export const renewLease = (
  deps: ServiceDeps,
  lease: RunLease,
  leaseMs: number,
  table: RunTable = deps.repos.digest,
): Promise<boolean> => guarded(deps, lease, { leaseUntil: later(deps, leaseMs) }, table);

/**
 * The owner's heartbeat: renews the lease every leaseMs/3 while the owner works (a slow Slack, rate-limit waits); a
 * process that dies stops renewing and the run becomes free after leaseMs. `lost()` turns true once a renewal finds
 * the run taken over; `stop()` ends the heartbeat.
 */
export function startHeartbeat(
  deps: ServiceDeps,
  lease: RunLease,
  leaseMs: number,
  table: RunTable = deps.repos.digest,
): { lost: () => boolean; stop: () => void } {
  let lost = false;
  const timer = setInterval(
    () => {
      renewLease(deps, lease, leaseMs, table).then(
        (ok) => {
          if (!ok) lost = true;
        },
        () => {},
      );
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return { lost: () => lost, stop: () => clearInterval(timer) };
}

/** Moves the run to `status` (and records the message ts once posted). Updates `lease` in place on success. */
export async function advanceRun(
  deps: ServiceDeps,
  lease: RunLease,
  status: RunStatus,
  extra: { messageTs?: string; leaseMs?: number } = {},
  table: RunTable = deps.repos.digest,
): Promise<boolean> {
  const ok = await guarded(
    deps,
    lease,
    {
      status,
      ...(extra.messageTs !== undefined ? { messageTs: extra.messageTs, postedAt: deps.now() } : {}),
      ...(extra.leaseMs !== undefined ? { leaseUntil: later(deps, extra.leaseMs) } : {}),
      ...(status === "done" ? { error: null } : {}),
    },
    table,
  );
  if (ok) {
    lease.status = status;
    if (extra.messageTs !== undefined) lease.messageTs = extra.messageTs;
  }
  return ok;
}

/** Gives the run back after a transient failure: anyone (this instance included) may take it over after `retryMs`. */
export const releaseRun = (
  deps: ServiceDeps,
  lease: RunLease,
  error: string,
  retryMs: number,
  status?: RunStatus,
  table: RunTable = deps.repos.digest,
): Promise<boolean> =>
  guarded(
    deps,
    lease,
    {
      error: error.slice(0, 1000),
      leaseUntil: later(deps, retryMs),
      ...(status ? { status } : {}),
    },
    table,
  );

/**
 * On shutdown: every unfinished run this owner still holds (released ones waiting out their retry delay included) is
 * free at once, so another instance takes it over on its next tick instead of after the lease. `except`: runs still
 * in this owner's hands (a post in flight), which keep their lease and are resumed only once it expires.
 */
export const releaseLeasesOf = (
  deps: ServiceDeps,
  owner: string,
  except: readonly string[] = [],
  table: RunTable = deps.repos.digest,
): Promise<number> => table.releaseOwnedRuns(owner, UNFINISHED, deps.now(), except);

/** Gives up on the run for good (the period's digest is not sent). */
export const failRun = (
  deps: ServiceDeps,
  lease: RunLease,
  error: string,
  table: RunTable = deps.repos.digest,
): Promise<boolean> => guarded(deps, lease, { status: "failed", error: error.slice(0, 1000) }, table);

/** The runs of these subscriptions for these periods (one query for a whole scheduler tick). */
export async function runsFor(
  deps: ServiceDeps,
  keys: readonly { subscriptionId: string; periodKey: string }[],
): Promise<Map<string, RunRecord>> {
  const found = await deps.repos.digest.runsFor(keys);
  return new Map(found.map((r) => [`${r.subscriptionId}|${r.periodKey}`, r]));
}
