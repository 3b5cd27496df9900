// A console process (`npm start`'s dist/src/main.js with no Slack credentials) driven like a person at a keyboard:
// each answer is typed when its prompt appears. From a pipe, or (TtySession) from a real terminal made by `script`,
// where Ctrl-D is a key and not the end of the input.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { migrate, openStore, type Store } from "../../src/store/index.js";
import { repoRoot } from "../store/support.js";

export const MAIN = path.join(repoRoot, "dist/src/main.js");

/** The environment without anything that would switch the process to Slack mode or another database. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(SLACK_|DATABASE_URL$|OPENAI_|KVALUE_)/.test(k)) env[k] = v;
  }
  return { ...env, LOG_LEVEL: "warn", KVALUE_DEFAULT_LOCALE: "zh-CN" };
}

/** A console process and a cursor over what it printed. */
export class Session {
  readonly child: ChildProcessWithoutNullStreams;
  out = "";
  err = "";
  private seen = 0;
  readonly exited: Promise<number | null>;

  constructor(cwd: string, command: readonly string[] = [process.execPath, MAIN]) {
    const [file = "", ...args] = command;
    this.child = spawn(file, args, { cwd, env: cleanEnv() });
    this.child.stdout.setEncoding("utf8").on("data", (d: string) => {
      this.out += this.clean(d);
    });
    this.child.stderr.setEncoding("utf8").on("data", (d: string) => {
      this.err += d;
    });
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  /** Waits until the output (after what was already read) shows a prompt that waits for input; returns it. */
  async prompt(timeoutMs = 20_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const fresh = this.out.slice(this.seen);
      // A prompt is printed without a newline and then nothing more comes until we answer.
      if (/(kvalue> | {2}> |: )$/.test(fresh)) {
        const before = this.out.length;
        await new Promise((r) => setTimeout(r, 30));
        if (this.out.length === before) {
          this.seen = this.out.length;
          return fresh;
        }
        continue;
      }
      if (Date.now() > end)
        throw new Error(
          `no prompt within ${timeoutMs} ms; output so far:\n${fresh.slice(-2000)}\nstderr:\n${this.err}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** What the terminal would show, as text (a pipe needs no cleaning). */
  protected clean(d: string): string {
    return d;
  }

  type(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }
}

/**
 * The console on a real terminal: `script` gives the process a pseudo-terminal, so stdin and stdout are TTYs and the
 * keys typed (Ctrl-D included) go through the terminal as a person's would. Linux's util-linux `script`.
 */
export class TtySession extends Session {
  constructor(cwd: string) {
    super(cwd, ["script", "-qfec", `"${process.execPath}" "${MAIN}"`, "/dev/null"]);
  }

  /** Cursor moves and line clearing dropped; line ends as a pipe has them. */
  protected override clean(d: string): string {
    return d.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
  }

  /** Ctrl-D, as the key. */
  ctrlD(): void {
    this.child.stdin.write("\x04");
  }
}

export async function withStore<T>(cwd: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(`file:${path.join(cwd, "data/kvalue.db")}`);
  try {
    await migrate(store);
    return await fn(store);
  } finally {
    await store.close();
  }
}
