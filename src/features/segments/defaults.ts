// Accounts as the scoring sees them: their own facts, with the unknown ones their team's segments feed filled in
// (src/core/segments.ts applySegmentDefaults). Applied after loading, never written back: the account's own facts
// stay unknown, and `segmentDefaults` says which values came from which segment (the card shows it).
import { applySegmentDefaults, yearOf, type SegmentRecord } from "../../core/index.js";
import type { AccountAggregate } from "../accounts/aggregate.js";
import type { ServiceDeps } from "../deps.js";

/** The aggregates with their segments' defaults applied as of `asOf` (one query for all of their teams). */
export async function withSegmentDefaults(
  deps: Pick<ServiceDeps, "repos">,
  aggregates: readonly AccountAggregate[],
  asOf: string,
): Promise<AccountAggregate[]> {
  const teamIds = [...new Set(aggregates.flatMap((a) => (a.teamId === null ? [] : [a.teamId])))];
  const segments = await deps.repos.segments.teamSegments(teamIds);
  return applyTo(aggregates, segments, asOf);
}

/** The same with the segments already read (`segments` may span teams; each account takes only its team's). */
export function applyTo(
  aggregates: readonly AccountAggregate[],
  segments: readonly (SegmentRecord & { teamId: string })[],
  asOf: string,
): AccountAggregate[] {
  if (segments.length === 0) return [...aggregates];
  const year = yearOf(asOf);
  const byTeam = new Map<string, SegmentRecord[]>();
  for (const s of segments) byTeam.set(s.teamId, [...(byTeam.get(s.teamId) ?? []), s]);
  return aggregates.map((a) => {
    const mine = a.teamId === null ? undefined : byTeam.get(a.teamId);
    if (!mine) return a;
    const { facts, defaults } = applySegmentDefaults(a.facts, mine, year);
    return defaults.length === 0 ? a : { ...a, facts, segmentDefaults: defaults };
  });
}

/** One aggregate (cards, fact updates, change snapshots). */
export async function withDefaults(
  deps: Pick<ServiceDeps, "repos">,
  aggregate: AccountAggregate,
  asOf: string,
): Promise<AccountAggregate> {
  const [one] = await withSegmentDefaults(deps, [aggregate], asOf);
  return one ?? aggregate;
}
