// KVALUE_LLM_MAX_RETRIES as the README says it works: the config accepts 0–5, and the assistant's budget never
// spends more than one retry per note or question whatever the value (llm/retry.ts).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { CallBudget } from "../../src/features/assistant/llm/retry.js";

const readmeRow = (): string =>
  fs
    .readFileSync(new URL("../../README.md", import.meta.url), "utf8")
    .split("\n")
    .find((line) => line.includes("`KVALUE_LLM_MAX_RETRIES`")) ?? "";

const retriesOf = (budget: CallBudget): number => {
  let n = 0;
  while (budget.retry()) n++;
  return n;
};

describe("KVALUE_LLM_MAX_RETRIES", () => {
  it("is accepted from 0 to 5, and the README says so", () => {
    expect(loadConfig({ KVALUE_LLM_MAX_RETRIES: "5" }).llm.maxRetries).toBe(5);
    expect(() => loadConfig({ KVALUE_LLM_MAX_RETRIES: "6" })).toThrow(/KVALUE_LLM_MAX_RETRIES/);
    expect(readmeRow()).toContain("0–5 is accepted");
  });

  it("never buys more than one retry, and the README says so", () => {
    expect([0, 1, 5].map((n) => retriesOf(new CallBudget(n)))).toEqual([0, 1, 1]);
    expect(readmeRow()).toContain("never retries more than once");
  });
});
