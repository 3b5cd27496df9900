// Last week's snapshot of the demo team, so the first digest preview already compares two weeks (bridge, flows, the
// segment part) instead of saying "first digest": taken as the weekly job would have taken it that Monday. A snapshot
// holds the pipeline as its Monday began (digest/repository.ts), so a demo deal created or moved since stands as the
// demo's own stage history says it stood then. The scores are those of the imported facts as of that Monday.
import type { ServiceDeps } from "../deps.js";
import { takeTeamSnapshot } from "../digest/snapshots.js";
import { weekOf } from "../digest/week.js";

/** The zone of the demo's fictional province, where its weekly boundary falls. */
const DEMO_TIMEZONE = "Asia/Shanghai";

export async function loadLastWeek(deps: ServiceDeps, team: { id: string; workspaceId: string }): Promise<void> {
  const thisWeek = weekOf(deps.now(), DEMO_TIMEZONE);
  const week = weekOf(new Date(thisWeek.start.getTime() - 3_600_000), DEMO_TIMEZONE);
  const at = new Date(week.start.getTime() + 5_000); // when the weekly job runs
  await takeTeamSnapshot({ ...deps, now: () => at }, team, week, DEMO_TIMEZONE);
}
