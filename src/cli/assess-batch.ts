// One batch of `kvalue assess`'s streamed accounts, from text to output text: parsed, checked, scored and printed.
// The same function runs on the main thread (small inputs) and in the worker threads of a large one
// (./assess-pool.ts), so both paths print the same characters.
import { acceptAccount } from "../core/fast/accept.js";
import { accountJson, accountSeparator } from "../core/fast/output-json.js";
import { assessAll } from "../core/assess.js";
import { utf8 } from "./json-split.js";

export interface BatchJob {
  /** The batch's account elements as the UTF-8 bytes of one JSON array: one parse per batch, one buffer to post. */
  accounts: Uint8Array;
  asOf: string | undefined;
  /** The index of the batch's first account in the document (the first one prints without a comma). */
  first: number;
}

export interface ScoredBatch {
  /** The accounts' ids in order: the caller checks they are unique across batches. */
  ids: string[];
  /** The accounts' output, each after its separator. */
  text: string;
}

/** The batch scored, or null when an account is not one the schema would accept (the reference then says why). */
export function scoreBatch(job: BatchJob): ScoredBatch | null {
  let list: unknown;
  try {
    list = JSON.parse(utf8(job.accounts));
  } catch {
    return null;
  }
  if (!Array.isArray(list) || !list.every(acceptAccount)) return null;
  const parts: string[] = [];
  let index = job.first;
  for (const a of assessAll({ as_of: job.asOf, accounts: list })) parts.push(accountSeparator(index++), accountJson(a));
  // One flat string: kept as the pieces it was built from, it would fill the heap with ropes.
  return { ids: list.map((a) => a.id), text: parts.join("") };
}
