// The weekly digest scheduler: every few seconds (the clock is deps.now, so tests can set it) it
//   1. takes each subscribed team's snapshot once its week boundary (Monday 00:00 in the subscription's zone) passed;
//   2. finds each subscription's latest due slot and, unless that period's run is done, claims and runs it.
// Exactly once per subscription and period, across any number of instances on one database: see runs.ts for
// the claim / lease / fencing protocol and how a run left in "posting" is resumed without posting twice.
//
// Catch-up after downtime: only the latest due slot of a subscription is ever attempted. Coming back after several
// missed weeks sends the current period's digest once; the earlier periods are not sent late (a stale digest is noise,
// and the current one already compares with the previous snapshot). Ticks that find the run done do nothing.
import { quarterlyCalibration } from "../calibration/quarterly.js";
import { setTimeout as sleep } from "node:timers/promises";
import type { ServiceDeps } from "../deps.js";
import {
  advanceRun,
  claimRun,
  failRun,
  isFinished,
  releaseLeasesOf,
  releaseRun,
  startHeartbeat,
  runsFor,
  type RunLease,
} from "./runs.js";
import { isLocalWorkspace } from "../local-workspace.js";
import { activeSubscriptions, subscriptionById, type ActiveSubscription } from "./subscriptions.js";
import { t } from "../../i18n/index.js";
import { renderDigestCharts } from "./charts-data.js";
import { composeDigest, ensureCurrentSnapshot } from "./compose.js";
import type { DigestConfig } from "./config.js";
import { classifyPostError, slackPoster, type DigestPoster, type SlackClients } from "./deliver.js";
import { Pacer } from "./pacer.js";
import { digestMessage } from "./render.js";
import type { Digest } from "./types.js";
import { latestSlot, weekOf } from "./week.js";

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Scheduler {
  deps: ServiceDeps;
  clients: SlackClients;
  log: SchedulerLog;
  config: DigestConfig;
  /** Defaults to the Slack poster over the workspace's client. */
  poster?: (workspaceId: string) => Promise<DigestPoster | null>;
}

/** What a tick shares with stop(): the shutdown signal, and the runs past the point of no return (a post sent). */
interface TickControl {
  signal: AbortSignal;
  committed: Set<string>;
}

const idle = (): TickControl => ({ signal: new AbortController().signal, committed: new Set() });

export interface TickReport {
  snapshots: number;
  posted: number;
  resumed: number;
  failed: number;
  released: number;
  busy: number;
}

type Outcome = "posted" | "resumed" | "failed" | "released" | "lost";

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function posterFor(s: Scheduler, pacer: Pacer): (workspaceId: string) => Promise<DigestPoster | null> {
  if (s.poster) return s.poster;
  return async (workspaceId) => {
    const client = await s.clients.forWorkspace(workspaceId);
    return client ? slackPoster(client, { pacer, rateLimitBudgetMs: s.config.rateLimitBudgetMs }) : null;
  };
}

/** Step 1: the week's snapshot of every subscribed team whose boundary has passed and that lacks it. */
async function takeDueSnapshots(s: Scheduler, subs: readonly ActiveSubscription[], now: Date): Promise<number> {
  const wanted = new Map<string, { sub: ActiveSubscription; periodKey: string }>();
  for (const sub of subs) {
    const week = weekOf(now, sub.timezone);
    const key = `${sub.team.id}|${week.periodKey}`;
    if (!wanted.has(key)) wanted.set(key, { sub, periodKey: week.periodKey });
  }
  if (wanted.size === 0) return 0;
  const have = await s.deps.repos.digest.existingSnapshots(
    subs.map((x) => x.team.id),
    [...wanted.values()].map((w) => w.periodKey),
  );
  for (const h of have) wanted.delete(`${h.teamId}|${h.periodKey}`);
  let taken = 0;
  for (const { sub } of wanted.values()) {
    try {
      const r = await ensureCurrentSnapshot(
        s.deps,
        { id: sub.team.id, name: sub.team.name, workspaceId: sub.workspaceId },
        sub.timezone,
      );
      if (r.taken) {
        taken++;
        s.log.info({ team: sub.team.id, period: r.periodKey }, "weekly snapshot taken");
      }
    } catch (e) {
      s.log.error({ err: errorText(e), team: sub.team.id }, "weekly snapshot failed; retrying next tick");
    }
  }
  return taken;
}

