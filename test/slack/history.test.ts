// `/kvalue history <account>` and its Undo buttons through the real Bolt app over HTTP (signed requests, fake Slack).
// The demo's showcase account comes with a recent history (acts by the rep, one by a colleague, one older than seven
// days); an undo writes the old values back through the one write path, audited as `undo` pointing at the undone
// change, and refuses clearly when it is not the presser's to undo, too old, done already, or overtaken by a newer
// change (nothing written then).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "../../src/store/index.js";
import { sendBlockAction } from "../support/slack-request.js";
import {
  BOSS,
  OUTSIDER,
  REP,
  REP2,
  SALES,
  SIGNING_SECRET,
  postgres,
  startHarness,
  textOf,
  type Harness,
} from "./harness.js";

const DSJ = "东江省大数据管理局";
const PLATFORM = "一网通办平台三期";
const DAY = 24 * 60 * 60 * 1000;

interface Section {
  type: string;
  text?: { text: string };
  accessory?: { action_id: string; value: string; text: { text: string } };
}

function historySuite(provider: Provider, full: boolean): void {
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

  /** The history's entries (sections after the header) with their Undo button, if any. */
  async function history(user = REP, query = DSJ) {
    const { reply, text } = await h.slash(`history ${query}`, { user });
    const entries = (reply.blocks as Section[])
      .filter((b) => b.type === "section")
      .map((b) => ({
        text: b.text?.text ?? "",
        undo: b.accessory?.action_id === "kv_undo_change" ? b.accessory : null,
      }));
    return { text, entries };
  }

  async function press(value: string, user = REP) {
    await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      { user_id: user, channel_id: SALES, actions: [{ action_id: "kv_undo_change", value }] },
      { slack: h.slack },
    );
    const answer = await h.slack.waitFor("response_url", (c) => c.args.replace_original === false);
    h.slack.reset();
    return textOf(answer.args.blocks);
  }

  const dsj = () => h.store.db.account.findFirstOrThrow({ where: { name: DSJ } });

  it("shows who changed what and when, newest first, with V before and after; Undo only on the rep's recent changes", async () => {
    const { text, entries } = await history();
    expect(text).toContain(`变更记录 · ${DSJ}`);
    // Newest first: the deal amount (yesterday) above the budget (assistant) above the colleague's contact change …
    const order = [
      "金额 1,500万 → 1,800万",
      "客户预算状态 无预算 → 规划中",
      "林晓",
      "4,500万 → 6,000万",
      "续约率 0.85 → 0.9",
      "新建客户",
    ];
    const at = order.map((s) => entries.findIndex((e) => e.text.includes(s)));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const e of entries.slice(0, -1)) expect(e.text).toMatch(/价值分 V \d+\.\d\d → \d+\.\d\d/);
    expect(entries.find((e) => e.text.includes("新建客户"))?.text).toMatch(/价值分 V \d+\.\d\d · /);
    // The creation's one audit row holds the demo account's initial facts: the entry counts them.
    const created = /新建客户（(\d+) 项事实）/.exec(entries.find((e) => e.text.includes("新建客户"))?.text ?? "");
    expect(Number(created?.[1])).toBeGreaterThan(10);
    // The budget and the contact's relationship move V up: before < after.
    const budget = entries.find((e) => e.text.includes("无预算 → 规划中"))?.text ?? "";
    const [, vb, va] = /V (\d+\.\d\d) → (\d+\.\d\d)/.exec(budget) ?? [];
    expect(Number(va)).toBeGreaterThan(Number(vb));
    expect(budget).toContain("<@U0REP> · 助手（已确认）");
    const withUndo = entries.filter((e) => e.undo).map((e) => e.text);
    expect(withUndo).toHaveLength(3); // the rep's three acts of the last seven days
    expect(withUndo.some((t) => t.includes("林晓"))).toBe(false);
    expect(entries.find((e) => e.text.includes("续约率"))?.text).toContain("超过 7 天，不能撤销");
    expect(entries.find((e) => e.text.includes("林晓"))?.text).toContain("只有修改人或经理可以撤销");
    // An act undo cannot write back says why there is no button.
    expect(entries.find((e) => e.text.includes("新建客户"))?.text).toContain(
      "不能撤销（新建、需求、名称、负责人和客户编号没有撤销）",
    );
  });

  it("Undo restores the values through the write path, audited as undo pointing at the change, and re-scores", async () => {
    const { entries } = await history();
    const wallet = entries.find((e) => e.text.includes("4,500万 → 6,000万"));
    const before = await dsj();
    const snaps = await h.store.db.scoreSnapshot.count({ where: { accountId: before.id } });
    const answer = await press(wallet?.undo?.value ?? "");
    expect(answer).toContain(`已撤销 *${DSJ}* 的这次修改`);
    expect(answer).toContain("6,000万 → 4,500万");
    expect(answer).toMatch(/价值分 V \d+\.\d\d → \d+\.\d\d/);
    const after = await dsj();
    expect([after.walletAnnual, after.developmentTrend]).toEqual([45_000_000n, "stable"]);
    expect(after.version).toBe(before.version + 1);
    const undo = await h.store.db.factChange.findMany({ where: { accountId: before.id, source: "undo" } });
    expect(undo.map((r) => [r.field, r.before, r.after, r.actorUserId, r.sourceRef]).sort()).toEqual([
      ["development_trend", '"expanding"', '"stable"', REP, wallet?.undo?.value],
      ["wallet_annual", "60000000", "45000000", REP, wallet?.undo?.value],
    ]);
    expect(await h.store.db.scoreSnapshot.count({ where: { accountId: before.id } })).toBe(snaps + 1);
    // The history now shows the undo on top and the change as undone, without a button.
    const again = await history();
    expect(again.entries[0]?.text).toContain("撤销了");
    expect(again.entries[0]?.undo).toBeNull();
    const undone = again.entries.find((e) => e.text.includes("4,500万 → 6,000万") && e.text.includes("已撤销"));
    expect(undone?.undo).toBeNull();
    // Pressing the old button again changes nothing.
    const counts = await h.counts();
    expect(await press(wallet?.undo?.value ?? "")).toContain("已经撤销过了");
    expect(await h.counts()).toEqual(counts);
  });

  it("refuses with a conflict when the value changed since, and writes nothing", async () => {
    const { entries } = await history();
    const budget = entries.find((e) => e.text.includes("无预算 → 规划中"));
    await h.slash(`set ${DSJ} budget_status=已立项`);
    const counts = await h.counts();
    const row = await dsj();
    expect(await press(budget?.undo?.value ?? "")).toContain("之后又被改过");
    expect(await h.counts()).toEqual(counts);
    expect(await dsj()).toEqual(row);
  });

  if (!full) return;

  it("someone else may not undo a rep's change, a manager may, and an outsider sees nothing", async () => {
    const { entries } = await history();
    const deal = entries.find((e) => e.text.includes("金额 1,500万 → 1,800万"));
    const counts = await h.counts();
    expect(await press(deal?.undo?.value ?? "", REP2)).toContain("只有修改人本人或经理可以撤销");
    expect(await press(deal?.undo?.value ?? "", OUTSIDER)).toContain("没有找到");
    expect(await h.counts()).toEqual(counts);
    expect((await history(OUTSIDER)).text).toContain("没有找到你能看到的客户");
    // The manager sees Undo on the colleague's contact change too, and undoes it.
    const boss = await history(BOSS);
    const contact = boss.entries.find((e) => e.text.includes("林晓"));
    expect(contact?.undo).not.toBeNull();
    expect(await press(contact?.undo?.value ?? "", BOSS)).toContain("对我方的态度");
    const he = await h.store.db.contact.findFirstOrThrow({ where: { name: "何建平" } });
    expect(he.attitude).toBe(1);
    const audit = await h.store.db.factChange.findFirstOrThrow({ where: { entityId: he.id, source: "undo" } });
    expect(audit).toMatchObject({ field: "attitude", before: "2", after: "1", actorUserId: BOSS });
  });

  it("undoing a stage move takes its stage entry back out, so the conversion rates never see it", async () => {
    const deal = await h.store.db.opportunity.findFirstOrThrow({ where: { name: PLATFORM } });
    const stages = await h.store.db.stageChange.count({ where: { opportunityId: deal.id } });
    await h.slash(`deal ${PLATFORM} stage=S4`);
    expect(await h.store.db.stageChange.count({ where: { opportunityId: deal.id } })).toBe(stages + 1);
    const { entries } = await history();
    expect(entries[0]?.text).toContain("阶段 S3 方案 → S4 投标");
    expect(await press(entries[0]?.undo?.value ?? "")).toContain("S4 投标 → S3 方案");
    const back = await h.store.db.opportunity.findUniqueOrThrow({ where: { id: deal.id } });
    expect(back.stage).toBe(deal.stage);
    expect(await h.store.db.stageChange.count({ where: { opportunityId: deal.id } })).toBe(stages);
  });

  it("forgives the account name (a picker when several match) and speaks English", async () => {
    const { reply, res, text } = await h.slash("history 大数据局");
    expect(text).toContain("有 2 个客户匹配");
    const pick = (reply.blocks as Section[]).find(
      (b) => b.accessory?.action_id === "kv_pick_account_history" && b.text?.text.includes(DSJ),
    );
    await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      {
        user_id: REP,
        channel_id: SALES,
        actions: [{ action_id: "kv_pick_account_history", value: pick?.accessory?.value ?? "" }],
        response_url: res.responseUrl ?? "",
      },
      { slack: h.slack },
    );
    const shown = await h.slack.waitFor("response_url", (c) => c.args.replace_original === true);
    expect(textOf(shown.args.blocks)).toContain(`变更记录 · ${DSJ}`);
    h.slack.reset();
    await h.slash("lang en");
    const en = await history(REP, "DJ Big Data Bureau");
    expect(en.text).toContain(`History · ${DSJ}`);
    expect(en.text).toContain("Value score V");
    expect(en.text).toContain("assistant (confirmed)");
    expect(en.entries.find((e) => e.undo)?.undo?.text.text).toBe("Undo");
    expect((await h.slash("history")).text).toContain("Usage: `/kvalue history <account>`");
    await h.slash("lang auto");
  });

  it("`set` writes the 管理表 columns, audited like facts, refuses a bad one whole, and Undo takes them back", async () => {
    const plan = (a: Awaited<ReturnType<typeof dsj>>) => [a.ownerAr, a.visitCadence, a.revenueTarget, a.lastReviewDate];
    const before = await dsj();
    const counts = await h.counts();
    const bad = await h.slash(`set ${DSJ} 客户经理=陈静 拜访频率=偶尔`);
    expect(bad.text).toContain("拜访频率");
    expect(bad.text).toContain("没有写入任何内容");
    expect(await h.counts()).toEqual(counts);

    const { text } = await h.slash(
      `set ${DSJ} 客户经理=陈静 拜访频率=每周 客户收入目标=800万 last_review_date=2026-11-20`,
    );
    expect(text).toContain(`已更新 *${DSJ}*`);
    expect(text).toMatch(/客户经理 .+ → 陈静/);
    expect(text).toMatch(/拜访频率 .+ → 每周/);
    expect(text).toMatch(/客户收入目标 .+ → 800万/);
    const after = await dsj();
    expect(plan(after)).toEqual(["陈静", "weekly", 8_000_000n, "2026-11-20"]);
    expect(after.version).toBe(before.version + 1);
    const audit = await h.store.db.factChange.findMany({
      where: { accountId: before.id, source: "slash", field: { in: ["owner_ar", "visit_cadence", "revenue_target"] } },
    });
    expect(audit.map((r) => [r.field, r.after]).sort()).toEqual([
      ["owner_ar", '"陈静"'],
      ["revenue_target", "8000000"],
      ["visit_cadence", '"weekly"'],
    ]);

    const { entries } = await history();
    const act = entries.find((e) => e.text.includes("→ 陈静"));
    expect(act?.undo).not.toBeNull();
    expect(await press(act?.undo?.value ?? "")).toContain(`已撤销 *${DSJ}* 的这次修改`);
    expect(plan(await dsj())).toEqual(plan(before));
  });

  it("an Undo pressed more than seven days after the change is refused", async () => {
    const { entries } = await history();
    const live = entries.find((e) => e.undo);
    h.advance(8 * DAY);
    const counts = await h.counts();
    expect(await press(live?.undo?.value ?? "")).toContain("已超过 7 天");
    expect(await h.counts()).toEqual(counts);
  });
}

describe("history and undo over HTTP (SQLite)", () => historySuite("sqlite", true));
describe.skipIf(!postgres.available)("history and undo over HTTP (PostgreSQL)", () =>
  historySuite("postgresql", false),
);
