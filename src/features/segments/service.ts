// Segment use cases (市场研判 五看三定, METHOD §2.3): read a team's segments, create or change one (checked, audited,
// compare-and-set on its version), and re-score exactly the accounts whose facts it feeds. The defaults themselves
// are computed in src/core/segments.ts and applied on reading (defaults.ts), never stored on the accounts.
import {
  applySegmentDefaults,
  assessAll,
  checkSegmentKey,
  checkSegmentPatch,
  EMPTY_SEGMENT,
  segmentDiff,
  type Assessment,
  type SegmentField,
  type SegmentIssue,
  type SegmentKey,
  type SegmentPatch,
  type SegmentRecord,
  yearOf,
} from "../../core/index.js";
import { versionInForce } from "../calibration/model.js";
import { scoreRow } from "../accounts/snapshots.js";
import { today, type ServiceDeps } from "../deps.js";
import { invalidInput, ServiceError } from "../errors.js";
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

/** The segments of every team of the scope, newest year first (what the assistant may propose updates to). */
export async function scopeSegments(deps: Pick<ServiceDeps, "repos">, scope: Scope): Promise<StoredSegment[]> {
  const all = await deps.repos.segments.teamSegments(scope.teams.map((t) => t.id));
  return [...all].sort((a, b) => b.year - a.year);
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
  /** When the save decides the segment (三定, `chosen`): the accounts whose 是否目标细分 it would set but that have
   *  their own value, which they keep (an account's own fact wins over a default). */
  keptOwn: { id: string; name: string }[];
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
  // A new segment with nothing filled in would be a row of dashes that cannot be removed: not saved.
  const [plan] = await planSegments(deps, team, [{ key: keyCheck.key, patch }]);
  if (plan && !plan.before && plan.changed.length === 0)
    throw invalidInput("segment_empty", "a new segment needs at least one field", "fields");
  const [result] = await writeSegments(deps, actor, scope.workspaceId, team, [
    {
      key: keyCheck.key,
      patch,
      ...(input.expectedVersion === undefined ? {} : { expectedVersion: input.expectedVersion }),
    },
  ]);
  if (!result) throw new ServiceError("conflict", "segment not written", "segment");
  return result;
}

/** One segment's change in a batch: its key, the checked patch and, for a form, the version it showed. */
export interface SegmentChange {
  key: SegmentKey;
  patch: SegmentPatch;
  expectedVersion?: number;
}

/** What a batch would change, without writing: per change, the stored segment (null: new) and the changed fields. */
export async function planSegments(
  deps: Pick<ServiceDeps, "repos">,
  team: TeamRef,
  changes: readonly SegmentChange[],
): Promise<{ before: StoredSegment | null; changed: ReturnType<typeof segmentDiff> }[]> {
  const stored = await deps.repos.segments.teamSegments([team.id]);
  return changes.map((c) => {
    const before = stored.find((s) => sameKey(s, c.key)) ?? null;
    return { before, changed: segmentDiff(before ?? EMPTY_SEGMENT, c.patch) };
  });
}

const sameKey = (a: SegmentKey, b: SegmentKey): boolean =>
  a.industry === b.industry && a.region_code === b.region_code && a.year === b.year;

/**
 * Writes checked changes to a team's segments in one transaction (all or nothing): each segment created or
 * changed with its audit rows (the actor's source and sourceRef: a form, an import file, the assistant), then the
 * accounts any of them feeds — before or after — re-scored once. `team` must already be one of the actor's scope.
 */
