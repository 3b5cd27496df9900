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
  const r = spawnSync(process.execPath, [MAIN], {
    cwd: dir,
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
