// The interview never names or asks about an account the person may not see: one that moved to a team they are
// not in, or one of another workspace that a thread's stored state points to. Both go through handleFreeText,
// as a thread reply does.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emptyState, saveThread } from "../../src/features/assistant/conversation.js";
import { confirmDecision } from "../../src/features/assistant/decisions.js";
import { handleFreeText } from "../../src/features/assistant/handle.js";
import { createAccount } from "../../src/features/accounts/service.js";
import { resolveScope, type Actor } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import { textOf } from "../support/fake-slack.js";
import { OTHER_CHANNEL, WS, extraction, startWorld, type World } from "./support.js";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});
afterEach(() => {
  expect(w.ai.unscripted).toEqual([]);
  w.ai.reset();
});

const ASK = "还缺一条最有价值的信息";
/** A demo account with valuable facts still missing, so a Confirm starts an interview. */
const CULTURE = "东江省文化和旅游厅";
const thread = (ts: string) => ({ workspaceId: WS, channelId: "D0REP", threadTs: ts });
const send = (text: string, threadTs: string) =>
  handleFreeText({
    deps: w.deps,
    assistant: w.assistant,
    actor: w.rep,
    locale: "zh-CN",
    text,
    thread: thread(threadTs),
    sourceRef: "test",
  });
const said = (r: { replies: { message: { blocks: unknown[] } }[] }) =>
  r.replies.map((x) => textOf(x.message.blocks as never)).join("\n");

describe("the interview stays in the person's scope", () => {
  it("stops asking about an account that moved to a team the rep is not in, without naming it", async () => {
    const ts = "1781800000.000001";
    w.ai.script({
      json: extraction({
        account: "省文化和旅游厅",
        facts: [{ field: "gross_margin_pct", value: "25%", evidence: "毛利25%" }],
      }),
    });
    const note = await send("省文化和旅游厅的项目毛利25%", ts);
    const id = note.replies[0]?.proposalId ?? "";
    expect(id).toBeTruthy();
    const confirmed = await confirmDecision({ deps: w.deps, actor: w.rep, locale: "zh-CN", thread: thread(ts) }, id);
    expect(said(confirmed)).toContain(`*${CULTURE}* ${ASK}`); // the interview started, in scope

    const south = await w.store.db.team.findFirstOrThrow({ where: { workspaceId: WS, channelId: OTHER_CHANNEL } });
    await w.store.db.account.update({ where: { id: await w.accountId(CULTURE) }, data: { teamId: south.id } });
    const r = await send("跳过", ts);
    expect(said(r)).not.toContain(CULTURE);
    expect(said(r)).not.toContain(ASK);
  });

  it("does not name another workspace's account a thread's state points to", async () => {
    const outsider: Actor = { workspaceId: "T0ELSEWHERE", userId: "U0ELSE", source: "slash" };
    await createTeam(w.deps, outsider, { channelId: "C0ELSE", name: "北境政企部", members: [outsider.userId] });
    const other = await createAccount(w.deps, outsider, await resolveScope(w.deps, outsider), {
      name: "北境省财政厅",
      channelId: "C0ELSE",
    });
    const ts = "1781800000.000002";
    await saveThread(w.deps, thread(ts), w.rep.userId, "interview", {
      ...emptyState(),
      accountId: other.id,
      interview: { accountId: other.id, asked: [], current: null, question: null, done: false },
    });
    const r = await send("跳过", ts);
    expect(said(r)).not.toContain("北境省财政厅");
    expect(said(r)).not.toContain(ASK);
  });
});
