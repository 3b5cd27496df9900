// The card's buttons open modals (views.open with the button's trigger_id, valid 3 s) and their submissions
// write audited changes: invalid input comes back as field errors in the modal and writes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "../../src/store/index.js";
import type { SlackCall } from "../support/fake-slack.js";
import { sendBlockAction, sendViewSubmission, type SlackHttpResult } from "../support/slack-request.js";
import { REP, SALES, SIGNING_SECRET, postgres, startHarness, stateOf, textOf, type Harness } from "./harness.js";

const DSJ = "东江省大数据管理局";

function modalSuite(provider: Provider): void {
  let h: Harness;
  let dsj: string;
  beforeAll(async () => {
    h = await startHarness({ provider });
    dsj = await h.accountId(DSJ);
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    h.slack.reset();
  });

  /** Presses a card button as Slack sends it and returns the views.open call it caused. */
  async function press(
    actionId: string,
    accountId: string,
    user = REP,
  ): Promise<{
    res: SlackHttpResult;
    open: SlackCall;
    view: { id: string; blocks: unknown[]; private_metadata: string; callback_id: string };
  }> {
    const res = await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      {
        user_id: user,
        channel_id: SALES,
        is_ephemeral: true,
        message_ts: "1700000000.000100",
        actions: [{ action_id: actionId, value: accountId }],
      },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    const open = await h.slack.waitFor("views.open", (c) => c.args.trigger_id === res.triggerId);
    return { res, open, view: open.response.view as never };
  }

  async function submit(
    view: { id: string },
    values: Record<string, Record<string, unknown>>,
    user = REP,
  ): Promise<SlackHttpResult> {
    return sendViewSubmission(
      h.base,
      SIGNING_SECRET,
      { user_id: user, view: { id: view.id }, state_values: values },
      { slack: h.slack },
    );
  }

  describe("update facts", () => {
    it("kv_update_facts opens the facts modal with the trigger, filled with the account's facts", async () => {
      const started = Date.now();
      const { open, view } = await press("kv_update_facts", dsj);
      expect(open.response.ok).toBe(true); // the fake refuses triggers older than 3 s and views over Slack's limits
      expect(open.at - started).toBeLessThan(3000);
      expect(view.callback_id).toBe("kv_facts_modal");
      expect(JSON.parse(view.private_metadata)).toMatchObject({ accountId: dsj, channelId: SALES });
      expect(textOf(view)).toContain(DSJ);
      const values = stateOf(view);
      expect(values.revenue_ttm?.value).toMatchObject({ value: expect.stringMatching(/6,?800,?000|680万/) });
      expect(values.budget_status?.value).toMatchObject({ selected_option: { value: "planned" } });
    });

    it("answers invalid input with field errors in the modal and writes nothing", async () => {
      const { view } = await press("kv_update_facts", dsj);
      const before = await h.counts();
      const row = await h.store.db.account.findUniqueOrThrow({ where: { id: dsj } });
      const res = await submit(
        view,
        stateOf(view, { revenue_ttm: "很多钱", gross_margin_pct: "140", region_code: "12" }),
      );
      expect(res.status).toBe(200);
      const body = res.json<{ response_action: string; errors: Record<string, string> }>();
      expect(body.response_action).toBe("errors");
      expect(Object.keys(body.errors).sort()).toEqual(["gross_margin_pct", "region_code", "revenue_ttm"]);
      expect(body.errors.revenue_ttm).toContain("300万");
      expect(await h.counts()).toEqual(before);
      expect(await h.store.db.account.findUniqueOrThrow({ where: { id: dsj } })).toEqual(row);
      expect(h.slack.callsTo("chat.postEphemeral")).toHaveLength(0);
    });

    it("writes valid input as audited modal changes, re-scores and posts the updated card in the channel", async () => {
      const { view } = await press("kv_update_facts", dsj);
      const audits = await h.store.db.factChange.count({ where: { accountId: dsj } });
      const snaps = await h.store.db.scoreSnapshot.count({ where: { accountId: dsj } });
      const res = await submit(view, stateOf(view, { wallet_annual: "8000万", budget_status: { option: "approved" } }));
      expect(res.status).toBe(200);
      expect(res.body).toBe("");
      const posted = await h.slack.waitFor(
        "chat.postEphemeral",
        (c) => c.args.channel === SALES && c.args.user === REP,
      );
      expect(posted.response.ok).toBe(true);
      expect(textOf(posted.args.blocks)).toContain(DSJ);
      expect(textOf(posted.args.blocks)).toContain("价值分 V");
      const row = await h.store.db.account.findUniqueOrThrow({ where: { id: dsj } });
      expect(row.walletAnnual).toBe(80_000_000n);
      expect(row.budgetStatus).toBe("approved");
      const rows = await h.store.db.factChange.findMany({
        where: { accountId: dsj },
        orderBy: { at: "desc" },
        take: 2,
      });
      expect(await h.store.db.factChange.count({ where: { accountId: dsj } })).toBe(audits + 2);
      expect(rows.map((r) => r.field).sort()).toEqual(["budget_status", "wallet_annual"]);
      expect(rows.every((r) => r.source === "modal" && r.actorUserId === REP)).toBe(true);
      expect(await h.store.db.scoreSnapshot.count({ where: { accountId: dsj } })).toBe(snaps + 1);
    });

    it("a modal re-submitted unchanged writes nothing", async () => {
      const { view } = await press("kv_update_facts", dsj);
      const before = await h.counts();
      await submit(view, stateOf(view));
      await h.slack.waitFor("chat.postEphemeral");
      expect(await h.counts()).toEqual(before);
    });
  });

  describe("add contact", () => {
    it("asks for the required fields in the modal and writes nothing", async () => {
      const { view } = await press("kv_add_contact", dsj);
      expect(view.callback_id).toBe("kv_contact_modal");
      const before = await h.counts();
      const res = await submit(
        view,
        stateOf(view, { name: "", role: { option: null }, last_contact_date: { date: "2026-02-30" } }),
      );
      const body = res.json<{ response_action: string; errors: Record<string, string> }>();
      expect(body.response_action).toBe("errors");
      expect(Object.keys(body.errors)).toEqual(expect.arrayContaining(["name", "role", "last_contact_date"]));
      expect(await h.counts()).toEqual(before);
    });

    it("saves a contact with its decision role, influence, attitude and Huawei relationship layer, audited", async () => {
      const { view } = await press("kv_add_contact", dsj);
      const contacts = await h.store.db.contact.count({ where: { accountId: dsj } });
      const res = await submit(
        view,
        stateOf(view, {
          name: "王处长",
          title: "数据资源处处长",
          role: { option: "economic_buyer" },
          influence: { option: "high" },
          attitude: { option: "1" },
          relationship_strength: { option: "3" },
          relationship_layer: { option: "key" },
        }),
      );
      expect(res.body).toBe("");
      const posted = await h.slack.waitFor("chat.postEphemeral", (c) => c.args.channel === SALES);
      expect(textOf(posted.args.blocks)).toContain("王处长");
      const contact = await h.store.db.contact.findFirstOrThrow({ where: { accountId: dsj, name: "王处长" } });
      expect([
        contact.role,
        contact.influence,
        contact.attitude,
        contact.relationshipStrength,
        contact.relationshipLayer,
      ]).toEqual(["economic_buyer", "high", 1, 3, "key"]);
      expect(await h.store.db.contact.count({ where: { accountId: dsj } })).toBe(contacts + 1);
      const audit = await h.store.db.factChange.findMany({ where: { entity: "contact", entityId: contact.id } });
      expect(audit.some((a) => a.field === "*")).toBe(true);
      expect(audit.every((a) => a.source === "modal" && a.actorUserId === REP)).toBe(true);
    });
  });

  describe("add opportunity", () => {
    it("refuses a zero amount and a missing close date with field errors", async () => {
      const { view } = await press("kv_add_opportunity", dsj);
      const before = await h.counts();
      const body = (
        await submit(view, stateOf(view, { name: "数据底座", amount: "0", expected_close_date: { date: null } }))
      ).json<{ response_action: string; errors: Record<string, string> }>();
      expect(body.response_action).toBe("errors");
      expect(Object.keys(body.errors).sort()).toEqual(["amount", "expected_close_date"]);
      expect(await h.counts()).toEqual(before);
    });

    it("saves an opportunity with its first stage history row and source, audited and re-scored", async () => {
      const { view } = await press("kv_add_opportunity", dsj);
      const snaps = await h.store.db.scoreSnapshot.count({ where: { accountId: dsj } });
      await submit(
        view,
        stateOf(view, {
          name: "公共数据开放平台",
          stage: { option: "S2" },
          amount: "450万",
          expected_close_date: { date: "2027-03-31" },
          source: { option: "government_policy" },
          procurement_method: { option: "open_tender" },
        }),
      );
      const posted = await h.slack.waitFor("chat.postEphemeral", (c) => c.args.channel === SALES);
      expect(textOf(posted.args.blocks)).toContain("公共数据开放平台");
      expect(textOf(posted.args.blocks)).toContain("450万");
      const opp = await h.store.db.opportunity.findFirstOrThrow({
        where: { accountId: dsj, name: "公共数据开放平台" },
      });
      expect([opp.stage, opp.amount, opp.source, opp.expectedCloseDate]).toEqual([
        "S2",
        4_500_000n,
        "government_policy",
        "2027-03-31",
      ]);
      const history = await h.store.db.stageChange.findMany({ where: { opportunityId: opp.id } });
      expect(history.map((s) => s.stage)).toEqual(["S2"]);
      expect(
        await h.store.db.factChange.count({ where: { entity: "opportunity", entityId: opp.id, source: "modal" } }),
      ).toBeGreaterThan(0);
      expect(await h.store.db.scoreSnapshot.count({ where: { accountId: dsj } })).toBe(snaps + 1);
      // The card now lists it in the open pipeline.
      expect((await h.slash(DSJ)).text).toContain("公共数据开放平台");
    });
  });

  describe("log a note", () => {
    it("refuses an empty note and stores a written one", async () => {
      const { view } = await press("kv_log_note", dsj);
      const errors = (await submit(view, stateOf(view, { note: "   " }))).json<{ errors: Record<string, string> }>()
        .errors;
      expect(Object.keys(errors)).toEqual(["note"]);
      const { view: again } = await press("kv_log_note", dsj);
      await submit(again, stateOf(again, { note: "王处长说明年预算已经报上去了，四月见分晓。" }));
      await h.slack.waitFor("chat.postEphemeral", (c) => c.args.channel === SALES);
      const note = await h.store.db.note.findFirstOrThrow({ where: { accountId: dsj } });
      expect(note.text).toContain("四月见分晓");
      expect(note.authorUserId).toBe(REP);
    });
  });

  it("a modal whose private_metadata is not ours asks to reopen it and writes nothing", async () => {
    const { view } = await press("kv_log_note", dsj);
    const before = await h.counts();
    const res = await sendViewSubmission(
      h.base,
      SIGNING_SECRET,
      {
        user_id: REP,
        view: { id: view.id, private_metadata: "not json" },
        state_values: stateOf(view, { note: "x" }),
      },
      { slack: h.slack },
    );
    const body = res.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe("errors");
    expect(Object.values(body.errors).join()).toContain("重新打开");
    expect(await h.counts()).toEqual(before);
  });
}

describe("on SQLite", () => modalSuite("sqlite"));
describe.skipIf(!postgres.available)("on PostgreSQL", () => modalSuite("postgresql"));
