// The assistant's costs, measured on the requests actually sent: the app's real OpenAI adapter talks to the fake
// OpenAI-compatible server (test/support), which records every request; prompt tokens are counted on those
// recordings with gpt-tokenizer (messages + response_format + tools, as the server receives them). Also: model
// round trips per note and per question, and the app's own latency around the model (handler time minus time
// inside the adapter), on a SQLite demo database. Bars (issue 5): ≤ 2 model calls per note, ≤ 4 tool rounds per
// question, ≤ 2,000 prompt tokens per extraction request.
// Run alone: `npx tsx bench/assistant.ts`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { encode } from "gpt-tokenizer";
import { NOTES, QUESTIONS } from "../eval/cases.js";
import type { Extraction } from "../src/features/assistant/extraction/schema.js";
import { handleFreeText } from "../src/features/assistant/handle.js";
import { OpenAIAdapter } from "../src/features/assistant/llm/openai.js";
import type { Assistant } from "../src/features/assistant/setup.js";
import { demoPortfolio } from "../src/features/demo/portfolio.js";
import { createServiceDeps, today } from "../src/features/deps.js";
import { loadDemo } from "../src/features/demo/service.js";
import { migrate, openStore } from "../src/store/index.js";
import { startFakeOpenAI, type ChatRequest, type ScriptStep } from "../test/support/fake-openai.js";
import { printLines, type BenchLine } from "./lines.js";

const ROUNDS = 3;
const WS = "T0BENCH";
const USER = "U0BENCH";

/** Prompt tokens of a request as the server receives it. */
function promptTokens(body: ChatRequest): number {
  const parts: unknown[] = [body.messages, body.response_format, body.tools];
  return parts.filter((p) => p !== undefined).reduce<number>((n, p) => n + encode(JSON.stringify(p)).length, 0);
}

/** The words of the note that name its account (an alias such as 省大数据局), as a model would copy them. */
function accountAsWritten(note: (typeof NOTES)[number], today: string): string | null {
  if (!note.account) return null;
  const account = demoPortfolio(today).accounts.find((a) => a.name === note.account);
  const names = [note.account, ...(account?.aliases ?? [])].sort((a, b) => b.length - a.length);
  return names.find((n) => note.note.includes(n)) ?? null;
}

/** A plausible model answer for a note: its account and the enum facts a good extraction returns. */
function noteAnswer(note: (typeof NOTES)[number], today: string): ScriptStep {
  const facts = Object.entries(note.facts ?? {})
    .filter(([, v]) => typeof v !== "number")
    .map(([field, value]) => ({ field, value: String(value), evidence: note.note.slice(0, 20) }));
  const answer: Extraction = {
    intent: note.intent ?? "note",
    account: accountAsWritten(note, today),
    needs: [],
    opportunities: [],
    facts: facts as Extraction["facts"],
    contacts: (note.contacts ?? []).map((c) => ({
      name: c.name,
      title: null,
      org_unit: null,
      role: (c.role ?? null) as never,
      influence: null,
      attitude: c.attitude ?? null,
      relationship_strength: c.relationship_strength ?? null,
      evidence: note.note.slice(0, 20),
    })),
  };
  return { json: answer };
}

/** A question's model: call the first tool it needs, then answer with a figure copied from the result. */
function questionSteps(q: (typeof QUESTIONS)[number]): ScriptStep[] {
  const tool = q.tools[0]?.[0] ?? "rank_accounts";
  const args: Record<string, unknown> = {
    rank_accounts: { team: null, quadrant: null, limit: 5 },
    account_assessment: { account: "东江省大数据管理局" },
    team_funnel: { team: null, period: null },
    compare_accounts: { accounts: ["省公安厅", "省电力"] },
    what_if: {
      account: "东江交通投资集团",
      facts: [],
      opportunity: { name: "智慧收费", current_stage: null, new_stage: "W", amount: null },
    },
  };
  return [
    { toolCalls: [{ name: tool, arguments: args[tool] ?? {} }] },
    (req) => {
      const last =
        (req.messages as { role: string; content: string }[]).filter((m) => m.role === "tool").at(-1)?.content ?? "{}";
      const figure = /"V":([\d.]+)|"gap":"([^"]+)"/.exec(last);
      return { text: `结果：${figure?.[1] ?? figure?.[2] ?? "见工具结果"}` };
    },
  ];
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};
const round = (x: number, dp = 1) => Number(x.toFixed(dp));

