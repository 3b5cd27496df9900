// A team's stage map: the CRM's stage names its opportunities exports use, kept so that every import of the team
// applies it — a DM upload and the console's `import PATH` have no place to pass a file beside the export.
// Shown and set by the CLI (`kvalue stages`), Slack and the console (`/kvalue stages …`) through these functions;
// each surface resolves the team first (the user's scope, or the operator's --workspace/--team).
import type { ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import type { Actor, TeamRef } from "../teams/scope.js";
import {
  decodeStageMap,
  encodeStageMap,
  MAX_STAGE_NAMES,
  mergeStageMaps,
  type StageMap,
  type StageMapEntry,
} from "./stage-map.js";
import { termKey } from "./labels.js";

/** The stage map a team's imports apply (empty: none). */
export async function storedStageMap(deps: ServiceDeps, teamId: string): Promise<StageMapEntry[]> {
  return decodeStageMap(await deps.repos.teams.findStageMap(teamId));
}

/** How a map changes: a whole new map (a file), some names set or removed (typed pairs), or none at all. */
export type StageMapChange = { replace: StageMap } | { set: StageMap; remove: readonly string[] } | { clear: true };

/** Changes a team's stage map (the caller resolved the team in the user's scope, or an operator named it); audited
 *  (one row, the map before and after), written only when it differs. A name to remove that the map does not have is
 *  an error, so a typo is not taken for done. */
export async function setTeamStageMap(
  deps: ServiceDeps,
  actor: Actor,
  team: TeamRef,
  change: StageMapChange,
): Promise<{ map: StageMapEntry[]; before: StageMapEntry[]; changed: boolean }> {
  const before = await storedStageMap(deps, team.id);
  let map: StageMapEntry[];
  if ("clear" in change) map = [];
  else if ("replace" in change) map = [...change.replace];
  else {
    const known = new Set(before.map(([n]) => termKey(n)));
    const missing = change.remove.filter((name) => !known.has(termKey(name)));
    if (missing.length)
      throw new ServiceError("invalid", `not in the stage map: ${missing.join(", ")}`, "stage_map", {
        names: missing.join("、"),
        known: before.map(([n]) => n).join("、"),
      });
    const gone = new Set(change.remove.map(termKey));
    map = mergeStageMaps(
      before.filter(([n]) => !gone.has(termKey(n))),
      change.set,
    );
  }
  if (map.length > MAX_STAGE_NAMES)
    throw new ServiceError("invalid", `a stage map holds at most ${MAX_STAGE_NAMES} names`, "stage_map", {
      n: String(map.length),
      max: String(MAX_STAGE_NAMES),
    });
  const after = encodeStageMap(map);
  const changed = after !== encodeStageMap(before);
  if (changed)
    await deps.repos.teams.saveStageMap({ id: team.id, workspaceId: actor.workspaceId }, after, {
      actorUserId: actor.userId,
      source: actor.source,
      sourceRef: actor.sourceRef ?? null,
      at: deps.now(),
    });
  return { map, before, changed };
}
