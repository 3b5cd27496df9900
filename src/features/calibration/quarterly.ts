// The short calibration section of the first weekly digest of each quarter (METHOD §6): the stage forecast's BSS
// and V's ranking AUC for the team, pointing to `/kvalue calibration`. One report per team, quarter and model
// version (cached), so the weekly runs of a quarter and several subscriptions of a team cost one computation.
import { calibrate } from "../../core/index.js";
import { cacheSpec } from "../caches.js";
import type { ServiceDeps } from "../deps.js";
import { versionInForce } from "./model.js";
import { observationsFromDb } from "./service.js";

export interface CalibrationDigestLine {
  model: string;
  bss: number | null;
  auc: number | null;
}

const QUARTERLY = cacheSpec<CalibrationDigestLine>("calibration.quarterly", 500);

export const quarterOf = (iso: string): string => `${iso.slice(0, 4)}Q${Math.floor((+iso.slice(5, 7) - 1) / 3) + 1}`;

/** Whether a digest of the snapshot `asOf` is the team's first of its quarter (no earlier snapshot in it). */
export const firstOfQuarter = (asOf: string, previousAsOf: string | null): boolean =>
  previousAsOf === null || quarterOf(previousAsOf) !== quarterOf(asOf);

/** The section's figures for the digest of `asOf`, or null when it is not the first of its quarter. */
export async function quarterlyCalibration(
  deps: ServiceDeps,
  team: { id: string; workspaceId: string },
  asOf: string,
  previousAsOf: string | null,
): Promise<CalibrationDigestLine | null> {
  if (!firstOfQuarter(asOf, previousAsOf)) return null;
  const model = await versionInForce(deps, team.workspaceId);
  return deps.caches.of(QUARTERLY).get(`${team.id}|${quarterOf(asOf)}`, model.label, async () => {
    const { input } = await observationsFromDb(deps, { workspaceId: team.workspaceId, teamId: team.id }, { asOf });
    const result = calibrate(input);
    return { model: model.label, bss: result.stage.bss, auc: result.ranking.auc };
  });
}
