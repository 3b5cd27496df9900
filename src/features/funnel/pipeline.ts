// A team's stage probabilities from its own closed history (METHOD §5.2, defaults until there is enough), and
// an account's open pipeline weighted by them.
import { addMonths, conversionRates, DEFAULT_RATES, isOpen, stageProbabilities, STAGES } from "../../core/index.js";
import { storedEnum } from "../../store/stored.js";
import type {
  ConversionResult,
  OpportunityFacts,
  OpportunityHistory,
  Stage,
  StageProbabilities,
} from "../../core/index.js";
import { fromDbMoney, fromDbMoneyOrNull } from "../../store/index.js";
import { PAGE } from "../accounts/aggregate-rows.js";
import { cacheSpec } from "../caches.js";
import type { ServiceDeps } from "../deps.js";
import type { ClosedOpportunityRow } from "./repository.js";

export interface AccountPipeline {
  openCount: number;
  openAmount: number;
  weightedAmount: number;
  opportunities: {
    id: string;
    name: string;
    stage: Stage;
    amount: number;
    expectedCloseDate: string | null;
    weighted: number;
  }[];
}

export const DEFAULT_PROBABILITIES: StageProbabilities = stageProbabilities(DEFAULT_RATES);
const stageOf = (value: string, table: string, rowId: string): Stage =>
  storedEnum(STAGES, value, { table, rowId, column: "stage" });

/** The closed cohort of a team (trailing 4 quarters before asOf) with stage histories, paged by id. */
export async function closedCohort(deps: ServiceDeps, teamId: string, asOf: string): Promise<OpportunityHistory[]> {
  const since = addMonths(asOf, -12);
  // Paged by id: the included history is loaded with IN (<ids>), which SQLite caps at 999 parameters.
  const rows: ClosedOpportunityRow[] = [];
  for (let after: string | undefined; ; ) {
    const page = await deps.repos.funnel.closedPage(teamId, since, asOf, after, PAGE);
    rows.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.id;
  }
  return rows.map((o) => ({
    id: o.id,
    stage: stageOf(o.stage, "Opportunity", o.id),
    amount: fromDbMoney(o.amount),
    expected_close_date: o.expectedCloseDate,
    created_date: o.createdDate,
    final_amount: fromDbMoneyOrNull(o.finalAmount),
    stage_history: o.stageHistory.map((s, i) => ({
      stage: stageOf(s.stage, "StageChange", `${o.id}#${i}`),
      entered_date: s.enteredDate,
      amount_at_entry: fromDbMoneyOrNull(s.amountAtEntry),
    })),
  }));
}

// Why cached: the rates need the whole closed cohort with its stage histories (many rows), and every card and
// portfolio asks for them, while they move only when the team's closed history does. Keyed by team and day (the
// cohort's window moves with asOf) at the version of the team's closed history (funnel repository
// `closedHistoryVersion`, one aggregate statement): a close made by any instance is seen by the next request.
const rates = cacheSpec<ConversionResult>("funnel.teamRates", 1_000);

export async function teamConversion(deps: ServiceDeps, teamId: string, asOf: string): Promise<ConversionResult> {
  const version = await deps.repos.funnel.closedHistoryVersion(teamId);
  return deps.caches
    .of(rates)
    .get(`${teamId}|${asOf}`, version, async () => conversionRates(await closedCohort(deps, teamId, asOf), { asOf }));
}

/**
 * @deprecated Nothing to forget: the rates cache is keyed by the closed history's version, so a close is seen by the
 * next request in every instance. Kept so its callers (accounts/entities.ts, import-export/service.ts, a digest test
 * support file) compile until their owners drop the call.
 */

export async function teamProbabilities(
  deps: ServiceDeps,
  teamId: string | null,
  asOf: string,
): Promise<StageProbabilities> {
  return teamId ? (await teamConversion(deps, teamId, asOf)).probabilities : DEFAULT_PROBABILITIES;
}

export function pipelineOf(opportunities: readonly OpportunityFacts[], p: StageProbabilities): AccountPipeline {
  const open = opportunities.filter((o) => isOpen(o.stage));
  const lines = open.map((o) => {
    const stage = o.stage;
    const weighted = isOpen(stage) ? o.amount * p.amount[stage] : 0;
    return {
      id: o.id,
      name: o.name ?? o.id,
      stage,
      amount: o.amount,
      expectedCloseDate: o.expected_close_date ?? null,
      weighted,
    };
  });
  return {
    openCount: lines.length,
    openAmount: lines.reduce((s, o) => s + o.amount, 0),
    weightedAmount: lines.reduce((s, o) => s + o.weighted, 0),
    opportunities: lines,
  };
}
