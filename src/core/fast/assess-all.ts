// The assessAll fast path (plain version: ../assess.ts `assess`, which test/core/assess-all.test.ts compares it
// with on random portfolios). `npm run bench` shows it is needed: the plain functions allocate a result object per
// component and ran several times slower (bench/core.ts core.assess vs core.assess.plain). Each assessAll call
// owns one Portfolio: the sheet and Top3 its accounts are scored on, one after the other, and a row per account
// of the sheet numbers its explanation reads. Nothing is kept between calls. The §3.6 explanation, which a ranking
// or matrix never reads, is built on first read from the account, the assessment and its row, so neither should
// be changed before then (as the old sheet-snapshot assessments required too).
import type { AccountFacts, AssessInput } from "../facts.js";
import type { Assessment, CollectNext, Completeness, Explanation, RedFlag, Scores } from "../results.js";
import type { Confidence, Priority, Quadrant, Tier } from "../enums.js";
import { PRIORITY_OF, actionsFor, confidenceOf, isProvisional, quadrantOf, tierOf } from "../matrix.js";
import { staleBefore } from "../red-flags.js";
import { V_W, Y_W, type ModelWeights } from "../weights.js";
import { explain } from "./explain-sheet.js";
import { redFlagBits, redFlagCodes } from "./red-flag-bits.js";
import { COMPONENTS, CV_I, PT_I, RA_I, SF_I, ScoreSheet, scoreAll } from "./sheet.js";
import { Top3, collectNext } from "./top3.js";

export interface AssessAllOptions {
  /** The model version in force (§6.6): V and Y weights; absent = v1-default (V_W, Y_W). κ keeps V_W (§3.4 W_sub). */
  model?: ModelWeights | undefined;
}

/** §10.1 every account of an input, in input order; equal to `assess(account, { asOf: input.as_of, model })` each. */
export function assessAll(input: AssessInput, opts: AssessAllOptions = {}): Assessment[] {
  const accounts = input.accounts;
  const portfolio = new Portfolio(accounts.length, staleBefore(input.as_of), opts.model);
  const out: Assessment[] = new Array(accounts.length);
  for (let row = 0; row < accounts.length; row++) out[row] = portfolio.assess(accounts[row] as AccountFacts, row);
  return out;
}

type VWeights = ModelWeights["weights"];
type YWeights = ModelWeights["yWeights"];

/** What the explanation reads of each account's filled sheet, one row per account of an assessAll call:
 *  S_c and ω_c·S_c of every component, the pain that set S_need and the covered core roles. */
class SheetRows {
  readonly value: Float64Array;
  readonly points: Float64Array;
  readonly needIndex: Int32Array;
  readonly coveredRoles: Uint8Array;

  constructor(rows: number) {
    this.value = new Float64Array(rows * COMPONENTS.length);
    this.points = new Float64Array(rows * COMPONENTS.length);
    this.needIndex = new Int32Array(rows);
    this.coveredRoles = new Uint8Array(rows);
  }

  /** Copy the sheet's explanation numbers into row `row`. */
  save(row: number, s: ScoreSheet): void {
    const at = row * COMPONENTS.length;
    for (let i = 0; i < COMPONENTS.length; i++) {
      this.value[at + i] = s.value[i] ?? 0;
      this.points[at + i] = s.points[i] ?? 0;
    }
    this.needIndex[row] = s.needIndex;
    this.coveredRoles[row] = s.coveredRoles;
  }

  /** Fill `s` back from row `row`, with the sub-scores `scores` (what the explanation reads). */
  load(row: number, scores: Scores, s: ScoreSheet): void {
    const at = row * COMPONENTS.length;
    for (let i = 0; i < COMPONENTS.length; i++) {
      s.value[i] = this.value[at + i] ?? 0;
      s.points[i] = this.points[at + i] ?? 0;
    }
    s.score[CV_I] = scores.CV;
    s.score[PT_I] = scores.PT;
    s.score[SF_I] = scores.SF;
    s.score[RA_I] = scores.RA;
    s.needIndex = this.needIndex[row] ?? -1;
    s.coveredRoles = this.coveredRoles[row] ?? 0;
  }
}

/** The state of one assessAll call: its options, the sheet its accounts are scored on one at a time (all
 *  synchronous) and their sheet rows. Its assessments keep a reference to it for their explanation. */
class Portfolio {
  /** The sheet every account is scored on in turn; read empty of its previous account by `scoreAll`. */
  readonly sheet = new ScoreSheet();
  /** The sheet an explanation is built on, loaded from its account's row (apart from `sheet`, whatever the order). */
  readonly explainSheet = new ScoreSheet();
  readonly rows: SheetRows;
  readonly top = new Top3();
  readonly w: VWeights;
  readonly yw: YWeights;

