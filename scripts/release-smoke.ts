// Smoke test of a release tarball, as an operator would run it: unpacked in a temporary folder, with only `node`
// on PATH (no npm, no compiler, no repository node_modules above it), `kvalue assess` on a golden file, `kvalue
// migrate` on a new SQLite file, and the HTTP server started and answering /healthz and a signed Slack request.
//   npx tsx scripts/release-smoke.ts release/kvalue-<version>-linux-x64-node20.tar.gz      (.ci/run does)
// The helpers are shared with test/release/bundle.test.ts.
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Unpacked {
  /** the bundle's top folder, kvalue-<version>-<platform> */
  dir: string;
  /** a PATH holding only `node` */
  path: string;
  /** a scratch folder beside the bundle (databases, logs) */
  scratch: string;
  remove(): void;
}

export function unpackRelease(tarball: string): Unpacked {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-release-"));
  execFileSync("tar", ["-xzf", path.resolve(tarball), "-C", base]);
  const [top] = fs.readdirSync(base);
  if (!top) throw new Error(`${tarball} is empty`);
  const bin = path.join(base, "node-only");
  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, "node"));
  const scratch = path.join(base, "scratch");
  fs.mkdirSync(scratch);
  return {
    dir: path.join(base, top),
    path: bin,
    scratch,
    remove: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}

/** The bundle's environment: nothing inherited but what is given (no NODE_PATH, no npm_* variables). */
export const bundleEnv = (u: Unpacked, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  PATH: u.path,
  HOME: u.scratch,
  LOG_LEVEL: "warn",
  ...extra,
});

export function kvalueIn(
  u: Unpacked,
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(path.join(u.dir, "kvalue"), args, {
    cwd: u.scratch,
    env: bundleEnv(u, env),
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface Running {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** `./start` in HTTP mode on a free port; resolves once /healthz answers 200. */
export async function startBundle(u: Unpacked, env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  let output = "";
  const child = spawn(path.join(u.dir, "start"), [], {
    cwd: u.scratch,
    env: bundleEnv(u, { PORT: String(port), ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bundle exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the bundle did not answer /healthz within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A url_verification request signed as Slack signs it ("v0:{timestamp}:{body}", HMAC-SHA256). */
export async function signedUrlVerification(url: string, secret: string, challenge: string): Promise<Response> {
  const body = JSON.stringify({ type: "url_verification", token: "t", challenge });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return fetch(`${url}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  });
}

/** The settings of an HTTP-mode start that reaches nothing outside this machine. */
export const httpModeEnv = (u: Unpacked, secret: string): Record<string, string> => ({
  DATABASE_URL: `file:${path.join(u.scratch, "server.db")}`,
  SLACK_BOT_TOKEN: "xoxb-smoke",
  SLACK_SIGNING_SECRET: secret,
  SLACK_API_URL: "http://127.0.0.1:9/api/", // discard port: nothing answers, nothing leaves the machine
});

async function smoke(tarball: string): Promise<void> {
  const u = unpackRelease(tarball);
  const check = (ok: boolean, what: string, detail = ""): void => {
    if (!ok) throw new Error(`release smoke: ${what}${detail ? `\n${detail}` : ""}`);
    console.log(`ok   ${what}`);
  };
  try {
    const golden = path.join(ROOT, "test", "golden");
    const assess = kvalueIn(u, ["assess", path.join(golden, "assess-abc.input.json")]);
    const expected = JSON.parse(fs.readFileSync(path.join(golden, "assess-abc.expected.json"), "utf8")) as unknown;
    check(
      assess.status === 0 && JSON.stringify(JSON.parse(assess.stdout)) === JSON.stringify(expected),
      "kvalue assess prints the golden result",
      assess.stderr,
    );
    const migrate = kvalueIn(u, ["migrate"], { DATABASE_URL: `file:${path.join(u.scratch, "cli.db")}` });
    check(
      migrate.status === 0 && migrate.stdout.startsWith("applied "),
      "kvalue migrate applies the migrations",
      migrate.stderr,
    );
    const secret = "smoke-secret";
    const running = await startBundle(u, httpModeEnv(u, secret));
    try {
      check(true, `the server answers /healthz at ${running.url}`);
      const r = await signedUrlVerification(running.url, secret, "smoke-challenge");
      check(r.status === 200 && (await r.text()).includes("smoke-challenge"), "a signed Slack request is answered");
    } finally {
      const code = await running.stop();
      check(code === 0, "SIGTERM stops it cleanly", running.output());
    }
  } finally {
    u.remove();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tarball = process.argv[2];
  if (!tarball) {
    console.error("usage: tsx scripts/release-smoke.ts release/kvalue-<version>-linux-x64-node20.tar.gz");
    process.exitCode = 2;
  } else {
    await smoke(tarball);
  }
}