/** One pass of the scheduler. Never throws: every failure is logged and left for a later tick. */
export async function runTick(
  s: Scheduler,
  pacer: Pacer = new Pacer({ channelGapMs: s.config.channelGapMs, workspaceGapMs: s.config.workspaceGapMs }),
  control: TickControl = idle(),
): Promise<TickReport> {
  const report: TickReport = { snapshots: 0, posted: 0, resumed: 0, failed: 0, released: 0, busy: 0 };
  const { deps, config } = s;
  try {
    const now = deps.now();
    // The local console's workspace has no Slack installation: its digests are previewed, never posted.
    const subs = (await activeSubscriptions(deps)).filter((sub) => !isLocalWorkspace(sub.workspaceId));
    report.snapshots = await takeDueSnapshots(s, subs, now);

    const due = subs
      .map((sub) => ({ sub, slot: latestSlot(now, sub, sub.createdAt) }))
      .filter((d): d is { sub: ActiveSubscription; slot: NonNullable<typeof d.slot> } => d.slot !== null)
      .sort((a, b) => a.slot.at.getTime() - b.slot.at.getTime() || (a.sub.id < b.sub.id ? -1 : 1));
    const runs = await runsFor(
      deps,
      due.map((d) => ({ subscriptionId: d.sub.id, periodKey: d.slot.periodKey })),
    );
    const poster = posterFor(s, pacer);
    for (const { sub, slot } of due) {
      if (control.signal.aborted) break; // shutting down: claim nothing more
      const row = runs.get(`${sub.id}|${slot.periodKey}`);
      // Cheap filter before claiming: finished, or someone holds a live lease.
      if (row && (isFinished(row.status) || row.leaseUntil.getTime() > deps.now().getTime())) continue;
      const claim = await claimRun(deps, {
        subscriptionId: sub.id,
        periodKey: slot.periodKey,
        owner: config.instanceId,
        leaseMs: config.leaseMs,
        maxAttempts: config.maxAttempts,
      });
      if (claim.kind === "busy") {
        report.busy++;
        continue;
      }
      if (claim.kind === "finished") continue;
      if (claim.kind === "exhausted") {
        await failRun(deps, claim.lease, `gave up after ${claim.lease.attempts - 1} attempts`);
        deps.metrics.digestRuns.inc({ state: "failed" });
        s.log.error({ run: claim.lease.id, period: slot.periodKey, channel: sub.channelId }, "digest given up");
        report.failed++;
        continue;
      }
      const outcome = await processRun(s, claim.lease, sub, poster, control);
      deps.metrics.digestRuns.inc({ state: outcome });
      if (outcome !== "lost") report[outcome]++;
    }
  } catch (e) {
    s.log.error({ err: errorText(e) }, "digest tick failed; retrying next tick");
  }
  return report;
}

async function testPause(s: Scheduler, at: "claimed" | "posting", ctx: object, signal: AbortSignal): Promise<void> {
  const p = s.config.testPause;
  if (!p || p.at !== at) return;
  s.log.warn({ ...ctx, at, ms: p.ms }, "digest test pause");
  await sleep(p.ms, undefined, { signal }).catch(() => {}); // a shutdown ends the pause
}

