// App Home: what changed since last week (score snapshots 7 days back), then the user's week (mine.ts): accounts by
// priority with red flags and the next fact, open deals by close date; a manager's per rep.
import type { Quadrant } from "../../core/index.js";
import { today, type ServiceDeps } from "../deps.js";
import { byPriority, teamEntries, type PortfolioEntry } from "./portfolio.js";
import type { Scope } from "../teams/scope.js";
import type { SnapshotRow } from "./repository.js";
import { weekOf, type MyWeek } from "./mine.js";

export interface HomeChangeData {
  entry: PortfolioEntry;
  quadrantBefore: Quadrant | null;
  provisionalBefore: boolean;
  vBefore: number | null;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Accounts the user owns; when they own none, every account of their teams (a manager's or a new rep's view). */
export async function homeFor(
  deps: ServiceDeps,
  scope: Scope,
): Promise<{ asOf: string; entries: PortfolioEntry[]; changes: HomeChangeData[]; week: MyWeek }> {
  const asOf = today(deps);
  const all = (await Promise.all(scope.teams.map((team) => teamEntries(deps, scope, team, asOf)))).flat();
  const own = all.filter((e) => e.aggregate.ownerUserId === scope.userId);
  const entries = (own.length ? own : all).sort(byPriority);

  const weekAgo = new Date(deps.now().getTime() - WEEK_MS);
  const ids = entries.map((e) => e.aggregate.facts.id);
  const snaps = ids.length ? await deps.repos.accounts.snapshotsUpTo(ids, weekAgo) : [];
  const before = new Map<string, SnapshotRow>();
  for (const s of snaps) if (!before.has(s.accountId)) before.set(s.accountId, s);
  const changes: HomeChangeData[] = [];
  for (const entry of entries) {
    const b = before.get(entry.aggregate.facts.id);
    const quadrantBefore = b ? b.quadrant : null;
    const provisionalBefore = b ? b.completeness < 0.5 : false;
    const moved =
      !b ||
      quadrantBefore !== entry.assessment.quadrant ||
      provisionalBefore !== entry.assessment.provisional ||
      Math.abs(b.v - entry.assessment.scores.V) >= 0.005;
    if (moved) changes.push({ entry, quadrantBefore, provisionalBefore, vBefore: b ? b.v : null });
  }
  return { asOf, entries, changes, week: weekOf(scope, asOf, all) };
}
