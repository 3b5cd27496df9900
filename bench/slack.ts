// `/kvalue <account>` under load, as Slack would send it: 200 signed slash commands, 20 at a time, to the HTTP
// receiver of the real app (`node dist/src/main.js` in its own process, SQLite with the demo portfolio), with the
// fake Slack Web API (test/support) answering users.info and receiving the cards at their response_urls.
// The same load against a bare Bolt app (its own process: acks, then answers "ok" at the response_url) is the baseline,
// measured in the same run, rounds alternating: ack p99 and throughput are printed as ratios to it (issue 12.6).
// BENCH_SLACK_BEFORE=<a checkout with a built dist/> adds that build of the app as a third process in the same rounds
// (same database, same load), so a change is measured against the code before it on the same busy machine.
// Run alone: `npx tsx bench/slack.ts`.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { demoPortfolio } from "../src/features/demo/portfolio.js";
import { createServiceDeps } from "../src/features/deps.js";
import { today } from "../src/features/deps.js";
import { loadDemo } from "../src/features/demo/service.js";
import { syncMembers } from "../src/features/teams/service.js";
import { migrate, openStore } from "../src/store/index.js";
import buildDist from "../test/global-setup.js";
import { startFakeSlack, type FakeSlack } from "../test/support/fake-slack.js";
import { sendSlashCommand } from "../test/support/slack-request.js";
import { printLines, type BenchLine } from "./lines.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const COMMANDS = 200;
const CONCURRENCY = 20;
const WARMUP = 60;
const ROUNDS = Number(process.env.BENCH_SLACK_ROUNDS ?? 3);
const SECRET = "bench-signing-secret";
const WS = "T0KVALUE"; // the fake's workspace
const CHANNEL = "C0SALES";
// One user per concurrent client: each has the Slack locale lookup (users.info) once, in the warm-up.
const USERS = Array.from({ length: 20 }, (_, i) => `U0REP${String(i + 1).padStart(2, "0")}`);

interface Child {
  proc: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Starts `args` with node and waits for the port it prints (a JSON line with "port"). */
function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<Child> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      seen += d.toString("utf8");
      const port = /"port":\s*(\d+)/.exec(seen)?.[1];
      if (port) {
        proc.stdout?.off("data", onData);
        proc.stderr?.off("data", onData);
        proc.stdout?.resume();
        proc.stderr?.resume();
        if (process.env.BENCH_SLACK_VERBOSE)
          proc.stderr?.on("data", (d: Buffer) =>
            process.stderr.write(`[${args.at(-1)?.slice(0, 20)}] ${d.toString("utf8").slice(0, 300)}\n`),
          );
        resolve({
          proc,
          port: Number(port),
          stop: () =>
            new Promise((r) => {
              proc.once("exit", () => r());
              proc.kill("SIGTERM");
            }),
        });
      }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.once("exit", (code) =>
      reject(new Error(`${args.join(" ")} exited with ${code} before listening:\n${seen.slice(-2000)}`)),
    );
  });
}

/** CPU time a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (x: number) => `${Math.round(x * 100)}%`;

interface Run {
  ackMs: number[];
  cardMs: number[];
  seconds: number;
}

/** `n` slash commands, `concurrency` at a time; with `slack`, each also waits for its card at the response_url. */
async function load(
  port: number,
  slack: FakeSlack,
  names: readonly string[],
  n: number,
  waitForCard: boolean,
): Promise<Run> {
  const base = `http://127.0.0.1:${port}`;
  const ackMs: number[] = [];
  const cardMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const one = async (i: number) => {
    const sentAt = Date.now();
    const t0 = performance.now();
    const res = await sendSlashCommand(
      base,
      SECRET,
      { user_id: USERS[i % USERS.length] ?? "", channel_id: CHANNEL, text: names[i % names.length] ?? "" },
      { slack },
    );
    ackMs.push(performance.now() - t0);
    if (res.status !== 200 || res.body !== "") throw new Error(`command ${i}: ${res.status} ${res.body.slice(0, 200)}`);
    if (waitForCard) {
      const card = await slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 30_000);
      if (card.status !== 200) throw new Error(`command ${i}: the card was refused: ${JSON.stringify(card.response)}`);
      cardMs.push(card.at - sentAt);
    }
  };
  await Promise.all(
    Array.from({ length: concurrency(n) }, async () => {
      while (next < n) await one(next++);
    }),
  );
  return { ackMs, cardMs, seconds: (performance.now() - started) / 1000 };
}
const concurrency = (n: number) => Math.min(CONCURRENCY, n);

