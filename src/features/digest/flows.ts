// METHOD §5.7 item 4: count-funnel flows per stage, from the opportunities whose snapshot row changed (an unchanged one
// flows nowhere). Each is counted at the stage it stood at last week; a created one at the stage it stands at now, or,
// created and closed within the week, at the last stage it stood at. So a row reads "what happened to the deals that
// were here". `slipped` is the close date moving past the period end while the
// deal stayed open, whatever its stage did.
import { inPeriod, OPEN_STAGES, stageIndex } from "../../core/index.js";
import type { OpenStage } from "../../core/index.js";
import type { ChangedOpportunity } from "./data.js";
import type { FlowRow } from "./types.js";

export function flowsByStage(changes: readonly ChangedOpportunity[], periodEnd: string): FlowRow[] {
  const rows: FlowRow[] = OPEN_STAGES.map((stage) => ({
    stage,
    created: 0,
    advanced: 0,
    regressed: 0,
    won: 0,
    lost: 0,
    abandoned: 0,
    slipped: 0,
  }));
  const at = (stage: OpenStage): FlowRow => rows[stageIndex(stage)] as FlowRow;
  const open = (s: string): s is OpenStage => stageIndex(s as OpenStage) >= 0 && stageIndex(s as OpenStage) <= 5;
  for (const c of changes) {
    const before = c.previous,
      now = c.current;
    if (!before) {
      // Closed already: created (and closed, below) in the row of the stage it closed from.
      const entered = c.closedFrom ?? (now && c.created ? now.stage : null);
      if (entered && open(entered)) at(entered).created++;
      if (!c.closedFrom) continue;
    }
    const from = before?.stage ?? c.closedFrom;
    if (!from || !open(from)) continue;
    const row = at(from);
    if (before && now) {
      const move = stageIndex(now.stage) - stageIndex(before.stage);
      if (move > 0) row.advanced++;
      else if (move < 0) row.regressed++;
      if (inPeriod(before, periodEnd) && !inPeriod(now, periodEnd)) row.slipped++;
    } else if (c.closed?.stage === "W") row.won++;
    else if (c.closed?.stage === "L") row.lost++;
    else if (c.closed?.stage === "A") row.abandoned++;
  }
  return rows;
}

/** The column sums of the flow table. */
export function flowTotals(rows: readonly FlowRow[]): Omit<FlowRow, "stage"> {
  const t = { created: 0, advanced: 0, regressed: 0, won: 0, lost: 0, abandoned: 0, slipped: 0 };
  for (const r of rows) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r[k];
  return t;
}
