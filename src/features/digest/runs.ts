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
import { isUniqueViolation } from "../../store/index.js";
import type { DigestRun } from "../../store/index.js";
import type { ServiceDeps } from "../deps.js";

export const RUN_STATUSES = ["claimed", "posting", "posted", "charts", "done", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
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

const asStatus = (s: string): RunStatus => RUN_STATUSES.find((x) => x === s) ?? "failed";
const leaseOf = (r: DigestRun): RunLease => ({
  id: r.id, subscriptionId: r.subscriptionId, periodKey: r.periodKey, status: asStatus(r.status), claimedAt: r.claimedAt,
  messageTs: r.messageTs, owner: r.claimedBy, attempts: r.attempts,
});
const later = (deps: ServiceDeps, ms: number) => new Date(deps.now().getTime() + ms);

export const isFinished = (status: string): boolean => status === "done" || status === "failed";

export type ClaimResult =
  | { kind: "claimed"; lease: RunLease }
  | { kind: "busy" }          // another owner holds a live lease
  | { kind: "finished" }      // done or failed already
  | { kind: "exhausted"; lease: RunLease }; // taken over after too many attempts: the caller marks it failed

/**
 * Claims the run of `subscriptionId` for `periodKey`: a new row, or a takeover of an unfinished one whose lease has
 * expired. At most one caller gets `claimed` for a given row state, on SQLite and on PostgreSQL (the INSERT's unique
 * key, then the UPDATE's WHERE on the attempt count it read).
 */
export async function claimRun(
  deps: ServiceDeps, input: { subscriptionId: string; periodKey: string; owner: string; leaseMs: number; maxAttempts: number },
): Promise<ClaimResult> {
  const { db } = deps;
  const now = deps.now();
  try {
    const row = await db.digestRun.create({
      data: {
        subscriptionId: input.subscriptionId, periodKey: input.periodKey, status: "claimed", claimedBy: input.owner,
        claimedAt: now, leaseUntil: later(deps, input.leaseMs), attempts: 1,
      },
    });
    return { kind: "claimed", lease: leaseOf(row) };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const row = await db.digestRun.findUnique({ where: { subscriptionId_periodKey: { subscriptionId: input.subscriptionId, periodKey: input.periodKey } } });
  if (!row || isFinished(row.status)) return { kind: "finished" };
  if (row.leaseUntil.getTime() > now.getTime()) return { kind: "busy" };
  const { count } = await db.digestRun.updateMany({
    where: { id: row.id, attempts: row.attempts, status: { in: UNFINISHED }, leaseUntil: { lte: now } },
    data: { claimedBy: input.owner, leaseUntil: later(deps, input.leaseMs), attempts: { increment: 1 } },
  });
  if (count !== 1) return { kind: "busy" };
  const lease = { ...leaseOf(row), owner: input.owner, attempts: row.attempts + 1 };
  return lease.attempts > input.maxAttempts ? { kind: "exhausted", lease } : { kind: "claimed", lease };
}

/** A write that only the current owner can make; false when the lease was lost (someone else took the run over). */
async function guarded(deps: ServiceDeps, lease: RunLease, data: Parameters<ServiceDeps["db"]["digestRun"]["updateMany"]>[0]["data"]): Promise<boolean> {
  const { count } = await deps.db.digestRun.updateMany({ where: { id: lease.id, claimedBy: lease.owner, attempts: lease.attempts }, data });
  return count === 1;
}

/** Extends the lease (the owner's heartbeat). */
export const renewLease = (deps: ServiceDeps, lease: RunLease, leaseMs: number): Promise<boolean> =>
  guarded(deps, lease, { leaseUntil: later(deps, leaseMs) });

/** Moves the run to `status` (and records the message ts once posted). Updates `lease` in place on success. */
export async function advanceRun(deps: ServiceDeps, lease: RunLease, status: RunStatus, extra: { messageTs?: string; leaseMs?: number } = {}): Promise<boolean> {
  const ok = await guarded(deps, lease, {
    status,
    ...(extra.messageTs !== undefined ? { messageTs: extra.messageTs, postedAt: deps.now() } : {}),
    ...(extra.leaseMs !== undefined ? { leaseUntil: later(deps, extra.leaseMs) } : {}),
    ...(status === "done" ? { error: null } : {}),
  });
  if (ok) {
    lease.status = status;
    if (extra.messageTs !== undefined) lease.messageTs = extra.messageTs;
  }
  return ok;
}

/** Gives the run back after a transient failure: anyone (this instance included) may take it over after `retryMs`. */
export const releaseRun = (deps: ServiceDeps, lease: RunLease, error: string, retryMs: number, status?: RunStatus): Promise<boolean> =>
  guarded(deps, lease, { error: error.slice(0, 1000), leaseUntil: later(deps, retryMs), ...(status ? { status } : {}) });

/** Gives up on the run for good (the period's digest is not sent). */
export const failRun = (deps: ServiceDeps, lease: RunLease, error: string): Promise<boolean> =>
  guarded(deps, lease, { status: "failed", error: error.slice(0, 1000) });

/** The runs of these subscriptions for these periods (one query for a whole scheduler tick). */
export async function runsFor(deps: ServiceDeps, keys: readonly { subscriptionId: string; periodKey: string }[]): Promise<Map<string, DigestRun>> {
  if (keys.length === 0) return new Map();
  const found = await deps.db.digestRun.findMany({
    where: { subscriptionId: { in: [...new Set(keys.map((k) => k.subscriptionId))] }, periodKey: { in: [...new Set(keys.map((k) => k.periodKey))] } },
  });
  return new Map(found.map((r) => [`${r.subscriptionId}|${r.periodKey}`, r]));
}
