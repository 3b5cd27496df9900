// `/kvalue alerts` through the real Bolt app over HTTP: the user's switches with a button per kind, the buttons and
// the text commands switching the same stored setting (audited, per user), the teams' stale days, bad input that
// changes nothing, English, and the preview of today's DM (the demo's colleague changed one of REP's accounts
// yesterday, so REP has something on the first run).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ALERT_KINDS, KIND_WORD_ZH, parseAlertKind } from "../../src/features/alerts/kinds.js";
import type { Provider } from "../../src/store/index.js";
import { sendBlockAction } from "../support/slack-request.js";
import { REP, REP2, SALES, SIGNING_SECRET, WS, postgres, startHarness, textOf, type Harness } from "./harness.js";

interface Toggle {
  text: string;
  action_id: string;
  value: string;
}

/** The switches of a settings reply: each kind's section with its accessory button. */
function toggles(blocks: unknown): Toggle[] {
  const list = (blocks ?? []) as {
    type: string;
    text?: { text: string };
    accessory?: { type: string; action_id: string; value: string };
  }[];
  return list
    .filter((b) => b.accessory?.type === "button" && b.accessory.action_id === "kv_alerts_toggle")
    .map((b) => ({
      text: b.text?.text ?? "",
      action_id: b.accessory?.action_id ?? "",
      value: b.accessory?.value ?? "",
    }));
}