export async function benchAssistant(): Promise<BenchLine[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-bench-ai-"));
  const store = await openStore(`file:${path.join(dir, "bench.db")}`);
  const ai = await startFakeOpenAI();
  try {
    await migrate(store);
    const deps = createServiceDeps(store, { now: () => new Date(), managers: [] });
    await loadDemo(deps, { workspaceId: WS, userId: USER, source: "demo" }, "C0BENCH");
    const assistant: Assistant = {
      llm: new OpenAIAdapter({ apiKey: "bench", baseURL: ai.baseURL, model: "kvalue-bench", timeoutMs: 10_000 }),
      retries: 1,
      timeoutMs: 10_000,
      log: { warn: () => {}, error: () => {} },
    };
    const actor = { workspaceId: WS, userId: USER, source: "assistant" as const };
    let thread = 0;
    const run = (text: string) =>
      handleFreeText({
        deps,
        assistant,
        actor,
        locale: "zh-CN",
        text,
        sourceRef: null,
        thread: { workspaceId: WS, channelId: "D0BENCH", threadTs: `1790000000.${String(++thread).padStart(6, "0")}` },
      });

    let proposals = 0;
    const noteCalls: number[] = [],
      noteOwnMs: number[] = [],
      extractTokens: number[] = [];
    const questionCalls: number[] = [],
      questionRounds: number[] = [],
      questionOwnMs: number[] = [],
      qaRoundTokens: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const note of NOTES.filter((n) => n.intent !== "question")) {
        ai.reset();
        ai.script(noteAnswer(note, today(deps)));
        const started = performance.now();
        const result = await run(note.note);
        const total = performance.now() - started;
        if (r > 0) {
          // the first round warms caches (conversion rates, prepared statements)
          noteCalls.push(result.calls);
          if (result.replies.some((x) => x.proposalId)) proposals++;
          noteOwnMs.push(total - result.modelMs);
          extractTokens.push(...ai.requests.map((q) => promptTokens(q.body)));
        }
      }
      // The eval questions, plus a model that would call tools forever: the loop must stop it after 4 rounds.
      const greedy = { id: "greedy", question: "把所有客户一个一个查一遍？", locale: "zh-CN" as const, tools: [] };
      for (const q of [...QUESTIONS, greedy]) {
        ai.reset();
        if (q === greedy) {
          const call: ScriptStep = {
            toolCalls: [{ name: "rank_accounts", arguments: { team: null, quadrant: null, limit: 3 } }],
          };
          ai.script(call, call, call, call, { text: "已查完排序。" });
        } else {
          ai.script(...questionSteps(q));
        }
        const started = performance.now();
        const result = await run(/[?？]$/.test(q.question) ? q.question : `${q.question}？`);
        const total = performance.now() - started;
        if (r > 0) {
          questionCalls.push(result.calls);
          questionRounds.push(
            ai.requests.filter((x, i) => i < ai.requests.length - 1 && x.body.tools !== undefined).length,
          );
          questionOwnMs.push(total - result.modelMs);
          qaRoundTokens.push(...ai.requests.map((x) => promptTokens(x.body)));
        }
      }
    }
    const notes = noteCalls.length / (ROUNDS - 1);
    return [
      {
        name: "assistant.extract.prompt_tokens.max",
        value: Math.max(...extractTokens),
        unit: "tokens",
        note: `bar ≤ 2,000; mean ${Math.round(mean(extractTokens))} over ${notes} eval notes (gpt-tokenizer on the recorded requests)`,
      },
      {
        name: "assistant.note.model_calls.max",
        value: Math.max(...noteCalls),
        unit: "calls",
        note: `bar ≤ 2 (one retry at most); mean ${round(mean(noteCalls), 2)}`,
      },
      {
        name: "assistant.note.own_ms.p50",
        value: round(pct(noteOwnMs, 0.5)),
        unit: "ms",
        note: `app time around the model per note (lookup, validation, core preview, proposal row; ${proposals} of ${noteCalls.length} notes became proposals); p95 ${round(pct(noteOwnMs, 0.95))} ms`,
      },
      {
        name: "assistant.qa.round.prompt_tokens.mean",
        value: Math.round(mean(qaRoundTokens)),
        unit: "tokens",
        note: `per model round of a question (system + tools + history + tool results); max ${Math.max(...qaRoundTokens)}`,
      },
      {
        name: "assistant.question.model_calls.max",
        value: Math.max(...questionCalls),
        unit: "calls",
        note: `mean ${round(mean(questionCalls), 2)}; a question may take 4 tool rounds + 1 answer + 1 figure correction at most`,
      },
      {
        name: "assistant.question.tool_rounds.max",
        value: Math.max(...questionRounds),
        unit: "rounds",
        note: "bar ≤ 4; includes a scripted model that keeps calling tools (the 5th call is sent with tool_choice none)",
      },
      {
        name: "assistant.question.own_ms.p50",
        value: round(pct(questionOwnMs, 0.5)),
        unit: "ms",
        note: `app time around the model per question (tools over the services, figure check); p95 ${round(pct(questionOwnMs, 0.95))} ms`,
      },
    ];
  } finally {
    await ai.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printLines(await benchAssistant());
}
