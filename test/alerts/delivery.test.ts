// The daily alert DMs against the fake Slack Web API: nothing before the hour; then one DM per user and day with
// what happened since the last run (the demo colleague's change of yesterday, the deals whose close date passed),
// carrying its batch id in message metadata; no second DM on later ticks of the same day; the next day tells only
// the next day's events, in the user's language, without the kinds the user switched off.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand, type CommandEnv } from "../../src/commands/run.js";
import { addDays, isOpen } from "../../src/core/index.js";
import type { Stage } from "../../src/core/enums.js";
import { updateFacts } from "../../src/features/accounts/service.js";
import { ALERTS_EVENT_TYPE, runAlertsTick, type AlertScheduler } from "../../src/features/alerts/deliver.js";
import { startOfDay } from "../../src/features/alerts/service.js";
import { today, type ServiceDeps } from "../../src/features/deps.js";
import { slackClients } from "../../src/features/digest/deliver.js";
import { resolveScope } from "../../src/features/teams/scope.js";
import type { SlackMessage } from "../support/fake-slack.js";
import { REP, REP2, WS, startHarness, textOf, type Harness } from "../slack/harness.js";

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const HOUR = 3_600_000;

describe("daily alert DMs (fake Slack)", () => {
  let h: Harness;
  let day0: string;
  let now: Date;
  let deps: ServiceDeps;
  let s: AlertScheduler;
  const at = (day: string, hour: number) => new Date(startOfDay(day).getTime() + hour * HOUR);
  const dms = (): SlackMessage[] =>
    h.slack
      .messages(`D${REP.slice(1)}`)
      .filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type === ALERTS_EVENT_TYPE);
  const env = (userId: string): CommandEnv => ({
    deps,
    actor: { workspaceId: WS, userId, source: "slash" },
    locale: "zh-CN",
    channels: { members: async () => [userId], name: async () => "sales" },
  });

  beforeAll(async () => {
    h = await startHarness();
    day0 = today(h.deps);
    now = at(day0, 8);
    deps = { ...h.deps, now: () => now };
    s = {
      deps,
      clients: slackClients(deps, { botToken: h.slack.botToken, apiUrl: h.slack.url, log: quiet }),
      log: quiet,
      digest: {
        leaseMs: 60_000,
        retryMs: 1_000,
        maxAttempts: 5,
        instanceId: "test-1",
        rateLimitBudgetMs: 10_000,
        testPause: null,
      },
      alerts: { enabled: true, hour: 9, intervalMs: 1_000 },
    };
  });
  afterAll(async () => {
    await h?.close();
  });

  /** REP's open deals whose close date lies in [from, to). */
  async function dealsClosingIn(from: string, to: string): Promise<string[]> {
    const opps = await h.store.db.opportunity.findMany({
      where: { account: { workspaceId: WS, ownerUserId: REP }, expectedCloseDate: { gte: from, lt: to } },
      select: { name: true, stage: true },
    });
    return opps.filter((o) => isOpen(o.stage as Stage)).map((o) => o.name ?? "");
  }

  it("sends nothing before the hour", async () => {
    const report = await runAlertsTick(s);
    expect(report.sent).toBe(0);
    expect(h.slack.callsTo("conversations.open")).toHaveLength(0);
    expect(await h.store.db.alertBatch.count()).toBe(0);
  });

  it("sends REP one DM with the colleague's change and the deals whose close date passed, recorded once", async () => {
    now = at(day0, 10);
    const report = await runAlertsTick(s);
    expect(report).toMatchObject({ sent: 1, failed: 0, released: 0 });
    const [dm, ...more] = dms();
    expect(more).toHaveLength(0);
    const text = textOf(dm?.blocks);
    expect(text).toContain("kvalue 提醒");
    expect(text).toContain("别人改了我的客户");
    expect(text).toContain("*东江省公安厅*：陈静 改了 最近联系日期（1 处）");
    const overdue = await dealsClosingIn(addDays(day0, -7), day0);
    expect(overdue.length).toBeGreaterThan(0);
    for (const deal of overdue) expect(text).toContain(deal);
    expect(text).toContain(`${Number(addDays(day0, -7).slice(5, 7))}月`); // the window's first day is named

    const batch = await h.store.db.alertBatch.findFirstOrThrow({ include: { setting: true } });
    expect(batch).toMatchObject({ periodKey: day0, status: "done", messageTs: dm?.ts, attempts: 1 });
    expect(batch.setting.userId).toBe(REP);
    expect((dm?.metadata as { event_payload?: { run_id: string } } | undefined)?.event_payload?.run_id).toBe(batch.id);
    const items = JSON.parse(batch.items ?? "[]") as { kind: string }[];
    expect(items.filter((i) => i.kind === "deal_overdue")).toHaveLength(overdue.length);
    // One fact_changed alert per account of REP that someone else changed in the window (read from the audit).
    const byOthers = await h.store.db.factChange.findMany({
      where: {
        workspaceId: WS,
        at: { gte: startOfDay(addDays(day0, -7)), lt: startOfDay(day0) },
        NOT: { actorUserId: REP },
        accountId: { not: null },
      },
      select: { accountId: true },
    });
    const mine = await h.store.db.account.findMany({
      where: { workspaceId: WS, ownerUserId: REP },
      select: { id: true },
    });
    const changedAccounts = new Set(byOthers.map((r) => r.accountId).filter((id) => mine.some((a) => a.id === id)));
    expect(changedAccounts.size).toBeGreaterThan(0);
    expect(items.filter((i) => i.kind === "fact_changed")).toHaveLength(changedAccounts.size);
  });

  it("later ticks of the same day send nothing more, and /kvalue alerts says when it went out", async () => {
    for (const hour of [11, 15, 23]) {
      now = at(day0, hour);
      expect((await runAlertsTick(s)).sent).toBe(0);
    }
    expect(dms()).toHaveLength(1);
    expect(h.slack.callsTo("chat.postMessage")).toHaveLength(1);
    const reply = textOf((await runCommand(env(REP), "alerts")).blocks);
    expect(reply).toMatch(/今天的提醒已于 10:00 私信给你（\d+ 条）。/);
  });

  it("the next day tells only the next day's events, in the user's language", async () => {
    // During day0 afternoon, REP2 changes a fact on REP's account.
    now = at(day0, 16);
    const account = await h.accountId("东江省公安厅");
    const scope2 = await resolveScope(deps, { workspaceId: WS, userId: REP2 });
    await updateFacts(deps, { workspaceId: WS, userId: REP2, source: "slash" }, scope2, account, {
      relationship_years: 6,
    });
    await runCommand(env(REP), "lang en");

    const day1 = addDays(day0, 1);
    now = at(day1, 9);
    expect((await runAlertsTick(s)).sent).toBe(1);
    const latest = dms().at(-1);
    expect(dms()).toHaveLength(2);
    const text = textOf(latest?.blocks);
    expect(text).toContain("kvalue alerts");
    expect(text).toContain(`*东江省公安厅*: <@${REP2}> changed Years together (1 change)`);
    expect(text).not.toContain("陈静"); // told yesterday
    for (const deal of await dealsClosingIn(day0, day1)) expect(text).toContain(deal);
    for (const deal of await dealsClosingIn(addDays(day0, -7), day0)) expect(text).not.toContain(`· ${deal}:`);
    await runCommand(env(REP), "lang auto");
  });

  it("leaves out the kinds the user switched off (and sends nothing when nothing is left)", async () => {
    const day1 = addDays(day0, 1);
    now = at(day1, 12);
    const scope2 = await resolveScope(deps, { workspaceId: WS, userId: REP2 });
    await updateFacts(
      deps,
      { workspaceId: WS, userId: REP2, source: "slash" },
      scope2,
      await h.accountId("东江省公安厅"),
      {
        relationship_years: 7,
      },
    );
    await runCommand(env(REP), "alerts off all");
    const day2 = addDays(day0, 2);
    now = at(day2, 10);
    expect((await runAlertsTick(s)).sent).toBe(0);
    expect(dms()).toHaveLength(2);
    await runCommand(env(REP), "alerts on all");
    await runCommand(env(REP), "alerts off overdue");
    expect((await runAlertsTick(s)).sent).toBe(1);
    const text = textOf(dms().at(-1)?.blocks);
    expect(text).toContain(`<@${REP2}> 改了`);
    expect(text).not.toContain("商机过了预计成交日");
  });
});
