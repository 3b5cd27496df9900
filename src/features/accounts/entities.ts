// Contacts, opportunities and notes of an account: each write audited (FactChange) and the account re-scored.
import type { Influence, ProcurementMethod, ProjectType, RelationshipLayer, ResponseMode, Role, Source, Stage } from "../../core/index.js";
import { isOpen } from "../../core/index.js";
import { encodeFactValue } from "./repository.js";
import { toDbMoney } from "../../store/index.js";
import type { Tx } from "../../store/index.js";
import { today, type ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import { forgetTeamRates } from "../funnel/pipeline.js";
import { assertAccountInScope, type Actor, type Scope } from "../teams/scope.js";
import { recordScore } from "./snapshots.js";

export interface ContactInput {
  name: string; title: string | null; org_unit: string | null; role: Role; influence: Influence;
  attitude: number | null; relationship_strength: number | null; relationship_layer: RelationshipLayer | null;
  response_mode: ResponseMode | null; last_contact_date: string | null;
}

export interface OpportunityInput {
  name: string; stage: Stage; amount: number; expected_close_date: string; source: Source;
  project_type: ProjectType | null; procurement_method: ProcurementMethod;
}

type Audited = Record<string, unknown>;

/** One FactChange per field of a created (or changed) entity. */
async function audit(
  tx: Tx, deps: ServiceDeps, actor: Actor, accountId: string, entity: "contact" | "opportunity" | "need",
  entityId: string, before: Audited | null, after: Audited,
): Promise<void> {
  const at = deps.now();
  const rows = Object.entries(after)
    .filter(([k, v]) => encodeFactValue(before?.[k] ?? null) !== encodeFactValue(v ?? null))
    .map(([field, v]) => ({
      workspaceId: actor.workspaceId, accountId, entity, entityId, field,
      before: encodeFactValue(before?.[field] ?? null), after: encodeFactValue(v ?? null),
      actorUserId: actor.userId, source: actor.source, sourceRef: actor.sourceRef ?? null, at,
    }));
  if (!before) rows.unshift({ workspaceId: actor.workspaceId, accountId, entity, entityId, field: "*", before: null, after: encodeFactValue({ created: true }), actorUserId: actor.userId, source: actor.source, sourceRef: actor.sourceRef ?? null, at });
  if (rows.length) await tx.factChange.createMany({ data: rows });
}

const contactColumns = (c: ContactInput) => ({
  name: c.name, title: c.title, orgUnit: c.org_unit, role: c.role, influence: c.influence, attitude: c.attitude,
  relationshipStrength: c.relationship_strength, relationshipLayer: c.relationship_layer,
  responseMode: c.response_mode, lastContactDate: c.last_contact_date,
});

export async function saveContact(
  deps: ServiceDeps, actor: Actor, scope: Scope, accountId: string, input: ContactInput, contactId?: string,
): Promise<{ id: string }> {
  await assertAccountInScope(deps, scope, accountId);
  const id = await deps.db.$transaction(async (tx) => {
    if (contactId) {
      const existing = await tx.contact.findFirst({ where: { id: contactId, accountId } });
      if (!existing) throw new ServiceError("not_found", `contact ${contactId} is not on account ${accountId}`, "contact");
      const before: ContactInput = {
        name: existing.name ?? "", title: existing.title, org_unit: existing.orgUnit, role: existing.role as Role,
        influence: existing.influence as Influence, attitude: existing.attitude, relationship_strength: existing.relationshipStrength,
        relationship_layer: existing.relationshipLayer as RelationshipLayer | null, response_mode: existing.responseMode as ResponseMode | null,
        last_contact_date: existing.lastContactDate,
      };
      await tx.contact.update({ where: { id: contactId }, data: contactColumns(input) });
      await audit(tx, deps, actor, accountId, "contact", contactId, { ...before }, { ...input });
      return contactId;
    }
    const created = await tx.contact.create({ data: { accountId, ...contactColumns(input) }, select: { id: true } });
    await audit(tx, deps, actor, accountId, "contact", created.id, null, { ...input });
    return created.id;
  });
  await bumpAndScore(deps, accountId);
  return { id };
}

export async function saveOpportunity(
  deps: ServiceDeps, actor: Actor, scope: Scope, accountId: string, input: OpportunityInput, opportunityId?: string,
): Promise<{ id: string }> {
  const account = await assertAccountInScope(deps, scope, accountId);
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new ServiceError("invalid", "amount must be a positive whole number of yuan", "amount");
  const date = today(deps);
  const id = await deps.db.$transaction(async (tx) => {
    const columns = {
      name: input.name, stage: input.stage, amount: toDbMoney(input.amount), expectedCloseDate: input.expected_close_date,
      source: input.source, projectType: input.project_type, procurementMethod: input.procurement_method,
      closedDate: isOpen(input.stage) ? null : date,
    };
    if (opportunityId) {
      const existing = await tx.opportunity.findFirst({ where: { id: opportunityId, accountId } });
      if (!existing) throw new ServiceError("not_found", `opportunity ${opportunityId} is not on account ${accountId}`, "opportunity");
      await tx.opportunity.update({ where: { id: opportunityId }, data: { ...columns, closedDate: isOpen(input.stage) ? null : existing.closedDate ?? date } });
      // METHOD §2.6: a new stage is a new history entry (backward moves too; §5.1 counts the highest reached).
      if (existing.stage !== input.stage) {
        await tx.stageChange.create({ data: { opportunityId, stage: input.stage, enteredDate: date, amountAtEntry: toDbMoney(input.amount) } });
      }
      await audit(tx, deps, actor, accountId, "opportunity", opportunityId,
        { name: existing.name, stage: existing.stage, amount: Number(existing.amount), expected_close_date: existing.expectedCloseDate, source: existing.source, project_type: existing.projectType, procurement_method: existing.procurementMethod },
        { ...input });
      return opportunityId;
    }
    const created = await tx.opportunity.create({ data: { accountId, createdDate: date, ...columns }, select: { id: true } });
    await tx.stageChange.create({ data: { opportunityId: created.id, stage: input.stage, enteredDate: date, amountAtEntry: toDbMoney(input.amount) } });
    await audit(tx, deps, actor, accountId, "opportunity", created.id, null, { ...input });
    return created.id;
  });
  if (!isOpen(input.stage) && account.teamId) forgetTeamRates(account.teamId);
  await bumpAndScore(deps, accountId);
  return { id };
}

export const MAX_NOTE_LENGTH = 10_000;

export async function addNote(deps: ServiceDeps, actor: Actor, scope: Scope, accountId: string, text: string): Promise<{ id: string }> {
  await assertAccountInScope(deps, scope, accountId);
  const note = text.trim();
  if (!note) throw new ServiceError("invalid", "a note needs text", "note");
  if (note.length > MAX_NOTE_LENGTH) throw new ServiceError("invalid", `a note has at most ${MAX_NOTE_LENGTH} characters`, "note");
  return deps.db.note.create({ data: { accountId, authorUserId: actor.userId, text: note, source: actor.source }, select: { id: true } });
}

/** Child changes alter the score too: bump the version (so pending proposals are re-checked) and snapshot. */
async function bumpAndScore(deps: ServiceDeps, accountId: string): Promise<void> {
  await deps.db.account.update({ where: { id: accountId }, data: { version: { increment: 1 } } });
  await recordScore(deps, accountId);
}
