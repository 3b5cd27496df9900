// Deals in place through the real Bolt app over HTTP: `/kvalue deal …` with forgiving lookup, and the deal menu on
// the card's pipeline lines (advance, won, lost with a reason in a form, a new close date from a date picker). Every
// change is an audited stage change the conversion rates read; bad input names the field and writes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/core/dates.js";
import { today } from "../../src/features/deps.js";
import { closedCohort } from "../../src/features/funnel/pipeline.js";
import type { Provider } from "../../src/store/index.js";
import { sendBlockAction, sendViewSubmission } from "../support/slack-request.js";
import {
  OUTSIDER,
  REP,
  SALES,
  SIGNING_SECRET,
  postgres,
  startHarness,
  stateOf,
  textOf,
  type Harness,
} from "./harness.js";

const DSJ = "东江省大数据管理局";
const PLATFORM = "一网通办平台三期"; // an open S3 deal of DSJ in the demo
const OPERATION = "公共数据授权运营平台"; // DSJ's other open deal

interface Overflow {
  type: "overflow";
  action_id: string;
  options: { text: { text: string }; value: string }[];
}

function dealSuite(provider: Provider): void {
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

  const deal = (name: string) => h.store.db.opportunity.findFirstOrThrow({ where: { name } });

  /** The deal menus on the card of `account`, by the deal's line text. */
  async function cardMenus(account: string): Promise<{ text: string; menu: Overflow }[]> {
    const { reply } = await h.slash(account);
    const blocks = reply.blocks as { type: string; text?: { text: string }; accessory?: Overflow }[];
    return blocks
      .filter((b) => b.accessory?.type === "overflow")
      .map((b) => ({ text: b.text?.text ?? "", menu: b.accessory as Overflow }));
  }

  async function choose(menu: Overflow, prefix: string, user = REP) {
    const opt = menu.options.find((o) => o.value.startsWith(`${prefix}:`));
    expect(opt).toBeDefined();
    return sendBlockAction(
      h.base,
      SIGNING_SECRET,
      {
        user_id: user,
        channel_id: SALES,
        is_ephemeral: true,
        message_ts: "1700000000.000100",
        actions: [
          {
            action_id: menu.action_id,
            type: "overflow",
            selected_option: { text: opt?.text.text ?? "", value: opt?.value ?? "" },
          },
        ],
      },
      { slack: h.slack },
    );
  }

  it("/kvalue deal <deal> stage= amount= close= writes one audited change with a stage entry, and re-scores", async () => {
    const before = await deal(PLATFORM);
    const audits = await h.store.db.factChange.count({ where: { entityId: before.id } });
    const snaps = await h.store.db.scoreSnapshot.count({ where: { accountId: before.accountId } });
    const stages = await h.store.db.stageChange.count({ where: { opportunityId: before.id } });
    const { text } = await h.slash(`deal ${PLATFORM} stage=S4 amount=2000万 close=2027-03-31`);
    expect(text).toContain(`已更新 *${DSJ}* 的商机 *${PLATFORM}*`);
    expect(text).toContain("阶段 S3 方案 → S4 投标");
    expect(text).toContain("金额 1,800万 → 2,000万");
    expect(text).toMatch(/价值分 V \d+\.\d\d → \d+\.\d\d/);
    const after = await deal(PLATFORM);
    expect([after.stage, after.amount, after.expectedCloseDate]).toEqual(["S4", 20_000_000n, "2027-03-31"]);
    const rows = await h.store.db.factChange.findMany({ where: { entityId: before.id }, orderBy: { field: "asc" } });
    expect(rows).toHaveLength(audits + 3);
    const fresh = rows
      .filter((r) => r.source === "slash" && r.actorUserId === REP)
      .map((r) => [r.field, r.before, r.after]);
    expect(fresh).toEqual(
      expect.arrayContaining([
        ["amount", "18000000", "20000000"],
        ["expected_close_date", JSON.stringify(before.expectedCloseDate), '"2027-03-31"'],
        ["stage", '"S3"', '"S4"'],
      ]),
    );
    const entry = await h.store.db.stageChange.findMany({
      where: { opportunityId: before.id },
      orderBy: { createdAt: "desc" },
    });
    expect(entry).toHaveLength(stages + 1);
    expect([entry[0]?.stage, entry[0]?.enteredDate, entry[0]?.amountAtEntry]).toEqual([
      "S4",
      today(h.deps),
      20_000_000n,
    ]);
    expect(await h.store.db.scoreSnapshot.count({ where: { accountId: before.accountId } })).toBe(snaps + 1);
  });

  it("finds a deal by pinyin or part of its name; an account with two open deals asks which, and the pick applies", async () => {
    const { text } = await h.slash("deal yiwangtongban");
    expect(text).toContain(PLATFORM);
    const { reply, res, text: ask } = await h.slash("deal 省大数据局 close=2027-06-30");
    expect(ask).toContain("有 2 个商机匹配“省大数据局”");
    const picks = (
      reply.blocks as { accessory?: { action_id: string; value: string }; text?: { text: string } }[]
    ).filter((b) => b.accessory?.action_id === "kv_pick_deal");
    expect(picks.map((p) => p.text?.text ?? "").join("\n")).toContain(OPERATION);
    const pick = picks.find((p) => p.text?.text.includes(OPERATION));
    await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      {
        user_id: REP,
        channel_id: SALES,
        actions: [{ action_id: "kv_pick_deal", value: pick?.accessory?.value ?? "" }],
        response_url: res.responseUrl ?? "",
      },
      { slack: h.slack },
    );
    const done = await h.slack.waitFor("response_url", (c) => c.args.replace_original === true);
    expect(textOf(done.args.blocks)).toContain("预计成交日");
    expect((await deal(OPERATION)).expectedCloseDate).toBe("2027-06-30");
  });

  it("names every bad field, refuses lost without a reason, and writes nothing", async () => {
    const before = await h.counts();
    const row = await deal(PLATFORM);
    const { text } = await h.slash(`deal ${PLATFORM} stage=S9 amount=很多 close=2026-02-30 colour=red`);
    expect(text).toContain("阶段“S9”不对");
    expect(text).toContain("金额“很多”不对");
    expect(text).toContain("日期“2026-02-30”不对");
    expect(text).toContain("不认识的字段“colour”");
    const lost = await h.slash(`deal ${PLATFORM} stage=L`);
    expect(lost.text).toContain("输单要写明原因，例如 reason=price（价格）");
    const reasonOnOpen = await h.slash(`deal ${PLATFORM} reason=price`);
    expect(reasonOnOpen.text).toContain("只有输单（stage=L）或放弃（stage=A）的商机才写原因");
    expect(await h.counts()).toEqual(before);
    expect(await deal(PLATFORM)).toEqual(row);
  });

  it("the card's deal menu advances a deal one stage and marks one won, which the conversion rates then count", async () => {
    const menus = await cardMenus(DSJ);
    expect(menus.length).toBe(2);
    const op = await deal(OPERATION);
    const line = menus.find((m) => m.text.includes(OPERATION));
    await choose(line?.menu as Overflow, "advance");
    const answer = await h.slack.waitFor("response_url", (c) => c.args.replace_original === false);
    expect(textOf(answer.args.blocks)).toContain(`阶段 ${op.stage} `);
    const advanced = await deal(OPERATION);
    expect(Number(advanced.stage.slice(1))).toBe(Number(op.stage.slice(1)) + 1);
    h.slack.reset();

    const team = await h.store.db.team.findFirstOrThrow({ where: { channelId: SALES } });
    // The §5.2 cohort is what closed before its as-of date: tomorrow's includes today's close.
    const tomorrow = addDays(today(h.deps), 1);
    const cohortBefore = await closedCohort(h.deps, team.id, tomorrow);
    expect(cohortBefore.some((o) => o.id === op.id)).toBe(false);
    const again = await cardMenus(DSJ);
    await choose(again.find((m) => m.text.includes(OPERATION))?.menu as Overflow, "won");
    await h.slack.waitFor("response_url", (c) => c.args.replace_original === false);
    const won = await deal(OPERATION);
    expect([won.stage, won.closedDate, won.finalAmount]).toEqual(["W", today(h.deps), won.amount]);
    const cohort = await closedCohort(h.deps, team.id, tomorrow);
    const closed = cohort.find((o) => o.id === op.id);
    expect(closed?.stage_history.at(-1)).toMatchObject({ stage: "W", entered_date: today(h.deps) });
    expect((await cardMenus(DSJ)).some((m) => m.text.includes(OPERATION))).toBe(false); // closed: off the card
  });

  it("lost… opens a form whose reason is required; submitted, the deal is lost with that reason", async () => {
    const menu = (await cardMenus(DSJ)).find((m) => m.text.includes(PLATFORM))?.menu as Overflow;
    const res = await choose(menu, "lost");
    const open = await h.slack.waitFor("views.open", (c) => c.args.trigger_id === res.triggerId);
    expect(open.response.ok).toBe(true);
    const view = open.response.view as { id: string; callback_id: string; blocks: unknown[] };
    expect(view.callback_id).toBe("kv_deal_lost_modal");
    const before = await h.counts();
    const empty = await sendViewSubmission(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, view: { id: view.id }, state_values: stateOf(view) },
      { slack: h.slack },
    );
    expect(empty.json<{ errors: Record<string, string> }>().errors.reason).toBe("请选择一项。");
    expect(await h.counts()).toEqual(before);
    const ok = await sendViewSubmission(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, view: { id: view.id }, state_values: stateOf(view, { reason: { option: "price" } }) },
      { slack: h.slack },
    );
    expect(ok.body).toBe("");
    const posted = await h.slack.waitFor("chat.postEphemeral", (c) => c.args.user === REP);
    expect(textOf(posted.args.blocks)).toContain("输单原因 未知 → 价格");
    const lost = await deal(PLATFORM);
    expect([lost.stage, lost.closeReason, lost.closedDate]).toEqual(["L", "price", today(h.deps)]);
    const audit = await h.store.db.factChange.findFirst({ where: { entityId: lost.id, field: "close_reason" } });
    expect(audit).toMatchObject({ source: "modal", actorUserId: REP, after: '"price"' });
  });

  it("change close date… opens a date picker at the current date and writes the new one (in English too)", async () => {
    await h.slash("lang en");
    const account = "东江省公安厅";
    const menus = await cardMenus(account);
    const target = await h.store.db.opportunity.findFirstOrThrow({
      where: { account: { name: account }, stage: { in: ["S0", "S1", "S2", "S3", "S4", "S5"] } },
      orderBy: { id: "asc" },
    });
    const menu = menus.find((m) => m.text.includes(target.name ?? "?"))?.menu as Overflow;
    const res = await choose(menu, "close_date");
    const open = await h.slack.waitFor("views.open", (c) => c.args.trigger_id === res.triggerId);
    const view = open.response.view as { id: string; blocks: unknown[] };
    expect(textOf(view)).toContain("New expected close date");
    expect(stateOf(view).close?.value).toMatchObject({ selected_date: target.expectedCloseDate });
    await sendViewSubmission(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, view: { id: view.id }, state_values: stateOf(view, { close: { date: "2027-08-15" } }) },
      { slack: h.slack },
    );
    const posted = await h.slack.waitFor("chat.postEphemeral", (c) => c.args.user === REP);
    expect(textOf(posted.args.blocks)).toContain("close date");
    expect((await h.store.db.opportunity.findUniqueOrThrow({ where: { id: target.id } })).expectedCloseDate).toBe(
      "2027-08-15",
    );
    await h.slash("lang auto");
  });

  it("says the update and the refusals in English to a rep who reads English, writing nothing when refused", async () => {
    await h.slash("lang en");
    try {
      const before = await h.counts();
      // An open deal (earlier tests closed some)
      const open = await h.store.db.opportunity.findFirstOrThrow({
        where: { account: { name: "东江省公安厅" }, stage: { in: ["S0", "S1", "S2", "S3", "S4", "S5"] } },
        orderBy: { id: "asc" },
      });
      const name = open.name ?? "";
      const bad = await h.slash(`deal ${name} stage=S9 amount=lots colour=red`);
      expect(bad.text).toContain("stage “S9” is not one of S0–S5");
      expect(bad.text).toContain("amount “lots” is not an amount");
      expect(bad.text).toContain("unknown field “colour”");
      expect(bad.text).not.toMatch(/[阶金不]/);
      expect(await h.counts()).toEqual(before);
      const { text } = await h.slash(`deal ${name} amount=21M`);
      expect(text).toContain(`Updated deal *${name}* of *东江省公安厅*`);
      expect(text).toMatch(/amount ¥[\d.]+M → ¥21M/);
      expect(text).toMatch(/Value score V \d+\.\d\d → \d+\.\d\d/);
      const row = await h.store.db.opportunity.findUniqueOrThrow({ where: { id: open.id } });
      expect(row.amount).toBe(21_000_000n);
    } finally {
      await h.slash("lang auto");
    }
  });

  it("someone outside the team finds no deal and cannot use a forwarded menu", async () => {
    const before = await h.counts();
    const { text } = await h.slash(`deal ${OPERATION} stage=S5`, { user: OUTSIDER });
    expect(text).toContain("没有找到");
    const target = await h.store.db.opportunity.findFirstOrThrow({ where: { stage: "S2" } });
    const menu: Overflow = {
      type: "overflow",
      action_id: "kv_deal_menu",
      options: [{ text: { text: "x" }, value: `advance:${target.id}` }],
    };
    await choose(menu, "advance", OUTSIDER);
    const answer = await h.slack.waitFor("response_url", (c) => c.args.replace_original === false);
    expect(textOf(answer.args.blocks ?? answer.args.text)).toContain("没有找到这个客户");
    expect(await h.counts()).toEqual(before);
  });

  it("finds a closed deal by its exact name, so one marked lost by mistake can be set won or reopened", async () => {
    await h.slash(`deal ${PLATFORM} stage=L reason=price`);
    expect((await deal(PLATFORM)).stage).toBe("L");
    await h.slash(`deal ${PLATFORM} stage=W`);
    expect((await deal(PLATFORM)).stage).toBe("W");
    const reopened = await h.slash(`deal ${PLATFORM} stage=S4`);
    expect(reopened.text).toContain(PLATFORM);
    const row = await deal(PLATFORM);
    expect([row.stage, row.closedDate, row.finalAmount]).toEqual(["S4", null, null]);
  });
}

describe("deals in place on SQLite", () => dealSuite("sqlite"));
describe.runIf(postgres)("deals in place on PostgreSQL", () => dealSuite("postgresql"));
