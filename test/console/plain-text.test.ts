// The console prints what Slack would show, as a terminal can show it (issue 13, item 14): no literal code fences
// or backticks. The real `npm start` entry (dist/src/main.js) with no Slack credentials, fed through stdin.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../store/support.js";

const MAIN = path.join(repoRoot, "dist/src/main.js");
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-console-plain-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function consoleSays(lines: string[], locale: "zh-CN" | "en"): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SLACK_|DATABASE_URL$|OPENAI_|KVALUE_)/.test(k)) env[k] = v;
  // A fresh directory each time: the first run loads the demo, as a new user sees it.
  const cwd = fs.mkdtempSync(path.join(dir, "run-"));
  const r = spawnSync(process.execPath, [MAIN], {
    cwd,
    env: { ...env, LOG_LEVEL: "warn", KVALUE_DEFAULT_LOCALE: locale },
    input: `${lines.join("\n")}\nexit\n`,
    encoding: "utf8",
    timeout: 110_000,
  });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("the console shows help and the funnel without Slack's code marks", () => {
  it.each(["zh-CN", "en"] as const)(
    "%s",
    (locale) => {
      const out = consoleSays(["help", "funnel"], locale);
      expect(out).toContain("/kvalue set");
      expect(out).not.toContain("`");
    },
    120_000,
  );
});

describe("the first screen (issue 13, item 15)", () => {
  it.each([
    ["zh-CN", "没有设置 Slack 凭据", /华东政企一部 \d{4}：缺口 .+，加权覆盖率/],
    [
      "en",
      "no Slack credentials are set",
      /East China Gov \d{4}: gap .+, weighted coverage|\d{4}: gap .+, weighted coverage/,
    ],
  ] as const)(
    "%s: says why it is the local console and fits 50 lines, matrix and funnel summary first",
    (locale, why, funnel) => {
      const out = consoleSays([], locale);
      const first = out.slice(0, out.indexOf("kvalue> "));
      expect(first).toContain(why);
      expect(first).toContain("SLACK_BOT_TOKEN");
      expect(first.split("\n").length).toBeLessThanOrEqual(50);
      expect(first).toMatch(funnel);
      expect(first).toMatch(/matrix.*funnel/);
    },
    120_000,
  );
});