interface Measured extends Run {
  appCpu: number;
  benchCpu: number;
  appCpuMsPerCommand: number;
}

/** A load run with the CPU the app process and this process (load generator, fake Slack) used meanwhile. */
async function measured(target: Child, run: () => Promise<Run>): Promise<Measured> {
  const app0 = cpuMs(target.proc.pid);
  const self0 = process.cpuUsage();
  const r = await run();
  const appMs = cpuMs(target.proc.pid) - app0;
  const self = process.cpuUsage(self0);
  return {
    ...r,
    appCpu: appMs / 1000 / r.seconds,
    benchCpu: (self.user + self.system) / 1e6 / r.seconds,
    appCpuMsPerCommand: appMs / COMMANDS,
  };
}

const median = (xs: Measured[]): Measured =>
  [...xs].sort((a, b) => a.seconds - b.seconds)[xs.length >> 1] ?? (xs[0] as Measured);

/** The app against the build in BENCH_SLACK_BEFORE, measured in the same rounds. */
function beforeLines(run: Measured, before: Measured, bare: Measured): BenchLine[] {
  const ms = (x: number) => Math.round(x * 100) / 100;
  return [
    {
      name: "slack.before.throughput",
      value: round1(COMMANDS / before.seconds),
      unit: "commands/s",
      note: `the build in BENCH_SLACK_BEFORE, same rounds: ${ms(bare.seconds / before.seconds)}× bare; app CPU per command ${ms(before.appCpuMsPerCommand)} ms`,
    },
    {
      name: "slack.throughput.vs_before",
      value: ms(before.seconds / run.seconds),
      unit: "× before",
      note: `cards/s against the build before, same run; CPU per command ${ms(run.appCpuMsPerCommand / before.appCpuMsPerCommand)}× before's`,
    },
  ];
}

