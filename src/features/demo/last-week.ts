// Last week's snapshot of the demo team, as the demo's own stage history says the pipeline stood at that Monday, so
// the first digest preview already compares two weeks (bridge, flows, the segment part) instead of saying "first
// digest". Taken like the weekly job would have taken it, then set back where a deal changed since: a deal created
// since that Monday is dropped, a deal that entered a stage since is put back at the stage (and the amount at entry)
// it had then. The scores are those of the imported facts as of that Monday.
import { OPEN_STAGES, stageProbabilities, type OpenStage } from "../../core/index.js";
import type { ServiceDeps } from "../deps.js";
import { takeTeamSnapshot } from "../digest/snapshots.js";
import { weekOf } from "../digest/week.js";

/** The zone of the demo's fictional province, where its weekly boundary falls. */
const DEMO_TIMEZONE = "Asia/Shanghai";

const isOpen = (s: string): s is OpenStage => (OPEN_STAGES as readonly string[]).includes(s);

export async function loadLastWeek(deps: ServiceDeps, team: { id: string; workspaceId: string }): Promise<void> {
  const thisWeek = weekOf(deps.now(), DEMO_TIMEZONE);
  const week = weekOf(new Date(thisWeek.start.getTime() - 3_600_000), DEMO_TIMEZONE);
  const at = new Date(week.start.getTime() + 5_000); // when the weekly job runs
  const { taken, ref } = await takeTeamSnapshot({ ...deps, now: () => at }, team, week, DEMO_TIMEZONE);
  if (!taken || !ref.stats) return;
  const P = stageProbabilities(ref.stats.conversion.rates);
  const changed = await deps.repos.demo.rowsChangedSince(team.id, week.periodKey, week.asOf);
  const drop: string[] = [];
  const back: { id: string; stage: string; amount: bigint | null; pCount: number; pAmt: number }[] = [];
  for (const d of changed) {
    if (d.createdDate >= week.asOf) {
      drop.push(d.rowId);
      continue;
    }
    const then = d.stageHistory.filter((h) => h.enteredDate < week.asOf).at(-1);
    if (!then || !isOpen(then.stage)) continue;
    back.push({
      id: d.rowId,
      stage: then.stage,
      amount: then.amountAtEntry, // null: not recorded, the amount stays
      pCount: P.count[then.stage],
      pAmt: P.amount[then.stage],
    });
  }
  await deps.repos.transaction((r) => r.demo.rewindSnapshot(team.id, week.periodKey, drop, back));
}
