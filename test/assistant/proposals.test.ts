// Notes → proposals → Confirm, against the fake OpenAI server and a real store: nothing is written before
// Confirm; Confirm writes audit rows (source assistant, the message link) and re-scores; Discard writes
// nothing; a proposal whose account changed meanwhile is re-checked, not applied.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { confirmDecision, discardDecision, resumeNote } from "../../src/features/assistant/decisions.js";
import { handleFreeText, type FreeTextInput } from "../../src/features/assistant/handle.js";
import { updateFacts } from "../../src/features/accounts/service.js";
import { getProposal } from "../../src/features/assistant/proposals.js";
import { saveContact } from "../../src/features/accounts/entities.js";
import { decodeFactValue } from "../../src/features/accounts/write-rows.js";
import { textOf } from "../support/fake-slack.js";
import {
  DSJ,
  ISSUE_EXTRACTION,
  ISSUE_NOTE,
  REP,
  SALES,
  WS,
  extraction,
  messagesOf,
  startWorld,
  type World,
} from "./support.js";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});
afterEach(() => {
  expect(w.ai.unscripted).toEqual([]);
  expect(w.logs.filter((l) => l.level === "error")).toEqual([]);
  w.ai.reset();
});

let threadNo = 0;
const LINK = "https://kvalue-test.slack.com/archives/D0REP/p1781488800000100";
function note(text: string, o: Partial<FreeTextInput> = {}): Promise<Awaited<ReturnType<typeof handleFreeText>>> {
  return handleFreeText({
    deps: w.deps,
    assistant: w.assistant,
    actor: w.rep,
    locale: "zh-CN",
    text,
    thread: { workspaceId: WS, channelId: "D0REP", threadTs: `1781488800.${String(++threadNo).padStart(6, "0")}` },
    sourceRef: LINK,
    sourceUrl: LINK,
    ...o,
  });
}
const decision = (thread: FreeTextInput["thread"] = null) => ({
  deps: w.deps,
  actor: w.rep,
  locale: "zh-CN" as const,
  thread,
});

