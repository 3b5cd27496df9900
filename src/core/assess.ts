// METHOD §3 value score → §4 matrix for one account: `assess` is the hot path (no zod, no clock, one reused
// score sheet), `assessAll` applies it to a §10.1 input.
import type { AccountFacts, AssessInput } from "./facts.js";
import type { Assessment, CollectNext, Completeness, Explanation, RedFlag, Scores } from "./results.js";
import type { Confidence, Priority, Quadrant, Tier } from "./enums.js";
import { collectNext } from "./collect-next.js";
import { explain } from "./explain.js";
import { PRIORITY_OF, actionsFor, confidenceOf, isProvisional, quadrantOf, tierOf } from "./matrix.js";
import { redFlagBits, redFlagCodes, staleBefore } from "./red-flags.js";
import { COMPONENTS, CV_I, PT_I, RA_I, SF_I, ScoreSheet, scoreAll } from "./subscores.js";
import { V_W, Y_W } from "./weights.js";

export interface AssessOptions {
  /** Snapshot date (ISO); enables the `contact_stale` red flag. Never read from a clock. */
  asOf?: string | undefined;
  /** The model version in force (§6.6): V and Y weights; absent = v1-default (V_W, Y_W). κ keeps V_W (§3.4 W_sub). */
  model?: ModelWeights | undefined;
}

/** The weights a model version sets (§6.5): V's four and the matrix Y's two. */
export interface ModelWeights {
  weights: { CV: number; PT: number; SF: number; RA: number };
  yWeights: { PT: number; SF: number };
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
  const w = opts.model?.weights ?? V_W, yw = opts.model?.yWeights ?? Y_W;
  const Y = yw.PT * PT + yw.SF * SF;                               // §3.3 Y = 0.6·PT + 0.4·SF
  const V = w.CV * CV + w.PT * PT + w.SF * SF + w.RA * RA;         // §3.3 overall value score
  const kappa = V_W.CV * kCV + V_W.PT * kPT + V_W.SF * kSF + V_W.RA * kRA; // §3.4 overall completeness κ

  const quadrant = quadrantOf(X, Y);
  const provisional = isProvisional(kappa);
  return new Assessed(
    account, s, quadrant, provisional,
    { CV, PT, SF, RA, X, Y, V },
    { CV: kCV, PT: kPT, SF: kSF, RA: kRA, overall: kappa },
    redFlagCodes(redFlagBits(account, s.contactFlags, s.coveredRoles)),
    collectNext(account, s.needIndex >= 0, s.weightSum),
  );
}

// The §3.6 explanation is read for one card, not for the thousands of accounts a matrix or ranking scores, and
// building it is ~40% of assess. So an assessment keeps the few sheet numbers it needs (one small array) and
// explains itself on first read. Sheet layout in the snapshot: value[N], points[N], score[4], needIndex, coveredRoles.
const N = COMPONENTS.length;
const explainSheet = new ScoreSheet();

class Assessed implements Assessment {
  readonly id: string;
  readonly confidence: Confidence;
  readonly tier: Tier | null;
  readonly priority: Priority | null;
  readonly ra_capped: boolean;
  #account: AccountFacts;
  #sheet: number[];
  #explanation: Explanation | undefined;

  constructor(
    account: AccountFacts, s: ScoreSheet,
    readonly quadrant: Quadrant, readonly provisional: boolean,
    readonly scores: Scores, readonly completeness: Completeness,
    readonly red_flags: RedFlag[], readonly collect_next: CollectNext[],
  ) {
    this.id = account.id;
    this.confidence = confidenceOf(completeness.overall);
    this.tier = provisional ? null : tierOf(quadrant, scores.V);
    this.priority = provisional ? null : PRIORITY_OF[quadrant];
    this.ra_capped = s.raCapped;
    this.#account = account;
    const snap: number[] = [];
    for (let i = 0; i < N; i++) snap.push(s.value[i] ?? 0);
    for (let i = 0; i < N; i++) snap.push(s.points[i] ?? 0);
    for (let k = 0; k < 4; k++) snap.push(s.score[k] ?? 0);
    snap.push(s.needIndex, s.coveredRoles);
    this.#sheet = snap;
    // An own, enumerable accessor: `{ ...assessment }` and JSON then carry the explanation like any field.
    Object.defineProperty(this, "explanation", EXPLANATION);
  }

  declare readonly explanation: Explanation;

  /** Builds the explanation once, from the snapshot; read it as `explanation` (the accessor below calls this). */
  explain(): Explanation {
    if (this.#explanation) return this.#explanation;
    const t = explainSheet, snap = this.#sheet, a = this.#account;
    for (let i = 0; i < N; i++) { t.value[i] = snap[i] ?? 0; t.points[i] = snap[N + i] ?? 0; }
    for (let k = 0; k < 4; k++) t.score[k] = snap[2 * N + k] ?? 0;
    t.needIndex = snap[2 * N + 4] ?? -1;
    t.coveredRoles = snap[2 * N + 5] ?? 0;
    const { X, Y, RA } = this.scores;
    this.#explanation = explain(a, t, X, Y, this.quadrant, actionsFor(this.quadrant, RA, a.budget_status, this.provisional));
    return this.#explanation;
  }
}

const EXPLANATION: PropertyDescriptor = {
  enumerable: true,
  get(this: Assessed) { return this.explain(); },
};

/** §10.1: assess every account of an input, in input order. */
export function assessAll(input: AssessInput): Assessment[] {
  const opts: AssessOptions = { asOf: input.as_of };
  return input.accounts.map((a) => assess(a, opts));
}
