// Card throughput with 1 and 3 app instances (`node dist/src/main.js`) on one PostgreSQL database behind a
// round-robin proxy on 127.0.0.1 (test/support/round-robin-proxy.ts), with the week's digest falling due on every
// instance during the load: signed `/kvalue <account>` commands, CONCURRENCY at a time, each waiting for its card at
// the response_url (the fake Slack Web API). Also counted: errors (acks that are not 200, missing or wrong cards,
// error log lines) and the digests posted (must be exactly 1). Needs PostgreSQL (KVALUE_TEST_PG_URL).
// Run alone: `npx tsx bench/instances.ts`.
import { pathToFileURL } from "node:url";
import buildDist from "../test/global-setup.js";
import { startCluster } from "../test/ops/support/cluster.js";
import { checkPostgres } from "../test/store/support.js";
import { printLines, type BenchLine } from "./lines.js";

const COMMANDS = Number(process.env.BENCH_INSTANCES_COMMANDS ?? 300);
const CONCURRENCY = 30;
const WARMUP = 90;

interface Measured {
  instances: number;
  throughput: number;
  errors: number;
  digests: number;
  forwarded: number[];
}

async function measure(instances: number): Promise<Measured> {
  const cluster = await startCluster({ instances });
  try {
    // Warm-up: every instance has opened its pool, compiled its hot paths and cached the users' locales.
    const warm = await cluster.load(WARMUP, CONCURRENCY);
    const run = await cluster.load(COMMANDS, CONCURRENCY);
    await cluster.digestSettled();
    await new Promise((r) => setTimeout(r, 1_000));
    const errors = warm.errors.length + run.errors.length + cluster.errorLines().length + cluster.proxy.failed;
    if (process.env.BENCH_VERBOSE)
      for (const e of [...warm.errors, ...run.errors, ...cluster.errorLines().map((l) => JSON.stringify(l))])
        console.error(e);
    return {
      instances,
      throughput: COMMANDS / run.seconds,
      errors,
      digests: cluster.digests().length,
      forwarded: [...cluster.proxy.forwarded],
    };
  } finally {
    await cluster.close();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export async function benchInstances(): Promise<BenchLine[]> {
  const pg = await checkPostgres();
  if (!pg.available) return [{ name: "instances", value: 0, unit: "skipped", note: `no PostgreSQL: ${pg.reason}` }];
  buildDist();
  const one = await measure(1);
  const three = await measure(3);
  const of = `${COMMANDS} cards, ${CONCURRENCY} at a time, after ${WARMUP} to warm up; digest due during the load`;
  return [
    { name: "instances.1.throughput", value: round1(one.throughput), unit: "cards/s", note: `1 instance; ${of}` },
    {
      name: "instances.3.throughput",
      value: round1(three.throughput),
      unit: "cards/s",
      note: `3 instances behind the round-robin proxy (requests per instance ${three.forwarded.join("/")})`,
    },
    {
      name: "instances.throughput.ratio",
      value: Math.round((three.throughput / one.throughput) * 100) / 100,
      unit: "× 1 instance",
      note: "3 instances vs 1 (the machine's cores bound it: the load generator and fake Slack share them)",
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
