// One team's digest for one period: the snapshot pair, the gathered data (services), the pure build. Shared by the
// scheduler and `/kvalue digest preview`, so the preview shows exactly what the channel gets.
import { today, type ServiceDeps } from "../deps.js";
import { gatherDigestData } from "./data.js";
import { snapshotPair, takeTeamSnapshot } from "./snapshots.js";
import { buildDigest } from "./build.js";
import type { Digest } from "./types.js";
import { weekOf } from "./week.js";

export interface DigestTeam {
  id: string;
  name: string;
  workspaceId: string;
}

/** The digest of `periodKey`, or null when the team has no snapshot at all yet. */
export async function composeDigest(
  deps: ServiceDeps,
  team: DigestTeam,
  periodKey: string,
  opts: { charts: boolean },
): Promise<Digest | null> {
  const { current, previous } = await snapshotPair(deps, team.id, periodKey);
  if (!current) return null;
  const data = await gatherDigestData(deps, {
    team: { id: team.id, name: team.name },
    periodKey,
    current,
    previous,
    builtOn: today(deps),
    chartPoints: opts.charts,
  });
  return buildDigest(data);
}

/** Takes the team's snapshot of the week `now` falls in (in `timezone`) unless it exists; returns that week. */
export async function ensureCurrentSnapshot(
  deps: ServiceDeps,
  team: DigestTeam,
  timezone: string,
): Promise<{ periodKey: string; taken: boolean }> {
  const week = weekOf(deps.now(), timezone);
  const { taken } = await takeTeamSnapshot(deps, team, week, timezone);
  return { periodKey: week.periodKey, taken };
}