/** Runs a claimed run from whatever state its previous owner left it in. */
async function processRun(
  s: Scheduler,
  lease: RunLease,
  listed: ActiveSubscription,
  posterOf: (ws: string) => Promise<DigestPoster | null>,
  control: TickControl,
): Promise<Outcome> {
  const { deps, config, log } = s;
  const ctx = { run: lease.id, period: lease.periodKey, channel: listed.channelId, attempt: lease.attempts };
  const resumed = lease.attempts > 1;
  const heartbeat = startHeartbeat(deps, lease, config.leaseMs);
  const lostLease = (): Outcome => {
    log.warn(ctx, "digest run taken over by another instance; stopping");
    return "lost";
  };
  try {
    const sub = (await subscriptionById(deps, lease.subscriptionId)) ?? listed;
    const team = { id: sub.team.id, name: sub.team.name, workspaceId: sub.workspaceId };
    if (lease.status === "charts") {
      // The previous owner was uploading charts and may have finished: charts are at most once, so stop here.
      return (await advanceRun(deps, lease, "done")) ? "resumed" : lostLease();
    }
    const poster = await posterOf(sub.workspaceId);
    if (!poster) {
      await failRun(deps, lease, "no Slack installation for this workspace");
      log.error(ctx, "digest not sent: the app has no token for this workspace");
      return "failed";
    }

    let digest: Digest | null = null;
    if (lease.status === "posting") {
      // The previous attempt may have reached Slack: look for this run's message before posting again.
      let ts: string | null;
      try {
        ts = await poster.findPosted(sub.channelId, lease.id, lease.claimedAt);
      } catch (e) {
        const f = classifyPostError(e);
        if (f.kind === "not_posted" && f.permanent) {
          await failRun(deps, lease, `cannot verify an earlier post (${f.reason}); not posting again`);
          log.error({ ...ctx, reason: f.reason }, "digest run left unverifiable; not posting twice");
          return "failed";
        }
        await releaseRun(deps, lease, `history check failed: ${f.reason}`, config.retryMs);
        return "released";
      }
      if (ts) {
        if (!(await advanceRun(deps, lease, "posted", { messageTs: ts }))) return lostLease();
        log.info({ ...ctx, ts }, "digest found already posted; recorded");
      }
    }

    if (lease.status === "claimed" || lease.status === "posting") {
      digest = await composeDigest(deps, team, lease.periodKey, { charts: config.charts });
      if (!digest) {
        await releaseRun(deps, lease, "no snapshot yet", config.retryMs);
        return "released";
      }
      // The quarter's calibration lines are a bonus: a failure there never holds back the digest.
      const calibration = await quarterlyCalibration(deps, team, digest.asOf, digest.previousAsOf).catch(
        (e: unknown) => {
          log.warn({ ...ctx, err: errorText(e) }, "calibration section left out of the digest");
          return null;
        },
      );
      const message = digestMessage(digest, { locale: sub.locale, chartsBelow: config.charts, calibration });
      await testPause(s, "claimed", ctx, control.signal);
      if (control.signal.aborted) {
        // Nothing was sent yet: hand the run over now rather than after the lease (the next owner starts afresh).
        await releaseRun(deps, lease, "instance shutting down", 0);
        log.info(ctx, "digest run handed over: this instance is shutting down");
        return "released";
      }
      if (heartbeat.lost() || !(await advanceRun(deps, lease, "posting", { leaseMs: config.leaseMs })))
        return lostLease();
      control.committed.add(lease.id);
      let ts: string;
      try {
        ts = await poster.post(sub.workspaceId, {
          channel: sub.channelId,
          text: message.text,
          blocks: message.blocks,
          run: { id: lease.id, subscriptionId: sub.id, periodKey: lease.periodKey },
        });
      } catch (e) {
        const f = classifyPostError(e);
        if (f.kind === "not_posted" && f.permanent) {
          await failRun(deps, lease, f.reason);
          log.error({ ...ctx, reason: f.reason }, "digest not sent: Slack refused it");
          return "failed";
        }
        // Not posted → back to "claimed"; unknown → stays "posting", so the next attempt checks the history first.
        await releaseRun(deps, lease, f.reason, config.retryMs, f.kind === "not_posted" ? "claimed" : undefined);
        log.warn(
          { ...ctx, reason: f.reason, posted: f.kind === "unknown" ? "unknown" : "no" },
          "digest post failed; will retry",
        );
        return "released";
      }
      await testPause(s, "posting", ctx, control.signal);
      if (!(await advanceRun(deps, lease, "posted", { messageTs: ts }))) return lostLease();
      log.info({ ...ctx, ts }, "digest posted");
    }

    // Charts, at most once, in the digest's thread; a failure here never withdraws the text digest.
    if (!(await advanceRun(deps, lease, "charts"))) return lostLease();
    try {
      if (config.charts) digest ??= await composeDigest(deps, team, lease.periodKey, { charts: true });
      if (config.charts && digest && lease.messageTs) {
        const files = await renderDigestCharts(digest, sub.locale);
        await poster.uploadCharts(
          sub.workspaceId,
          sub.channelId,
          lease.messageTs,
          files,
          t(sub.locale, "digest.chart.comment", { team: sub.team.name, week: lease.periodKey }),
        );
      }
    } catch (e) {
      log.warn({ ...ctx, err: errorText(e) }, "digest charts not uploaded; the text digest stands");
    }
    if (!(await advanceRun(deps, lease, "done"))) return lostLease();
    return resumed ? "resumed" : "posted";
  } catch (e) {
    log.error({ ...ctx, err: errorText(e) }, "digest run failed; will retry");
    await releaseRun(deps, lease, errorText(e), config.retryMs).catch(() => false);
    return "released";
  } finally {
    heartbeat.stop();
    control.committed.delete(lease.id);
  }
}

