// Real digest worker processes (`node dist/src/worker.js`, built by test/global-setup.ts) for the exactly-once
// tests: each has its own database pool and Slack client, its clock starts at KVALUE_NOW, and its JSON log lines
// (stderr) are collected so a test can wait for "digest test pause" and SIGKILL it right there.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ENTRY = "dist/src/worker.js";

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface WorkerProcess {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly lines: LogLine[];
  /** Resolves with the first log line (already seen or still to come) that matches. */
  waitFor(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  readonly exited: Promise<number | null>;
}

/** `entry`: the worker by default; "dist/src/main.js" for whole app instances (HTTP and the scheduler). */
export function startWorker(name: string, env: Record<string, string>, entry = ENTRY): WorkerProcess {
  const proc = spawn(process.execPath, [entry], {
    cwd: ROOT,
    // Alert DMs are off unless a test turns them on (KVALUE_ALERTS=on): the digest tests count every post.
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", KVALUE_INSTANCE_ID: name, KVALUE_ALERTS: "off", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const lines: LogLine[] = [];
  const waiters = new Set<{ predicate: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  let buffer = "";
  proc.stderr?.setEncoding("utf8");
  proc.stderr?.on("data", (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { level: 50, msg: text };
      }
      lines.push(line);
      for (const w of [...waiters])
        if (w.predicate(line)) {
          waiters.delete(w);
          w.resolve(line);
        }
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return {
    name,
    proc,
    lines,
    exited,
    waitFor(predicate, timeoutMs = 30_000) {
      const seen = lines.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `${name}: no matching log line within ${timeoutMs} ms; last lines:\n${lines
                .slice(-15)
                .map((l) => JSON.stringify(l))
                .join("\n")}`,
            ),
          );
        }, timeoutMs);
        const waiter = {
          predicate,
          resolve: (l: LogLine) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        waiters.add(waiter);
      });
    },
    async stop(signal = "SIGTERM") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}
