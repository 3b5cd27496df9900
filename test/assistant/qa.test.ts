// Manager Q&A: the tool loop over the services, bounded rounds, conversation state per thread, and the figure
// check — an answer with a number no tool returned is corrected once or replaced by the tool facts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleFreeText } from "../../src/features/assistant/handle.js";
import { answerMessage } from "../../src/features/assistant/ui/replies.js";
import { MAX_TOOL_ROUNDS } from "../../src/features/assistant/qa/loop.js";
import { unsupportedFigures } from "../../src/features/assistant/qa/numbers.js";
import type { ChatRequest } from "../support/fake-openai.js";
import { textOf } from "../support/fake-slack.js";
import { DSJ, SECRET_ACCOUNT, WS, messagesOf, startWorld, type World } from "./support.js";

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

let n = 0;
const ask = (text: string, threadTs = `1781500000.${String(++n).padStart(6, "0")}`) =>
  handleFreeText({
    deps: w.deps,
    assistant: w.assistant,
    actor: w.rep,
    locale: "zh-CN",
    text,
    thread: { workspaceId: WS, channelId: "D0REP", threadTs },
    sourceRef: null,
  });

type ToolMessage = { role: string; content: string; tool_call_id?: string };
const toolResults = (r: ChatRequest): unknown[] =>
  (r.messages as ToolMessage[]).filter((m) => m.role === "tool").map((m) => JSON.parse(m.content) as unknown);
const lastTool = <T>(r: ChatRequest): T => toolResults(r).at(-1) as T;

interface Ranked {
  total: number;
  shown: number;
  accounts: { rank: number; name: string; V: number; priority: string | null; quadrant: string }[];
}

describe("这季度应该优先投入哪些客户？", () => {
  it("ranks with the rank tool and answers with its numbers, citing the tool", async () => {
    w.ai.script(
      { toolCalls: [{ name: "rank_accounts", arguments: { team: null, quadrant: null, limit: 3 } }] },
      (req) => {
        const r = lastTool<Ranked>(req);
        return {
          text: r.accounts
            .map((a) => `${a.rank}. ${a.name}：${a.priority} · ${a.quadrant} · V ${a.V.toFixed(2)}`)
            .join("\n"),
        };
      },
    );
    const r = await ask("这季度应该优先投入哪些客户？");
    expect(r.kind).toBe("question");
    expect(r.calls).toBe(2);
    const ranked = lastTool<Ranked>(w.ai.requests[1]!.body);
    expect(ranked.shown).toBe(3);
    const text = textOf(r.replies[0]?.message.blocks);
    for (const a of ranked.accounts) expect(text).toContain(`${a.name}：${a.priority}`);
    expect(text).toContain("数字来自：客户排序");
    const first = w.ai.requests[0]!.body;
    expect(first.tools?.map((t) => (t as { function: { name: string } }).function.name)).toEqual([
      "rank_accounts",
      "account_assessment",
      "team_funnel",
      "compare_accounts",
      "what_if",
    ]);
    expect(first.tools?.every((t) => (t as { function: { strict?: boolean } }).function.strict === true)).toBe(true);
  });

  it(`explains why ${DSJ} is where it is from the assessment tool`, async () => {
    w.ai.script({ toolCalls: [{ name: "account_assessment", arguments: { account: "省大数据局" } }] }, (req) => {
      const a = lastTool<{ name: string; V: number; quadrant: string; drivers: { fact: string }[] }>(req);
      return { text: `${a.name} 是${a.quadrant}，V ${a.V}。主要因为：${a.drivers[0]?.fact ?? ""}` };
    });
    const r = await ask("为什么省大数据局是现在这个象限？");
    const text = textOf(r.replies[0]?.message.blocks);
    expect(text).toContain(`${DSJ} 是战略客户`);
    expect(text).toContain("数字来自：客户评估");
  });
});

describe("bounds", () => {
  it(`stops after ${MAX_TOOL_ROUNDS} tool rounds: the next call must answer in text`, async () => {
    const rank = { toolCalls: [{ name: "rank_accounts", arguments: { team: null, quadrant: null, limit: 1 } }] };
    w.ai.script(rank, rank, rank, rank, (req) => {
      expect(req.tool_choice).toBe("none");
      return { text: "我查了四次排序。" };
    });
    const r = await ask("帮我排一下客户？");
    expect(w.ai.requests).toHaveLength(MAX_TOOL_ROUNDS + 1);
    expect(w.ai.requests.slice(0, MAX_TOOL_ROUNDS).every((q) => q.body.tool_choice === "auto")).toBe(true);
    expect(textOf(r.replies[0]?.message.blocks)).toContain("我查了四次排序");
    // Every request is bounded in completion tokens.
    expect(
      w.ai.requests.every((q) => (q.body as { max_completion_tokens?: number }).max_completion_tokens === 700),
    ).toBe(true);
  });

  it("keeps the conversation per thread: a follow-up sees the earlier question and answer", async () => {
    w.ai.script({ text: "你能看到华东政企一部。" }, { text: "好的。" });
    const thread = "1781599999.000001";
    await ask("我能看到哪些团队？", thread);
    await ask("那它呢？", thread);
    const second = w.ai.requests[1]!.body;
    expect(messagesOf(second, "user")).toContain("我能看到哪些团队？");
    expect(messagesOf(second, "assistant")).toContain("你能看到华东政企一部。");
    const row = await w.store.db.conversation.findFirstOrThrow({ where: { threadTs: thread } });
    expect(row.kind).toBe("qa");
  });
});

