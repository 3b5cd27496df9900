// `/kvalue segment` through the real Bolt app over signed HTTP: the team's segments, one segment with its looks,
// accounts and funnel, the look buttons opening modals whose bad values come back as field errors (nothing written)
// and whose good values are saved, audited and shown.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sendBlockAction, sendViewSubmission } from "../support/slack-request.js";
import { REP, SALES, SIGNING_SECRET, startHarness, stateOf, textOf, type Harness } from "./harness.js";

describe("/kvalue segment in Slack", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider: "sqlite" });
  });
  afterAll(async () => h?.close());
  afterEach(() => {
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    h.slack.reset();
  });

  const buttons = (blocks: unknown) =>
    (blocks as { type: string; elements?: { action_id: string; value?: string }[] }[])
      .filter((b) => b.type === "actions")
      .flatMap((b) => b.elements ?? []);

  async function press(actionId: string, value: string) {
    const res = await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      {
        user_id: REP,
        channel_id: SALES,
        is_ephemeral: true,
        message_ts: "1700000000.000100",
        actions: [{ action_id: actionId, value }],
      },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    const open = await h.slack.waitFor("views.open", (c) => c.args.trigger_id === res.triggerId);
    expect(open.response.ok).toBe(true);
    return open.response.view as { id: string; blocks: unknown[]; private_metadata: string; callback_id: string };
  }
  const submit = (view: { id: string }, values: Record<string, Record<string, unknown>>) =>
    sendViewSubmission(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, view: { id: view.id }, state_values: values },
      { slack: h.slack },
    );

  it("lists the team's segments with accounts per quadrant and open pipeline", async () => {
    const { text } = await h.slash("segment");
    expect(text).toContain("细分市场（五看三定）");
    for (const s of ["政务 · 330000", "医疗 · 330000", "制造 · 330000"]) expect(text).toContain(s);
    expect(text).toContain("已选定（目标细分市场）");
    expect(text).toContain("已评估，未选定");
    expect(text).toMatch(/\d+ 个客户：战略客户 \d+ · 发展客户 \d+/);
    expect(text).toMatch(/在途 \d+ 个商机/);
  });

  it("shows one segment: five looks, 三定, its accounts as a matrix, the funnel against its target, six buttons", async () => {
    const { text, reply } = await h.slash("segment 医疗 330000");
    for (const look of ["看行业/趋势", "看市场/客户", "看竞争", "看自己", "看机会", "三定"])
      expect(text).toContain(look);
    expect(text).toContain("智慧医院 3/3");
    expect(text).toContain("临海市第一人民医院");
    expect(text).toContain("双漏斗");
    expect(text).toMatch(/目标[^\n]*2,?500万|2500万/);
    expect(buttons(reply.blocks).map((b) => b.action_id)).toEqual([
      "kv_segment_look:look_industry",
      "kv_segment_look:look_market",
      "kv_segment_look:look_competition",
      "kv_segment_look:look_self",
      "kv_segment_look:look_opportunity",
      "kv_segment_look:decisions",
    ]);
  });

  it("names a bad industry or region code", async () => {
    expect((await h.slash("segment medical 330000")).text).toContain("“medical”不是行业");
    expect((await h.slash("segment 医疗 990000")).text).toContain("“990000”不是 GB/T 2260 行政区划代码");
  });

  it("opens 三定 as a modal; a target that is not money comes back as a field error and nothing is written", async () => {
    const { reply } = await h.slash("segment 医疗 330000");
    const decisions = buttons(reply.blocks).find((b) => b.action_id === "kv_segment_look:decisions");
    const view = await press("kv_segment_look:decisions", decisions?.value ?? "");
    expect(view.callback_id).toBe("kv_segment_modal");
    expect(stateOf(view).revenue_target?.value).toMatchObject({
      value: expect.stringMatching(/25,?000,?000|2,?500万/),
    });
    const before = await h.counts();
    const audits = await h.store.db.factChange.count({ where: { entity: "segment" } });
    const res = await submit(view, stateOf(view, { revenue_target: "很多" }));
    const body = res.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe("errors");
    expect(Object.keys(body.errors)).toEqual(["revenue_target"]);
    expect(body.errors.revenue_target).toContain("定目标（收入目标）");
    expect(await h.counts()).toEqual(before);
    expect(await h.store.db.factChange.count({ where: { entity: "segment" } })).toBe(audits);
  });

  it("refuses a fit outside 0–3 in 看自己", async () => {
    const { reply } = await h.slash("segment 医疗 330000");
    const self = buttons(reply.blocks).find((b) => b.action_id === "kv_segment_look:look_self");
    const view = await press("kv_segment_look:look_self", self?.value ?? "");
    const res = await submit(view, stateOf(view, { solution_fit: "智慧医院=5" }));
    const body = res.json<{ errors: Record<string, string> }>();
    expect(Object.keys(body.errors)).toEqual(["solution_fit"]);
    expect(body.errors.solution_fit).toContain("0–3");
  });

  it("saves a good 三定 (audited as modal) and shows the segment with its new target", async () => {
    const { reply } = await h.slash("segment 医疗 330000");
    const decisions = buttons(reply.blocks).find((b) => b.action_id === "kv_segment_look:decisions");
    const view = await press("kv_segment_look:decisions", decisions?.value ?? "");
    const res = await submit(view, stateOf(view, { revenue_target: "3000万" }));
    expect(res.status).toBe(200);
    const posted = await h.slack.waitFor("chat.postEphemeral", (c) => c.args.channel === SALES && c.args.user === REP);
    expect(textOf(posted.args.blocks)).toContain("已保存细分市场 医疗 · 330000");
    const seg = await h.store.db.segment.findFirstOrThrow({ where: { industry: "healthcare" } });
    expect(seg.revenueTarget).toBe(30_000_000n);
    const audit = await h.store.db.factChange.findFirstOrThrow({
      where: { entity: "segment", entityId: seg.id, field: "revenue_target" },
      orderBy: { at: "desc" },
    });
    expect([audit.before, audit.after, audit.source, audit.actorUserId]).toEqual([
      "25000000",
      "30000000",
      "modal",
      REP,
    ]);
  });

  it("says after a 三定 decision how many accounts keep their own 是否目标细分, and the command that clears one", async () => {
    const { reply } = await h.slash("segment 医疗 330000");
    const decisions = buttons(reply.blocks).find((b) => b.action_id === "kv_segment_look:decisions");
    const view = await press("kv_segment_look:decisions", decisions?.value ?? "");
    const res = await submit(view, stateOf(view, { chosen: "false" }));
    expect(res.status).toBe(200);
    const posted = await h.slack.waitFor("chat.postEphemeral", (c) => c.args.channel === SALES && c.args.user === REP);
    const text = textOf(posted.args.blocks);
    expect(text).toContain("是否选定为目标细分市场 → 评估后不选");
    expect(text).toMatch(
      /\d+ 个客户自己填了“是否目标细分”，保留原值，不跟随细分市场的选定（客户自己填的值优先于细分市场的默认值）：.+。要让某个客户跟随细分市场，清除它自己的值即可，例如：`\/kvalue set .+ 是否目标细分=未知`/,
    );
  });

  it("offers the looks of a segment the team has not written yet", async () => {
    const { text, reply } = await h.slash("segment 金融 330000");
    expect(text).toContain("还没有 金融 · 330000");
    expect(buttons(reply.blocks)).toHaveLength(6);
  });
});
