// `kvalue assess` on a large file: the document is read piece by piece and cut into batches of accounts, each parsed,
// checked and scored as it arrives (by worker threads once the input proves large), and its output written as text,
// so a 100,000-account file never exists as one parsed document nor as one output object (issue 12.5). It only ever
// says yes: anything it cannot vouch for (a syntax error, a value the schema rejects, a repeated id, an unusual
// layout) makes `end()` return null, and the command reads the document the reference way (zod, every problem
// placed), whose result is the one that counts.
// test/cli/assess-stream.test.ts holds it to the reference, output for output, on random documents.
import { acceptAsOf } from "../core/fast/accept.js";
import { ASSESS_OUTPUT_HEAD, assessOutputTail } from "../core/fast/output-json.js";
import { scoreBatch, type BatchJob, type ScoredBatch } from "./assess-batch.js";
import { ObjectSplitter, utf8 } from "./json-split.js";

/** Accounts scored per batch: enough to amortise the call (and a worker's message), few enough to stay in the young
 *  generation. */
const BATCH = 256;
/** Accounts read before batches go to worker threads: a small input is done before a worker would have started. */
const POOL_AFTER = 8 * BATCH;
/** Batches sent to the workers and not yet back before reading waits for them. */
const IN_FLIGHT = 16;

/** Scores batches off the main thread (./assess-pool.ts). */
export interface BatchPool {
  score(job: BatchJob): Promise<ScoredBatch | null>;
  below(n: number): Promise<void>;
  close(): void;
}

const COMMA = 44,
  OPEN_BRACKET = 91,
  CLOSE_BRACKET = 93;

/** The elements as the bytes of one JSON array, in a buffer of its own (a worker takes it over without a copy). */
function arrayOf(elements: readonly Uint8Array[]): Uint8Array {
  let size = 1 + elements.length;
  for (const e of elements) size += e.length;
  const out = new Uint8Array(size);
  out[0] = OPEN_BRACKET;
  let at = 1;
  for (const e of elements) {
    if (at > 1) out[at++] = COMMA;
    out.set(e, at);
    at += e.length;
  }
  out[at] = CLOSE_BRACKET;
  return out;
}

export class AssessStream {
  readonly #splitter = new ObjectSplitter("accounts", {
    element: (bytes) => this.#account(bytes),
    member: (key, bytes) => this.#member(key, bytes),
  });
  readonly #startPool: () => BatchPool | null;
  #pool: BatchPool | null = null;
  #ok = true;
  #asOf: string | undefined = undefined;
  /** Whether `as_of` came before the first account (else accounts wait for the end of the document). */
  #asOfKnown = false;
  #accounts = false;
  #batch: Uint8Array[] = [];
  /** Batches read before `as_of` was known. */
  readonly #waiting: Uint8Array[][] = [];
  /** Each batch's result, in document order. */
  readonly #results: (ScoredBatch | null | Promise<ScoredBatch | null>)[] = [];
  #count = 0;

  /** `pool` starts worker threads once the input proves large (null: score on this thread). */
  constructor(options: { pool?: () => BatchPool | null } = {}) {
    this.#startPool = options.pool ?? (() => null);
  }

  /** The next piece of the input; resolves when the reader may send the next one. */
  async push(bytes: Uint8Array): Promise<void> {
    if (!this.#ok) return;
    try {
      this.#splitter.push(bytes);
    } catch {
      this.#ok = false;
    }
    await this.#pool?.below(IN_FLIGHT);
  }

  /** The output text in pieces, to be written in order; null when the reference must read the input. */
  async end(): Promise<string[] | null> {
    try {
      return await this.#finish();
    } finally {
      this.close();
    }
  }

  /** Lets the worker threads go (done by `end`; for a reading abandoned before it). */
  close(): void {
    this.#pool?.close();
  }

  async #finish(): Promise<string[] | null> {
    if (!this.#ok) return null;
    try {
      this.#splitter.end();
    } catch {
      return null;
    }
    if (!this.#ok || !this.#accounts) return null;
    this.#asOfKnown = true;
    for (const batch of this.#waiting) this.#score(batch);
    if (this.#batch.length > 0) this.#score(this.#batch);
    const parts = [ASSESS_OUTPUT_HEAD];
    const ids = new Set<string>();
    const results = await Promise.all(this.#results);
    if (!this.#ok) return null;
    for (const result of results) {
      if (result === null) return null;
      for (const id of result.ids) {
        if (ids.has(id)) return null;
        ids.add(id);
      }
      parts.push(result.text);
    }
    parts.push(`${assessOutputTail(this.#count)}\n`);
    return parts;
  }

  #member(key: string, bytes: Uint8Array): void {
    const value: unknown = JSON.parse(utf8(bytes)); // a member the schema does not know is dropped, but must be JSON
    if (key === "as_of") {
      if (!acceptAsOf(value)) throw new Error("as_of");
      this.#asOf = value as string;
      if (!this.#accounts) this.#asOfKnown = true;
    }
  }

  #account(bytes: Uint8Array): void {
    this.#accounts = true;
    this.#batch.push(bytes);
    if (this.#batch.length === BATCH) {
      if (this.#asOfKnown) this.#score(this.#batch);
      else this.#waiting.push(this.#batch);
      this.#batch = [];
    }
  }

  #score(batch: Uint8Array[]): void {
    const job: BatchJob = { accounts: arrayOf(batch), asOf: this.#asOf, first: this.#count };
    this.#count += batch.length;
    if (this.#pool === null && this.#count > POOL_AFTER) this.#pool = this.#startPool();
    const result = this.#pool ? this.#pool.score(job) : scoreBatch(job);
    // A batch the path cannot vouch for ends the reading early: the reference reads the document.
    if (result === null) this.#ok = false;
    else if (result instanceof Promise) void result.then((r) => r === null && (this.#ok = false));
    this.#results.push(result);
  }
}
