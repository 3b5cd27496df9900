// The evaluation set and its scoring: enough realistic cases in both languages, every expectation pointing at
// a real demo account, precision/recall counted as intended (checked with the fake model playing a perfect and
// a sloppy extractor), and `npm run eval` without a key saying so and exiting 0.
import { execFile } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lookupAccount } from "../../src/features/accounts/service.js";
import { NOTES, QUESTIONS } from "../../eval/cases.js";
import { runEval } from "../../eval/run.js";
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
  it("has at least 30 notes and questions, in Chinese and English", () => {
    expect(NOTES.length + QUESTIONS.length).toBeGreaterThanOrEqual(30);
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
    expect(r.questions).toMatchObject({ total: 1, toolsOk: 1, answered: 1 });
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

describe("npm run eval", () => {
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
