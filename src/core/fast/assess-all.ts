// The assessAll fast path (plain version: ../assess.ts `assess`, which test/core/assess-all.test.ts compares it
// with on random portfolios). `npm run bench` shows it is needed: the plain functions allocate a result object per
// component and ran several times slower (bench/core.ts core.assess vs core.assess.plain). Here one ScoreSheet
// and one Top3 serve a whole portfolio, and the §3.6 explanation, which a ranking or matrix never reads, is
// built on first read from the few sheet numbers each assessment keeps.
import type { AccountFacts, AssessInput } from "../facts.js";
import type { Assessment, CollectNext, Completeness, Explanation, RedFlag, Scores } from "../results.js";
import type { Confidence, Priority, Quadrant, Tier } from "../enums.js";
import { PRIORITY_OF, actionsFor, confidenceOf, isProvisional, quadrantOf, tierOf } from "../matrix.js";
import { staleBefore } from "../red-flags.js";
import { V_W, Y_W, type ModelWeights } from "../weights.js";
import { explain } from "./explain-sheet.js";
import { redFlagBits, redFlagCodes } from "./red-flag-bits.js";
import { CV_I, PT_I, RA_I, SF_I, ScoreSheet, scoreAll } from "./sheet.js";
import { Top3, collectNext } from "./top3.js";

export interface AssessAllOptions {
  /** The model version in force (§6.6): V and Y weights; absent = v1-default (V_W, Y_W). κ keeps V_W (§3.4 W_sub). */
  model?: ModelWeights | undefined;
}

/** §10.1 every account of an input, in input order; equal to `assess(account, { asOf: input.as_of, model })` each. */
export function assessAll(input: AssessInput, opts: AssessAllOptions = {}): Assessment[] {
  const sheet = new ScoreSheet();
  const top = new Top3();
  sheet.staleCutoff = staleBefore(input.as_of);
  const w = opts.model?.weights ?? V_W, yw = opts.model?.yWeights ?? Y_W;
  return input.accounts.map((account) => assessOn(sheet, top, account, w, yw));
}

function assessOn(s: ScoreSheet, top: Top3, account: AccountFacts, w: ModelWeights["weights"], yw: ModelWeights["yWeights"]): Assessment {
  scoreAll(account, s);
  const CV = s.score[CV_I] ?? 0, PT = s.score[PT_I] ?? 0, SF = s.score[SF_I] ?? 0, RA = s.score[RA_I] ?? 0;
  const kCV = s.completeness[CV_I] ?? 0, kPT = s.completeness[PT_I] ?? 0;
  const kSF = s.completeness[SF_I] ?? 0, kRA = s.completeness[RA_I] ?? 0;

  const X = CV;                                                    // §3.3 X = CV
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
    collectNext(top, account, s.needIndex >= 0, s.weightSum),
  );
}

/** What the explanation reads of a filled sheet, copied out before the sheet scores the next account. */
interface SheetCopy { value: number[]; points: number[]; score: number[]; needIndex: number; coveredRoles: number }

const copyOf = (s: ScoreSheet): SheetCopy => ({
  value: Array.from(s.value), points: Array.from(s.points), score: Array.from(s.score),
  needIndex: s.needIndex, coveredRoles: s.coveredRoles,
});

function sheetOf(c: SheetCopy): ScoreSheet {
  const s = new ScoreSheet();
  s.value.set(c.value); s.points.set(c.points); s.score.set(c.score);
  s.needIndex = c.needIndex; s.coveredRoles = c.coveredRoles;
  return s;
}

class Assessed implements Assessment {
  readonly id: string;
  readonly confidence: Confidence;
  readonly tier: Tier | null;
  readonly priority: Priority | null;
  readonly ra_capped: boolean;
  #account: AccountFacts;
  #sheet: SheetCopy;
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
    this.#sheet = copyOf(s);
    // An own, enumerable accessor: `{ ...assessment }` and JSON then carry the explanation like any field.
    Object.defineProperty(this, "explanation", EXPLANATION);
  }

  declare readonly explanation: Explanation;

  /** Builds the explanation once; read it as `explanation` (the accessor below calls this). */
  explain(): Explanation {
    if (this.#explanation) return this.#explanation;
    const a = this.#account;
    const { X, Y, RA } = this.scores;
    const actions = actionsFor(this.quadrant, RA, a.budget_status, this.provisional);
    this.#explanation = explain(a, sheetOf(this.#sheet), X, Y, this.quadrant, actions);
    return this.#explanation;
  }
}

const EXPLANATION: PropertyDescriptor = {
  enumerable: true,
  get(this: Assessed) { return this.explain(); },
};
