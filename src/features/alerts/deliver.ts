// The daily alert DMs: at most one message per user and business day, exactly once across instances.
//
// Every few seconds (the clock is deps.now), from the configured hour on, each workspace's alerts of the day are
// detected (service.ts: one window, one statement per kind) and each user with something switched on gets one DM.
// The guard is the digest's: an AlertBatch row per (user's AlertSetting, day) claimed, leased and fenced through
// src/features/digest/runs.ts over the alerts' own RunTable; the post carries its batch id in message metadata, so a
// batch left in "posting" is looked up in the DM's history before it is posted again (digest/deliver.ts).
//
//   claimed ──▶ posting ──▶ posted ──▶ done          (failed: given up, with the reason)
//
// The alerts a batch carries are stored on it before the post, so whoever resumes it sends what was decided first.
import { setTimeout as sleep } from "node:timers/promises";
import { addDays } from "../../core/index.js";
import { BUSINESS_TZ, today, type ServiceDeps } from "../deps.js";
import type { DigestConfig } from "../digest/config.js";
import { classifyPostError, slackPoster, type DigestPoster, type SlackClients } from "../digest/deliver.js";
import { Pacer } from "../digest/pacer.js";
import {
  advanceRun,
  claimRun,
  failRun,
  isFinished,
  releaseLeasesOf,
  releaseRun,
  startHeartbeat,
  type RunLease,
} from "../digest/runs.js";
import type { SchedulerLog } from "../digest/scheduler.js";
import { isLocalWorkspace } from "../local-workspace.js";
import { localePref } from "../teams/prefs.js";
import type { AlertsConfig } from "./config.js";
import { offKinds, type AlertItem } from "./kinds.js";
import { alertWindow, detectAlerts, switchedOn } from "./service.js";
import { alertsMessage } from "./ui/alerts.js";

/** The metadata type of an alert DM (findPosted looks for it with the batch id). */
export const ALERTS_EVENT_TYPE = "kvalue_alerts";

export interface AlertScheduler {
  deps: ServiceDeps;
  clients: SlackClients;
  log: SchedulerLog;
  /** Lease, retry, attempts, instance id: the digest's settings. */
  digest: Pick<DigestConfig, "leaseMs" | "retryMs" | "maxAttempts" | "instanceId" | "rateLimitBudgetMs" | "testPause">;
  alerts: AlertsConfig;
}

export interface AlertTickReport {
  sent: number;
  resumed: number;
  busy: number;
  failed: number;
  released: number;
}

type Outcome = "sent" | "resumed" | "failed" | "released" | "lost";

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const hourOf = new Intl.DateTimeFormat("en-GB", { timeZone: BUSINESS_TZ, hour: "2-digit", hourCycle: "h23" });

/** One pass: every workspace's DMs of the day that are due and not done. Never throws. */
export async function runAlertsTick(
  s: AlertScheduler,
  pacer: Pacer = new Pacer({ channelGapMs: 1_100, workspaceGapMs: 250 }),
  signal: AbortSignal = new AbortController().signal,
  committed: Set<string> = new Set(),
): Promise<AlertTickReport> {
  const report: AlertTickReport = { sent: 0, resumed: 0, busy: 0, failed: 0, released: 0 };
  const { deps } = s;
  const repo = deps.repos.alerts;
  try {
    const now = deps.now();
    if (Number(hourOf.format(now)) < s.alerts.hour) return report;
    const day = today(deps);
    // The console's workspace has no Slack installation: its users are not Slack users to DM.
    const workspaces = (await repo.workspacesWithTeams()).filter((id) => !isLocalWorkspace(id));
    for (const workspaceId of workspaces) {
      if (signal.aborted) break;
      const [window, batches, settings] = await Promise.all([
        alertWindow(deps, workspaceId, day),
        repo.batchesOn(workspaceId, day),
        repo.settingsOf(workspaceId),
      ]);
      const batchOf = new Map(batches.map((b) => [b.userId, b]));
      const offOf = new Map(settings.map((x) => [x.userId, offKinds(x.off)]));
      const recipients = await detectAlerts(deps, window);
      for (const { userId, items: all } of recipients) {
        if (signal.aborted) break;
        const items = switchedOn(all, offOf.get(userId) ?? new Set());
        if (items.length === 0) continue;
        const row = batchOf.get(userId);
        if (row && (isFinished(row.status) || row.leaseUntil.getTime() > deps.now().getTime())) continue;
        const setting = await repo.ensureSetting(workspaceId, userId);
        const claim = await claimRun(
          deps,
          {
            subscriptionId: setting.id,
            periodKey: day,
            owner: s.digest.instanceId,
            leaseMs: s.digest.leaseMs,
            maxAttempts: s.digest.maxAttempts,
          },
          repo.batches,
        );
        if (claim.kind === "busy") {
          report.busy++;
          continue;
        }
        if (claim.kind === "finished") continue;
        if (claim.kind === "exhausted") {
          await failRun(deps, claim.lease, `gave up after ${claim.lease.attempts - 1} attempts`, repo.batches);
          s.log.error({ batch: claim.lease.id, user: userId, day }, "alert DM given up");
          report.failed++;
          continue;
        }
        const outcome = await processBatch(
          s,
          claim.lease,
          { workspaceId, userId, items, window },
          pacer,
          committed,
          signal,
        );
        if (outcome !== "lost") report[outcome]++;
      }
    }
  } catch (e) {
    s.log.error({ err: errorText(e) }, "alerts tick failed; retrying next tick");
  }
  return report;
}

