// The evaluation set and its scoring: enough realistic cases in both languages, every expectation pointing at
// a real demo account, precision/recall counted as intended (checked with the fake model playing a perfect and
// a sloppy extractor), and `npm run eval` without a key saying so and exiting 0.
import { execFile } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lookupAccount } from "../../src/features/accounts/service.js";
import { NOTES, QUESTIONS } from "../../eval/cases.js";
import { runEval } from "../../eval/run.js";
import { DEFAULT_THRESHOLDS, belowThresholds, thresholdsFrom } from "../../eval/score.js";
import type { ChatRequest, ScriptStep } from "../support/fake-openai.js";
import { repoRoot } from "../store/support.js";
import { extraction, startWorld, type World } from "./support.js";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});
afterEach(() => {
  w.ai.reset();
});

describe("the evaluation set", () => {
  it("has at least 60 notes and 30 questions, in Chinese and English, with the hard cases", () => {
    expect(NOTES.length).toBeGreaterThanOrEqual(60);
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(30);
    for (const prefix of ["cn-", "two-accounts-", "correction-", "mixed-"]) {
      expect(NOTES.filter((n) => n.id.startsWith(prefix)).length, prefix).toBeGreaterThanOrEqual(4);
    }
    expect(QUESTIONS.filter((q) => q.refuse).length).toBeGreaterThanOrEqual(3);
    const cjk = /[\u4e00-\u9fff]/;
    expect(NOTES.some((n) => cjk.test(n.note)) && NOTES.some((n) => !cjk.test(n.note))).toBe(true);
    expect(QUESTIONS.some((q) => q.locale === "en") && QUESTIONS.some((q) => q.locale === "zh-CN")).toBe(true);
  });

  it("names only accounts of the demo portfolio, found by the normal lookup", async () => {
    const scope = await w.scope();
    for (const n of NOTES) {
      if (!n.account) continue;
      expect((await lookupAccount(w.deps, scope, n.account)).kind, n.id).toBe("found");
    }
  });
});

describe("scoring", () => {
  const two = NOTES.filter((n) => n.id === "issue" || n.id === "budget-approved");
  const question = QUESTIONS.filter((q) => q.id === "priorities-zh");

  it("gives a perfect extractor precision and recall 1, and counts the right tool", async () => {
    w.ai.script(
      {
        json: extraction({
          account: "省大数据局",
          contacts: [
            {
              name: "王副局长",
              title: "副局长",
              org_unit: null,
              role: null,
              influence: null,
              attitude: null,
              relationship_strength: null,
              evidence: "王副局长",
            },
            {
              name: "李主任",
              title: "主任",
              org_unit: "信息中心",
              role: null,
              influence: null,
              attitude: 2,
              relationship_strength: null,
              evidence: "信息中心李主任很支持我们",
            },
          ],
          opportunities: [
            {
              name: "数据共享平台项目",
              stage: null,
              amount: "3000万",
              close: "Q3",
              source: null,
              evidence: "他们Q3有个3000万的数据共享平台项目",
            },
          ],
        }),
      },
      {
        json: extraction({
          account: "省公安厅",
          facts: [
            { field: "budget_status", value: "approved", evidence: "预算已经批下来了" },
            { field: "wallet_annual", value: "8000万", evidence: "信息化预算大概8000万" },
          ],
        }),
      },
      { toolCalls: [{ name: "rank_accounts", arguments: { team: null, quadrant: null, limit: 5 } }] },
      { text: "请看排序。" },
    );
    const lines: string[] = [];
    const r = await runEval({
      llm: w.assistant.llm!,
      deps: w.deps,
      scope: await w.scope(),
      retries: 1,
      notes: two,
      questions: question,
      print: (l) => lines.push(l),
    });
    expect(r.extraction).toMatchObject({ precision: 1, recall: 1, fp: 0, fn: 0 });
    // The right tool, but "请看排序。" carries none of its figures: not a right answer.
    expect(r.questions).toMatchObject({ total: 1, toolsOk: 1, answered: 1, right: 0 });
    expect(lines.join("\n")).toContain("question priorities-zh");
  });

  it("lowers precision for invented facts and recall for missed ones", async () => {
    w.ai.script(
      {
        json: extraction({
          account: "省大数据局",
          contacts: [
            {
              name: "王副局长",
              title: null,
              org_unit: null,
              role: "economic_buyer",
              influence: "high",
              attitude: null,
              relationship_strength: null,
              evidence: "王副局长",
            },
          ],
        }),
      },
      {
        json: extraction({
          account: "省公安厅",
          facts: [{ field: "budget_status", value: "approved", evidence: "预算已经批下来了" }],
        }),
      },
    );
    const r = await runEval({
      llm: w.assistant.llm!,
      deps: w.deps,
      scope: await w.scope(),
      retries: 1,
      notes: two,
      questions: [],
      print: () => {},
    });
    expect(r.extraction.precision).toBeLessThan(1);
    expect(r.extraction.recall).toBeLessThan(1);
    expect(r.extraction.fp).toBe(2); // role and influence the note does not state
  });
});

