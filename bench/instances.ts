// Card throughput with 1, 2 and 3 app instances (`node dist/src/main.js`) on one PostgreSQL database behind a
// round-robin proxy on 127.0.0.1 (test/support/round-robin-proxy.ts): signed `/kvalue <account>` commands,
// CONCURRENCY at a time, each waiting for its card at the response_url (the fake Slack Web API). The week's digest
// falls due on every instance at start, so it is built and posted under the warm-up load; the measured run starts once
// it is settled. Also counted: errors (acks that are not 200, missing or wrong cards, error log lines) and the digests
// posted (must be exactly 1), and the CPU the instances and this process (load generator, proxy, fake Slack) used.
// The load generator and the proxy keep their connections alive, as Slack and a production balancer do: with a
// connection and a fetch per command, this process spent more CPU per card than an instance, and on a 2-core machine
// that left no core for a second instance to use. Every instance is warmed up with the same number of commands.
// Two series: the fake Slack answering at once (the app's CPU is what limits: on a 2-core machine shared with the
// load generator, instances beyond the cores cannot add), and answering after BENCH_INSTANCES_LATENCY_MS (150 ms by
// default, Slack across the internet), where a request mostly waits, with more requests in flight.
// A third series caps every instance at BENCH_INSTANCES_CPU of a core (0.3 by default; cpu-limit.ts), as a
// container's CPU limit does: each instance then brings its own CPU, as on separate machines, and the series shows
// what instances add when the machine is not already full (one uncapped instance fills this 2-core machine).
// Needs PostgreSQL (KVALUE_TEST_PG_URL).
// Run alone: `npx tsx bench/instances.ts`.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import buildDist from "../test/global-setup.js";
import { startCluster } from "../test/ops/support/cluster.js";
import { checkPostgres } from "../test/store/support.js";
import { limitCpu } from "./cpu-limit.js";
import { printLines, type BenchLine } from "./lines.js";

const COMMANDS = Number(process.env.BENCH_INSTANCES_COMMANDS ?? 600);
const CONCURRENCY = 30;
/** With Slack's latency a request mostly waits: more of them in flight, or the load generator is what limits. */
const CONCURRENCY_LATENCY = Number(process.env.BENCH_INSTANCES_LATENCY_CONCURRENCY ?? 120);
const LATENCY_MS = Number(process.env.BENCH_INSTANCES_LATENCY_MS ?? 150);
/** Commands per instance before the measured run: each instance's hot paths are compiled by then. */
const WARMUP = Number(process.env.BENCH_INSTANCES_WARMUP ?? 200);
/** Each instance's CPU quota in the capped series, as a share of one core (0: no capped series). */
const CPU_SHARE = Number(process.env.BENCH_INSTANCES_CPU ?? 0.3);

/** CPU time a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Measured {
  instances: number;
  latencyMs: number;
  /** Each instance's CPU quota (share of a core), or null: uncapped. */
  cpuShare: number | null;
  /** CPU ms of all instances together per card */
  cpuPerCard: number;
  /** CPU of the PostgreSQL backends serving the instances, as a share of one core */
  pgCpu: number;
  /** 1-minute load average of the machine after the run */
  loadavg: number;
  throughput: number;
  /** CPU of all instances together, and of this process, as a share of one core during the measured run. */
  appCpu: number;
  benchCpu: number;
  errors: number;
  digests: number;
  forwarded: number[];
}

