// "My week" (`/kvalue mine`, App Home): a rep's own accounts by priority with their red flags and the next fact to
// collect, and their open deals by close date. A manager sees the same for every rep who owns accounts in the
// teams of their scope, one section per rep (their own first).
import { today, type ServiceDeps } from "../deps.js";
import { versionInForce } from "../calibration/model.js";
import type { Scope } from "../teams/scope.js";
import { byPriority, teamEntries, type PortfolioEntry } from "./portfolio.js";

export interface MyDeal {
  accountId: string;
  accountName: string;
  id: string;
  name: string;
  stage: PortfolioEntry["pipeline"]["opportunities"][number]["stage"];
  amount: number;
  expectedCloseDate: string | null;
}

export interface RepWeek {
  /** null: accounts of the teams nobody owns (shown to managers, so they get an owner). */
  userId: string | null;
  entries: PortfolioEntry[];
  deals: MyDeal[];
}

export interface MyWeek {
  asOf: string;
  manager: boolean;
  reps: RepWeek[];
}

/** Open deals soonest close first; a deal without a close date last; then by account name and id. */
export function byCloseDate(a: MyDeal, b: MyDeal): number {
  return (
    (a.expectedCloseDate ?? "9999").localeCompare(b.expectedCloseDate ?? "9999") ||
    a.accountName.localeCompare(b.accountName) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function repWeek(userId: string | null, entries: PortfolioEntry[]): RepWeek {
  const sorted = [...entries].sort(byPriority);
  const deals = sorted
    .flatMap((e) =>
      e.pipeline.opportunities.map((o) => ({
        accountId: e.aggregate.facts.id,
        accountName: e.aggregate.facts.name ?? e.aggregate.facts.id,
        id: o.id,
        name: o.name,
        stage: o.stage,
        amount: o.amount,
        expectedCloseDate: o.expectedCloseDate,
      })),
    )
    .sort(byCloseDate);
  return { userId, entries: sorted, deals };
}

export async function myWeek(deps: ServiceDeps, scope: Scope): Promise<MyWeek> {
  const asOf = today(deps);
  const model = await versionInForce(deps, scope.workspaceId);
  const all = (await Promise.all(scope.teams.map((team) => teamEntries(deps, scope, team, asOf, model)))).flat();
  return weekOf(scope, asOf, all);
}

/** The week from the assessed accounts of every team in the scope (App Home has them already). */
export function weekOf(scope: Scope, asOf: string, all: readonly PortfolioEntry[]): MyWeek {
  if (!scope.manager) {
    const own = all.filter((e) => e.aggregate.ownerUserId === scope.userId);
    return { asOf, manager: false, reps: [repWeek(scope.userId, own)] };
  }
  const byOwner = new Map<string | null, PortfolioEntry[]>();
  for (const e of all) {
    const owner = e.aggregate.ownerUserId;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), e]);
  }
  // The manager's own accounts first, then reps by user id (stable across renders), unowned accounts last.
  const owners = [...byOwner.keys()].sort((a, b) =>
    a === b ? 0 : a === scope.userId ? -1 : b === scope.userId ? 1 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1,
  );
  return { asOf, manager: true, reps: owners.map((o) => repWeek(o, byOwner.get(o) ?? [])) };
}
