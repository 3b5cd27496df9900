// Portfolio views: the value matrix of a team, the top accounts by priority, and the 价值客户矩阵管理表 (METHOD §4.4).
import { mapInTurns } from "../in-turns.js";
import { assessAll, PRIORITIES } from "../../core/index.js";
import type { Assessment, Quadrant } from "../../core/index.js";
import type { AccountAggregate } from "./repository.js";
import { topDrivers, type MatrixTableRow } from "../import-export/export-format.js";
import { VISIT_CADENCES } from "../import-export/records.js";
import { today, type ServiceDeps } from "../deps.js";
import { pipelineOf, teamProbabilities, type AccountPipeline } from "../funnel/pipeline.js";
import { pickTeam, type Scope, type TeamRef } from "../teams/scope.js";
import { versionInForce, type ModelInForce } from "../calibration/model.js";
import { withSegmentDefaults } from "../segments/defaults.js";

export interface PortfolioEntry {
  aggregate: AccountAggregate;
  assessment: Assessment;
  pipeline: AccountPipeline;
}

/** §4.4 order: priority, then V descending, then id; provisional accounts (no priority) last. */
export function byPriority(a: PortfolioEntry, b: PortfolioEntry): number {
  const pa = a.assessment.priority ? PRIORITIES.indexOf(a.assessment.priority) : PRIORITIES.length;
  const pb = b.assessment.priority ? PRIORITIES.indexOf(b.assessment.priority) : PRIORITIES.length;
  return (
    pa - pb || b.assessment.scores.V - a.assessment.scores.V || (a.aggregate.facts.id < b.aggregate.facts.id ? -1 : 1)
  );
}

/** Every account of a team with its assessment and weighted pipeline. */
export async function teamEntries(
  deps: ServiceDeps,
  scope: Scope,
  team: TeamRef,
  asOf: string,
  inForce?: ModelInForce,
): Promise<PortfolioEntry[]> {
  // Scored under the model version in force (METHOD §6.6), read once by a caller that lists several teams.
  const [own, p, model] = await Promise.all([
    deps.repos.accounts.loadTeamAccounts(scope, team.id),
    teamProbabilities(deps, team.id, asOf),
    inForce ?? versionInForce(deps, scope.workspaceId),
  ]);
  const aggregates = await withSegmentDefaults(deps, own, asOf);
  // A whole team at once: assessAll is the core's batch path (differentially tested against assess).
  const assessments = await mapInTurns(
    aggregates.map((a) => a.facts),
    (accounts) => assessAll({ as_of: asOf, accounts }, { model }),
  );
  return aggregates.map((aggregate, i) => ({
    aggregate,
    assessment: assessments[i] as Assessment,
    pipeline: pipelineOf(aggregate.facts.opportunities ?? [], p),
  }));
}

export async function teamPortfolio(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; channelId?: string },
): Promise<{ team: TeamRef; asOf: string; entries: PortfolioEntry[]; modelVersion: string; model: ModelInForce }> {
  const team = pickTeam(scope, input.team, input.channelId);
  const asOf = today(deps);
  const model = await versionInForce(deps, scope.workspaceId);
  const entries = await teamEntries(deps, scope, team, asOf, model);
  return { team, asOf, entries: entries.sort(byPriority), modelVersion: model.label, model };
}

/** The top n accounts by priority over every team the user may see. */
export async function topAccounts(
  deps: ServiceDeps,
  scope: Scope,
  n: number,
): Promise<{ asOf: string; entries: PortfolioEntry[]; total: number }> {
  const asOf = today(deps);
  const model = await versionInForce(deps, scope.workspaceId);
  const all = (await Promise.all(scope.teams.map((t) => teamEntries(deps, scope, t, asOf, model)))).flat();
  return { asOf, entries: all.sort(byPriority).slice(0, n), total: all.length };
}

/** Quadrant of each account in its latest snapshot before `before` (for "quadrant change vs last snapshot"). */
async function previousQuadrants(
  deps: ServiceDeps,
  accountIds: string[],
  before: Date,
): Promise<Map<string, Quadrant>> {
  if (accountIds.length === 0) return new Map();
  const rows = await deps.repos.accounts.weeklySnapshotsBefore(accountIds, before);
  const out = new Map<string, Quadrant>();
  for (const r of rows) if (!out.has(r.accountId)) out.set(r.accountId, r.quadrant);
  return out;
}

const cadence = (v: string | null) => VISIT_CADENCES.find((c) => c === v) ?? null;

export async function managementTable(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; channelId?: string },
): Promise<{ team: TeamRef; rows: MatrixTableRow[] }> {
  const { team, entries, modelVersion } = await teamPortfolio(deps, scope, input);
  const previous = await previousQuadrants(
    deps,
    entries.map((e) => e.aggregate.facts.id),
    deps.now(),
  );
  const rows = entries.map(
    ({ aggregate: g, assessment: a, pipeline: p }): MatrixTableRow => ({
      id: g.facts.id,
      crm_id: g.crmId,
      name: g.facts.name ?? g.facts.id,
      industry: g.facts.industry ?? null,
      admin_level: g.facts.admin_level ?? null,
      tier: a.tier,
      quadrant: a.quadrant,
      provisional: a.provisional,
      priority: a.priority,
      X: a.scores.X,
      Y: a.scores.Y,
      V: a.scores.V,
      RA: a.scores.RA,
      completeness: a.completeness.overall,
      confidence: a.confidence,
      top_drivers: topDrivers(a.explanation.drivers),
      red_flags: a.red_flags,
      actions: a.explanation.actions,
      owner_ar: g.matrix.owner_ar,
      owner_sr: g.matrix.owner_sr,
      owner_fr: g.matrix.owner_fr,
      executive_sponsor: g.matrix.executive_sponsor,
      visit_cadence: cadence(g.matrix.visit_cadence),
      open_pipeline: { count: p.openCount, amount: p.openAmount, weighted: p.weightedAmount },
      revenue_target: g.matrix.revenue_target,
      last_review_date: g.matrix.last_review_date,
      previous_quadrant: previous.get(g.facts.id) ?? null,
      model_version: modelVersion,
    }),
  );
  return { team, rows };
}
