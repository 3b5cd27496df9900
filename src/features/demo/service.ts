// The demo portfolio (portfolio.ts) loaded into a workspace: its team (a channel), the target and ~30 accounts.
import { DEMO_USER_REP, demoPortfolio } from "./portfolio.js";
import { today, type ServiceDeps } from "../deps.js";
import { importAccounts, type ImportSummary } from "../import-export/service.js";
import { parsePeriod } from "../funnel/periods.js";
import { resolveScope, type Actor, type Scope } from "../teams/scope.js";
import { lookupAccount } from "../accounts/service.js";
import { createdAt, demoChangeRows, SHOWCASE_ACCOUNT } from "./changes.js";
import { createTeam } from "../teams/service.js";
import { toDbMoney } from "../../store/index.js";
import { assessAll } from "../../core/index.js";
import { demoHistory } from "./history.js";
import { saveSegment } from "../segments/service.js";
import { setTeamStageMap } from "../import-export/stage-map-service.js";
import { loadLastWeek } from "./last-week.js";
import { colleagueActivity } from "./activity.js";

export interface DemoOptions {
  /** Also write two years of generated history (history.ts) for the calibration report; off by default. */
  history?: boolean;
}

export async function loadDemo(
  deps: ServiceDeps,
  actor: Actor,
  channelId: string,
  options: DemoOptions = {},
): Promise<ImportSummary & { team: string }> {
  const demo = demoPortfolio(today(deps));
  const { team } = await createTeam(deps, actor, { channelId, name: demo.team.name, members: [actor.userId] });
  const period = parsePeriod(demo.target.period);
  await deps.repos.funnel.ensureTarget({
    teamId: team.id,
    period: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    amount: toDbMoney(demo.target.amount),
    createdBy: actor.userId,
  });
  const scope = await resolveScope(deps, actor);
  const inTeam = scope.teams.find((t) => t.id === team.id) ?? team;
  // The loading user owns 周立's accounts, so their own views show something true out of the box; the other reps
  // stay names (no Slack user behind them).
  // Segments first: the accounts are scored with the defaults they feed as they are imported.
  for (const s of demo.segments)
    await saveSegment(deps, { ...actor, source: "demo" }, scope, { team: inTeam.name, key: s.key, fields: s.fields });
  await setTeamStageMap(deps, { ...actor, source: "demo" }, inTeam, { replace: demo.stageMap });
  const accounts = demo.accounts.map((a) => (a.owner === DEMO_USER_REP ? { ...a, owner: actor.userId } : a));
  const summary = await importAccounts(deps, { ...actor, source: "demo" }, inTeam, accounts);
  await colleagueActivity(deps, actor, scope);
  await loadAccountStory(deps, actor, scope);
  await loadLastWeek(deps, { id: team.id, workspaceId: actor.workspaceId });
  if (options.history) await loadDemoHistory(deps, { id: team.id, workspaceId: actor.workspaceId });
  return { ...summary, team: team.name };
}

/** The showcase account's recent history (changes.ts), so `/kvalue history` has something to show. */
async function loadAccountStory(deps: ServiceDeps, actor: Actor, scope: Scope): Promise<void> {
  const found = await lookupAccount(deps, scope, SHOWCASE_ACCOUNT);
  if (found.kind !== "found") return;
  const account = await deps.repos.accounts.loadAccount(scope, found.account.id);
  if (!account) return;
  const now = deps.now();
  const rows = demoChangeRows(account.facts, { workspaceId: actor.workspaceId, userId: actor.userId, now });
  await deps.repos.transaction((r) => r.demo.insertAccountStory(account.facts.id, createdAt(now), rows));
}

/** True when the workspace has no accounts yet (first run of the console). */
export async function isEmpty(deps: ServiceDeps, workspaceId: string): Promise<boolean> {
  return (await deps.repos.accounts.countInWorkspace(workspaceId)) === 0;
}

/** Whether the console's first run should load the demo into `workspaceId`: it is empty, and so is every other
 *  workspace — a database serving Slack teams gets no demo accounts beside theirs unasked (`kvalue demo` asks). */
export async function demoWelcome(deps: ServiceDeps, workspaceId: string): Promise<"load" | "skip" | "others"> {
  if (!(await isEmpty(deps, workspaceId))) return "skip";
  return (await deps.repos.accounts.othersHaveAccounts(workspaceId)) ? "others" : "load";
}

/** Writes the demo team's generated history: its accounts' scores today are where the weekly scores wander around. */
export async function loadDemoHistory(deps: ServiceDeps, team: { id: string; workspaceId: string }): Promise<void> {
  const asOf = today(deps);
  const aggregates = await deps.repos.digest.teamAggregates(team.workspaceId, team.id);
  // A new demo workspace scores under v1-default, which the history is stamped with too.
  const accounts = assessAll({ as_of: asOf, accounts: aggregates.map((g) => g.facts) }).map((a) => ({
    id: a.id,
    scores: a.scores,
    completeness: a.completeness,
  }));
  // Sorted by id: the generator walks them in order, so the same accounts give the same history.
  accounts.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const generated = demoHistory(asOf, team, accounts);
  // A week the team already has a snapshot of (the demo's last week, loadLastWeek) keeps its own scores; a historic
  // deal still open that Monday (closed since) joins its pipeline, as it would have been when the week began.
  const keys = [...new Set(generated.scoreSnapshots.map((r) => String(r.periodKey)))];
  const taken = (await deps.repos.digest.existingSnapshots([team.id], keys)).map((s) => s.periodKey);
  const rows = {
    ...generated,
    scoreSnapshots: generated.scoreSnapshots.filter((r) => !taken.includes(String(r.periodKey))),
  };
  // A bench team of 5,000 accounts writes ~10^6 rows here: a generous timeout.
  await deps.repos.transaction(
    async (r) => {
      await r.demo.insertHistory(rows);
      for (const key of taken) await r.demo.recount(team.id, key);
    },
    { timeout: 900_000 },
  );
}