/** Runs a claimed batch from whatever state its previous owner left it in. */
async function processBatch(
  s: AlertScheduler,
  lease: RunLease,
  who: { workspaceId: string; userId: string; items: AlertItem[]; window: { sinceDay: string; untilDay: string } },
  pacer: Pacer,
  committed: Set<string>,
  signal: AbortSignal,
): Promise<Outcome> {
  const { deps, digest: config, log } = s;
  const table = deps.repos.alerts.batches;
  const ctx = { batch: lease.id, day: lease.periodKey, user: who.userId, attempt: lease.attempts };
  const heartbeat = startHeartbeat(deps, lease, config.leaseMs, table);
  const lostLease = (): Outcome => {
    log.warn(ctx, "alert batch taken over by another instance; stopping");
    return "lost";
  };
  try {
    if (lease.status === "posted" || lease.status === "charts")
      return (await advanceRun(deps, lease, "done", {}, table)) ? "resumed" : lostLease();
    const client = await s.clients.forWorkspace(who.workspaceId);
    if (!client) {
      await failRun(deps, lease, "no Slack installation for this workspace", table);
      return "failed";
    }
    const poster: DigestPoster = slackPoster(client, {
      pacer,
      rateLimitBudgetMs: config.rateLimitBudgetMs,
      eventType: ALERTS_EVENT_TYPE,
    });
    let channel: string;
    try {
      const opened = await client.conversations.open({ users: who.userId });
      channel = opened.channel?.id ?? "";
      if (!channel) throw new Error("conversations.open answered without a channel");
    } catch (e) {
      const f = classifyPostError(e);
      if (f.kind === "not_posted" && f.permanent) {
        await failRun(deps, lease, `cannot open the DM: ${f.reason}`, table);
        log.error({ ...ctx, reason: f.reason }, "alert DM not sent: cannot open the conversation");
        return "failed";
      }
      await releaseRun(deps, lease, f.reason, config.retryMs, undefined, table);
      return "released";
    }

    if (lease.status === "posting") {
      // The previous owner may have reached Slack: look for this batch's message before posting again.
      let ts: string | null;
      try {
        ts = await poster.findPosted(channel, lease.id, lease.claimedAt);
      } catch (e) {
        const f = classifyPostError(e);
        if (f.kind === "not_posted" && f.permanent) {
          await failRun(deps, lease, `cannot verify an earlier post (${f.reason}); not posting again`, table);
          return "failed";
        }
        await releaseRun(deps, lease, `history check failed: ${f.reason}`, config.retryMs, undefined, table);
        return "released";
      }
      if (ts) {
        if (!(await advanceRun(deps, lease, "posted", { messageTs: ts }, table))) return lostLease();
        return (await advanceRun(deps, lease, "done", {}, table)) ? "resumed" : lostLease();
      }
    }

    // What the DM carries is decided once: the first owner stores it, a later one sends that.
    const stored = await deps.repos.alerts.batchItems(lease.id);
    const items = stored ? (JSON.parse(stored) as AlertItem[]) : who.items;
    if (!stored && !(await deps.repos.alerts.setBatchItems(lease, JSON.stringify(items)))) return lostLease();
    const locale = (await localePref(deps, who.workspaceId, who.userId)) ?? "zh-CN";
    const message = alertsMessage({
      locale,
      day: lease.periodKey,
      from: who.window.sinceDay,
      to: addDays(who.window.untilDay, -1),
      items,
    });
    if (heartbeat.lost() || !(await advanceRun(deps, lease, "posting", { leaseMs: config.leaseMs }, table)))
      return lostLease();
    committed.add(lease.id);
    let ts: string;
    try {
      ts = await poster.post(who.workspaceId, {
        channel,
        text: message.text,
        blocks: message.blocks,
        run: { id: lease.id, subscriptionId: lease.subscriptionId, periodKey: lease.periodKey },
      });
    } catch (e) {
      const f = classifyPostError(e);
      if (f.kind === "not_posted" && f.permanent) {
        await failRun(deps, lease, f.reason, table);
        log.error({ ...ctx, reason: f.reason }, "alert DM not sent: Slack refused it");
        return "failed";
      }
      // Not posted → back to "claimed"; unknown → stays "posting", so the next attempt checks the history first.
      await releaseRun(deps, lease, f.reason, config.retryMs, f.kind === "not_posted" ? "claimed" : undefined, table);
      return "released";
    }
    const pause = config.testPause;
    if (pause?.at === "posting") {
      // Test only (KVALUE_DIGEST_TEST_PAUSE=posting:<ms>): posted but not recorded, to kill the process right here.
      log.warn({ ...ctx, ms: pause.ms }, "alert test pause");
      await sleep(pause.ms, undefined, { signal }).catch(() => {});
    }
    if (!(await advanceRun(deps, lease, "posted", { messageTs: ts }, table))) return lostLease();
    if (!(await advanceRun(deps, lease, "done", {}, table))) return lostLease();
    log.info({ ...ctx, ts, alerts: items.length }, "alert DM sent");
    return lease.attempts > 1 ? "resumed" : "sent";
  } catch (e) {
    log.error({ ...ctx, err: errorText(e) }, "alert batch failed; will retry");
    await releaseRun(deps, lease, errorText(e), config.retryMs, undefined, table).catch(() => false);
    return "released";
  } finally {
    heartbeat.stop();
    committed.delete(lease.id);
  }
}

