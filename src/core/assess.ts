// METHOD §3 value score → §4 matrix for one account, the plain version: every formula once, in order, into one
// plain object. A portfolio goes through `assessAll` (fast/assess-all.ts), checked against this on random input.
import type { AccountFacts } from "./facts.js";
import { extend } from "./extend.js";
import type { Assessment, Explanation } from "./results.js";
import { collectNext } from "./collect-next.js";
import { explain } from "./explain.js";
import { PRIORITY_OF, actionsFor, confidenceOf, isProvisional, quadrantOf, tierOf } from "./matrix.js";
import { redFlags, staleBefore } from "./red-flags.js";
import { subScores, type SubScores } from "./subscores.js";
import { V_W, Y_W, type ModelWeights } from "./weights.js";

export type { ModelWeights };

export interface AssessOptions {
  /** Snapshot date (ISO); enables the `contact_stale` red flag. Never read from a clock. */
  asOf?: string | undefined;
  /** The model version in force (§6.6): V and Y weights; absent = v1-default (V_W, Y_W). κ keeps V_W (§3.4 W_sub). */
  model?: ModelWeights | undefined;
}

/** An assessment before its §3.6 explanation, with the sub-scores the explanation is built from. */
interface Scored {
  assessment: Omit<Assessment, "explanation">;
  parts: SubScores;
}

/** §3.3–§4 everything but the explanation; `stale` is `staleBefore(asOf)`, `model` the weights of V and Y. */
function score(account: AccountFacts, stale: string | null, model: ModelWeights | undefined): Scored {
  const parts = subScores(account);
  const { CV, PT, SF, RA } = parts;
  const w = model?.weights ?? V_W,
    yw = model?.yWeights ?? Y_W;
  const X = CV.score; // §3.3 X = CV
  const Y = yw.PT * PT.score + yw.SF * SF.score; // §3.3 Y = 0.6·PT + 0.4·SF
  const V = w.CV * CV.score + w.PT * PT.score + w.SF * SF.score + w.RA * RA.score; // §3.3 value score V
  const kappa =
    V_W.CV * CV.completeness +
    V_W.PT * PT.completeness + // §3.4 overall κ
    V_W.SF * SF.completeness +
    V_W.RA * RA.completeness;
  const quadrant = quadrantOf(X, Y); // §4.2
  const provisional = isProvisional(kappa); // §3.4 κ < 0.5
  return {
    parts,
    assessment: {
      id: account.id,
      scores: { CV: CV.score, PT: PT.score, SF: SF.score, RA: RA.score, X, Y, V },
      completeness: {
        CV: CV.completeness,
        PT: PT.completeness,
        SF: SF.completeness,
        RA: RA.completeness,
        overall: kappa,
      },
      confidence: confidenceOf(kappa), // §3.4
      quadrant,
      provisional,
      tier: provisional ? null : tierOf(quadrant, V), // §4.2
      priority: provisional ? null : PRIORITY_OF[quadrant], // §4.3
      ra_capped: RA.capped, // §3.2 EB cap
      red_flags: redFlags(account, stale), // §3.5
      collect_next: collectNext(account, SF.need !== null, RA.weightSum), // §3.4
    },
  };
}

/** §3.6 the explanation of a scored account, with the §4.3 actions. */
function explanationOf(account: AccountFacts, { assessment: a, parts }: Scored, model?: ModelWeights): Explanation {
  const actions = actionsFor(a.quadrant, a.scores.RA, account.budget_status, a.provisional);
  return explain(account, parts, a.scores, a.quadrant, actions, model?.weights);
}

/** Assess one account (§3–§4): scores, completeness, matrix place, red flags, collect-next, explanation. */
export function assess(account: AccountFacts, opts: AssessOptions = {}): Assessment {
  const scored = score(account, staleBefore(opts.asOf), opts.model);
  return extend(scored.assessment, { explanation: explanationOf(account, scored, opts.model) });
}

/** §10.1 every account of an input: the portfolio fast path, equal to `assess` per account. */
export { assessAll, type AssessAllOptions } from "./fast/assess-all.js";
