// Segment use cases (市场研判 五看三定, METHOD §2.3): read a team's segments, create or change one (checked, audited,
// compare-and-set on its version), and re-score exactly the accounts whose facts it feeds. The defaults themselves
// are computed in src/core/segments.ts and applied on reading (defaults.ts), never stored on the accounts.
import {
  assessAll,
  checkSegmentKey,
  checkSegmentPatch,
  EMPTY_SEGMENT,
  segmentDiff,
  type Assessment,
  type SegmentField,
  type SegmentIssue,
  type SegmentKey,
} from "../../core/index.js";
import { versionInForce } from "../calibration/model.js";
import { scoreRow } from "../accounts/snapshots.js";
import { today, type ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import type { Repositories } from "../repositories.js";
import { pickTeam, type Actor, type Scope, type TeamRef } from "../teams/scope.js";
import { applyTo } from "./defaults.js";
import type { StoredSegment } from "./repository.js";
import type { AccountAggregate } from "../accounts/aggregate.js";

export type { StoredSegment };

/** Bad segment input: every refused field, so a surface can name them all in the user's language. */
export class SegmentInputError extends ServiceError {
  constructor(readonly issues: readonly SegmentIssue[]) {
    super(
      "invalid",
      issues.map((i) => `${i.field}: ${i.code.replace(/_/g, " ")} (${i.value})`).join("; "),
      issues[0]?.field,
    );
    this.name = "SegmentInputError";
  }
}

/** The fields whose change moves the accounts' facts (METHOD §2.3 "Feeds"); notes and plans do not. */
const FEEDING: readonly SegmentField[] = [
  "industry_outlook",
  "market_wallet",
  "market_accounts",
  "chosen",
  "solution_fit",
];

export interface SegmentRaw {
  industry: unknown;
  region_code: unknown;
  year: unknown;
}

/** Checks a key as typed (industry code, GB/T 2260 region, year); throws SegmentInputError naming each bad part. */
export function segmentKey(raw: SegmentRaw): SegmentKey {
  const checked = checkSegmentKey(raw);
  if (!checked.ok) throw new SegmentInputError(checked.issues);
  return checked.key;
}

/** The segments of one team of the scope (all years, newest first). */
export async function teamSegments(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; channelId?: string },
): Promise<{ team: TeamRef; segments: StoredSegment[] }> {
  const team = pickTeam(scope, input.team, input.channelId);
  return { team, segments: await deps.repos.segments.teamSegments([team.id]) };
}

/** One segment of a team of the scope; not_found when there is none. */
export async function findSegment(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; channelId?: string; key: SegmentRaw },
): Promise<{ team: TeamRef; segment: StoredSegment }> {
  const team = pickTeam(scope, input.team, input.channelId);
  const key = segmentKey(input.key);
  const segment = await deps.repos.segments.findSegment(team.id, key);
  if (!segment)
    throw new ServiceError("not_found", `no segment ${key.industry}/${key.region_code}/${key.year}`, "segment");
  return { team, segment };
}

export interface SegmentSave {
  segment: StoredSegment;
  created: boolean;
  changed: { field: SegmentField; before: unknown; after: unknown }[];
  /** Accounts re-scored because the segment feeds (or fed) their facts. */
  rescored: string[];
}

/**
 * Creates the team's segment for the key, or changes it: the fields are checked first (every bad one named, nothing
 * written), then segment, audit rows, the version bump of the accounts it feeds and their change snapshots are
 * written in one transaction. `expectedVersion` makes a stale form fail with a conflict instead of overwriting.
 */