export async function benchSlack(): Promise<BenchLine[]> {
  buildDist(); // the app runs from dist/ as `npm start` does; rebuilt only when a source changed
  const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-bench-slack-"));
  const slack = await startFakeSlack();
  for (const u of USERS) slack.setUser(u, { locale: "zh-CN" });
  slack.setChannelMembers(CHANNEL, USERS);
  const children: Child[] = [];
  try {
    // The database the app will open: migrated, with the demo portfolio in the fake's workspace.
    const url = `file:${path.join(dir, "kvalue.db")}`;
    const store = await openStore(url);
    await migrate(store);
    const deps = createServiceDeps(store, { now: () => new Date(), managers: [] });
    await loadDemo(deps, { workspaceId: WS, userId: USERS[0] ?? "", source: "demo" }, CHANNEL);
    const team = await store.db.team.findFirstOrThrow({ where: { channelId: CHANNEL } });
    await syncMembers(deps, team.id, USERS);
    await store.close();
    const names = demoPortfolio(today(deps)).accounts.map((a) => a.name);

    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      DATABASE_URL: url,
      PORT: "0",
      LOG_LEVEL: "info",
    };
    // BENCH_APP_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the app's node, to profile it.
    const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const app = await startChild([...nodeArgs, "dist/src/main.js"], env);
    children.push(app);
    const bareCode = `
      import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
      const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET, endpoints: "/slack/events", logLevel: LogLevel.ERROR });
      const app = new App({ receiver, token: process.env.SLACK_BOT_TOKEN, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: process.env.SLACK_API_URL } });
      app.command("/kvalue", async ({ ack, respond }) => { await ack(); await respond({ response_type: "ephemeral", text: "ok" }); });
      const server = await receiver.start(0);
      console.log(JSON.stringify({ port: server.address().port }));`;
    const bare = await startChild(["--input-type=module", "-e", bareCode], env);
    children.push(bare);
    const beforeDir = process.env.BENCH_SLACK_BEFORE;
    const before = beforeDir ? await startChild([path.join(beforeDir, "dist/src/main.js")], env) : undefined;
    if (before) children.push(before);
    await new Promise((r) => setTimeout(r, 500));
    const rssStart = rssMb(app.proc.pid);
    await load(app.port, slack, names, WARMUP, true);
    await load(bare.port, slack, names, WARMUP, true);
    if (before) await load(before.port, slack, names, WARMUP, true);

    // Rounds alternate between the two apps, so a busy moment of the machine hits both alike; medians are reported.
    const runs: Measured[] = [];
    const bares: Measured[] = [];
    const befores: Measured[] = [];
    const load0 = os.loadavg();
    for (let round = 0; round < ROUNDS; round++) {
      slack.reset();
      for (const u of USERS) slack.setUser(u, { locale: "zh-CN" });
      slack.setChannelMembers(CHANNEL, USERS);
      runs.push(await measured(app, () => load(app.port, slack, names, COMMANDS, true)));
      bares.push(await measured(bare, () => load(bare.port, slack, names, COMMANDS, true)));
      if (before) befores.push(await measured(before, () => load(before.port, slack, names, COMMANDS, true)));
      if (process.env.BENCH_SLACK_VERBOSE) console.error(`round ${round + 1}: app RSS ${rssMb(app.proc.pid)} MB`);
    }
    const rssAfter = rssMb(app.proc.pid);
    const load1 = os.loadavg();
    await Promise.all(children.map((c) => c.stop()));

    const run = median(runs);
    const baseline = median(bares);
    const throughput = COMMANDS / run.seconds;
    const bareThroughput = COMMANDS / baseline.seconds;
    const acks = runs.flatMap((r) => r.ackMs);
    const bareAckP99 = quantile(
      bares.flatMap((r) => r.ackMs),
      0.99,
    );
    const ackRatio = quantile(acks, 0.99) / bareAckP99;
    const cards = runs.flatMap((r) => r.cardMs);
    const of = `${ROUNDS} rounds of ${COMMANDS} commands, ${CONCURRENCY} at a time, after ${WARMUP} to warm up`;
    return [
      { name: "slack.ack.p50", value: round1(quantile(acks, 0.5)), unit: "ms", note: of },
      { name: "slack.ack.p99", value: round1(quantile(acks, 0.99)), unit: "ms", note: "bar < 100 ms" },
      {
        name: "slack.ack.p99.ratio",
        value: Math.round(ackRatio * 100) / 100,
        unit: "× bare",
        note: `ack p99 against the bare Bolt app's ${round1(bareAckP99)} ms in the same run, ${CONCURRENCY} at a time (bar ≤ 3×)`,
      },
      {
        name: "slack.card.p50",
        value: round1(quantile(cards, 0.5)),
        unit: "ms",
        note: "sent → card received at the response_url",
      },
      { name: "slack.card.p99", value: round1(quantile(cards, 0.99)), unit: "ms", note: "bar < 300 ms" },
      {
        name: "slack.throughput",
        value: round1(throughput),
        unit: "commands/s",
        note: `median round, until its last card was delivered; CPU: app ${pct(run.appCpu)}, load generator + fake Slack ${pct(run.benchCpu)}`,
      },
      {
        name: "slack.cpu_per_command",
        value: Math.round(run.appCpuMsPerCommand * 100) / 100,
        unit: "ms",
        note: `app CPU per command; bare Bolt: ${Math.round(baseline.appCpuMsPerCommand * 100) / 100} ms`,
      },
      {
        name: "slack.bare.throughput",
        value: round1(bareThroughput),
        unit: "commands/s",
        note: `bare Bolt app: acks, then answers "ok" at the response_url; median round, until its last answer arrived; ack p99 ${round1(bareAckP99)} ms; CPU: app ${pct(baseline.appCpu)}, load generator ${pct(baseline.benchCpu)}`,
      },
      {
        name: "slack.throughput.ratio",
        value: Math.round((throughput / bareThroughput) * 100) / 100,
        unit: "× bare",
        note: "cards/s against the bare app's answers/s in the same run (bar ≥ 0.7)",
      },
      {
        name: "slack.rss.start",
        value: rssStart,
        unit: "MB",
        note: "the app process (node dist/src/main.js, SQLite) after start",
      },
      { name: "slack.rss.after", value: rssAfter, unit: "MB", note: "after the load; bar < 300 MB" },
      ...(befores.length > 0 ? beforeLines(run, median(befores), baseline) : []),
      {
        name: "slack.loadavg",
        value: round1(load1[0] ?? NaN),
        unit: "1-min load",
        note: `machine load average (1/5/15 min) at the start of the rounds ${load0.map(round1).join("/")}, at the end ${load1.map(round1).join("/")}, on ${os.availableParallelism()} cores`,
      },
    ];
  } finally {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill("SIGKILL");
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  printLines(await benchSlack());