describe("no number reaches Slack unless a tool returned it", () => {
  it("catches an invented figure and sends the corrected answer", async () => {
    w.ai.script(
      { toolCalls: [{ name: "account_assessment", arguments: { account: DSJ } }] },
      (req) => ({ text: `${lastTool<{ name: string }>(req).name} 的价值分是 99.99，比上季度高 12.5 分。` }),
      (req) => {
        expect(messagesOf(req, "user")).toMatch(/99\.99.*12\.5/);
        const a = lastTool<{ name: string; V: number }>(req);
        return { text: `${a.name} 的价值分是 ${a.V}。` };
      },
    );
    const r = await ask(`${DSJ}的价值分是多少？`);
    expect(r.calls).toBe(3);
    const text = textOf(r.replies[0]?.message.blocks);
    expect(text).not.toContain("99.99");
    expect(text).toMatch(/价值分是 \d+(\.\d+)?。/);
    expect(w.logs.some((l) => l.msg.includes("figures no tool returned"))).toBe(true);
  });

  it("sends the tool facts plainly when the correction invents again", async () => {
    w.ai.script(
      { toolCalls: [{ name: "account_assessment", arguments: { account: DSJ } }] },
      { text: "价值分 99.99。" },
      { text: "价值分大约 98。" },
    );
    const r = await ask(`${DSJ}的价值分？`);
    const text = textOf(r.replies[0]?.message.blocks);
    expect(text).toContain("下面是工具直接给出的结果");
    expect(text).not.toContain("99.99");
    expect(text).not.toContain("98。");
    expect(text).toContain(DSJ);
    // Whatever was sent, every figure in it is a tool's.
    const sources = w.ai.requests.flatMap((q) =>
      (q.body.messages as ToolMessage[]).filter((m) => m.role === "tool").map((m) => m.content),
    );
    expect(unsupportedFigures(text, sources, [DSJ])).toEqual([]);
  });

  it("does not retry twice: with the retry spent on a 500, an invented figure goes straight to the tool facts", async () => {
    w.ai.script(
      { status: 500 },
      { toolCalls: [{ name: "team_funnel", arguments: { team: null, period: null } }] },
      { text: "缺口是 123万。" },
    );
    const r = await ask("漏斗还差多少？");
    expect(w.ai.requests).toHaveLength(3);
    expect(textOf(r.replies[0]?.message.blocks)).toContain("下面是工具直接给出的结果");
  });
});

describe("a long answer", () => {
  it("is cut to one section and says so, in the person's language", async () => {
    const long = "先看战略客户，再看发展客户。".repeat(6_000); // 84,000 characters, no figures
    w.ai.script({ text: long });
    const r = await ask("每个客户都详细说说？");
    const blocks = r.replies[0]?.message.blocks ?? [];
    const text = textOf(blocks);
    expect(text.length).toBeLessThan(3_200);
    expect(text).toContain("回答太长，这里只显示了开头部分");
    const en = answerMessage("en", long, []);
    expect(textOf(en.blocks)).toContain("The answer was too long, so only its beginning is shown");
    // A short answer carries no such note.
    expect(textOf(answerMessage("zh-CN", "先看战略客户。", []).blocks)).not.toContain("回答太长");
  });
});