export async function saveSegment(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  input: {
    team: string | null;
    channelId?: string;
    key: SegmentRaw;
    fields: Readonly<Record<string, unknown>>;
    expectedVersion?: number;
  },
): Promise<SegmentSave> {
  const team = pickTeam(scope, input.team, input.channelId);
  const keyCheck = checkSegmentKey(input.key);
  const { patch, issues } = checkSegmentPatch(input.fields);
  const allIssues = [...(keyCheck.ok ? [] : keyCheck.issues), ...issues];
  if (!keyCheck.ok || allIssues.length) throw new SegmentInputError(allIssues);
  const key = keyCheck.key;
  const at = deps.now();
  const asOf = today(deps);
  const audit = {
    workspaceId: scope.workspaceId,
    actorUserId: actor.userId,
    source: actor.source,
    sourceRef: actor.sourceRef ?? null,
    at,
  };

  return deps.repos.transaction(async (r) => {
    const before = await r.segments.findSegment(team.id, key);
    if (before && input.expectedVersion !== undefined && before.version !== input.expectedVersion)
      throw new ServiceError("conflict", `segment ${before.id} changed meanwhile`, "version");
    const changed = segmentDiff(before ?? EMPTY_SEGMENT, patch);
    if (before && changed.length === 0) return { segment: before, created: false, changed, rescored: [] };
    // Which accounts take something from the segment is read before and after the write: an account that no longer
    // does (its outlook was cleared) was still moved by the change.
    const feeds = changed.some((c) => FEEDING.includes(c.field));
    const own = feeds ? await r.accounts.loadTeamAccounts(scope, team.id) : [];
    const usedBefore =
      before && feeds ? fedBy(applyTo(own, await r.segments.teamSegments([team.id]), asOf), before.id) : [];
    let segment: StoredSegment;
    if (!before) {
      segment = await r.segments.createSegment({
        workspaceId: scope.workspaceId,
        teamId: team.id,
        key,
        facts: patch,
        createdBy: actor.userId,
        at,
      });
      const created = { field: "*" as const, before: null, after: key };
      await r.segments.insertAudit({ ...audit, segmentId: segment.id, changes: [created, ...changed] });
    } else {
      if (!(await r.segments.updateSegment(before.id, before.version, patch)))
        throw new ServiceError("conflict", `segment ${before.id} changed meanwhile`, "version");
      await r.segments.insertAudit({ ...audit, segmentId: before.id, changes: changed });
      segment = (await r.segments.findSegment(team.id, key)) ?? before;
    }
    if (!feeds) return { segment, created: !before, changed, rescored: [] };
    const after = applyTo(own, await r.segments.teamSegments([team.id]), asOf);
    const ids = new Set([...usedBefore, ...fedBy(after, segment.id)]);
    const rescored = await rescore(
      r,
      scope.workspaceId,
      team.id,
      after.filter((a) => ids.has(a.facts.id)),
      asOf,
      at,
    );
    return { segment, created: !before, changed, rescored };
  });
}

/** The accounts whose facts take at least one default from the segment. */
const fedBy = (aggregates: readonly AccountAggregate[], segmentId: string): string[] =>
  aggregates.filter((a) => a.segmentDefaults?.some((d) => d.segment.id === segmentId)).map((a) => a.facts.id);

/** Change snapshots for these accounts (their facts as they are now, defaults applied), and a version bump, so open
 *  forms and cached cards see the change. */
async function rescore(
  r: Repositories,
  workspaceId: string,
  teamId: string,
  fed: readonly AccountAggregate[],
  asOf: string,
  at: Date,
): Promise<string[]> {
  if (fed.length === 0) return [];
  const model = await versionInForce({ repos: r }, workspaceId);
  const assessments = assessAll({ as_of: asOf, accounts: fed.map((a) => a.facts) }, { model });
  await r.accounts.bumpVersions(fed.map((a) => a.facts.id));
  await r.accounts.insertScoreSnapshots(
    fed.map((a, i) => ({
      workspaceId,
      accountId: a.facts.id,
      teamId,
      periodKey: null,
      takenAt: at,
      reason: "change",
      ...scoreRow(assessments[i] as Assessment, model.label),
    })),
  );
  return fed.map((a) => a.facts.id);
}