describe("a rep's note becomes a proposal", () => {
  it("reads the issue's note into two contacts and a 3000万 opportunity closing 30 Sep, writing nothing", async () => {
    const before = await w.counts();
    w.ai.script({ json: ISSUE_EXTRACTION });
    const r = await note(ISSUE_NOTE);
    expect(r.kind).toBe("note");
    expect(r.calls).toBe(1);
    const [reply] = r.replies;
    const text = textOf(reply?.message.blocks);
    expect(text).toContain(`建议更新：${DSJ}`);
    expect(text).toContain("新联系人 *王副局长*");
    expect(text).toContain("新联系人 *李主任*");
    expect(text).toContain("+2 强力支持/倡导");
    expect(text).toContain("新商机 *数据共享平台项目*");
    expect(text).toContain("3,000万");
    expect(text).toContain("2026年9月30日");
    expect(text).toContain("原文“3000万 · Q3”");
    expect(text).toContain("> 信息中心李主任很支持我们");
    expect(text).toMatch(/确认后\*：价值分 V \d+\.\d\d → \*\d+\.\d\d\*/);
    expect(text).toContain("角色未提及"); // 王副局长's role was not said: the default is shown as assumed
    expect(JSON.stringify(reply?.message.blocks)).toMatch(/kv_ai_confirm.*kv_ai_edit.*kv_ai_discard/);
    expect(await w.counts()).toEqual(before);

    const proposal = await getProposal(w.deps, WS, reply?.proposalId ?? "");
    expect(proposal.status).toBe("pending");
    expect(proposal.changes.opportunities[0]).toMatchObject({
      amount: 30_000_000,
      close: "2026-09-30",
      amountText: "3000万",
      closeText: "Q3",
    });
    expect(proposal.changes.sourceRef).toBe(LINK);

    // The model saw the note as data inside the user message, never in the system prompt.
    const request = w.ai.requests[0]!.body;
    expect(messagesOf(request, "user")).toContain(ISSUE_NOTE);
    expect(messagesOf(request, "system")).not.toContain(ISSUE_NOTE);
    expect(request.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "note_facts", strict: true },
    });
  });

  it("Confirm writes the contacts and the opportunity with audit rows (source assistant, the message link) and re-scores", async () => {
    w.ai.script({ json: ISSUE_EXTRACTION });
    const r = await note(ISSUE_NOTE);
    const id = r.replies[0]?.proposalId ?? "";
    const before = await w.counts();
    const done = await confirmDecision(decision(), id);
    expect(textOf(done.replies[0]?.message.blocks)).toMatch(/已写入 \*东江省大数据管理局\*（3 项，来源：助手）/);
    const after = await w.counts();
    expect(after.contacts - before.contacts).toBe(2);
    expect(after.opportunities - before.opportunities).toBe(1);
    expect(after.snapshots).toBeGreaterThan(before.snapshots);
    const rows = await w.store.db.factChange.findMany({
      where: { source: "assistant", at: { gte: new Date(0) } },
      orderBy: { id: "asc" },
    });
    const mine = rows.filter((x) => x.sourceRef === LINK);
    expect(mine.length).toBe(after.assistantChanges - before.assistantChanges);
    expect(mine.every((x) => x.actorUserId === REP && x.sourceRef === LINK)).toBe(true);
    // A new part's one creation row holds its fields.
    const created = (entity: string) =>
      mine.filter((x) => x.entity === entity && x.field === "*").map((x) => decodeFactValue(x.after));
    expect(created("opportunity")).toContainEqual(expect.objectContaining({ amount: 30_000_000 }));
    expect(created("contact")).toContainEqual(expect.objectContaining({ attitude: 2 }));
    expect((await getProposal(w.deps, WS, id)).status).toBe("confirmed");

    // A second Confirm (double click, another instance) writes nothing more.
    const again = await confirmDecision(decision(), id);
    expect(textOf(again.replies[0]?.message.blocks)).toContain("已经确认过了");
    expect(await w.counts()).toEqual(after);
  });

  it("updates an existing contact found by surname + title, with the before → after of each field", async () => {
    w.ai.script({
      json: extraction({
        account: "省大数据局",
        contacts: [
          {
            name: "李副局长",
            title: null,
            org_unit: null,
            role: null,
            influence: null,
            attitude: 2,
            relationship_strength: null,
            evidence: "李副局长现在非常支持我们",
          },
        ],
      }),
    });
    const r = await note("省大数据局的李副局长现在非常支持我们");
    const text = textOf(r.replies[0]?.message.blocks);
    expect(text).toContain("*李卫东*");
    expect(text).toContain("态度 +1 支持 → +2 强力支持/倡导");
    expect(text).not.toContain("新联系人");
  });

  it("reads 两千万 and account-level facts with the same parsers as /kvalue set", async () => {
    w.ai.script({
      json: extraction({
        account: "省大数据局",
        facts: [
          { field: "wallet_annual", value: "两千万", evidence: "明年相关预算大概两千万" },
          { field: "budget_status", value: "approved", evidence: "已经立项" },
        ],
      }),
    });
    const r = await note("省大数据局明年相关预算大概两千万，已经立项");
    const id = r.replies[0]?.proposalId ?? "";
    const p = await getProposal(w.deps, WS, id);
    expect(p.changes.facts).toEqual([
      expect.objectContaining({ field: "wallet_annual", value: 20_000_000, text: "两千万" }),
      expect.objectContaining({ field: "budget_status", value: "approved" }),
    ]);
    const text = textOf(r.replies[0]?.message.blocks);
    expect(text).toContain("客户年度相关预算：6,000万 → *2,000万*");
    expect(text).toContain("客户预算状态：规划中 → *已立项/已批复*");
  });

  it("drops what the note does not say: invented numbers, people not named, evidence not in the note", async () => {
    w.ai.script({
      json: extraction({
        account: "省大数据局",
        facts: [
          { field: "revenue_ttm", value: "5000万", evidence: "收入不错" }, // not in the note
          { field: "market_position", value: "national_leader", evidence: "全国第一" }, // evidence not in the note
          { field: "reference_value", value: "national", evidence: "成了国家级示范" },
        ],
        contacts: [
          {
            name: "张局长",
            title: null,
            org_unit: null,
            role: "economic_buyer",
            influence: "high",
            attitude: 2,
            relationship_strength: 4,
            evidence: "成了国家级示范",
          },
        ],
      }),
    });
    const r = await note("省大数据局收入不错，成了国家级示范");
    const p = await getProposal(w.deps, WS, r.replies[0]?.proposalId ?? "");
    expect(p.changes.facts.map((f) => f.field)).toEqual(["reference_value"]);
    expect(p.changes.contacts).toEqual([]);
    expect(p.changes.dropped.map((d) => d.reason)).toEqual(["number_not_in_note", "no_evidence", "name_not_in_note"]);
    const text = textOf(r.replies[0]?.message.blocks);
    expect(text).toContain("没有采用");
    expect(text).toContain("原文没有提到这个人");
  });

  it("says there is nothing new when the note only repeats what is known", async () => {
    w.ai.script({
      json: extraction({
        account: "省大数据局",
        facts: [{ field: "budget_status", value: "planned", evidence: "预算在规划中" }],
      }),
    });
    const r = await note("省大数据局预算在规划中");
    expect(r.replies[0]?.proposalId).toBeUndefined();
    expect(textOf(r.replies[0]?.message.blocks)).toContain("没有发现 *东江省大数据管理局* 需要更新的新信息");
  });
});