describe("tool errors come back to the model", () => {
  it("answers an unknown tool with the list of tools, and the model recovers", async () => {
    w.ai.script({ toolCalls: [{ name: "delete_account", arguments: { account: DSJ } }] }, (req) => {
      expect(lastTool(req)).toMatchObject({ error: "unknown_tool", tools: expect.arrayContaining(["rank_accounts"]) });
      return { text: "我不能删除客户。" };
    });
    const r = await ask("把省大数据局删掉？");
    expect(textOf(r.replies[0]?.message.blocks)).toContain("我不能删除客户");
  });

  it("gives up with a clear message on a second unknown tool", async () => {
    w.ai.script(
      { toolCalls: [{ name: "sql", arguments: { q: "select *" } }] },
      { toolCalls: [{ name: "shell", arguments: { cmd: "ls" } }] },
    );
    const r = await ask("查一下数据库？");
    expect(r.kind).toBe("failure");
    expect(textOf(r.replies[0]?.message.blocks)).toContain("反复调用不存在的工具");
  });

  it("says an unknown account in words in the fallback reply, never its code, and cites no tool for it", async () => {
    const MARS = "火星大数据局";
    w.ai.script(
      {
        toolCalls: [
          { name: "account_assessment", arguments: { account: MARS } },
          { name: "compare_accounts", arguments: { accounts: [MARS, DSJ] } },
        ],
      },
      { text: `${MARS}的价值分是 91.37。` },
      { text: `${MARS}大约 93.71 分。` },
    );
    const r = await ask(`${MARS}怎么样？`);
    const text = textOf(r.replies[0]?.message.blocks);
    expect(text).toContain("下面是工具直接给出的结果");
    expect(text).toContain(`在你能看到的客户里找不到“${MARS}”`);
    expect(text).toContain(DSJ); // the comparison's account that was found keeps its figures
    expect(text).not.toMatch(/account_not_found|\berror\b/);
    // Figures came only from the comparison: the assessment that found nothing is not cited.
    expect(text).toContain("数字来自：客户对比");
    expect(text).not.toMatch(/数字来自：[^\n]*客户评估/);
  });

  it("names no source when every lookup found nothing", async () => {
    w.ai.script(
      { toolCalls: [{ name: "account_assessment", arguments: { account: "火星大数据局" } }] },
      {
        text: "找不到这个客户。",
      },
    );
    const text = textOf((await ask("火星大数据局怎么样？")).replies[0]?.message.blocks);
    expect(text).toContain("找不到这个客户");
    expect(text).not.toContain("数字来自");
  });

  it("reports broken or invalid arguments as a tool error", async () => {
    w.ai.script(
      {
        toolCalls: [
          { name: "rank_accounts", arguments: "{not json" },
          { name: "rank_accounts", arguments: { team: null, quadrant: "best", limit: 3 } },
        ],
      },
      (req) => {
        const [a, b] = toolResults(req);
        expect(a).toEqual({ error: "arguments_not_json" });
        expect(b).toMatchObject({ error: "bad_arguments" });
        return { text: "参数有误。" };
      },
    );
    await ask("排一下？");
  });
});

describe("what-if never saves", () => {
  it("assesses hypothetical facts and an opportunity won, with the team gap before and after, writing nothing", async () => {
    const before = await w.counts();
    w.ai.script(
      {
        toolCalls: [
          {
            name: "what_if",
            arguments: {
              account: DSJ,
              facts: [{ field: "wallet_annual", value: "1亿" }],
              opportunity: { name: "一网通办", current_stage: null, new_stage: "W", amount: null },
            },
          },
        ],
      },
      (req) => {
        const r = lastTool<{
          saved: boolean;
          before: { V: number };
          after: { V: number };
          team_gap: { gap_before: string; gap_after: string };
        }>(req);
        expect(r.saved).toBe(false);
        expect(r.team_gap.gap_before).not.toBe(r.team_gap.gap_after);
        return {
          text: `V ${r.before.V} → ${r.after.V}；缺口 ${r.team_gap.gap_before} → ${r.team_gap.gap_after}（未保存）`,
        };
      },
    );
    const r = await ask(`如果我们拿下${DSJ}的一网通办，预算到1亿，会怎样？`);
    expect(textOf(r.replies[0]?.message.blocks)).toContain("未保存");
    expect(await w.counts()).toEqual(before);
  });
});

describe("scope", () => {
  it(`never shows another team's account (${SECRET_ACCOUNT}) or team to the rep`, async () => {
    w.ai.script(
      {
        toolCalls: [
          { name: "account_assessment", arguments: { account: SECRET_ACCOUNT } },
          { name: "rank_accounts", arguments: { team: "华南政企部", quadrant: null, limit: 5 } },
          { name: "compare_accounts", arguments: { accounts: [SECRET_ACCOUNT, DSJ] } },
        ],
      },
      (req) => {
        const [a, b, c] = toolResults(req) as [
          { error: string },
          { error: string },
          { accounts: { error?: string }[] },
        ];
        expect(a.error).toBe("account_not_found");
        expect(b.error).toBe("not_found");
        expect(c.accounts[0]?.error).toBe("account_not_found");
        return { text: "我看不到这个客户。" };
      },
    );
    await ask(`${SECRET_ACCOUNT}怎么样？`);
    const all = JSON.stringify(w.ai.requests.map((q) => q.body.messages));
    expect(all).not.toContain("8,800万");
    expect(all).not.toContain("88000000");
  });
});
