// Contacts, opportunities and notes of an account: each write audited (FactChange) by the repository, the account's
// version bumped and the account re-scored.
import type { ChangeContext, ContactInput, OpportunityInput } from "./repository.js";
import { today, type ServiceDeps } from "../deps.js";
import { invalidInput, ServiceError } from "../errors.js";
import type { Actor, Scope } from "../teams/scope.js";
import { visibleAccount } from "./service.js";
import { recordScore } from "./snapshots.js";

export type { ContactInput, OpportunityInput };

const changeOf = (deps: ServiceDeps, actor: Actor): ChangeContext & { workspaceId: string } => ({
  workspaceId: actor.workspaceId,
  actorUserId: actor.userId,
  source: actor.source,
  sourceRef: actor.sourceRef ?? null,
  at: deps.now(),
});

export async function saveContact(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  accountId: string,
  input: ContactInput,
  contactId?: string,
): Promise<{ id: string }> {
  await visibleAccount(deps, scope, accountId);
  const id = await deps.repos.transaction(async (r) => {
    const saved = await r.accounts.saveContact(changeOf(deps, actor), accountId, input, contactId);
    if (!saved) throw new ServiceError("not_found", `contact ${contactId} is not on account ${accountId}`, "contact");
    return saved;
  });
  await bumpAndScore(deps, accountId);
  return { id };
}

export async function saveOpportunity(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  accountId: string,
  input: OpportunityInput,
  opportunityId?: string,
): Promise<{ id: string }> {
  await visibleAccount(deps, scope, accountId);
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    throw new ServiceError("invalid", "amount must be a positive whole number of yuan", "amount");
  const date = today(deps);
  const id = await deps.repos.transaction(async (r) => {
    const saved = await r.accounts.saveOpportunity(changeOf(deps, actor), accountId, input, date, opportunityId);
    if (!saved)
      throw new ServiceError("not_found", `opportunity ${opportunityId} is not on account ${accountId}`, "opportunity");
    return saved;
  });
  await bumpAndScore(deps, accountId);
  return { id };
}

export const MAX_NOTE_LENGTH = 10_000;

export async function addNote(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  accountId: string,
  text: string,
): Promise<{ id: string }> {
  await visibleAccount(deps, scope, accountId);
  const note = text.trim();
  if (!note) throw invalidInput("note_missing", "a note needs text", "note");
  if (note.length > MAX_NOTE_LENGTH)
    throw invalidInput("note_too_long", `a note has at most ${MAX_NOTE_LENGTH} characters`, "note", {
      max: MAX_NOTE_LENGTH,
    });
  return deps.repos.accounts.createNote(accountId, { authorUserId: actor.userId, text: note, source: actor.source });
}

/** Child changes alter the score too: bump the version (so pending proposals are re-checked) and snapshot. */
async function bumpAndScore(deps: ServiceDeps, accountId: string): Promise<void> {
  await deps.repos.accounts.bumpVersion(accountId);
  await recordScore(deps, accountId);
}
