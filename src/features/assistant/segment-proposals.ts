// Segment proposals (issue 10.3): market facts the assistant read from a note, waiting for the sender's Confirm,
// like account proposals (proposals.ts). A proposal stores what the note SAYS; the change to each segment is worked
// out against the segment as it is whenever it is shown or confirmed (lists and notes are added to, never
// replaced). Confirm writes through the segments service's own write path (audited with source "assistant" and the
// note's reference, re-scoring exactly the accounts that use the changed defaults), in one transaction with the claim.
import { z } from "zod";
import {
  checkSegmentPatch,
  INDUSTRIES,
  segmentDiff,
  type SegmentField,
  type SegmentPatch,
  type SolutionFit,
} from "../../core/index.js";
import { storedEnum } from "../../store/stored.js";
import { createCaches } from "../caches.js";
import type { ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import { type StoredSegment, writeSegments, type SegmentSave } from "../segments/service.js";
import { resolveScope, type Actor, type Scope, type TeamRef } from "../teams/scope.js";
import { NOTE_SEGMENT_FIELDS } from "./extraction/schema.js";
import type { CheckedSegmentUpdate } from "./extraction/segments.js";
import { PROPOSAL_STATUSES, type ProposalStatus } from "./proposals.js";

const value = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.object({ line: z.string(), fit: z.number() }),
]);

export const segmentChangesSchema = z.object({
  v: z.literal(1),
  note: z.string().max(4_000),
  sourceRef: z.string().nullable(),
  updates: z.array(
    z.object({
      segmentId: z.string(),
      key: z.object({ industry: z.enum(INDUSTRIES), region_code: z.string(), year: z.number().int() }),
      field: z.enum(NOTE_SEGMENT_FIELDS),
      value,
      text: z.string(),
      evidence: z.string().max(500),
    }),
  ),
  dropped: z.array(z.object({ item: z.string(), reason: z.string() })),
  /** Each changed segment's version as previewed: Confirm writes only onto the segment the person saw. */
  versions: z.record(z.string(), z.number().int()),
});
export type SegmentChanges = z.infer<typeof segmentChangesSchema>;

/** One segment's change: the patch to write and, per changed field, before → after with the note's words. */
export interface SegmentPreviewItem {
  segment: StoredSegment;
  patch: SegmentPatch;
  changes: { field: SegmentField; before: unknown; after: unknown; text: string; evidence: string }[];
}

export interface SegmentPreview {
  team: TeamRef;
  items: SegmentPreviewItem[];
  skipped: { item: string; reason: string }[];
}

const TEXT_FIELDS = new Set<SegmentField>([
  "industry_findings",
  "market_notes",
  "opportunity_notes",
  "control_points",
  "strategy",
]);

/** The segment's field after one update: text and lists are added to, a fit replaces its line's, the rest is set. */
function merged(s: StoredSegment, patch: SegmentPatch, u: CheckedSegmentUpdate): unknown {
  const current = (patch[u.field] ?? s[u.field]) as unknown;
  if (TEXT_FIELDS.has(u.field) && typeof u.value === "string") {
    const text = typeof current === "string" ? current : "";
    return text.includes(u.value) ? text : text ? `${text}\n${u.value}` : u.value;
  }
  if (u.field === "competitors" && Array.isArray(u.value)) return [...new Set([...(current as string[]), ...u.value])];
  if (u.field === "solution_fit" && typeof u.value === "object" && !Array.isArray(u.value)) {
    const fit = u.value;
    const lines = (current as SolutionFit[]).filter((l) => l.line !== fit.line);
    return [...lines, fit];
  }
  return u.value;
}

