// Rows in EVERY model, for the backup round trip (backup.test.ts fails naming any model left empty). Two
// workspaces: the demo portfolio with its generated history in the first, a few rows in the second, and one row of
// each model the demo does not fill, with values at the edges of their types (BigInt beyond 2^53, milliseconds,
// non-ASCII, quotes and newlines, nulls). Adding a model to the schema: add its rows here.
import { createServiceDeps } from "../../src/features/deps.js";
import { loadDemo } from "../../src/features/demo/service.js";
import { createTeam, ensureWorkspace } from "../../src/features/teams/service.js";
import type { Store } from "../../src/store/index.js";

export const WS_A = "T0ALPHA";
export const WS_B = "T0BRAVO";
const NOW = new Date("2026-12-01T03:04:05.678Z");

export async function seedEveryModel(store: Store): Promise<void> {
  const deps = createServiceDeps(store, { now: () => NOW });
  await ensureWorkspace(deps, WS_A, "Alpha 政企");
  await loadDemo(deps, { workspaceId: WS_A, userId: "U0REP", source: "demo" }, "C0ALPHA", { history: true });
  await ensureWorkspace(deps, WS_B, "Bravo");
  const { team: teamB } = await createTeam(
    deps,
    { workspaceId: WS_B, userId: "U0B", source: "slash" },
    {
      channelId: "C0BRAVO",
      name: '西南 "二部"',
      members: ["U0B"],
    },
  );

  const db = store.db;
  const teamA = await db.team.findFirstOrThrow({ where: { workspaceId: WS_A } });
  const account = await db.account.findFirstOrThrow({ where: { workspaceId: WS_A }, orderBy: { id: "asc" } });
  const accountB = await db.account.create({
    data: {
      workspaceId: WS_B,
      teamId: teamB.id,
      name: "四川省大数据中心 'β'\n第二行",
      normalizedName: "四川省大数据中心β",
      revenueTtm: 9_007_199_254_740_993n, // 2^53 + 1: exact only as BigInt
      grossMarginPct: 0.1 + 0.2,
      retentionRate: 1e-9,
      isExistingCustomer: false,
      createdAt: new Date("2025-01-02T03:04:05.006Z"),
    },
  });
  await db.workspaceManager.create({ data: { workspaceId: WS_A, userId: "U0MGR" } });
  await db.userPref.create({ data: { workspaceId: WS_B, userId: "U0B", locale: "en" } });
  await db.installation.createMany({
    data: [
      {
        installKey: `:${WS_A}`,
        teamId: WS_A,
        botToken: "xoxb-a",
        botId: "B0A",
        botUserId: "U0BOTA",
        userId: "U0REP",
        scopes: "commands,chat:write",
        raw: JSON.stringify({ team: { id: WS_A }, note: '引号 " 与 \\ 反斜杠' }),
      },
      {
        installKey: "E0ORG:",
        enterpriseId: "E0ORG",
        isEnterpriseInstall: true,
        botToken: "xoxb-org",
        botId: "B0O",
        botUserId: "U0BOTO",
        userId: "U0ADMIN",
        userToken: "xoxp-org",
        scopes: "commands",
        raw: "{}",
        revokedAt: NOW,
      },
    ],
  });
  await db.note.create({
    data: { accountId: account.id, authorUserId: "U0REP", text: "拜访纪要：\n预算已批 ✅", source: "slash" },
  });
  await db.note.create({ data: { accountId: accountB.id, authorUserId: "U0B", text: "B", source: "cli" } });
  await db.modelVersion.create({
    data: {
      workspaceId: WS_A,
      kind: "adopt",
      label: "v2-2026Q4",
      basedOn: "v1-default",
      weights: JSON.stringify({ CV: 0.4, PT: 0.3, SF: 0.2, RA: 0.1 }),
      yWeights: JSON.stringify({ PT: 0.5, SF: 0.5 }),
      rates: JSON.stringify({ count: {}, amount: {} }),
      report: null,
      adoptedBy: "U0MGR",
      adoptedAt: NOW,
    },
  });
  await db.teamSnapshot.create({
    data: {
      teamId: teamA.id,
      // A week of its own: the demo already holds its last week's snapshot.
      periodKey: "2026-W20",
      asOf: "2026-05-11",
      timezone: "Asia/Shanghai",
      takenAt: NOW,
      opportunities: 51,
      accounts: 31,
      modelVersion: "v1-default",
      stats: JSON.stringify({ aWon: 1.5e7 }),
    },
  });
  const subscription = await db.digestSubscription.create({
    data: {
      workspaceId: WS_A,
      teamId: teamA.id,
      channelId: "C0ALPHA",
      weekday: 1,
      time: "09:00",
      timezone: "Asia/Shanghai",
      locale: "zh-CN",
      createdBy: "U0MGR",
    },
  });
  await db.digestRun.create({
    data: {
      subscriptionId: subscription.id,
      periodKey: "2026-W48",
      status: "posted",
      claimedBy: "instance-1",
      claimedAt: NOW,
      leaseUntil: new Date(NOW.getTime() + 60_000),
      postedAt: NOW,
      messageTs: "1764558245.000100",
    },
  });
  const alertSetting = await db.alertSetting.create({
    data: { workspaceId: WS_A, userId: "U0MGR", off: "deal_stale" },
  });
  await db.alertBatch.create({
    data: {
      settingId: alertSetting.id,
      periodKey: "2026-12-01",
      status: "done",
      claimedBy: "instance-1",
      claimedAt: NOW,
      leaseUntil: new Date(NOW.getTime() + 60_000),
      postedAt: NOW,
      messageTs: "1764558245.000150",
      items: JSON.stringify([{ kind: "deal_overdue", dealId: "O1" }]),
    },
  });
  await db.conversation.create({
    data: {
      workspaceId: WS_B,
      channelId: "C0BRAVO",
      threadTs: "1764558245.000200",
      userId: "U0B",
      kind: "interview",
      state: JSON.stringify({ step: 2, answers: ["是", null] }),
    },
  });
  await db.proposal.create({
    data: {
      workspaceId: WS_A,
      accountId: account.id,
      userId: "U0REP",
      changes: JSON.stringify([{ field: "budget_status", to: "approved" }]),
      accountVersion: account.version,
      status: "confirmed",
      decidedAt: NOW,
    },
  });
  await db.segment.create({
    data: {
      workspaceId: WS_A,
      teamId: teamA.id,
      industry: "government",
      regionCode: "310000",
      year: 2027,
      industryOutlook: "growing",
      marketWallet: 12_000_000_000n,
      marketAccounts: 40,
      competitors: JSON.stringify(["竞品A", "竞品B"]),
      competitionIntensity: "high",
      chosen: true,
      revenueTarget: 30_000_000n,
      createdBy: "U0MGR",
    },
  });
  await db.segmentProposal.create({
    data: {
      workspaceId: WS_A,
      teamId: teamA.id,
      userId: "U0MGR",
      changes: JSON.stringify({ updates: [{ industry: "government", region: "310000", field: "chosen", to: false }] }),
      status: "discarded",
      decidedAt: NOW,
    },
  });
  await db.processedEvent.createMany({
    data: [
      { eventId: "Ev0A", workspaceId: WS_A },
      { eventId: "Ev0B", workspaceId: WS_B },
    ],
  });
}
