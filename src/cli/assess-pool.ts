// Worker threads for `kvalue assess` on a large input (issue 12.5): the main thread reads and splits the document,
// the workers parse, check, score and print batches of accounts, so a 100,000-account file uses every core. A worker
// that fails makes its batches (and every later one) come back null: the command then reads the document the
// reference way, which is slower but says the same.
import { existsSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { BatchJob, ScoredBatch } from "./assess-batch.js";

/** The compiled worker next to this module (absent when the CLI runs from TypeScript source: then no pool). */
const SCRIPT = new URL("./assess-worker.js", import.meta.url);

export class AssessPool {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, (result: ScoredBatch | null) => void>();
  #waiters: (() => void)[] = [];
  #jobs = 0;
  #broken = false;

  /** A worker per core (the main thread only reads), at most 4; null on one core or without the script. */
  static start(script: URL = SCRIPT): AssessPool | null {
    const cores = os.availableParallelism();
    if (cores < 2 || !existsSync(fileURLToPath(script))) return null;
    return new AssessPool(script, Math.min(cores, 4));
  }

  private constructor(script: URL, size: number) {
    this.#workers = Array.from({ length: size }, () => {
      const worker = new Worker(script);
      worker.on("message", (m: { id: number; result: ScoredBatch | null }) => this.#settle(m.id, m.result));
      worker.on("error", () => this.#fail());
      worker.on("exit", () => this.#fail());
      return worker;
    });
  }

  /** The batch scored by the next worker in turn. */
  score(job: BatchJob): Promise<ScoredBatch | null> {
    if (this.#broken) return Promise.resolve(null);
    const id = this.#jobs++;
    const result = new Promise<ScoredBatch | null>((resolve) => this.#pending.set(id, resolve));
    (this.#workers[id % this.#workers.length] as Worker).postMessage({ id, job }, [job.accounts.buffer as ArrayBuffer]);
    return result;
  }

  /** Resolves once at most `n` batches are waiting for a worker: the reader slows down instead of queueing the whole
   *  document's text in the workers' inboxes. */
  async below(n: number): Promise<void> {
    while (this.#pending.size > n) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  close(): void {
    this.#broken = true;
    for (const worker of this.#workers) {
      worker.removeAllListeners("exit");
      void worker.terminate();
    }
  }

  #settle(id: number, result: ScoredBatch | null): void {
    this.#pending.get(id)?.(result);
    this.#pending.delete(id);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  #fail(): void {
    this.#broken = true;
    for (const id of [...this.#pending.keys()]) this.#settle(id, null);
  }
}
