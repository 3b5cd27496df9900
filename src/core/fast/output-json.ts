// The §10.1 output of `kvalue assess` written straight to text, one account at a time: the same characters as
// `JSON.stringify(assessOutput(assessments), null, 2)` (../contract.ts, the reference, which
// test/core/output-json.test.ts compares this with), without building the rounded copy of every assessment and
// then walking it again. For the CLI's large-file path, where printing cost more than scoring.
import type { Assessment } from "../results.js";
import { round2, round4 } from "../numerics.js";
import { MODEL_VERSION } from "../weights.js";

/** Indents of the pretty-printed document: accounts sit at depth 2 (4 spaces). */
const I3 = "\n      ",
  I4 = "\n        ",
  I5 = "\n          ";

/** JSON text of a code from a closed `as const` set (red flags, confidence, quadrant, tier, priority): snake_case or letters and
 *  digits, nothing to escape. Ids and collect-next fields (which name contact ids) go through JSON.stringify. */
const code = (s: string): string => `"${s}"`;

const nullable = (s: string | null): string => (s === null ? "null" : code(s));

/** The opening of the document, up to the first account. */
export const ASSESS_OUTPUT_HEAD = `{\n  "model_version": ${JSON.stringify(MODEL_VERSION)},\n  "accounts": [`;
/** The end of the document after `n` accounts (a newline ends the CLI's output). */
export const assessOutputTail = (n: number): string => (n === 0 ? "]\n}" : "\n  ]\n}");
/** What goes before each account: a line break, and a comma after the first. */
export const accountSeparator = (index: number): string => (index === 0 ? "\n    " : ",\n    ");

/** One account of §10.1 as pretty-printed text at depth 2 (without the leading indent). */
export function accountJson(a: Assessment): string {
  const s = a.scores,
    k = a.completeness;
  let flags = "[]";
  if (a.red_flags.length > 0) {
    flags = "[";
    for (let i = 0; i < a.red_flags.length; i++) flags += `${i === 0 ? "" : ","}${I4}${code(a.red_flags[i] as string)}`;
    flags += `${I3}]`;
  }
  let next = "[]";
  if (a.collect_next.length > 0) {
    next = "[";
    for (let i = 0; i < a.collect_next.length; i++) {
      const c = a.collect_next[i] as Assessment["collect_next"][number];
      next += `${i === 0 ? "" : ","}${I4}{${I5}"field": ${JSON.stringify(c.field)},${I5}"weight": ${round4(c.weight)}${I4}}`;
    }
    next += `${I3}]`;
  }
  return (
    `{${I3}"id": ${JSON.stringify(a.id)},${I3}"scores": {` +
    `${I4}"CV": ${round2(s.CV)},${I4}"PT": ${round2(s.PT)},${I4}"SF": ${round2(s.SF)},${I4}"RA": ${round2(s.RA)},` +
    `${I4}"X": ${round2(s.X)},${I4}"Y": ${round2(s.Y)},${I4}"V": ${round2(s.V)}${I3}},` +
    `${I3}"completeness": {${I4}"CV": ${round4(k.CV)},${I4}"PT": ${round4(k.PT)},${I4}"SF": ${round4(k.SF)},` +
    `${I4}"RA": ${round4(k.RA)},${I4}"overall": ${round4(k.overall)}${I3}},` +
    `${I3}"confidence": ${code(a.confidence)},${I3}"quadrant": ${code(a.quadrant)},` +
    `${I3}"provisional": ${a.provisional},${I3}"tier": ${nullable(a.tier)},${I3}"priority": ${nullable(a.priority)},` +
    `${I3}"ra_capped": ${a.ra_capped},${I3}"red_flags": ${flags},${I3}"collect_next": ${next}\n    }`
  );
}
