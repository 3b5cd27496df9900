// METHOD §5.7 item 3 and §10.3: the weighted-pipeline bridge between two snapshots. Additive and exact:
// for an opportunity in both pipelines Δ = A1·p1 − A0·p0 = (A1 − A0)·p0 + A1·(p1 − p0).
import type { BridgeInput } from "./facts.js";
import type { BridgeLabel, BridgeResult, BridgeRow, StageRates } from "./results.js";
import { q9 } from "./numerics.js";
import type { Stage } from "./enums.js";
import { DEFAULT_RATES, isOpen, stageProbabilities } from "./rates.js";
import { inPeriod, stageTotals, weightedAmount, type PipelineOpportunity } from "./funnel.js";

interface BridgeOpportunity extends PipelineOpportunity {
  id: string;
}

/** §5.7 item 3 label of an opportunity that left the in-period pipeline. */
function exitLabel(now: PipelineOpportunity | undefined): BridgeLabel {
  if (!now) return "removed";
  switch (now.stage) {
    case "W":
      return "won";
    case "L":
      return "lost";
    case "A":
      return "abandoned";
    default:
      return "slipped"; // still open, so its close date moved past period_end
  }
}

/** §10.3 bridge: rows sorted by |delta| descending, then id. */
export function bridge(input: BridgeInput): BridgeResult {
  const rates: StageRates = input.rates ?? DEFAULT_RATES;
  const P = stageProbabilities(rates);
  const pOf = (stage: Stage): number => (isOpen(stage) ? P.amount[stage] : 0);
  const end = input.period_end;
  const before: readonly BridgeOpportunity[] = input.previous.opportunities;
  const after: readonly BridgeOpportunity[] = input.current.opportunities;
  const previous = new Map<string, BridgeOpportunity>();
  for (const o of before) previous.set(o.id, o);
  const current = new Map<string, BridgeOpportunity>();
  for (const o of after) current.set(o.id, o);
  const weight = (o: PipelineOpportunity): number => (inPeriod(o, end) ? o.amount * pOf(o.stage) : 0);

  const rows: BridgeRow[] = [];
  const push = (row: BridgeRow): void => {
    if (q9(row.delta) !== 0) rows.push(row);
  };
  for (const o0 of before) {
    if (!inPeriod(o0, end)) continue;
    const o1 = current.get(o0.id);
    const w0 = weight(o0);
    if (o1 && inPeriod(o1, end)) {
      const p0 = pOf(o0.stage),
        p1 = pOf(o1.stage);
      const amountEffect = (o1.amount - o0.amount) * p0;
      const stageEffect = o1.amount * (p1 - p0);
      const qs = q9(stageEffect);
      const label: BridgeLabel = qs > 0 ? "advanced" : qs < 0 ? "regressed" : "amount_changed";
      push({ id: o0.id, label, amount_effect: amountEffect, stage_effect: stageEffect, delta: o1.amount * p1 - w0 });
    } else {
      push({ id: o0.id, label: exitLabel(o1), amount_effect: null, stage_effect: null, delta: -w0 });
    }
  }
  for (const o1 of after) {
    if (!inPeriod(o1, end)) continue;
    const o0 = previous.get(o1.id);
    if (o0 && inPeriod(o0, end)) continue; // handled above
    push({ id: o1.id, label: o0 ? "pulled_in" : "new", amount_effect: null, stage_effect: null, delta: weight(o1) });
  }
  rows.sort((a, b) => q9(Math.abs(b.delta)) - q9(Math.abs(a.delta)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const weightedBefore = weightedAmount(stageTotals(before, end), P);
  const weightedAfter = weightedAmount(stageTotals(after, end), P);
  return { weighted_before: weightedBefore, weighted_after: weightedAfter, net: weightedAfter - weightedBefore, rows };
}
