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
import { extractFacts, notePrompt } from "../extraction/extract.js";
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
}

export type NoteOutcome =
  | { kind: "proposal"; proposal: StoredProposal; preview: ProposalPreview; truncated: boolean }
  /** Understood, but nothing new or usable for the account. */
  | { kind: "nothing"; preview: ProposalPreview; truncated: boolean }
  | { kind: "question" }
  /** Pending: which account? (none named, several match, or none of that name). The validated note rides along. */
  | { kind: "which_account"; validated: ValidatedNote }
  | { kind: "choices"; query: string; matches: AccountMatch[]; validated: ValidatedNote }
  | { kind: "not_found"; query: string; validated: ValidatedNote };

export async function proposeFromNote(llm: LlmPort, input: NoteInput, budget: CallBudget): Promise<NoteOutcome> {
  const day = today(input.deps);
  const extraction = await extractFacts(
    llm,
    input.note,
    { today: day, accountName: input.account?.name ?? null, question: input.question ?? null },
    budget,
  );
  const validated = validateExtraction(extraction, input.note, day, input.sourceRef);
  const truncated = (await notePrompt(input.note)).truncated;
  if (truncated) validated.changes.dropped.push({ item: "…", reason: "note_truncated" });
  if (validated.intent === "question" && input.allowQuestion && !input.account) return { kind: "question" };

  const target = await pickAccount(input, validated);
  if (target.kind !== "found") return target;
  return proposeFor(input, target.id, validated.changes, truncated);
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
