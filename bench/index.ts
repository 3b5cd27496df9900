// `npm run bench`: every figure the issues ask for. Each part also runs alone (`npx tsx bench/<part>.ts`).
// The machine may be shared: each part is headed by the load average (1/5/15 min) before it, and ends with it after.
import { existsSync } from "node:fs";
import os from "node:os";
import { printLines, type BenchLine } from "./lines.js";

type Part = { file: string; fn: string };
const PARTS: Part[] = [
  { file: "core", fn: "benchCore" },
  { file: "cli", fn: "benchCli" },
  { file: "import", fn: "benchImport" },
  { file: "slack", fn: "benchSlack" },
  { file: "instances", fn: "benchInstances" },
  { file: "digest", fn: "benchDigest" },
  { file: "calibrate", fn: "benchCalibrate" },
  { file: "assistant", fn: "benchAssistant" },
  { file: "backup", fn: "benchBackup" },
];

const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join("/");

for (const part of PARTS) {
  const url = new URL(`./${part.file}.ts`, import.meta.url);
  if (!existsSync(url)) continue;
  const mod = (await import(url.href)) as Record<string, () => Promise<BenchLine[]>>;
  const run = mod[part.fn];
  if (!run) continue;
  console.log(`\n# ${part.file}   (load average ${loadavg()} on ${os.availableParallelism()} cores)`);
  try {
    printLines(await run());
  } catch (e) {
    console.log(`  failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
  console.log(`  (load average after: ${loadavg()})`);
}