describe("the account of a note", () => {
  it("asks which account when several match, and continues with the one picked", async () => {
    w.ai.script({
      json: extraction({
        account: "临海",
        needs: [
          {
            description: "城市运行数据实时共享",
            category: "efficiency",
            severity: 4,
            urgency: 3,
            our_fit: 2,
            confirmed: false,
            evidence: "需要城市运行数据实时共享",
          },
        ],
      }),
    });
    const before = await w.counts();
    const thread = { workspaceId: WS, channelId: "D0REP", threadTs: "1781488899.000001" };
    const r = await note("临海那边需要城市运行数据实时共享", { thread });
    const blocks = JSON.stringify(r.replies[0]?.message.blocks);
    expect(textOf(r.replies[0]?.message.blocks)).toContain("有几个客户都匹配“临海”");
    const value = /"action_id":"kv_ai_pick","value":"([^"]+)"/.exec(blocks)?.[1] ?? "";
    const [conversationId, accountId] = value.split("|");
    expect(await w.counts()).toEqual(before);
    const resumed = await resumeNote(decision(thread), conversationId ?? "", { accountId: accountId ?? "" });
    expect(resumed.replies[0]?.proposalId).toBeTruthy();
    expect(textOf(resumed.replies[0]?.message.blocks)).toContain("城市运行数据实时共享：类别 效率，严重度 4/5");
    expect(await w.counts()).toEqual(before);
  });

  it("offers to create an account it cannot find; creating it still writes no fact before Confirm", async () => {
    w.ai.script({
      json: extraction({
        account: "西海市水务集团",
        facts: [{ field: "customer_type", value: "soe_local", evidence: "西海市水务集团是地方国企" }],
      }),
    });
    const thread = { workspaceId: WS, channelId: "D0REP", threadTs: "1781488899.000002" };
    const r = await note("西海市水务集团是地方国企", { thread });
    expect(textOf(r.replies[0]?.message.blocks)).toContain("找不到“西海市水务集团”");
    const id =
      /"action_id":"kv_ai_create","value":"([^"]+)"/.exec(JSON.stringify(r.replies[0]?.message.blocks))?.[1] ?? "";
    const resumed = await resumeNote(decision(thread), id, { create: true, channelId: SALES });
    const proposalId = resumed.replies[0]?.proposalId ?? "";
    expect(proposalId).toBeTruthy();
    const account = await w.store.db.account.findFirstOrThrow({ where: { name: "西海市水务集团" } });
    expect(account.customerType).toBeNull();
    await confirmDecision(decision(), proposalId);
    expect((await w.store.db.account.findUniqueOrThrow({ where: { id: account.id } })).customerType).toBe("soe_local");
  });

  it("asks for the account when the note names none", async () => {
    w.ai.script({ json: extraction({ facts: [{ field: "budget_status", value: "approved", evidence: "已经立项" }] }) });
    const r = await note("已经立项了");
    expect(textOf(r.replies[0]?.message.blocks)).toContain("这条记录说的是哪个客户");
  });
});

