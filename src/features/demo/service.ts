// The demo portfolio (portfolio.ts) loaded into a workspace: its team (a channel), the target and ~30 accounts.
import { demoPortfolio } from "./portfolio.js";
import { today, type ServiceDeps } from "../deps.js";
import { importAccounts, type ImportSummary } from "../import-export/service.js";
import { parsePeriod } from "../funnel/periods.js";
import { resolveScope, type Actor } from "../teams/scope.js";
import { createTeam } from "../teams/service.js";
import { toDbMoney } from "../../store/index.js";

export async function loadDemo(deps: ServiceDeps, actor: Actor, channelId: string): Promise<ImportSummary & { team: string }> {
  const demo = demoPortfolio(today(deps));
  const { team } = await createTeam(deps, actor, { channelId, name: demo.team.name, members: [actor.userId] });
  const period = parsePeriod(demo.target.period);
  await deps.repos.funnel.ensureTarget({
    teamId: team.id, period: period.key, periodStart: period.start, periodEnd: period.end, amount: toDbMoney(demo.target.amount), createdBy: actor.userId,
  });
  const scope = await resolveScope(deps, actor);
  const inTeam = scope.teams.find((t) => t.id === team.id) ?? team;
  const summary = await importAccounts(deps, { ...actor, source: "demo" }, inTeam, demo.accounts);
  return { ...summary, team: team.name };
}

/** True when the workspace has no accounts yet (first run of the console). */
export async function isEmpty(deps: ServiceDeps, workspaceId: string): Promise<boolean> {
  return (await deps.repos.accounts.countInWorkspace(workspaceId)) === 0;
}
