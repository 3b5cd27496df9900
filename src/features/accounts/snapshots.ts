// ScoreSnapshot rows (METHOD §2.8): one whenever facts change, and weekly ones from the digest scheduler.
import { assess, MODEL_VERSION } from "../../core/index.js";
import type { Assessment } from "../../core/index.js";
import { loadAccount } from "./repository.js";
import { today, type ServiceDeps } from "../deps.js";
import { versionInForce } from "../calibration/model.js";

/** The ScoreSnapshot columns of an assessment, stamped with the model version it was computed under. */
export function scoreRow(assessment: Assessment, modelVersion: string = MODEL_VERSION) {
  const s = assessment.scores, k = assessment.completeness;
  return {
    cv: s.CV, pt: s.PT, sf: s.SF, ra: s.RA, x: s.X, y: s.Y, v: s.V,
    quadrant: assessment.quadrant, tier: assessment.tier, priority: assessment.priority,
    completeness: k.overall, completenessCv: k.CV, completenessPt: k.PT, completenessSf: k.SF, completenessRa: k.RA,
    confidence: assessment.confidence, modelVersion,
  };
}

/** Records the account's current score (reason "change") under the model version in force; computes it when not
 *  given, or when one computed with the v1-default weights is given while another version is in force. */
export async function recordScore(deps: ServiceDeps, accountId: string, assessment?: Assessment): Promise<void> {
  const row = await deps.db.account.findUnique({ where: { id: accountId }, select: { workspaceId: true, teamId: true } });
  if (!row) return;
  const model = await versionInForce(deps, row.workspaceId);
  let a = model.id === null ? assessment : undefined;
  if (!a) {
    const agg = await loadAccount(deps.db, { workspaceId: row.workspaceId, accountId });
    if (!agg) return;
    a = assess(agg.facts, { asOf: today(deps), model });
  }
  await deps.db.scoreSnapshot.create({
    data: { workspaceId: row.workspaceId, accountId, teamId: row.teamId, periodKey: null, takenAt: deps.now(), reason: "change", ...scoreRow(a, model.label) },
  });
}