export interface RunningScheduler {
  /** Runs one tick now (tests; also used at start). */
  tick(): Promise<TickReport>;
  /**
   * Stops the loop: the tick under way claims nothing more and hands back a run not yet posted; stop waits for it up
   * to `waitMs`, then frees every lease this instance holds so another instance takes over at once — except a run
   * whose post is still in flight after `waitMs`, which keeps its lease (it is resumed, history first, once it expires).
   */
  stop(o?: { waitMs?: number }): Promise<{ released: number }>;
}

/** Starts the loop: a tick at once, then one every intervalMs after the previous finished (ticks never overlap). */
export function startDigestScheduler(s: Scheduler): RunningScheduler {
  const pacer = new Pacer({ channelGapMs: s.config.channelGapMs, workspaceGapMs: s.config.workspaceGapMs });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<TickReport> | null = null;
  let stopped = false;
  const shutdown = new AbortController();
  const control: TickControl = { signal: shutdown.signal, committed: new Set() };
  const tick = (): Promise<TickReport> => {
    running ??= runTick(s, pacer, control).finally(() => {
      running = null;
    });
    return running;
  };
  const loop = (): void => {
    if (stopped) return;
    void tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, s.config.intervalMs);
    });
  };
  s.log.info(
    { instance: s.config.instanceId, intervalMs: s.config.intervalMs, leaseMs: s.config.leaseMs },
    "digest scheduler started",
  );
  loop();
  return {
    tick,
    async stop(o = {}) {
      stopped = true;
      shutdown.abort();
      if (timer) clearTimeout(timer);
      if (running) {
        const waitMs = o.waitMs ?? 10_000;
        let timeout: NodeJS.Timeout | undefined;
        await Promise.race([running, new Promise((r) => (timeout = setTimeout(r, waitMs)))]);
        clearTimeout(timeout);
      }
      const released = await releaseLeasesOf(s.deps, s.config.instanceId, [...control.committed]).catch((e) => {
        s.log.error({ err: errorText(e) }, "digest leases not released; they expire on their own");
        return 0;
      });
      s.log.info(
        { instance: s.config.instanceId, released, inFlight: control.committed.size },
        "digest scheduler stopped",
      );
      return { released };
    },
  };
}