/** What the updates would change on the team's segments as they are now; nothing is written. */
export async function previewSegmentChanges(
  deps: Pick<ServiceDeps, "repos">,
  team: TeamRef,
  changes: SegmentChanges,
): Promise<SegmentPreview> {
  const segments = await deps.repos.segments.teamSegments([team.id]);
  const skipped = [...changes.dropped];
  const items: SegmentPreviewItem[] = [];
  for (const s of segments) {
    const mine = changes.updates.filter((u) => u.segmentId === s.id);
    if (mine.length === 0) continue;
    const patch: Record<string, unknown> = {};
    for (const u of mine) patch[u.field] = merged(s, patch as SegmentPatch, u);
    const checked = checkSegmentPatch(patch);
    for (const issue of checked.issues) skipped.push({ item: `${issue.field}=${issue.value}`, reason: "bad_value" });
    const diff = segmentDiff(s, checked.patch);
    if (diff.length === 0) continue;
    const word = (field: SegmentField) => mine.filter((u) => u.field === field);
    items.push({
      segment: s,
      patch: checked.patch,
      changes: diff.map((d) => ({
        ...d,
        text: word(d.field)
          .map((u) => u.text)
          .join(" · "),
        evidence: word(d.field)[0]?.evidence ?? "",
      })),
    });
  }
  for (const u of changes.updates)
    if (!segments.some((s) => s.id === u.segmentId))
      skipped.push({
        item: `${u.key.industry}/${u.key.region_code}/${u.key.year} ${u.field}`,
        reason: "unknown_segment",
      });
  return { team, items, skipped };
}

export interface ProposedSegments {
  proposalId: string;
  preview: SegmentPreview;
}

/**
 * Stores one pending proposal per team whose segments the updates would change (nothing else is written), and
 * returns them with their previews. Only segments of the scope's teams were listed to the model; a team no longer in
 * the scope gets no proposal.
 */
export async function proposeSegmentChanges(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  updates: readonly CheckedSegmentUpdate[],
  rest: Omit<SegmentChanges, "v" | "updates" | "versions">,
): Promise<{ proposals: ProposedSegments[]; skipped: SegmentChanges["dropped"] }> {
  const teams = new Map<string, { team: TeamRef; updates: CheckedSegmentUpdate[] }>();
  const all = await deps.repos.segments.teamSegments(scope.teams.map((t) => t.id));
  for (const u of updates) {
    const team = scope.teams.find((t) => all.some((s) => s.id === u.segmentId && s.teamId === t.id));
    if (!team) continue;
    teams.set(team.id, { team, updates: [...(teams.get(team.id)?.updates ?? []), u] });
  }
  const proposals: ProposedSegments[] = [];
  const skipped = [...rest.dropped];
  for (const { team, updates: mine } of teams.values()) {
    const draft = segmentChangesSchema.parse({ v: 1, ...rest, dropped: [], updates: mine, versions: {} });
    const preview = await previewSegmentChanges(deps, team, draft);
    if (preview.items.length === 0) {
      skipped.push(...preview.skipped);
      continue;
    }
    const versions = Object.fromEntries(preview.items.map((i) => [i.segment.id, i.segment.version]));
    const changes: SegmentChanges = { ...draft, versions };
    const row = await deps.repos.assistant.insertSegmentProposal(
      { workspaceId: actor.workspaceId, teamId: team.id, userId: actor.userId, changes: JSON.stringify(changes) },
      deps.now(),
    );
    proposals.push({ proposalId: row.id, preview });
  }
  // What was dropped is shown once, on the first proposal (or by the caller when there is none).
  const first = proposals[0];
  if (first) {
    first.preview.skipped.push(...skipped);
    return { proposals, skipped: [] };
  }
  return { proposals, skipped };
}

interface StoredSegmentProposal {
  id: string;
  teamId: string;
  userId: string;
  status: ProposalStatus;
  changes: SegmentChanges;
}

async function getSegmentProposal(deps: ServiceDeps, workspaceId: string, id: string): Promise<StoredSegmentProposal> {
  const row = await deps.repos.assistant.findSegmentProposal(workspaceId, id);
  if (!row) throw new ServiceError("not_found", `segment proposal ${id} not found`, "proposal");
  const changes = segmentChangesSchema.safeParse(JSON.parse(row.changes));
  if (!changes.success)
    throw new ServiceError("invalid", `segment proposal ${id} holds changes this version cannot read`, "proposal");
  const status = storedEnum(PROPOSAL_STATUSES, row.status, {
    table: "SegmentProposal",
    rowId: id,
    column: "status",
  });
  return { id: row.id, teamId: row.teamId, userId: row.userId, status, changes: changes.data };
}

