// ScoreSnapshot rows (METHOD §2.8): one whenever facts change, and weekly ones from the digest scheduler.
import { assess, MODEL_VERSION } from "../../core/index.js";
import type { Assessment } from "../../core/index.js";
import { today, type ServiceDeps } from "../deps.js";
import { versionInForce } from "../calibration/model.js";
import { withDefaults } from "../segments/defaults.js";

/** The ScoreSnapshot columns of an assessment, stamped with the model version it was computed under. */
export function scoreRow(assessment: Assessment, modelVersion: string = MODEL_VERSION) {
  const s = assessment.scores,
    k = assessment.completeness;
  return {
    cv: s.CV,
    pt: s.PT,
    sf: s.SF,
    ra: s.RA,
    x: s.X,
    y: s.Y,
    v: s.V,
    quadrant: assessment.quadrant,
    tier: assessment.tier,
    priority: assessment.priority,
    completeness: k.overall,
    completenessCv: k.CV,
    completenessPt: k.PT,
    completenessSf: k.SF,
    completenessRa: k.RA,
    confidence: assessment.confidence,
    modelVersion,
  };
}

/** Records the account's current score (reason "change") under the model version in force; computes it when not
 *  given, or when one computed with the v1-default weights is given while another version is in force. Called after
 *  a write the caller made in its scope: the account is read within its own workspace and team. */
export async function recordScore(deps: ServiceDeps, accountId: string, assessment?: Assessment): Promise<void> {
  const repo = deps.repos.accounts;
  const owner = await repo.snapshotOwner(accountId);
  if (!owner) return;
  const model = await versionInForce(deps, owner.workspaceId);
  let a = model.id === null ? assessment : undefined;
  if (!a) {
    const scope = { workspaceId: owner.workspaceId, teams: owner.teamId === null ? [] : [{ id: owner.teamId }] };
    const own = await repo.loadAccount(scope, accountId);
    if (!own) return;
    const asOf = today(deps);
    a = assess((await withDefaults(deps, own, asOf)).facts, { asOf, model });
  }
  await repo.insertScoreSnapshots([
    {
      workspaceId: owner.workspaceId,
      accountId,
      teamId: owner.teamId,
      periodKey: null,
      takenAt: deps.now(),
      reason: "change",
      ...scoreRow(a, model.label),
    },
  ]);
}
