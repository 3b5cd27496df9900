// The console's local workspace (T0LOCAL) can share the app's database (`kvalue import` against DATABASE_URL), but it
// has no Slack installation: the Slack-mode alert scheduler must send nothing for it, while a real workspace of the
// same database still gets its DM. The single bot token would otherwise serve T0LOCAL as if it were installed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL } from "../../src/console/local-user.js";
import { runAlertsTick, type AlertScheduler } from "../../src/features/alerts/deliver.js";
import { startOfDay } from "../../src/features/alerts/service.js";
import { today } from "../../src/features/deps.js";
import { loadDemo } from "../../src/features/demo/service.js";
import { slackClients } from "../../src/features/digest/deliver.js";
import { REP, WS, startHarness, type Harness } from "../slack/harness.js";

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe("alert DMs leave the local workspace out", () => {
  let h: Harness;
  let s: AlertScheduler;

  beforeAll(async () => {
    h = await startHarness();
    const day = today(h.deps);
    const deps = { ...h.deps, now: () => new Date(startOfDay(day).getTime() + 10 * 3_600_000) };
    // The console's demo portfolio, owned by the local user: the same kinds of alerts as the Slack workspace's.
    await loadDemo(deps, { workspaceId: LOCAL.workspaceId, userId: LOCAL.userId, source: "demo" }, LOCAL.channelId);
    s = {
      deps,
      clients: slackClients(deps, { botToken: h.slack.botToken, apiUrl: h.slack.url, log: quiet }),
      log: quiet,
      digest: {
        leaseMs: 60_000,
        retryMs: 1_000,
        maxAttempts: 5,
        instanceId: "test-local",
        rateLimitBudgetMs: 10_000,
        testPause: null,
      },
      alerts: { enabled: true, hour: 9, intervalMs: 1_000 },
    };
  });
  afterAll(async () => {
    await h?.close();
  });

  it("DMs the Slack workspace's rep and opens no conversation with U0LOCAL", async () => {
    const report = await runAlertsTick(s);
    expect(report).toMatchObject({ sent: 1, failed: 0, released: 0 });
    const opened = h.slack.callsTo("conversations.open").map((c) => c.args.users);
    expect(opened).toEqual([REP]);
    const posted = h.slack.callsTo("chat.postMessage").map((c) => c.args.channel);
    expect(posted).toEqual([`D${REP.slice(1)}`]);
    expect(h.slack.messages(`D${LOCAL.userId.slice(1)}`)).toHaveLength(0);
    // Nothing claimed for the local user either: no batch to fail or retry on every tick.
    const batches = await h.store.db.alertBatch.findMany({ include: { setting: true } });
    expect(batches.map((b) => b.setting.workspaceId)).toEqual([WS]);
  });
});