export type SegmentDecision =
  | { kind: "written"; team: TeamRef; preview: SegmentPreview; saves: SegmentSave[] }
  /** Nothing left to change (someone wrote the same values meanwhile). */
  | { kind: "nothing"; preview: SegmentPreview }
  /** A segment changed between the proposal and the Confirm: nothing written, the note can be sent again. */
  | { kind: "stale" }
  | { kind: "discarded" }
  | { kind: "decided"; status: ProposalStatus }
  | { kind: "not_yours"; userId: string }
  /** The person may no longer write to the segment's team. */
  | { kind: "refused" };

async function decidable(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
): Promise<StoredSegmentProposal | Extract<SegmentDecision, { kind: "decided" | "not_yours" }>> {
  const p = await getSegmentProposal(deps, actor.workspaceId, id);
  if (p.userId !== actor.userId) return { kind: "not_yours", userId: p.userId };
  if (p.status !== "pending") return { kind: "decided", status: p.status };
  return p;
}

const decided = async (deps: ServiceDeps, actor: Actor, id: string): Promise<SegmentDecision> => ({
  kind: "decided",
  status: (await getSegmentProposal(deps, actor.workspaceId, id)).status,
});

/**
 * The sender confirmed: the team must still be one they may write to; the changes are worked out on the segments as
 * they are and written with source "assistant" and the note's reference, in one transaction with the claim (a
 * segment changed meanwhile → nothing written, the proposal is stale).
 */
export async function confirmSegmentProposal(deps: ServiceDeps, actor: Actor, id: string): Promise<SegmentDecision> {
  const p = await decidable(deps, actor, id);
  if (!("changes" in p)) return p;
  const scope = await resolveScope(deps, actor);
  const team = scope.teams.find((t) => t.id === p.teamId);
  if (!team) return { kind: "refused" };
  const preview = await previewSegmentChanges(deps, team, p.changes);
  // A segment changed since the person saw the proposal: its before → after is no longer what they confirmed.
  if (preview.items.some((i) => p.changes.versions[i.segment.id] !== i.segment.version)) {
    if (!(await deps.repos.assistant.claimSegmentProposal(p.id, "stale", deps.now()))) return decided(deps, actor, id);
    return { kind: "stale" };
  }
  const who: Actor = { ...actor, source: "assistant", sourceRef: p.changes.sourceRef };
  let saves: SegmentSave[] | null;
  try {
    saves = await deps.repos.transaction(async (repos) => {
      const tx: ServiceDeps = { ...deps, repos, caches: createCaches() };
      if (!(await repos.assistant.claimSegmentProposal(p.id, "confirmed", deps.now()))) return null;
      if (preview.items.length === 0) return [];
      return writeSegments(
        tx,
        who,
        actor.workspaceId,
        team,
        preview.items.map((i) => ({ key: i.segment, patch: i.patch, expectedVersion: i.segment.version })),
      );
    });
  } catch (e) {
    if (!(e instanceof ServiceError && e.code === "conflict")) throw e;
    if (!(await deps.repos.assistant.claimSegmentProposal(p.id, "stale", deps.now()))) return decided(deps, actor, id);
    return { kind: "stale" };
  }
  if (saves === null) return decided(deps, actor, id);
  if (saves.length === 0) return { kind: "nothing", preview };
  return { kind: "written", team, preview, saves };
}

export async function discardSegmentProposal(deps: ServiceDeps, actor: Actor, id: string): Promise<SegmentDecision> {
  const p = await decidable(deps, actor, id);
  if (!("changes" in p)) return p;
  if (!(await deps.repos.assistant.claimSegmentProposal(p.id, "discarded", deps.now())))
    return decided(deps, actor, id);
  return { kind: "discarded" };
}
