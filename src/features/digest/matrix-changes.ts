// METHOD §5.7 item 8: accounts whose quadrant, tier or confidence changed between two weekly ScoreSnapshots, with
// the driver that changed: the sub-score whose weighted change moved the axis that was crossed (X = CV;
// Y = 0.6·PT + 0.4·SF), the V contribution for a tier change, the completeness share for a confidence change.
import { atLeast, SUB_SCORES, V_W, Y_W } from "../../core/index.js";
import type { SubScore } from "../../core/index.js";
import type { ScoreChange, ScorePoint } from "./data.js";
import type { MatrixChangeKind, MatrixChangeRow, MatrixState } from "./types.js";

const score = (p: ScorePoint, s: SubScore): number => ({ CV: p.cv, PT: p.pt, SF: p.sf, RA: p.ra })[s];
const kappa = (p: ScorePoint, s: SubScore): number =>
  ({ CV: p.completenessCv, PT: p.completenessPt, SF: p.completenessSf, RA: p.completenessRa })[s];

/** §3.4: κ < 0.5 is "待评估 (provisional)" — stored as confidence "low". */
const state = (p: ScorePoint): MatrixState => ({
  quadrant: p.quadrant,
  provisional: p.confidence === "low",
  tier: p.tier,
  confidence: p.confidence,
  v: p.v,
});

interface Candidate {
  sub: SubScore;
  weight: number;
}

/** The candidate whose weighted change is largest in the direction the total moved (ties: METHOD order). */
function strongest(
  b: ScorePoint,
  a: ScorePoint,
  candidates: readonly Candidate[],
  measure: "score" | "completeness",
): MatrixChangeRow["driver"] {
  const value = measure === "score" ? score : kappa;
  const effects = candidates.map((c) => ({ ...c, effect: c.weight * (value(a, c.sub) - value(b, c.sub)) }));
  const total = effects.reduce((s, e) => s + e.effect, 0);
  const sign = total < 0 ? -1 : 1;
  let best = effects[0] as (typeof effects)[number];
  for (const e of effects) if (sign * e.effect > sign * best.effect) best = e;
  return { sub: best.sub, measure, before: value(b, best.sub), after: value(a, best.sub), effect: best.effect };
}

const crossed = (before: number, after: number): boolean => atLeast(before, 50) !== atLeast(after, 50);

function driverOf(b: ScorePoint, a: ScorePoint, kinds: readonly MatrixChangeKind[]): MatrixChangeRow["driver"] {
  if (kinds.includes("quadrant")) {
    const x = crossed(b.x, a.x),
      y = crossed(b.y, a.y);
    // Both axes crossed: the one that moved further explains more.
    if (x && (!y || Math.abs(a.x - b.x) >= Math.abs(a.y - b.y)))
      return strongest(b, a, [{ sub: "CV", weight: 1 }], "score");
    return strongest(
      b,
      a,
      [
        { sub: "PT", weight: Y_W.PT },
        { sub: "SF", weight: Y_W.SF },
      ],
      "score",
    );
  }
  const all = SUB_SCORES.map((sub) => ({ sub, weight: V_W[sub] }));
  // A tier change with the same confidence comes from V (§4.2: 重点 needs V ≥ 40); with a confidence change
  // (provisional accounts are not tiered, §3.4) the completeness that changed is the cause.
  if (!kinds.includes("confidence")) return strongest(b, a, all, "score");
  return strongest(b, a, all, "completeness");
}

export function matrixChanges(
  changes: readonly ScoreChange[],
  facts: Readonly<Record<string, string[]>>,
): MatrixChangeRow[] {
  return changes.map((c) => {
    const kinds: MatrixChangeKind[] = [];
    if (c.before.quadrant !== c.after.quadrant) kinds.push("quadrant");
    if ((c.before.tier ?? "") !== (c.after.tier ?? "")) kinds.push("tier");
    if (c.before.confidence !== c.after.confidence) kinds.push("confidence");
    return {
      accountId: c.accountId,
      name: c.name,
      before: state(c.before),
      after: state(c.after),
      kinds,
      driver: driverOf(c.before, c.after, kinds),
      model:
        c.before.modelVersion === c.after.modelVersion
          ? null
          : { before: c.before.modelVersion, after: c.after.modelVersion },
      facts: facts[c.accountId] ?? [],
    };
  });
}