describe("failing", () => {
  it("scores an extractor that returns nothing at recall 0 and precision undefined, below the thresholds", async () => {
    w.ai.script(...NOTES.map(() => ({ json: extraction({ intent: "note" }) })));
    const r = await runEval({
      llm: w.assistant.llm!,
      deps: w.deps,
      scope: await w.scope(),
      retries: 0,
      questions: [],
      print: () => {},
    });
    expect(r.extraction).toMatchObject({ tp: 0, fp: 0, precision: null, recall: 0, f1: 0 });
    expect(r.extraction.fn).toBeGreaterThan(60);
    expect(belowThresholds(r, DEFAULT_THRESHOLDS)).toEqual(
      expect.arrayContaining([expect.stringContaining("recall 0.000"), expect.stringContaining("F1 0.000")]),
    );
  });

  it("takes only the right refusal for a question about another team's account, and an answer with tool figures", async () => {
    const outOfScope = QUESTIONS.filter((q) => q.id === "other-team-account");
    const ranked = QUESTIONS.filter((q) => q.id === "priorities-zh");
    const scope = await w.scope();
    const ask = async (questions: typeof QUESTIONS, ...steps: ScriptStep[]) => {
      w.ai.script(...steps);
      return (
        await runEval({ llm: w.assistant.llm!, deps: w.deps, scope, retries: 0, notes: [], questions, print: () => {} })
      ).questions;
    };
    expect(await ask(outOfScope, { text: "请参见上面的数据" })).toMatchObject({ right: 0 });
    expect(await ask(outOfScope, { text: "我看不到南岭省公安厅：它不在你能查看的团队里。" })).toMatchObject({
      right: 1,
    });
    const rank = { toolCalls: [{ name: "rank_accounts", arguments: { team: null, quadrant: null, limit: 3 } }] };
    expect(await ask(ranked, rank, { text: "请参见上面的数据" })).toMatchObject({ toolsOk: 1, right: 0 });
    expect(
      await ask(ranked, rank, (req: ChatRequest) => {
        const tool = (req.messages as { role: string; content: string }[]).filter((m) => m.role === "tool").at(-1);
        const top = (JSON.parse(tool?.content ?? "{}") as { accounts: { name: string; V: number }[] }).accounts[0];
        return { text: `第一是${top?.name ?? ""}，V ${top?.V ?? ""}。` };
      }),
    ).toMatchObject({ toolsOk: 1, right: 1 });
  });

  it("reads thresholds from flags over the environment over the defaults, and refuses a bad one", () => {
    expect(thresholdsFrom([], {})).toEqual(DEFAULT_THRESHOLDS);
    expect(thresholdsFrom([], { KVALUE_EVAL_MIN_RECALL: "0.5" }).recall).toBe(0.5);
    expect(thresholdsFrom(["--min-recall", "0.9", "--min-f1=0.6"], { KVALUE_EVAL_MIN_RECALL: "0.5" })).toMatchObject({
      recall: 0.9,
      f1: 0.6,
    });
    expect(() => thresholdsFrom(["--min-f1", "high"], {})).toThrow(/--min-f1/);
  });
});

describe("npm run eval", () => {
  const runCli = (args: string[], env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [`${repoRoot}/node_modules/tsx/dist/cli.mjs`, "eval/run.ts", ...args],
        { cwd: repoRoot, env, timeout: 240_000 },
        (error, stdout) => {
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
        },
      );
    });

  it("exits 1 when the extractor returns nothing (and 0 when the thresholds are set to 0)", async () => {
    const nothing = (req: ChatRequest): ScriptStep =>
      req.response_format ? { json: extraction({ intent: "note" }) } : { text: "请参见上面的数据" };
    const env = {
      ...process.env,
      OPENAI_API_KEY: "test-key",
      OPENAI_BASE_URL: w.ai.baseURL,
      KVALUE_LLM_MODEL: "kvalue-test-model",
    };
    w.ai.script(...Array.from({ length: 400 }, () => nothing));
    const failing = await runCli([], env);
    expect(failing.stdout).toContain("extraction: recall 0.000 · F1 0.000 · precision —");
    expect(failing.stdout).toContain("FAIL: extraction recall 0.000 < 0.7");
    expect(failing.code).toBe(1);
    w.ai.reset();
    w.ai.script(...Array.from({ length: 400 }, () => nothing));
    const lenient = await runCli(["--min-recall", "0", "--min-f1", "0", "--min-questions", "0"], env);
    expect(lenient.stdout).toContain("PASS");
    expect(lenient.code).toBe(0);
  }, 300_000);

  it("says that no model is configured and exits 0 without scoring", async () => {
    const env = { ...process.env };
    delete env.OPENAI_API_KEY;
    const out = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [`${repoRoot}/node_modules/tsx/dist/cli.mjs`, "eval/run.ts"],
        { cwd: repoRoot, env, timeout: 60_000 },
        (error, stdout) => {
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
        },
      );
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("no model is configured");
  });
});