describe("decisions", () => {
  const GAT_NOTE = "省公安厅科技处刘处长说明年视频平台扩容，预算已批复";
  const GAT = extraction({
    account: "省公安厅",
    facts: [{ field: "budget_status", value: "approved", evidence: "预算已批复" }],
    contacts: [
      {
        name: "刘处长",
        title: "处长",
        org_unit: "科技处",
        role: "technical_buyer",
        influence: "medium",
        attitude: 1,
        relationship_strength: 2,
        evidence: "科技处刘处长说",
      },
    ],
  });

  it("Discard writes nothing and the proposal cannot be confirmed afterwards", async () => {
    w.ai.script({ json: GAT });
    const r = await note(GAT_NOTE);
    const before = await w.counts();
    const id = r.replies[0]?.proposalId ?? "";
    expect(textOf((await discardDecision(decision(), id)).replies[0]?.message.blocks)).toContain("已放弃");
    expect(textOf((await confirmDecision(decision(), id)).replies[0]?.message.blocks)).toContain("已经放弃了");
    expect(await w.counts()).toEqual(before);
  });

  it("only the person who sent the note can confirm it", async () => {
    w.ai.script({ json: GAT });
    const r = await note(GAT_NOTE);
    const before = await w.counts();
    const other = { deps: w.deps, actor: { ...w.rep, userId: "U0REP2" }, locale: "zh-CN" as const, thread: null };
    const res = await confirmDecision(other, r.replies[0]?.proposalId ?? "");
    expect(res.ephemeral).toBe(true);
    expect(textOf(res.replies[0]?.message.blocks)).toContain("只有发这条记录的 <@U0REP>");
    expect(await w.counts()).toEqual(before);
  });

  it("re-checks a proposal whose account changed meanwhile, and writes only after a new Confirm", async () => {
    w.ai.script({
      json: extraction({
        account: "东江大学",
        contacts: [
          {
            name: "李主任",
            title: "主任",
            org_unit: "信息中心",
            role: "coach",
            influence: "medium",
            attitude: 2,
            relationship_strength: null,
            evidence: "信息中心李主任很支持我们",
          },
        ],
      }),
    });
    const r = await note("东江大学信息中心李主任很支持我们");
    const stale = r.replies[0]?.proposalId ?? "";
    // Meanwhile a colleague records 李主任 by hand (and changes a fact).
    const scope = await w.scope();
    const accountId = await w.accountId("东江大学");
    await saveContact(w.deps, { ...w.rep, source: "modal" }, scope, accountId, {
      name: "李主任",
      title: "信息中心主任",
      org_unit: "信息中心",
      role: "technical_buyer",
      influence: "high",
      attitude: 1,
      relationship_strength: 2,
      relationship_layer: null,
      response_mode: null,
      last_contact_date: null,
    });
    await updateFacts(w.deps, { ...w.rep, source: "slash" }, scope, accountId, { market_position: "national_leader" });
    const before = await w.counts();
    const rechecked = await confirmDecision(decision(), stale);
    expect(await w.counts()).toEqual(before); // nothing written on the stale Confirm
    expect((await getProposal(w.deps, WS, stale)).status).toBe("stale");
    const fresh = rechecked.replies[0];
    const text = textOf(fresh?.message.blocks);
    expect(text).toContain("这个客户在此期间被修改过");
    // Re-checked against the account as it is now: 李主任 exists, so it is an update of her attitude, not a new contact.
    expect(text).toContain("*李主任*：");
    expect(text).toContain("态度 +1 支持 → +2 强力支持/倡导");
    expect(text).not.toContain("新联系人");
    const done = await confirmDecision(decision(), fresh?.proposalId ?? "");
    expect(textOf(done.replies[0]?.message.blocks)).toContain("已写入");
    const li = await w.store.db.contact.findFirstOrThrow({ where: { accountId, name: "李主任" } });
    expect(li.attitude).toBe(2);
    expect(li.role).toBe("coach"); // the note said so
    // What the colleague recorded and the note did not say stays.
    expect(li.relationshipStrength).toBe(2);
    expect(li.title).toBe("信息中心主任");
  });
});
