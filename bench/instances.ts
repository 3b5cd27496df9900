// Card throughput with 1 and 3 app instances (`node dist/src/main.js`) on one PostgreSQL database behind a
// round-robin proxy on 127.0.0.1 (test/support/round-robin-proxy.ts): signed `/kvalue <account>` commands,
// CONCURRENCY at a time, each waiting for its card at the response_url (the fake Slack Web API). The week's digest
// falls due on every instance at start, so it is built and posted under the warm-up load; the measured run starts once
// it is settled. Also counted: errors (acks that are not 200, missing or wrong cards, error log lines) and the digests
// posted (must be exactly 1), and the CPU the instances and this process (load generator, proxy, fake Slack) used.
// Needs PostgreSQL (KVALUE_TEST_PG_URL).
// Run alone: `npx tsx bench/instances.ts`.
import { readFileSync } from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import buildDist from "../test/global-setup.js";
import { startCluster } from "../test/ops/support/cluster.js";
import { checkPostgres } from "../test/store/support.js";
import { printLines, type BenchLine } from "./lines.js";

const COMMANDS = Number(process.env.BENCH_INSTANCES_COMMANDS ?? 300);
const CONCURRENCY = 30;
const WARMUP = 90;

/** CPU time a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Measured {
  instances: number;
  throughput: number;
  /** CPU of all instances together, and of this process, as a share of one core during the measured run. */
  appCpu: number;
  benchCpu: number;
  errors: number;
  digests: number;
  forwarded: number[];
}

async function measure(instances: number): Promise<Measured> {
  const cluster = await startCluster({ instances });
  try {
    // Warm-up: every instance has opened its pool, compiled its hot paths and cached the users' locales.
    const warm = await cluster.load(WARMUP, CONCURRENCY);
    await cluster.digestSettled();
    const pids = cluster.instances.map((p) => p.proc.pid);
    const app0 = pids.reduce((n: number, pid) => n + cpuMs(pid), 0);
    const self0 = process.cpuUsage();
    const run = await cluster.load(COMMANDS, CONCURRENCY);
    const appMs = pids.reduce((n: number, pid) => n + cpuMs(pid), 0) - app0;
    const self = process.cpuUsage(self0);
    await new Promise((r) => setTimeout(r, 1_000)); // more scheduler ticks on every instance: no second digest
    const errors = warm.errors.length + run.errors.length + cluster.errorLines().length + cluster.proxy.failed;
    if (process.env.BENCH_VERBOSE)
      for (const e of [...warm.errors, ...run.errors, ...cluster.errorLines().map((l) => JSON.stringify(l))])
        console.error(e);
    return {
      instances,
      throughput: COMMANDS / run.seconds,
      appCpu: appMs / 1000 / run.seconds,
      benchCpu: (self.user + self.system) / 1e6 / run.seconds,
      errors,
      digests: cluster.digests().length,
      forwarded: [...cluster.proxy.forwarded],
    };
  } finally {
    await cluster.close();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const cpu = (m: Measured) => `CPU: instances ${pct(m.appCpu)}, load generator + proxy + fake Slack ${pct(m.benchCpu)}`;

export async function benchInstances(): Promise<BenchLine[]> {
  const pg = await checkPostgres();
  if (!pg.available) return [{ name: "instances", value: 0, unit: "skipped", note: `no PostgreSQL: ${pg.reason}` }];
  buildDist();
  const one = await measure(1);
  const three = await measure(3);
  const of = `${COMMANDS} cards, ${CONCURRENCY} at a time, after ${WARMUP} to warm up (the digest posted meanwhile)`;
  return [
    {
      name: "instances.1.throughput",
      value: round1(one.throughput),
      unit: "cards/s",
      note: `1 instance; ${of}; ${cpu(one)}`,
    },
    {
      name: "instances.3.throughput",
      value: round1(three.throughput),
      unit: "cards/s",
      note: `3 instances behind the round-robin proxy, requests per instance ${three.forwarded.join("/")}; ${cpu(three)}`,
    },
    {
      name: "instances.throughput.ratio",
      value: Math.round((three.throughput / one.throughput) * 100) / 100,
      unit: "× 1 instance",
      note: `3 instances vs 1 on this machine's ${os.availableParallelism()} cores (shared with the load generator)`,
    },
    { name: "instances.errors", value: one.errors + three.errors, unit: "errors", note: "bar 0 (both runs)" },
    {
      name: "instances.3.digests",
      value: three.digests,
      unit: "digests",
      note: `posted for the week by 3 instances (bar exactly 1; 1 instance: ${one.digests})`,
    },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  printLines(await benchInstances());
