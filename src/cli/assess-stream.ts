// `kvalue assess` on a large file: the document is read piece by piece, each account parsed, checked and scored in
// batches as it arrives, and its output written as text, so a 100,000-account file never exists as one parsed
// document nor as one output object (issue 12.5). It only ever says yes: anything it cannot vouch for (a syntax
// error, a value the schema rejects, a repeated id, an unusual layout) makes `end()` return null, and the command
// reads the document the reference way (zod, every problem placed), whose result is the one that counts.
// test/cli/assess-stream.test.ts holds it to the reference, output for output, on random documents.
import { acceptAccount, acceptAsOf } from "../core/fast/accept.js";
import { ASSESS_OUTPUT_HEAD, accountJson, accountSeparator, assessOutputTail } from "../core/fast/output-json.js";
import { assessAll } from "../core/assess.js";
import type { AccountFacts } from "../core/facts.js";
import { ObjectSplitter } from "./json-split.js";

/** Accounts scored per assessAll call: enough to amortise the call, few enough to stay in the young generation. */
const BATCH = 256;

export class AssessStream {
  /** The bytes of a character split between two pieces, decoded with the next piece. */
  #carry: Buffer | null = null;
  readonly #splitter = new ObjectSplitter("accounts", {
    element: (text) => this.#account(text),
    member: (key, text) => this.#member(key, text),
  });
  #ok = true;
  #asOf: string | undefined = undefined;
  /** Whether `as_of` came before the first account (else accounts wait for the end of the document). */
  #asOfKnown = false;
  #accounts = false;
  readonly #ids = new Set<string>();
  #batch: AccountFacts[] = [];
  /** Batches read before `as_of` was known. */
  readonly #waiting: AccountFacts[][] = [];
  readonly #parts: string[] = [ASSESS_OUTPUT_HEAD];
  #count = 0;

  /** The next piece of the input. */
  push(bytes: Uint8Array): void {
    if (!this.#ok) return;
    try {
      this.#splitter.push(this.#decode(bytes));
    } catch {
      this.#ok = false;
    }
  }

  /** The output text in pieces, to be written in order; null when the reference must read the input. */
  end(): string[] | null {
    if (!this.#ok) return null;
    try {
      if (this.#carry) this.#splitter.push(this.#carry.toString("utf8"));
      this.#splitter.end();
    } catch {
      return null;
    }
    if (!this.#ok || !this.#accounts) return null;
    this.#asOfKnown = true;
    for (const batch of this.#waiting) this.#score(batch);
    if (this.#batch.length > 0) this.#score(this.#batch);
    this.#parts.push(`${assessOutputTail(this.#count)}\n`);
    return this.#parts;
  }

  /** UTF-8 text of a piece as Buffer#toString reads it (a BOM stays, and JSON rejects it, as in the reference),
   *  holding back the bytes of a character that the next piece completes. */
  #decode(bytes: Uint8Array): string {
    let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.#carry) {
      buf = Buffer.concat([this.#carry, buf]);
      this.#carry = null;
    }
    let end = buf.length;
    // Back over continuation bytes (10xxxxxx) to the lead byte of the last character; keep it if incomplete.
    let lead = end - 1;
    while (lead >= 0 && lead > end - 4 && ((buf[lead] ?? 0) & 0xc0) === 0x80) lead--;
    if (lead >= 0) {
      const b = buf[lead] ?? 0;
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (lead + size > end) {
        this.#carry = Buffer.from(buf.subarray(lead));
        end = lead;
      }
    }
    return buf.toString("utf8", 0, end);
  }

  #member(key: string, text: string): void {
    const value: unknown = JSON.parse(text); // a member the schema does not know is dropped, but must be JSON
    if (key === "as_of") {
      if (!acceptAsOf(value)) throw new Error("as_of");
      this.#asOf = value as string;
      if (!this.#accounts) this.#asOfKnown = true;
    }
  }

  #account(text: string): void {
    this.#accounts = true;
    const account: unknown = JSON.parse(text);
    if (!acceptAccount(account) || this.#ids.has(account.id)) throw new Error("account");
    this.#ids.add(account.id);
    this.#batch.push(account);
    if (this.#batch.length === BATCH) {
      if (this.#asOfKnown) this.#score(this.#batch);
      else this.#waiting.push(this.#batch);
      this.#batch = [];
    }
  }

  #score(accounts: AccountFacts[]): void {
    const texts: string[] = [];
    for (const a of assessAll({ as_of: this.#asOf, accounts }))
      texts.push(accountSeparator(this.#count++), accountJson(a));
    // One flat string per batch: kept as the pieces they were built from, they would fill the heap with ropes.
    this.#parts.push(texts.join(""));
  }
}
