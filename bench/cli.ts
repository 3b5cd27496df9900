// The `kvalue` binary as a user runs it (issue 12.5): how fast `kvalue assess` on one account starts, against a bare
// `node -e 0` measured in the same run, and how many accounts/s `kvalue assess` gets through a 100,000-account file
// end to end (read, parse, validate, score, print), against the ~18,000/s of the whole-document path it replaced.
// Spawns the compiled binary (built first when dist/ is older than src/). Run alone: `npx tsx bench/cli.ts`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import buildDist from "../test/global-setup.js";
import { makeAccounts } from "./core.js";
import { printLines, type BenchLine } from "./lines.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Issue 12.5's bars: start within 4× a bare node; ≥ 50,000 accounts/s, against ~18,000/s before. */
const START_BAR = 4;
const THROUGHPUT_BEFORE = 18_000;
const THROUGHPUT_BAR = 50_000;
const ACCOUNTS = 100_000;

/** Wall time of one spawned process, in ms; it must exit 0. */
function timed(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - t0;
  if (r.status !== 0)
    throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

export async function benchCli(): Promise<BenchLine[]> {
  buildDist();
  const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-bench-cli-"));
  try {
    const one = path.join(dir, "one.json");
    writeFileSync(one, JSON.stringify({ as_of: "2025-06-30", accounts: makeAccounts(1) }));
    // Interleaved, so both sides see the same machine load; medians of 21.
    const bare: number[] = [];
    const start: number[] = [];
    timed(["bin/kvalue.js", "assess", one]); // warm the file cache
    for (let i = 0; i < 21; i++) {
      bare.push(timed(["-e", "0"]));
      start.push(timed(["bin/kvalue.js", "assess", one]));
    }
    const bareMs = median(bare);
    const startMs = median(start);

    const big = path.join(dir, "100k.json");
    writeFileSync(big, JSON.stringify({ as_of: "2025-06-30", accounts: makeAccounts(ACCOUNTS) }));
    const bigMs = Math.min(...[0, 1, 2].map(() => timed(["bin/kvalue.js", "assess", big])));
    const rate = (ACCOUNTS / bigMs) * 1000;
    // The same file read the reference way (whole document, zod, JSON.stringify), as `kvalue assess` did before
    // the streaming path, in the same run: a ratio that holds on a busy machine.
    const reference = `import { readFileSync } from "node:fs";
import { judgeJson } from "./dist/src/cli/json-judge.js";
import { assessReference } from "./dist/src/cli/commands/assess-reference.js";
const io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
process.exitCode = judgeJson(assessReference, readFileSync(process.argv[1], "utf8"), io);`;
    const refMs = Math.min(...[0, 1].map(() => timed(["--input-type=module", "-e", reference, big])));
    const refRate = (ACCOUNTS / refMs) * 1000;
    // The floor of any path that reads the input with the native JSON.parse: the same process start, read and one
    // JSON.parse of the whole file, nothing else. On a slow or busy machine this alone may exceed the bar's 2 s.
    const parseOnly = `import { readFileSync } from "node:fs";
if (!Array.isArray(JSON.parse(readFileSync(process.argv[1], "utf8")).accounts)) process.exitCode = 1;`;
    const parseMs = Math.min(...[0, 1].map(() => timed(["--input-type=module", "-e", parseOnly, big])));
    const parseRate = (ACCOUNTS / parseMs) * 1000;
    return [
      { name: "cli.node", value: Number(bareMs.toFixed(1)), unit: "ms", note: "bare `node -e 0`, median of 21" },
      {
        name: "cli.assess.start",
        value: Number(startMs.toFixed(1)),
        unit: "ms",
        note: `\`kvalue assess\` on one account, median of 21: ${(startMs / bareMs).toFixed(2)}× bare node (bar ≤ ${START_BAR}×)`,
      },
      {
        name: "cli.assess.100k",
        value: Math.round(rate),
        unit: "accounts/s",
        note: `\`kvalue assess\` on ${ACCOUNTS.toLocaleString("en")} varied accounts (${Math.round(bigMs)} ms, best of 3, output to /dev/null): ${(rate / THROUGHPUT_BEFORE).toFixed(2)}× the ~${THROUGHPUT_BEFORE.toLocaleString("en")}/s before (bar ≥ ${THROUGHPUT_BAR.toLocaleString("en")}/s); ${(rate / refRate).toFixed(2)}× the reference reading in this run`,
      },
      {
        name: "cli.assess.100k.reference",
        value: Math.round(refRate),
        unit: "accounts/s",
        note: `the same file read whole, validated with zod and printed with JSON.stringify (the path before; best of 2): ${(refRate / THROUGHPUT_BEFORE).toFixed(2)}× ~${THROUGHPUT_BEFORE.toLocaleString("en")}/s`,
      },
      {
        name: "cli.assess.100k.parse_floor",
        value: Math.round(parseRate),
        unit: "accounts/s",
        note: `node reading the same file and JSON.parse-ing it whole, nothing else (${Math.round(parseMs)} ms, best of 2): \`kvalue assess\` runs at ${(rate / parseRate).toFixed(2)}× this floor; load average ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join("/")}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printLines(await benchCli());
}
