// METHOD §3 value score → §4 matrix for one account: `assess` is the hot path (no zod, no clock, one reused
// score sheet), `assessAll` applies it to a §10.1 input.
import type { AccountFacts, AssessInput } from "./facts.js";
import type { Assessment } from "./results.js";
import { collectNext } from "./collect-next.js";
import { explain } from "./explain.js";
import { PRIORITY_OF, actionsFor, confidenceOf, isProvisional, quadrantOf, tierOf } from "./matrix.js";
import { redFlagBits, redFlagCodes, staleBefore } from "./red-flags.js";
import { CV_I, PT_I, RA_I, SF_I, ScoreSheet, scoreAll } from "./subscores.js";
import { V_W, Y_W } from "./weights.js";

export interface AssessOptions {
  /** Snapshot date (ISO); enables the `contact_stale` red flag. Never read from a clock. */
  asOf?: string | undefined;
}

// One sheet for every call: assess is synchronous and copies what it keeps out of the sheet.
const sheet = new ScoreSheet();
let cachedAsOf: string | undefined;
let cachedCutoff: string | null = null;

/** The staleness cutoff of an as-of date, cached: a portfolio is assessed against one date. */
function staleCutoff(asOf: string | undefined): string | null {
  if (asOf !== cachedAsOf) {
    cachedAsOf = asOf;
    cachedCutoff = asOf === undefined ? null : staleBefore(asOf);
  }
  return cachedCutoff;
}

/** Assess one account (§3–§4): scores, completeness, matrix place, red flags, collect-next, explanation. */
export function assess(account: AccountFacts, opts: AssessOptions = {}): Assessment {
  const s = sheet;
  s.staleCutoff = staleCutoff(opts.asOf);
  scoreAll(account, s);
  const CV = s.score[CV_I] ?? 0, PT = s.score[PT_I] ?? 0, SF = s.score[SF_I] ?? 0, RA = s.score[RA_I] ?? 0;
  const kCV = s.completeness[CV_I] ?? 0, kPT = s.completeness[PT_I] ?? 0;
  const kSF = s.completeness[SF_I] ?? 0, kRA = s.completeness[RA_I] ?? 0;

  const X = CV;                                                    // §3.3 X = CV
  const Y = Y_W.PT * PT + Y_W.SF * SF;                             // §3.3 Y = 0.6·PT + 0.4·SF
  const V = V_W.CV * CV + V_W.PT * PT + V_W.SF * SF + V_W.RA * RA; // §3.3 overall value score
  const kappa = V_W.CV * kCV + V_W.PT * kPT + V_W.SF * kSF + V_W.RA * kRA; // §3.4 overall completeness κ

  const quadrant = quadrantOf(X, Y);
  const provisional = isProvisional(kappa);
  return {
    id: account.id,
    scores: { CV, PT, SF, RA, X, Y, V },
    completeness: { CV: kCV, PT: kPT, SF: kSF, RA: kRA, overall: kappa },
    confidence: confidenceOf(kappa),
    quadrant,
    provisional,
    tier: provisional ? null : tierOf(quadrant, V),
    priority: provisional ? null : PRIORITY_OF[quadrant],
    ra_capped: s.raCapped,
    red_flags: redFlagCodes(redFlagBits(account, s.contactFlags, s.coveredRoles)),
    collect_next: collectNext(account, s.needIndex >= 0, s.weightSum),
    explanation: explain(account, s, X, Y, quadrant, actionsFor(quadrant, RA, account.budget_status, provisional)),
  };
}

/** §10.1: assess every account of an input, in input order. */
export function assessAll(input: AssessInput): Assessment[] {
  const opts: AssessOptions = { asOf: input.as_of };
  return input.accounts.map((a) => assess(a, opts));
}
