// `/kvalue digest subscribe|unsubscribe|list|preview` through the command runner that Slack and the console share:
// defaults, arguments in any order, a clear message naming a bad argument, the audit trail, access, and the preview.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand, type CommandEnv } from "../../src/commands/run.js";
import type { Locale } from "../../src/i18n/index.js";
import { textOf } from "../support/fake-slack.js";
import { checkBlocks } from "../support/slack-limits.js";
import { testStore, type TestStore } from "./support/env.js";
import { createTeam, seedPortfolio } from "./support/portfolio.js";

let t: TestStore;
const WS = "T0CMD",
  CH = "C0TEAM";

function env(userId: string, channelId: string | undefined, locale: Locale = "zh-CN"): CommandEnv {
  return {
    deps: t.deps,
    actor: { workspaceId: WS, userId, source: "slash" },
    locale,
    ...(channelId ? { channelId } : {}),
    channels: { members: async () => [userId], name: async () => "sales" },
  };
}
const say = async (e: CommandEnv, text: string) => textOf((await runCommand(e, text)).blocks);

beforeAll(async () => {
  t = await testStore("sqlite", "2026-03-04T02:00:00Z"); // Wednesday 4 March, 10:00 in Shanghai
  const team = await createTeam(t, { workspaceId: WS, channelId: CH, name: "华东政企一部" });
  await t.store.db.teamMember.create({ data: { teamId: team.id, userId: "U0REP", syncedAt: new Date() } });
  await seedPortfolio(t.deps, team, { accounts: 12, opportunitiesPerAccount: 3, asOf: "2026-03-04", seed: 9 });
});
afterAll(async () => {
  await t?.close();
});

describe("/kvalue digest", () => {
  it("subscribes the team channel with the defaults and the user's language, and audits it", async () => {
    const reply = await say(env("U0REP", CH), "digest subscribe");
    expect(reply).toContain(
      "已订阅：每周一 09:00（Asia/Shanghai）用中文把 *华东政企一部* 的周报发到本频道。下一份：2026-03-09 09:00。",
    );
    const sub = await t.store.db.digestSubscription.findFirstOrThrow({ where: { channelId: CH } });
    expect(sub).toMatchObject({
      weekday: 1,
      time: "09:00",
      timezone: "Asia/Shanghai",
      locale: "zh-CN",
      active: true,
      createdBy: "U0REP",
    });
    const audit = await t.store.db.factChange.findMany({ where: { entity: "digest_subscription", entityId: sub.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: "U0REP", source: "slash", field: "*", before: null });
    expect(JSON.parse(audit[0]?.after ?? "{}")).toEqual({
      weekday: 1,
      time: "09:00",
      timezone: "Asia/Shanghai",
      locale: "zh-CN",
      active: true,
    });
  });

  it("changes the schedule with arguments in any order, audited with before and after", async () => {
    const reply = await say(env("U0REP", CH, "en"), "digest subscribe en 17:30 Europe/Berlin fri");
    expect(reply).toContain(
      "Subscription updated: every Friday at 17:30 (Europe/Berlin), English. Next: 2026-03-06 17:30.",
    );
    const audit = await t.store.db.factChange.findMany({
      where: { entity: "digest_subscription" },
      orderBy: { at: "asc" },
    });
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]?.before ?? "{}")).toMatchObject({ weekday: 1, locale: "zh-CN" });
    expect(JSON.parse(audit[1]?.after ?? "{}")).toMatchObject({
      weekday: 5,
      time: "17:30",
      timezone: "Europe/Berlin",
      locale: "en",
    });
  });

  it("answers a bad argument with what is wrong and the usage, writing nothing", async () => {
    const before = await t.store.db.factChange.count();
    expect(await say(env("U0REP", CH), "digest subscribe mon 25:00")).toContain(
      "“25:00”不是有效的时间，请写 24 小时制的 HH:MM，例如 09:00。",
    );
    expect(await say(env("U0REP", CH), "digest subscribe Asia/Shang")).toContain("“Asia/Shang”不是已知的时区");
    expect(await say(env("U0REP", CH, "en"), "digest subscribe biweekly")).toContain(
      'I don\'t understand "biweekly": it is not a weekday',
    );
    expect(await say(env("U0REP", CH, "en"), "digest subscribe mon tue")).toContain(
      'The weekday is given twice ("tue").',
    );
    expect(await say(env("U0REP", CH), "digest subscribe 25:00")).toContain(
      "用法：`/kvalue digest subscribe [星期] [HH:MM] [时区] [语言]`",
    );
    expect(await t.store.db.factChange.count()).toBe(before);
  });

  it("refuses to subscribe outside a team channel, or a team the user is not in", async () => {
    expect(await say(env("U0REP", "C0RANDOM"), "digest subscribe")).toContain("请在团队频道里订阅周报");
    expect(await say(env("U0STRANGER", CH), "digest subscribe")).toContain("请在团队频道里订阅周报");
    expect(await t.store.db.digestSubscription.count()).toBe(1);
  });

  it("lists the subscriptions the user can see", async () => {
    const list = await say(env("U0REP", "C0ELSEWHERE", "en"), "digest list");
    expect(list).toContain(
      "<#C0TEAM> · 华东政企一部 · every Friday at 17:30 (Europe/Berlin) · English · next 2026-03-06 17:30",
    );
    expect(await say(env("U0STRANGER", undefined), "digest list")).toContain("你能看到的团队还没有订阅周报");
  });

  it("previews this week's digest (ephemeral text, no charts), taking the week's snapshot if needed", async () => {
    const message = await runCommand(env("U0REP", CH), "digest preview");
    expect(checkBlocks(message.blocks, "message")).toEqual([]);
    const text = textOf(message.blocks);
    expect(text).toContain("周报预览 · 华东政企一部 · 2026-W10");
    expect(text).toContain("首份周报");
    expect(text).not.toContain("见本条消息的回复");
    expect(text).not.toContain("按细分市场"); // a team without segments has no segment part
    // The boundary of the subscription's zone: Berlin's Monday 2 March.
    expect(await t.store.db.teamSnapshot.findFirstOrThrow({})).toMatchObject({
      periodKey: "2026-W10",
      asOf: "2026-03-02",
      timezone: "Europe/Berlin",
    });
  });

  it("unsubscribes, audited; a second unsubscribe says there is nothing to cancel", async () => {
    expect(await say(env("U0REP", CH), "digest unsubscribe")).toContain("已取消本频道的周报订阅。");
    expect(await say(env("U0REP", CH), "digest unsubscribe")).toContain("本频道没有周报订阅。");
    const sub = await t.store.db.digestSubscription.findFirstOrThrow({});
    expect(sub.active).toBe(false);
    const audit = await t.store.db.factChange.findMany({ where: { entity: "digest_subscription", entityId: sub.id } });
    expect(audit).toHaveLength(3); // subscribe, change, unsubscribe (the second unsubscribe changed nothing)
    expect(audit.filter((a) => JSON.parse(a.after ?? "{}").active === false)).toHaveLength(1);
    expect(await say(env("U0REP", CH), "周报 list")).toContain("你能看到的团队还没有订阅周报");
  });
});
