// `npm run eval`: the evaluation set (eval/cases.ts) against whatever model is configured (OPENAI_API_KEY,
// OPENAI_BASE_URL, KVALUE_LLM_MODEL): extraction recall and F1 (the headline) and precision over the notes;
// over the questions, the right tools and an answer that carries the tools' figures — or, for a question out of
// the person's scope, the right refusal. On a fresh demo database plus another team the person cannot see.
// Exits 1 below the thresholds (score.ts: flags, env or defaults); without a key it says so and exits 0.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { extractFacts } from "../src/features/assistant/extraction/extract.js";
import { validateExtraction } from "../src/features/assistant/extraction/validate.js";
import type { LlmPort } from "../src/features/assistant/llm/port.js";
import { CallBudget, isAssistantFailure } from "../src/features/assistant/llm/retry.js";
import { answerQuestion } from "../src/features/assistant/qa/loop.js";
import { OpenAIAdapter } from "../src/features/assistant/llm/openai.js";
import { loadConfig } from "../src/config.js";
import { lookupAccount } from "../src/features/accounts/service.js";
import { createServiceDeps, today, type ServiceDeps } from "../src/features/deps.js";
import { loadDemo } from "../src/features/demo/service.js";
import { resolveScope, type Scope } from "../src/features/teams/scope.js";
import { migrate, openStore } from "../src/store/index.js";
import { NOTES, QUESTIONS, type NoteCase, type QuestionCase } from "./cases.js";
import { figuresIn, unsupportedFigures } from "../src/features/assistant/qa/numbers.js";
import { createAccount } from "../src/features/accounts/service.js";
import { createTeam } from "../src/features/teams/service.js";
import {
  belowThresholds,
  compare,
  expectedTuples,
  fmt,
  precisionRecall,
  predictedTuples,
  refuses,
  thresholdsFrom,
  toolsOk,
  type Counts,
} from "./score.js";

export interface EvalOptions {
  llm: LlmPort;
  deps: ServiceDeps;
  scope: Scope;
  retries: number;
  notes?: readonly NoteCase[];
  questions?: readonly QuestionCase[];
  print?: (line: string) => void;
}

export interface EvalReport {
  extraction: Counts & { precision: number | null; recall: number | null; f1: number; failures: number };
  questions: {
    total: number;
    /** Right tools, mentions, and the tools' figures in the answer (or the right refusal). */
    right: number;
    toolsOk: number;
    answered: number;
    corrected: number;
    plain: number;
    failures: number;
    avgCalls: number;
  };
}

async function accountIdOf(o: EvalOptions, name: string | null): Promise<string | null> {
  if (!name) return null;
  const r = await lookupAccount(o.deps, o.scope, name);
  return r.kind === "found" ? r.account.id : null;
}

export async function runEval(o: EvalOptions): Promise<EvalReport> {
  const print = o.print ?? ((line: string) => console.log(line));
  const day = today(o.deps);
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  let noteFailures = 0;
  for (const c of o.notes ?? NOTES) {
    const expected = expectedTuples(c, await accountIdOf(o, c.account), day);
    let predicted = new Set<string>();
    try {
      const x = await extractFacts(o.llm, c.note, { today: day }, new CallBudget(o.retries));
      const v = validateExtraction(x, c.note, day, null);
      predicted = predictedTuples(v, await accountIdOf(o, v.accountName));
    } catch (e) {
      if (!isAssistantFailure(e)) throw e;
      noteFailures++;
      print(`  note ${c.id}: model failure (${e.kind})`);
    }
    const r = compare(expected, predicted);
    total.tp += r.tp;
    total.fp += r.fp;
    total.fn += r.fn;
    const pr = precisionRecall(r);
    print(
      `  note ${c.id.padEnd(24)} P ${fmt(pr.precision)} R ${fmt(pr.recall)}${r.missed.length ? `  missed ${r.missed.join(", ")}` : ""}${r.extra.length ? `  extra ${r.extra.join(", ")}` : ""}`,
    );
  }

  const q = { total: 0, right: 0, toolsOk: 0, answered: 0, corrected: 0, plain: 0, failures: 0, avgCalls: 0 };
  let calls = 0;
  for (const c of o.questions ?? QUESTIONS) {
    q.total++;
    const budget = new CallBudget(o.retries);
    try {
      const r = await answerQuestion(o.llm, { deps: o.deps, scope: o.scope, locale: c.locale }, c.question, [], budget);
      const tools = toolsOk(c.tools, r.tools) && (c.mentions ?? []).every((m) => r.text.includes(m));
      // "请参见上面的数据" is no answer: a data question's answer must carry figures, every one from the tools.
      const figures = figuresIn(r.text).length > 0 && unsupportedFigures(r.text, r.received).length === 0;
      const verdict = c.refuse ? refuses(r.text) && r.source !== "plain" : tools && (c.figures === false || figures);
      if (tools) q.toolsOk++;
      if (verdict) q.right++;
      if (r.source === "model") q.answered++;
      if (r.source === "corrected") q.corrected++;
      if (r.source === "plain") q.plain++;
      const why = verdict ? "" : c.refuse ? " (no refusal)" : !tools ? " (tools or mentions)" : " (no tool figures)";
      print(
        `  question ${c.id.padEnd(22)} ${verdict ? "ok  " : "MISS"} tools [${r.tools.join(", ")}] rounds ${r.toolRounds} ${r.source}${why}${r.caught.length ? ` caught ${r.caught.join(" ")}` : ""}`,
      );
    } catch (e) {
      if (!isAssistantFailure(e)) throw e;
      q.failures++;
      print(`  question ${c.id}: model failure (${e.kind})`);
    }
    calls += budget.calls;
  }
  q.avgCalls = q.total === 0 ? 0 : calls / q.total;
  return { extraction: { ...total, ...precisionRecall(total), failures: noteFailures }, questions: q };
}