export interface RunningAlerts {
  tick(): Promise<AlertTickReport>;
  /** Stops the loop: the tick under way claims nothing more; then this instance's unfinished batches are freed. */
  stop(o?: { waitMs?: number }): Promise<{ released: number }>;
}

/** Starts the loop: a tick at once, then one every intervalMs after the previous finished (ticks never overlap). */
export function startAlertScheduler(s: AlertScheduler): RunningAlerts {
  const pacer = new Pacer({ channelGapMs: 1_100, workspaceGapMs: 250 });
  const shutdown = new AbortController();
  const committed = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<AlertTickReport> | null = null;
  let stopped = false;
  const tick = (): Promise<AlertTickReport> => {
    running ??= runAlertsTick(s, pacer, shutdown.signal, committed).finally(() => {
      running = null;
    });
    return running;
  };
  const loop = (): void => {
    if (stopped) return;
    void tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, s.alerts.intervalMs);
    });
  };
  s.log.info({ instance: s.digest.instanceId, hour: s.alerts.hour }, "alert scheduler started");
  loop();
  return {
    tick,
    async stop(o = {}) {
      stopped = true;
      shutdown.abort();
      if (timer) clearTimeout(timer);
      if (running) await Promise.race([running, sleep(o.waitMs ?? 10_000)]);
      const released = await releaseLeasesOf(
        s.deps,
        s.digest.instanceId,
        [...committed],
        s.deps.repos.alerts.batches,
      ).catch((e: unknown) => {
        s.log.error({ err: errorText(e) }, "alert leases not released; they expire on their own");
        return 0;
      });
      return { released };
    },
  };
}
