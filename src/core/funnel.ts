// METHOD §5.3–§5.6 and §10.2: in-period pipeline, forecast, reverse calculation from a target,
// shortfall on both funnels, coverage, velocity and the lead deadline.
import { OPEN_STAGES, type OpenStage, type Stage } from "./enums.js";
import type { FunnelInput } from "./facts.js";
import type { FunnelResult, FunnelStage, StageProbabilities, StageRates } from "./results.js";
import { addDays } from "./dates.js";
import { ceilCount, q9 } from "./numerics.js";
import { DEFAULT_RATES, stageIndex, stageProbabilities } from "./rates.js";

/** The slice of an opportunity the funnel reads. */
export interface PipelineOpportunity {
  stage: Stage;
  amount: number;
  expected_close_date: string;
}

/** §5.3 in-period pipeline membership: open (S0–S5) and expected to close by period_end. */
export function inPeriod(o: PipelineOpportunity, periodEnd: string): boolean {
  const i = stageIndex(o.stage);
  return i >= 0 && i <= 5 && o.expected_close_date <= periodEnd; // ISO dates compare as strings
}

/** Count and amount of the in-period pipeline per open stage (index 0…5). */
export interface StageTotals {
  count: Float64Array;
  amount: Float64Array;
}

/** §5.3 per-stage totals of the in-period pipeline. */
export function stageTotals(opps: readonly PipelineOpportunity[], periodEnd: string): StageTotals {
  const count = new Float64Array(6),
    amount = new Float64Array(6);
  for (let j = 0; j < opps.length; j++) {
    const o = opps[j];
    if (!o || !inPeriod(o, periodEnd)) continue;
    const i = stageIndex(o.stage);
    count[i] = (count[i] ?? 0) + 1;
    amount[i] = (amount[i] ?? 0) + o.amount;
  }
  return { count, amount };
}

/** §5.3 E_amt = Σ amount·P_amt(stage) over the in-period pipeline. */
export function weightedAmount(t: StageTotals, p: StageProbabilities): number {
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += (t.amount[i] ?? 0) * p.amount[OPEN_STAGES[i] ?? "S0"];
  return sum;
}

const LATE: readonly OpenStage[] = ["S4", "S5"];

/** §10.2 funnel of a period: everything at full precision (contract.ts rounds and takes the ceilings). */
export function funnel(input: FunnelInput): FunnelResult {
  return funnelOfTotals(stageTotals(input.opportunities, input.period_end), input);
}

/** The same from per-stage totals of the in-period pipeline, as a database aggregates them (GROUP BY stage). */
export function funnelOfTotals(t: StageTotals, input: Omit<FunnelInput, "opportunities">): FunnelResult {
  const rates: StageRates = input.rates ?? DEFAULT_RATES;
  const P = stageProbabilities(rates);

  const G = Math.max(0, input.target - input.won_to_date); // §5.4 step 1 gap
  const Nreq = G / input.avg_won_size; // §5.4 step 2 required wins (real)

  const Eamt = weightedAmount(t, P); // §5.3 E_amt
  let En = 0,
    openAmount = 0,
    lateAmount = 0,
    lateWeighted = 0,
    qualified = 0;
  for (let i = 0; i < 6; i++) {
    const k = OPEN_STAGES[i] ?? "S0";
    const n = t.count[i] ?? 0,
      amt = t.amount[i] ?? 0;
    En += n * P.count[k]; // §5.3 E_n
    openAmount += amt;
    if (LATE.includes(k)) {
      lateAmount += amt;
      lateWeighted += amt * P.amount[k];
    }
    if (i >= 1) qualified += n; // §5.6 N_qualified = open S1–S5
  }
  const shortN = Math.max(0, Nreq - En); // §5.4 step 4
  const shortAmt = Math.max(0, G - Eamt);

  const stages: FunnelStage[] = OPEN_STAGES.map((k, i) => ({
    stage: k,
    p_count: P.count[k],
    p_amount: P.amount[k],
    required_count: Nreq / P.count[k], // §5.4 step 3, never chained
    required_amount: G / P.amount[k],
    open_count: t.count[i] ?? 0,
    open_amount: t.amount[i] ?? 0,
    expected_wins: (t.count[i] ?? 0) * P.count[k],
    weighted_amount: (t.amount[i] ?? 0) * P.amount[k],
    equivalent_count: shortN / P.count[k], // §5.4 step 5
    equivalent_amount: shortAmt / P.amount[k],
  }));

  // §5.4 step 5: leads by the amount funnel = (short_amt / P_amt(S0)) / avg_entry_size(S0), with
  // avg_entry_size(S0) = amt_req(S0)/count_req(S0) = (G/P_amt(S0)) / (N_req/P_count(S0)).
  const leadsCount = shortN / P.count.S0;
  const leadsAmount = shortAmt === 0 ? 0 : (shortAmt * Nreq) / (G * P.count.S0);
  // §5.4 step 6: the funnel that needs more S0 leads, judged on the lead counts as reported (ceilings).
  const nc = ceilCount(leadsCount),
    na = ceilCount(leadsAmount);
  const binding = nc === 0 && na === 0 ? "none" : nc > na ? "count" : "amount";

  // §5.4 step 7: a fractional median cycle moves the deadline a whole day earlier.
  const leadDeadline = addDays(input.period_end, -ceilCount(input.cycle_days));

  return {
    gap: G,
    required_wins: Nreq,
    expected_wins: En,
    weighted_amount: Eamt,
    stages,
    shortfall: {
      wins: shortN,
      amount: shortAmt,
      new_leads_count_basis: leadsCount,
      new_leads_amount_basis: leadsAmount,
      binding,
    },
    coverage:
      q9(G) === 0
        ? null
        : {
            // §5.5
            raw: openAmount / G,
            required_raw: openAmount / Eamt, // Infinity when nothing is weighted; §10 prints null then
            weighted: Eamt / G,
            late_raw: lateAmount / G,
            late_weighted: lateWeighted / G,
          },
    velocity_per_day: (qualified * P.count.S1 * input.avg_won_size) / input.cycle_days, // §5.6
    lead_deadline: leadDeadline,
    lead_deadline_passed: input.as_of > leadDeadline,
  };
}