export async function writeSegments(
  deps: ServiceDeps,
  actor: Actor,
  workspaceId: string,
  team: TeamRef,
  changes: readonly SegmentChange[],
): Promise<SegmentSave[]> {
  const at = deps.now();
  const asOf = today(deps);
  const audit = {
    workspaceId,
    actorUserId: actor.userId,
    source: actor.source,
    sourceRef: actor.sourceRef ?? null,
    at,
  };
  const scope = { workspaceId, teams: [team] };

  return deps.repos.transaction(async (r) => {
    const stored = await r.segments.teamSegments([team.id]);
    const planned = changes.map((c) => {
      const before = stored.find((s) => sameKey(s, c.key)) ?? null;
      if (before && c.expectedVersion !== undefined && before.version !== c.expectedVersion)
        throw new ServiceError("conflict", `segment ${before.id} changed meanwhile`, "version");
      return { ...c, before, changed: segmentDiff(before ?? EMPTY_SEGMENT, c.patch) };
    });
    // Which accounts take something from a segment is read before and after the writes: an account that no longer
    // does (its outlook was cleared) was still moved by the change.
    const feeds = planned.some((p) => p.changed.some((c) => FEEDING.includes(c.field)));
    const own = feeds ? await r.accounts.loadTeamAccounts(scope, team.id) : [];
    const appliedBefore = feeds ? applyTo(own, stored, asOf) : [];
    const saves: SegmentSave[] = [];
    const touched = new Set<string>();
    for (const p of planned) {
      if (p.before && p.changed.length === 0) {
        saves.push({ segment: p.before, created: false, changed: p.changed, rescored: [], keptOwn: [] });
        continue;
      }
      let segment: StoredSegment;
      if (!p.before) {
        segment = await r.segments.createSegment({
          workspaceId,
          teamId: team.id,
          key: p.key,
          facts: p.patch,
          createdBy: actor.userId,
          at,
        });
        const created = { field: "*" as const, before: null, after: p.key };
        await r.segments.insertAudit({ ...audit, segmentId: segment.id, changes: [created, ...p.changed] });
      } else {
        if (!(await r.segments.updateSegment(p.before.id, p.before.version, p.patch)))
          throw new ServiceError("conflict", `segment ${p.before.id} changed meanwhile`, "version");
        await r.segments.insertAudit({ ...audit, segmentId: p.before.id, changes: p.changed });
        segment = (await r.segments.findSegment(team.id, p.key)) ?? p.before;
      }
      if (p.changed.some((c) => FEEDING.includes(c.field))) touched.add(segment.id);
      saves.push({ segment, created: !p.before, changed: p.changed, rescored: [], keptOwn: [] });
    }
    if (touched.size === 0) return saves;
    const segments = await r.segments.teamSegments([team.id]);
    const after = applyTo(own, segments, asOf);
    const ids = new Set<string>();
    for (const id of touched) for (const a of [...fedBy(appliedBefore, id), ...fedBy(after, id)]) ids.add(a);
    const rescored = await rescore(
      r,
      workspaceId,
      team.id,
      after.filter((a) => ids.has(a.facts.id)),
      asOf,
      at,
    );
    // Each save names the accounts its own segment moved; an account fed by two changed segments is in both.
    return saves.map((s) =>
      touched.has(s.segment.id)
        ? {
            ...s,
            rescored: rescored.filter(
              (id) => fedBy(appliedBefore, s.segment.id).includes(id) || fedBy(after, s.segment.id).includes(id),
            ),
            keptOwn: s.changed.some((c) => c.field === "chosen") ? keepingOwnMatch(own, segments, s.segment, asOf) : [],
          }
        : s,
    );
  });
}

/** The accounts whose 是否目标细分 the segment's decision would be, were theirs unknown, but which have their own. */
function keepingOwnMatch(
  own: readonly AccountAggregate[],
  segments: readonly SegmentRecord[],
  segment: StoredSegment,
  asOf: string,
): { id: string; name: string }[] {
  if (segment.chosen === null) return [];
  const year = yearOf(asOf);
  const decides = (a: AccountAggregate) =>
    applySegmentDefaults({ ...a.facts, segment_match: null }, segments, year).defaults.some(
      (d) => d.field === "segment_match" && d.segment.id === segment.id,
    );
  return own
    .filter((a) => a.facts.segment_match != null && decides(a))
    .map((a) => ({ id: a.facts.id, name: a.facts.name ?? a.facts.id }));
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