function alertsSuite(provider: Provider): void {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    h.slack.reset();
  });

  const offOf = async (userId: string) =>
    (await h.store.db.alertSetting.findUnique({ where: { workspaceId_userId: { workspaceId: WS, userId } } }))?.off;

  it("shows every kind switched on with a button each, the team's stale days and today's count", async () => {
    const { text, reply } = await h.slash("alerts");
    expect(reply.response_type).toBe("ephemeral");
    expect(text).toContain("提醒设置");
    // The kinds to type are the Chinese words, as the refusal of an unknown kind lists them.
    expect(text).toContain("`/kvalue alerts off 象限`");
    expect(text).toMatch(/类型：逾期（[^）]+）/);
    expect(text).not.toContain("deal_overdue");
    for (const label of [
      "商机过了预计成交日",
      "商机长期没有更新",
      "客户换了象限",
      "决策者转为反对",
      "别人改了我的客户",
    ])
      expect(text).toContain(`✅ *${label}* · 已开启`);
    expect(text).toContain("华东政企一部 14 天（默认）");
    expect(text).toMatch(/今天的提醒：\d+ 条/);
    const buttons = toggles(reply.blocks);
    expect(buttons.map((b) => b.value)).toEqual(ALERT_KINDS.map((k) => `off ${k}`));
    expect(await offOf(REP)).toBeUndefined(); // reading writes nothing
  });

  it("a button switches the presser's kind off and back on, in place, audited", async () => {
    const { reply } = await h.slash("alerts");
    const quadrant = toggles(reply.blocks).find((b) => b.value === "off quadrant");
    expect(quadrant).toBeDefined();
    const press = async (value: string) => {
      const res = await sendBlockAction(
        h.base,
        SIGNING_SECRET,
        {
          user_id: REP,
          channel_id: SALES,
          is_ephemeral: true,
          message_ts: "1700000000.000200",
          actions: [{ action_id: "kv_alerts_toggle", value }],
        },
        { slack: h.slack },
      );
      expect(res.status).toBe(200);
      const call = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 5_000);
      return call.args;
    };
    const off = await press(quadrant?.value ?? "");
    expect(off.replace_original).toBe(true);
    expect(textOf(off.blocks)).toContain("已关闭：客户换了象限");
    expect(textOf(off.blocks)).toContain("⛔ *客户换了象限* · 已关闭");
    expect(toggles(off.blocks).find((b) => b.text.includes("客户换了象限"))?.value).toBe("on quadrant");
    expect(await offOf(REP)).toBe("quadrant");
    expect(await offOf(REP2)).toBeUndefined(); // only the presser's switches

    const on = await press("on quadrant");
    expect(textOf(on.blocks)).toContain("已开启：客户换了象限");
    expect(await offOf(REP)).toBe("");
    const audit = await h.store.db.factChange.findMany({ where: { entity: "alert_setting" }, orderBy: { at: "asc" } });
    expect(audit.map((a) => [a.actorUserId, a.before, a.after])).toEqual([
      [REP, '""', '"quadrant"'],
      [REP, '"quadrant"', '""'],
    ]);
  });

  it("text commands do the same: off by code, Chinese word or all; a repeat changes nothing", async () => {
    let r = await h.slash("alerts off stale");
    expect(r.text).toContain("已关闭：商机长期没有更新");
    r = await h.slash("提醒 关 象限");
    expect(r.text).toContain("已关闭：客户换了象限");
    expect(await offOf(REP)).toBe("deal_stale,quadrant");
    const audits = await h.store.db.factChange.count({ where: { entity: "alert_setting" } });
    r = await h.slash("alerts off quadrant");
    expect(r.text).toContain("没有变化：客户换了象限 本来就是关闭的。");
    expect(await h.store.db.factChange.count({ where: { entity: "alert_setting" } })).toBe(audits);
    r = await h.slash("alerts on all");
    expect(await offOf(REP)).toBe("");
    expect(toggles(r.reply.blocks).every((b) => b.value.startsWith("off "))).toBe(true);
  });

  it("names a kind it does not know and changes nothing", async () => {
    const before = await h.store.db.factChange.count();
    const { text } = await h.slash("alerts off weather");
    expect(text).toContain("没有这类提醒：weather");
    // The kinds as a Chinese reader types them, each word accepted (象限 here).
    expect(text).toContain("可选：逾期（商机过了预计成交日） · 停滞（商机长期没有更新） · 象限（客户换了象限）");
    expect(text).not.toContain("deal_overdue");
    for (const k of ALERT_KINDS) expect(parseAlertKind(KIND_WORD_ZH[k])).toBe(k);
    expect(await h.store.db.factChange.count()).toBe(before);
    const usage = await h.slash("alerts sometimes");
    expect(usage.text).toContain("用法：`/kvalue alerts`");
  });

  it("sets the team's stale days (audited), refuses a bad number, and goes back to the default", async () => {
    const team = await h.store.db.team.findFirstOrThrow({ where: { workspaceId: WS, channelId: SALES } });
    let r = await h.slash("alerts days 21");
    expect(r.text).toContain("*华东政企一部* 的商机停滞天数：14 天 → 21 天。");
    expect((await h.store.db.team.findUniqueOrThrow({ where: { id: team.id } })).alertStaleDays).toBe(21);
    r = await h.slash("alerts days 0");
    expect(r.text).toContain("停滞天数应为 1–365 的整数");
    r = await h.slash("alerts days many");
    expect(r.text).toContain("停滞天数应为 1–365 的整数，或 default：many");
    expect((await h.store.db.team.findUniqueOrThrow({ where: { id: team.id } })).alertStaleDays).toBe(21);
    r = await h.slash("alerts");
    expect(r.text).toContain("华东政企一部 21 天");
    r = await h.slash("alerts days default");
    expect((await h.store.db.team.findUniqueOrThrow({ where: { id: team.id } })).alertStaleDays).toBeNull();
    const audit = await h.store.db.factChange.findMany({
      where: { entity: "team", field: "alert_stale_days" },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [null, "21"],
      ["21", null],
    ]);
  });

  it("previews today's DM: the colleague's change of yesterday on REP's account", async () => {
    const { text } = await h.slash("alerts preview");
    expect(text).toContain("预览：这是今天的私信内容（不会发送）。");
    expect(text).toContain("别人改了我的客户");
    expect(text).toContain("*东江省公安厅*：陈静 改了 最近联系日期（1 处）");
    expect(await h.store.db.alertBatch.count()).toBe(0); // a preview sends and records nothing
    // REP2 owns nothing: nothing to tell.
    const other = await h.slash("alerts preview", { user: REP2 });
    expect(other.text).toContain("今天没有提醒");
  });

  it("reads in English", async () => {
    await h.slash("lang en");
    const { text } = await h.slash("alerts");
    const preview = await h.slash("alerts preview");
    await h.slash("lang auto");
    expect(text).toContain("✅ *Account changed quadrant* · on");
    expect(text).toContain("Stale after (days without an update)");
    expect(preview.text).toContain("*东江省公安厅*: 陈静 changed last contact date (1 change)");
  });
}

describe("/kvalue alerts on SQLite", () => alertsSuite("sqlite"));
describe.runIf(postgres)("/kvalue alerts on PostgreSQL", () => alertsSuite("postgresql"));