  constructor(accounts: number, staleCutoff: string | null, model: ModelWeights | undefined) {
    this.rows = new SheetRows(accounts);
    this.sheet.staleCutoff = staleCutoff;
    this.w = model?.weights ?? V_W;
    this.yw = model?.yWeights ?? Y_W;
  }

  /** §3.3–§4 of the account in row `row`, everything but the explanation (built on first read). */
  assess(account: AccountFacts, row: number): Assessment {
    const s = this.sheet,
      w = this.w,
      yw = this.yw;
    scoreAll(account, s);
    this.rows.save(row, s);
    const CV = s.score[CV_I] ?? 0,
      PT = s.score[PT_I] ?? 0,
      SF = s.score[SF_I] ?? 0,
      RA = s.score[RA_I] ?? 0;
    const kCV = s.completeness[CV_I] ?? 0,
      kPT = s.completeness[PT_I] ?? 0;
    const kSF = s.completeness[SF_I] ?? 0,
      kRA = s.completeness[RA_I] ?? 0;

    const X = CV; // §3.3 X = CV
    const Y = yw.PT * PT + yw.SF * SF; // §3.3 Y = 0.6·PT + 0.4·SF
    const V = w.CV * CV + w.PT * PT + w.SF * SF + w.RA * RA; // §3.3 overall value score
    const kappa = V_W.CV * kCV + V_W.PT * kPT + V_W.SF * kSF + V_W.RA * kRA; // §3.4 overall completeness κ

    const quadrant = quadrantOf(X, Y);
    const provisional = isProvisional(kappa);
    return new Assessed(
      this,
      account,
      row,
      quadrant,
      provisional,
      { CV, PT, SF, RA, X, Y, V },
      { CV: kCV, PT: kPT, SF: kSF, RA: kRA, overall: kappa },
      s.raCapped,
      redFlagCodes(redFlagBits(account, s.contactFlags, s.coveredRoles)),
      collectNext(this.top, account, s.needIndex >= 0, s.weightSum),
    );
  }

  /** §3.6 the explanation of the assessment `a` of the account in row `row`. */
  explain(account: AccountFacts, row: number, a: Assessment): Explanation {
    const s = this.explainSheet;
    this.rows.load(row, a.scores, s);
    const actions = actionsFor(a.quadrant, a.scores.RA, account.budget_status, a.provisional);
    return explain(account, s, a.scores.X, a.scores.Y, a.quadrant, actions, this.w);
  }
}

class Assessed implements Assessment {
  // Own fields in the key order of the plain `assess` result (explanation last, defined in the constructor).
  readonly id: string;
  readonly scores: Scores;
  readonly completeness: Completeness;
  readonly confidence: Confidence;
  readonly quadrant: Quadrant;
  readonly provisional: boolean;
  readonly tier: Tier | null;
  readonly priority: Priority | null;
  readonly ra_capped: boolean;
  readonly red_flags: RedFlag[];
  readonly collect_next: CollectNext[];
  #portfolio: Portfolio;
  #account: AccountFacts;
  #row: number;
  #explanation: Explanation | undefined;

  constructor(
    portfolio: Portfolio,
    account: AccountFacts,
    row: number,
    quadrant: Quadrant,
    provisional: boolean,
    scores: Scores,
    completeness: Completeness,
    raCapped: boolean,
    redFlags: RedFlag[],
    collectNext: CollectNext[],
  ) {
    this.id = account.id;
    this.scores = scores;
    this.completeness = completeness;
    this.confidence = confidenceOf(completeness.overall);
    this.quadrant = quadrant;
    this.provisional = provisional;
    this.tier = provisional ? null : tierOf(quadrant, scores.V);
    this.priority = provisional ? null : PRIORITY_OF[quadrant];
    this.ra_capped = raCapped;
    this.red_flags = redFlags;
    this.collect_next = collectNext;
    this.#portfolio = portfolio;
    this.#account = account;
    this.#row = row;
    this.#explanation = undefined;
    // An own, enumerable accessor: `{ ...assessment }` and JSON then carry the explanation like any field.
    Object.defineProperty(this, "explanation", EXPLANATION);
  }

  declare readonly explanation: Explanation;

  /** Builds the explanation once; read it as `explanation` (the accessor below calls this). */
  explain(): Explanation {
    return (this.#explanation ??= this.#portfolio.explain(this.#account, this.#row, this));
  }
}

const EXPLANATION: PropertyDescriptor = Object.freeze({
  enumerable: true,
  get(this: Assessed) {
    return this.explain();
  },
});
