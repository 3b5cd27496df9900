// Note → proposal, the same for every surface (DM, mention, thread reply, the log-a-note modal, the console):
// extract (one model call), validate (deterministic), resolve the account through the normal lookup, preview
// the hypothetical assessment with the core, store a pending proposal. Nothing here writes a fact.
import { lookupAccount, type AccountMatch } from "../../accounts/service.js";
import { today, type ServiceDeps } from "../../deps.js";
import {
  createProposal,
  isEmpty,
  previewChanges,
  type ProposalPreview,
  type ProposedChanges,
  type StoredProposal,
} from "../proposals.js";
import type { Actor, Scope } from "../../teams/scope.js";
import { extractFacts, MAX_PROMPT_SEGMENTS, noteBudget, notePrompt } from "../extraction/extract.js";
import { segmentKeyText, validateSegmentUpdates } from "../extraction/segments.js";
import { scopeSegments } from "../../segments/service.js";
import { proposeSegmentChanges, type ProposedSegments } from "../segment-proposals.js";
import { MAX_NOTE_CHARS } from "../extraction/validate.js";
import { validateExtraction, type ValidatedNote } from "../extraction/validate.js";
import type { LlmPort } from "../llm/port.js";
import type { CallBudget } from "../llm/retry.js";

export interface NoteInput {
  deps: ServiceDeps;
  /** Verified by the surface; proposals are created for this person and only they can confirm them. */
  actor: Actor;
  scope: Scope;
  note: string;
  /** Permalink (Slack), `note:<id>` (modal/console): the audit rows of a confirmed proposal point here. */
  sourceRef: string | null;
  /** The account the conversation is about (modal, interview thread), if any. */
  account?: { id: string; name: string } | null;
  /** The question the note answers (interview). */
  question?: string | null;
  /** A note sent where questions are also welcome (DM, mention): an extracted "question" intent is reported. */
  allowQuestion?: boolean;
  /** The person chose the account (log-a-note on its card): other organisations the note names are not it. */
  accountFixed?: boolean;
  /** Also read updates of the person's teams' market segments (issue 10.3); off where a note is about one account. */
  segments?: boolean;
}

/** Segment updates a note asked for: the pending proposals (one per team), and what was dropped when there is none. */
export interface SegmentPart {
  proposals: ProposedSegments[];
  skipped: { item: string; reason: string }[];
}

export type NoteOutcome = (
  | { kind: "proposal"; proposal: StoredProposal; preview: ProposalPreview; truncated: boolean }
  /** Understood, but nothing new or usable for the account. */
  | { kind: "nothing"; preview: ProposalPreview; truncated: boolean }
  | { kind: "question" }
  /** Pending: which account? (none named, several match, or none of that name). The validated note rides along. */
  | { kind: "which_account"; validated: ValidatedNote }
  | { kind: "choices"; query: string; matches: AccountMatch[]; validated: ValidatedNote }
  | { kind: "not_found"; query: string; validated: ValidatedNote }
  /** Only market facts: the segment part is all there is to show. */
  | { kind: "segments" }
) & { segments?: SegmentPart };

export async function proposeFromNote(llm: LlmPort, input: NoteInput, budget: CallBudget): Promise<NoteOutcome> {
  const day = today(input.deps);
  const listed =
    input.segments === false ? [] : (await scopeSegments(input.deps, input.scope)).slice(0, MAX_PROMPT_SEGMENTS);
  const ctx = {
    today: day,
    accountName: input.account?.name ?? null,
    question: input.question ?? null,
    segments: listed.map(segmentKeyText),
  };
  const extraction = await extractFacts(llm, input.note, ctx, budget);
  const validated = validateExtraction(extraction, input.note, day, input.sourceRef);
  const truncated = (await notePrompt(input.note, noteBudget(ctx))).truncated;
  if (truncated) validated.changes.dropped.push({ item: "…", reason: "note_truncated" });
  if (validated.intent === "question" && input.allowQuestion && !input.account) return { kind: "question" };

  const segments = await segmentPart(input, extraction.segments ?? [], listed);
  const c = validated.changes;
  const forAccount = c.facts.length + c.needs.length + c.contacts.length + c.opportunities.length > 0;
  // A note only about a market asks for no account.
  if (segments && !forAccount) return { kind: "segments", segments };
  const target = await pickAccount(input, validated);
  const outcome = target.kind === "found" ? await proposeFor(input, target.id, validated.changes, truncated) : target;
  return segments ? { ...outcome, segments } : outcome;
}

/** The note's segment updates checked, and stored as pending proposals; null when the note had none. */
async function segmentPart(
  input: NoteInput,
  items: Parameters<typeof validateSegmentUpdates>[0],
  listed: Parameters<typeof validateSegmentUpdates>[2],
): Promise<SegmentPart | null> {
  if (items.length === 0) return null;
  const { updates, dropped } = validateSegmentUpdates(items, input.note, listed);
  const rest = { note: Array.from(input.note).slice(0, MAX_NOTE_CHARS).join(""), sourceRef: input.sourceRef, dropped };
  if (updates.length === 0) return { proposals: [], skipped: dropped };
  return proposeSegmentChanges(input.deps, input.actor, input.scope, updates, rest);
}

type AccountPick =
  | { kind: "found"; id: string }
  | Extract<NoteOutcome, { kind: "which_account" | "choices" | "not_found" }>;

/** The note's account through the same forgiving lookup as `/kvalue <name>`; the conversation's account breaks ties. */
async function pickAccount(input: NoteInput, validated: ValidatedNote): Promise<AccountPick> {
  const named = validated.accountName;
  const context = input.account ?? null;
  if (context && input.accountFixed) return { kind: "found", id: context.id };
  if (!named) return context ? { kind: "found", id: context.id } : { kind: "which_account", validated };
  const found = await lookupAccount(input.deps, input.scope, named);
  if (found.kind === "found") return { kind: "found", id: found.account.id };
  if (context && (found.kind === "none" || found.matches.some((m) => m.id === context.id)))
    return { kind: "found", id: context.id };
  if (found.kind === "choices") return { kind: "choices", query: named, matches: found.matches, validated };
  return { kind: "not_found", query: named, validated };
}

/** Preview the validated changes on an account and store them as a pending proposal (when there is anything). */
export async function proposeFor(
  input: Pick<NoteInput, "deps" | "actor" | "scope">,
  accountId: string,
  changes: ProposedChanges,
  truncated = false,
): Promise<Extract<NoteOutcome, { kind: "proposal" | "nothing" }>> {
  const preview = await previewChanges(input.deps, input.scope, accountId, changes);
  if (isEmpty(preview.resolved)) return { kind: "nothing", preview, truncated };
  const proposal = await createProposal(input.deps, input.actor, preview, changes);
  return { kind: "proposal", proposal, preview, truncated };
}