/** One run; with `cpuShare`, every instance capped at that share of a core (null when this machine cannot). */
async function measure(instances: number, latencyMs = 0, cpuShare: number | null = null): Promise<Measured | null> {
  const cluster = await startCluster({ instances, slackLatencyMs: latencyMs, keepAlive: true });
  const caps = cpuShare === null ? [] : cluster.instances.map((p) => limitCpu(p.proc.pid ?? 0, cpuShare));
  try {
    if (caps.includes(null)) return null;
    // Warm-up: every instance has opened its pool, compiled its hot paths and cached the users' locales.
    const concurrency = latencyMs ? CONCURRENCY_LATENCY : CONCURRENCY;
    const warm = await cluster.load(WARMUP * instances, concurrency);
    await cluster.digestSettled();
    const pids = cluster.instances.map((p) => p.proc.pid);
    // The PostgreSQL backends serving this database (the instances' pools, opened during the warm-up).
    const backends = (
      await cluster.store.db.$queryRaw<{ pid: number }[]>`
        SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
    ).map((r) => Number(r.pid));
    const pgCpu = () => backends.reduce((n: number, pid) => n + (existsSync(`/proc/${pid}/stat`) ? cpuMs(pid) : 0), 0);
    const pg0 = pgCpu();
    const app0 = pids.reduce((n: number, pid) => n + cpuMs(pid), 0);
    const self0 = process.cpuUsage();
    const run = await cluster.load(COMMANDS, concurrency);
    const appMs = pids.reduce((n: number, pid) => n + cpuMs(pid), 0) - app0;
    const self = process.cpuUsage(self0);
    const pgMs = pgCpu() - pg0;
    await new Promise((r) => setTimeout(r, 1_000)); // more scheduler ticks on every instance: no second digest
    const errors = warm.errors.length + run.errors.length + cluster.errorLines().length + cluster.proxy.failed;
    if (process.env.BENCH_VERBOSE)
      for (const e of [...warm.errors, ...run.errors, ...cluster.errorLines().map((l) => JSON.stringify(l))])
        console.error(e);
    return {
      instances,
      latencyMs,
      cpuShare,
      cpuPerCard: appMs / COMMANDS,
      pgCpu: pgMs / 1000 / run.seconds,
      loadavg: os.loadavg()[0] ?? NaN,
      throughput: COMMANDS / run.seconds,
      appCpu: appMs / 1000 / run.seconds,
      benchCpu: (self.user + self.system) / 1e6 / run.seconds,
      errors,
      digests: cluster.digests().length,
      forwarded: [...cluster.proxy.forwarded],
    };
  } finally {
    await cluster.close();
    for (const remove of caps) remove?.();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const cpu = (m: Measured) =>
  `CPU: instances ${pct(m.appCpu)} (${round1(m.cpuPerCard)} ms per card), load generator + proxy + fake Slack ${pct(m.benchCpu)}, PostgreSQL ${pct(m.pgCpu)}; load average ${round1(m.loadavg)}`;

function line(m: Measured, one: Measured): BenchLine {
  const slack = m.latencyMs ? `fake Slack answering after ${m.latencyMs} ms` : "fake Slack answering at once";
  const capped = m.cpuShare === null ? "" : `, each capped at ${m.cpuShare} of a core`;
  return {
    name: `instances.${m.instances}${m.latencyMs ? ".latency" : ""}${m.cpuShare === null ? "" : ".capped"}.throughput`,
    value: round1(m.throughput),
    unit: "cards/s",
    note: `${m.instances} instance(s)${capped}, ${slack}: ${(m.throughput / one.throughput).toFixed(2)}× 1 instance; requests per instance ${m.forwarded.join("/")}; ${cpu(m)}`,
  };
}

/** Runs of 1 … `counts` instances; null when a run could not be made (CPU quotas refused). */
async function series(counts: readonly number[], latencyMs = 0, cpuShare: number | null = null) {
  const runs: Measured[] = [];
  for (const n of counts) {
    const m = await measure(n, latencyMs, cpuShare);
    if (m === null) return null;
    runs.push(m);
  }
  return runs;
}

export async function benchInstances(): Promise<BenchLine[]> {
  const pg = await checkPostgres();
  if (!pg.available) return [{ name: "instances", value: 0, unit: "skipped", note: `no PostgreSQL: ${pg.reason}` }];
  buildDist();
  const quick = (await series([1, 2, 3])) as Measured[];
  const slow = LATENCY_MS > 0 ? ((await series([1, 3], LATENCY_MS)) as Measured[]) : [];
  const capped = CPU_SHARE > 0 ? await series([1, 2, 3], 0, CPU_SHARE) : null;
  const [one, , three] = quick as [Measured, Measured, Measured];
  const all = [...quick, ...slow, ...(capped ?? [])];
  const cores = os.availableParallelism();
  // The most cards/s the machine could give the instances if they had every core the load generator leaves them.
  const ceiling = ((cores - three.benchCpu) * 1000) / three.cpuPerCard;
  return [
    {
      name: "instances.of",
      value: COMMANDS,
      unit: "cards",
      note: `per run, ${CONCURRENCY} at a time (${CONCURRENCY_LATENCY} with Slack's latency), after ${WARMUP} per instance to warm up (the digest posted meanwhile)`,
    },
    ...quick.map((m) => line(m, one)),
    ...slow.map((m) => line(m, slow[0] ?? one)),
    {
      name: "instances.throughput.ratio",
      value: Math.round((three.throughput / one.throughput) * 100) / 100,
      unit: "× 1 instance",
      note: `3 instances vs 1, fake Slack answering at once, on this machine's ${cores} cores (shared with the load generator and other work: CPU ceiling ≈ ${Math.round(ceiling)} cards/s at ${round1(three.cpuPerCard)} ms of instance CPU per card)`,
    },
    ...cappedLines(capped),
    {
      name: "instances.errors",
      value: all.reduce((n, m) => n + m.errors, 0),
      unit: "errors",
      note: "bar 0 (every run)",
    },
    {
      name: "instances.3.digests",
      value: three.digests,
      unit: "digests",
      note: `posted for the week by 3 instances (bar exactly 1; every run: ${all.map((m) => m.digests).join("/")})`,
    },
  ];
}

/** The capped series and its 3-vs-1 ratio, or why there is none. */
function cappedLines(capped: readonly Measured[] | null): BenchLine[] {
  if (CPU_SHARE <= 0) return [];
  if (capped === null)
    return [
      {
        name: "instances.capped",
        value: 0,
        unit: "skipped",
        note: "CPU quotas need write access to /sys/fs/cgroup (root)",
      },
    ];
  const [one, , three] = capped as [Measured, Measured, Measured];
  return [
    ...capped.map((m) => line(m, one)),
    {
      name: "instances.capped.throughput.ratio",
      value: Math.round((three.throughput / one.throughput) * 100) / 100,
      unit: "× 1 instance",
      note: `3 instances vs 1, each capped at ${CPU_SHARE} of a core (the CPU each would have on its own machine or container), fake Slack answering at once; bar: rising with instances`,
    },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  printLines(await benchInstances());
