// A team's stage probabilities from its own closed history (METHOD §5.2, defaults until there is enough), and
// an account's open pipeline weighted by them.
import { addMonths, conversionRates, DEFAULT_RATES, isOpen, stageProbabilities, STAGES } from "../../core/index.js";
import type { ConversionResult, OpportunityFacts, OpportunityHistory, Stage, StageProbabilities } from "../../core/index.js";
import { fromDbMoney, fromDbMoneyOrNull } from "../../store/index.js";
import { PAGE } from "../accounts/repository.js";
import type { ServiceDeps } from "../deps.js";

export interface AccountPipeline {
  openCount: number;
  openAmount: number;
  weightedAmount: number;
  opportunities: { id: string; name: string; stage: Stage; amount: number; expectedCloseDate: string | null; weighted: number }[];
}

export const DEFAULT_PROBABILITIES: StageProbabilities = stageProbabilities(DEFAULT_RATES);
const asStage = (s: string): Stage => STAGES.find((x) => x === s) ?? "S0";

/** The closed cohort of a team (trailing 4 quarters before asOf) with stage histories: one query. */
export async function closedCohort(deps: ServiceDeps, teamId: string, asOf: string): Promise<OpportunityHistory[]> {
  const since = addMonths(asOf, -12);
  const where = { account: { teamId }, stage: { in: ["W", "L", "A"] }, OR: [{ closedDate: null }, { closedDate: { gte: since, lt: asOf } }] };
  const select = {
    id: true, stage: true, amount: true, finalAmount: true, createdDate: true, expectedCloseDate: true,
    stageHistory: { select: { stage: true, enteredDate: true, amountAtEntry: true }, orderBy: [{ enteredDate: "asc" as const }, { id: "asc" as const }] },
  };
  // Paged by id: the included history is loaded with IN (<ids>), which SQLite caps at 999 parameters.
  const rows: Awaited<ReturnType<typeof deps.db.opportunity.findMany<{ select: typeof select }>>> = [];
  for (let after: string | undefined; ;) {
    const page = await deps.db.opportunity.findMany({ where: after === undefined ? where : { ...where, id: { gt: after } }, select, orderBy: { id: "asc" }, take: PAGE });
    rows.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.id;
  }
  return rows.map((o) => ({
    id: o.id, stage: asStage(o.stage), amount: fromDbMoney(o.amount), expected_close_date: o.expectedCloseDate,
    created_date: o.createdDate, final_amount: fromDbMoneyOrNull(o.finalAmount),
    stage_history: o.stageHistory.map((s) => ({ stage: asStage(s.stage), entered_date: s.enteredDate, amount_at_entry: fromDbMoneyOrNull(s.amountAtEntry) })),
  }));
}

// Rates move only when an opportunity closes; a per-process cache for the day keeps the card path to one query.
// Another instance's close shows here the next day at the latest, or at once after `forgetTeamRates`.
const cache = new Map<string, ConversionResult>();

export async function teamConversion(deps: ServiceDeps, teamId: string, asOf: string): Promise<ConversionResult> {
  const key = `${teamId}|${asOf}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = conversionRates(await closedCohort(deps, teamId, asOf), { asOf });
  if (cache.size > 1000) cache.clear();
  cache.set(key, result);
  return result;
}

export function forgetTeamRates(teamId: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${teamId}|`)) cache.delete(key);
}

export async function teamProbabilities(deps: ServiceDeps, teamId: string | null, asOf: string): Promise<StageProbabilities> {
  return teamId ? (await teamConversion(deps, teamId, asOf)).probabilities : DEFAULT_PROBABILITIES;
}

export function pipelineOf(opportunities: readonly OpportunityFacts[], p: StageProbabilities): AccountPipeline {
  const open = opportunities.filter((o) => isOpen(o.stage));
  const lines = open.map((o) => {
    const stage = o.stage;
    const weighted = isOpen(stage) ? o.amount * p.amount[stage] : 0;
    return { id: o.id, name: o.name ?? o.id, stage, amount: o.amount, expectedCloseDate: o.expected_close_date ?? null, weighted };
  });
  return {
    openCount: lines.length,
    openAmount: lines.reduce((s, o) => s + o.amount, 0),
    weightedAmount: lines.reduce((s, o) => s + o.weighted, 0),
    opportunities: lines,
  };
}