/** The team the eval's person is not in, with one account: questions about it must be refused. */
export const OTHER_TEAM = {
  channelId: "C0SOUTH",
  name: "华南政企部",
  member: "U0SOUTH",
  account: "南岭省公安厅",
} as const;

async function main(): Promise<number> {
  const thresholds = thresholdsFrom(process.argv.slice(2), process.env);
  const config = loadConfig();
  if (!config.llm.apiKey) {
    console.log(
      "npm run eval: no model is configured (OPENAI_API_KEY is not set), so nothing was scored.\n" +
        "Set OPENAI_API_KEY — and OPENAI_BASE_URL / KVALUE_LLM_MODEL for any OpenAI-compatible server — and run it again.",
    );
    return 0;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-eval-"));
  const store = await openStore(`file:${path.join(dir, "eval.db")}`);
  try {
    await migrate(store);
    const deps = createServiceDeps(store, { now: () => new Date(), managers: [] });
    const actor = { workspaceId: "T0EVAL", userId: "U0EVAL", source: "demo" as const };
    await loadDemo(deps, actor, "C0EVAL");
    const south = { workspaceId: "T0EVAL", userId: OTHER_TEAM.member, source: "slash" as const };
    await createTeam(deps, south, { channelId: OTHER_TEAM.channelId, name: OTHER_TEAM.name, members: [south.userId] });
    await createAccount(deps, south, await resolveScope(deps, south), {
      name: OTHER_TEAM.account,
      channelId: OTHER_TEAM.channelId,
      facts: { revenue_ttm: 88_000_000, wallet_annual: 300_000_000, budget_status: "approved" },
    });
    const llm = new OpenAIAdapter({
      apiKey: config.llm.apiKey,
      baseURL: config.llm.baseURL,
      model: config.llm.model,
      timeoutMs: config.llm.timeoutMs,
    });
    console.log(
      `kvalue eval · model ${config.llm.model}${config.llm.baseURL ? ` at ${config.llm.baseURL}` : ""} · ${NOTES.length} notes, ${QUESTIONS.length} questions`,
    );
    const r = await runEval({ llm, deps, scope: await resolveScope(deps, actor), retries: config.llm.maxRetries });
    const e = r.extraction;
    const q = r.questions;
    console.log(
      `\nextraction: recall ${fmt(e.recall)} · F1 ${e.f1.toFixed(3)} · precision ${fmt(e.precision)} (tp ${e.tp}, fp ${e.fp}, fn ${e.fn}; ${e.failures} model failures)`,
    );
    console.log(
      `questions: right ${q.right}/${q.total} · right tools ${q.toolsOk}/${q.total} · answers sent as written ${q.answered}, corrected once ${q.corrected}, replaced by tool facts ${q.plain} · ${q.failures} failures · ${q.avgCalls.toFixed(2)} model calls per question`,
    );
    const below = belowThresholds(r, thresholds);
    console.log(
      below.length === 0
        ? `PASS (thresholds: recall ≥ ${thresholds.recall}, F1 ≥ ${thresholds.f1}, questions ≥ ${thresholds.questions})`
        : `FAIL: ${below.join("; ")}`,
    );
    return below.length === 0 ? 0 : 1;
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 2;
    },
  );
}
