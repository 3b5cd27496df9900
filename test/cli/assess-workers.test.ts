// `kvalue assess` on a large input hands batches of accounts to worker threads (src/cli/assess-pool.ts): what it
// prints must still be exactly what the reference reading prints, whichever thread scored which batch, and a bad
// account or a repeated id that only a worker sees must still hand the document to the reference.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { AssessPool } from "../../src/cli/assess-pool.js";
import { AssessStream, type BatchPool } from "../../src/cli/assess-stream.js";
import { assessReference } from "../../src/cli/commands/assess-reference.js";
import { judgeJson } from "../../src/cli/json-judge.js";
import { account } from "../core/arbitraries.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The compiled worker (test/global-setup.ts builds dist/ before the suite). */
const WORKER = new URL("../../dist/src/cli/assess-worker.js", import.meta.url);
const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-assess-workers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 6,000 varied accounts with unique ids: far past the point where the workers take over. */
const accounts = fc
  .sample(account, { numRuns: 6_000, seed: 12 })
  .map((a, i) => ({ ...a, id: `客户-${i}`, name: `Account ${i}` }));

function reference(text: string): { status: number; stdout: string; stderr: string } {
  const result = { stdout: "", stderr: "" };
  const io = {
    readText: async () => text,
    readBytes: async () => Buffer.from(text),
    out: (t: string) => void (result.stdout += t),
    err: (t: string) => void (result.stderr += t),
  };
  return { status: judgeJson(assessReference, text, io), ...result };
}

/** The real binary on `text` written to a file. */
function kvalue(text: string): { status: number | null; stdout: string; stderr: string } {
  const file = path.join(dir, "in.json");
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, ["bin/kvalue.js", "assess", file], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("kvalue assess on a large input, scored by worker threads", () => {
  it("sends the batches past the first 2,048 accounts to the workers, and prints what the reference prints", async () => {
    const text = JSON.stringify({ as_of: "2025-06-30", accounts });
    const pool = AssessPool.start(WORKER);
    expect(pool, "a pool starts on this machine (two cores or more)").not.toBeNull();
    let sent = 0;
    const counted: BatchPool = {
      score: (job) => {
        sent += 1;
        return (pool as AssessPool).score(job);
      },
      below: (n) => (pool as AssessPool).below(n),
      close: () => (pool as AssessPool).close(),
    };
    const stream = new AssessStream({ pool: () => counted });
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += 100_000) await stream.push(bytes.subarray(at, at + 100_000));
    const output = await stream.end();
    // 6,000 accounts in batches of 256: 24 batches, of which the first 8 ran here and the other 16 in the workers.
    expect(sent).toBe(16);
    expect(output?.join("")).toBe(reference(text).stdout);
  });

  it("prints the same from the binary, with as_of before or after the accounts", () => {
    for (const text of [
      JSON.stringify({ as_of: "2025-06-30", accounts }),
      JSON.stringify({ accounts, as_of: "2024-01-15" }, null, 2),
    ]) {
      const want = reference(text);
      expect(want.status).toBe(0);
      expect(kvalue(text)).toStrictEqual(want);
    }
  });

  it("hands the document to the reference when a worker finds a bad value or an id seen in another batch", () => {
    const bad = accounts.map((a, i) => (i === 5_000 ? { ...a, budget_status: "maybe" } : a));
    const twice = accounts.map((a, i) => (i === 5_500 ? { ...a, id: "客户-10" } : a));
    for (const list of [bad, twice]) {
      const text = JSON.stringify({ as_of: "2025-06-30", accounts: list });
      const want = reference(text);
      expect(want.status).toBe(2);
      expect(kvalue(text)).toStrictEqual(want);
    }
    expect(reference(JSON.stringify({ accounts: bad })).stderr).toContain("accounts[5000].budget_status");
  });
});
