// Proposals: fact changes the assistant read from a note, waiting for a person's Confirm (DESIGN principle 1).
// A proposal stores what the note SAYS (parsed, validated values with their evidence), not row ids: matching to
// existing contacts and opportunities is redone against the account as it is whenever the proposal is shown or
// confirmed, so a proposal made against an older version is re-checked rather than blindly applied. Confirm
// writes through the same services as every other surface (audited with source "assistant" and the message
// link, re-scored); nothing here is called before a person pressed Confirm.
import { z } from "zod";
import { storedEnum } from "../../store/stored.js";
import {
  ACCOUNT_FACT_FIELDS,
  assess,
  INFLUENCES,
  isoDate,
  NEED_CATEGORIES,
  PROCUREMENT_METHODS,
  PROJECT_TYPES,
  ROLES,
  SOURCES,
  STAGES,
} from "../../core/index.js";
import type { AccountFacts, Assessment, ContactFacts, OpportunityFacts, Role, Influence } from "../../core/index.js";
import { encodeFactValue, entityAudit } from "../accounts/repository.js";
import { normalizeName } from "../accounts/keys.js";
import type { AccountAggregate, AccountFactPatch } from "../accounts/repository.js";
import { updateFacts, viewAccount } from "../accounts/service.js";
import { createCaches } from "../caches.js";
import { today, type ServiceDeps } from "../deps.js";
import { saveContact, saveOpportunity, type ContactInput, type OpportunityInput } from "../accounts/entities.js";
import { ServiceError } from "../errors.js";
import { assertAccountInScope, type Actor, type Scope } from "../teams/scope.js";
import { recordScore } from "../accounts/snapshots.js";
import { visibleAccount } from "./visible.js";

// ---- the stored shape (Proposal.changes) ------------------------------------------------------------

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const evidence = z.string().max(500);

export const proposedChangesSchema = z.object({
  v: z.literal(1),
  /** The note as received (bounded), so the proposal can be re-read later. */
  note: z.string().max(4_000),
  /** Where the note came from: a Slack permalink, `note:<id>` for the modal, … Audit rows carry it. */
  sourceRef: z.string().nullable(),
  facts: z.array(z.object({ field: z.enum(ACCOUNT_FACT_FIELDS), value: scalar, text: z.string(), evidence })),
  needs: z.array(
    z.object({
      description: z.string().min(1).max(500),
      category: z.enum(NEED_CATEGORIES).nullable(),
      severity: z.number().int().min(1).max(5).nullable(),
      urgency: z.number().int().min(1).max(5).nullable(),
      our_fit: z.number().int().min(0).max(3).nullable(),
      confirmed: z.boolean(),
      evidence,
    }),
  ),
  contacts: z.array(
    z.object({
      name: z.string().min(1).max(100),
      /** Only what the note said; null = not said (an existing contact keeps its value). */
      title: z.string().max(100).nullable(),
      org_unit: z.string().max(100).nullable(),
      role: z.enum(ROLES).nullable(),
      influence: z.enum(INFLUENCES).nullable(),
      attitude: z.number().int().min(-2).max(2).nullable(),
      relationship_strength: z.number().int().min(0).max(4).nullable(),
      evidence,
    }),
  ),
  opportunities: z.array(
    z.object({
      name: z.string().min(1).max(200),
      stage: z.enum(STAGES).nullable(),
      amount: z.number().int().positive().nullable(),
      amountText: z.string().nullable(),
      close: isoDate.nullable(),
      closeText: z.string().nullable(),
      source: z.enum(SOURCES).nullable(),
      evidence,
    }),
  ),
  /** Items the assistant could not use, with a reason code (shown to the person, never written). */
  dropped: z.array(z.object({ item: z.string(), reason: z.string() })),
});
export type ProposedChanges = z.infer<typeof proposedChangesSchema>;

/** Defaults for a NEW contact or opportunity when the note did not say; shown as "assumed" in the proposal. */
export const NEW_CONTACT_DEFAULTS = { role: "influencer", influence: "medium" } as const satisfies {
  role: Role;
  influence: Influence;
};
export const NEW_OPPORTUNITY_STAGE = "S0" as const;

// ---- resolution against the account as it is now ----------------------------------------------------

export interface FieldDiff {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ResolvedChanges {
  patch: AccountFactPatch;
  facts: (FieldDiff & { text: string; evidence: string })[];
  contacts: {
    contactId: string | null;
    name: string;
    input: ContactInput;
    diffs: FieldDiff[];
    assumed: string[];
    evidence: string;
  }[];
  opportunities: {
    opportunityId: string | null;
    name: string;
    input: OpportunityInput;
    diffs: FieldDiff[];
    assumed: string[];
    amountText: string | null;
    closeText: string | null;
    evidence: string;
  }[];
  needs: { input: NeedInput; evidence: string }[];
  /** Dropped at proposal time plus what cannot be applied to the account as it is now. */
  skipped: { item: string; reason: string }[];
}

export interface NeedInput {
  description: string;
  category: ProposedChanges["needs"][number]["category"];
  severity: number | null;
  urgency: number | null;
  our_fit: number | null;
  confirmed: boolean;
}

export const isEmpty = (r: ResolvedChanges): boolean =>
  r.facts.length === 0 && r.contacts.length === 0 && r.opportunities.length === 0 && r.needs.length === 0;

/** Lookup keys of a contact: name, name + title, surname + title ("王副局长" finds 王建国, 副局长). */
function contactKeys(c: Pick<ContactFacts, "name" | "title">): Set<string> {
  const name = (c.name ?? "").trim(),
    title = (c.title ?? "").trim();
  const keys = [name, name && title ? name + title : "", name && title ? Array.from(name)[0] + title : ""];
  return new Set(keys.map(normalizeName).filter((k) => k.length >= 2));
}

/** Existing contacts the note's contact names; one → update, several → ambiguous. */
export function matchContacts(contacts: readonly ContactFacts[], name: string): ContactFacts[] {
  const key = normalizeName(name);
  return contacts.filter((c) => contactKeys(c).has(key));
}

/** Existing opportunities a name refers to (same name, or one name containing the other). */
export function matchOpportunities(opportunities: readonly OpportunityFacts[], name: string): OpportunityFacts[] {
  const key = normalizeName(name);
  const same = opportunities.filter((o) => normalizeName(o.name ?? "") === key);
  if (same.length > 0 || key.length < 4) return same;
  return opportunities.filter((o) => {
    const other = normalizeName(o.name ?? "");
    return other.length >= 4 && (other.includes(key) || key.includes(other));
  });
}

const diffOf = (before: Record<string, unknown>, after: Record<string, unknown>): FieldDiff[] =>
  Object.keys(after)
    .filter((k) => encodeFactValue(before[k] ?? null) !== encodeFactValue(after[k] ?? null))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));

/** What the changes would do to the account as loaded: concrete writes, their before → after, and what is skipped. */
export async function resolveChanges(
  deps: ServiceDeps,
  aggregate: AccountAggregate,
  changes: ProposedChanges,
): Promise<ResolvedChanges> {
  const f = aggregate.facts;
  const skipped = [...changes.dropped];
  const patch: Record<string, unknown> = {};
  const facts: ResolvedChanges["facts"] = [];
  for (const c of changes.facts) {
    const before = (f as Record<string, unknown>)[c.field] ?? null;
    if (encodeFactValue(before) === encodeFactValue(c.value)) continue; // already known: nothing to confirm
    patch[c.field] = c.value;
    facts.push({ field: c.field, before, after: c.value, text: c.text, evidence: c.evidence });
  }

  const contacts: ResolvedChanges["contacts"] = [];
  for (const c of changes.contacts) {
    const matches = matchContacts(f.contacts ?? [], c.name);
    if (matches.length > 1) {
      skipped.push({ item: c.name, reason: "ambiguous_contact" });
      continue;
    }
    const existing = matches[0];
    const given = {
      title: c.title,
      org_unit: c.org_unit,
      role: c.role,
      influence: c.influence,
      attitude: c.attitude,
      relationship_strength: c.relationship_strength,
    };
    if (existing) {
      const before: ContactInput = {
        name: existing.name ?? c.name,
        title: existing.title ?? null,
        org_unit: existing.org_unit ?? null,
        role: existing.role,
        influence: existing.influence,
        attitude: existing.attitude ?? null,
        relationship_strength: existing.relationship_strength ?? null,
        relationship_layer: existing.relationship_layer ?? null,
        response_mode: existing.response_mode ?? null,
        last_contact_date: existing.last_contact_date ?? null,
      };
      const input: ContactInput = { ...before };
      for (const [k, v] of Object.entries(given)) if (v !== null) (input as unknown as Record<string, unknown>)[k] = v;
      // A casual "李主任" must not overwrite the recorded "信息中心主任": names of posts only fill blanks.
      input.title = before.title ?? c.title;
      input.org_unit = before.org_unit ?? c.org_unit;
      const diffs = diffOf({ ...before }, { ...input });
      if (diffs.length > 0)
        contacts.push({ contactId: existing.id, name: before.name, input, diffs, assumed: [], evidence: c.evidence });
      continue;
    }
    const assumed = [...(c.role === null ? ["role"] : []), ...(c.influence === null ? ["influence"] : [])];
    const input: ContactInput = {
      name: c.name,
      title: c.title,
      org_unit: c.org_unit,
      role: c.role ?? NEW_CONTACT_DEFAULTS.role,
      influence: c.influence ?? NEW_CONTACT_DEFAULTS.influence,
      attitude: c.attitude,
      relationship_strength: c.relationship_strength,
      relationship_layer: null,
      response_mode: null,
      last_contact_date: null,
    };
    contacts.push({
      contactId: null,
      name: c.name,
      input,
      diffs: diffOf({}, { ...input }),
      assumed,
      evidence: c.evidence,
    });
  }

  const opportunities: ResolvedChanges["opportunities"] = [];
  for (const o of changes.opportunities) {
    const matches = matchOpportunities(f.opportunities ?? [], o.name);
    if (matches.length > 1) {
      skipped.push({ item: o.name, reason: "ambiguous_opportunity" });
      continue;
    }
    const existing = matches[0];
    const texts = { amountText: o.amountText, closeText: o.closeText, evidence: o.evidence };
    if (existing) {
      // The columns the fact contract does not carry (project type, procurement method) come from the row,
      // so an update never blanks them.
      const row = await deps.repos.assistant.findOpportunityColumns(aggregate.facts.id, existing.id);
      const before: OpportunityInput = {
        name: existing.name ?? o.name,
        stage: existing.stage,
        amount: existing.amount,
        expected_close_date: row?.expectedCloseDate ?? existing.expected_close_date ?? o.close ?? today(deps),
        source: existing.source ?? "unknown",
        project_type: (PROJECT_TYPES as readonly string[]).includes(row?.projectType ?? "")
          ? (row?.projectType as OpportunityInput["project_type"])
          : null,
        procurement_method: (PROCUREMENT_METHODS as readonly string[]).includes(row?.procurementMethod ?? "")
          ? (row?.procurementMethod as OpportunityInput["procurement_method"])
          : "unknown",
      };
      const input: OpportunityInput = {
        ...before,
        ...(o.stage ? { stage: o.stage } : {}),
        ...(o.amount ? { amount: o.amount } : {}),
        ...(o.close ? { expected_close_date: o.close } : {}),
        ...(o.source ? { source: o.source } : {}),
      };
      const diffs = diffOf({ ...before }, { ...input });
      if (diffs.length > 0)
        opportunities.push({ opportunityId: existing.id, name: before.name, input, diffs, assumed: [], ...texts });
      continue;
    }
    if (o.amount === null) {
      skipped.push({ item: o.name, reason: "opportunity_needs_amount" });
      continue;
    }
    if (o.close === null) {
      skipped.push({ item: o.name, reason: "opportunity_needs_close_date" });
      continue;
    }
    const input: OpportunityInput = {
      name: o.name,
      stage: o.stage ?? NEW_OPPORTUNITY_STAGE,
      amount: o.amount,
      expected_close_date: o.close,
      source: o.source ?? "unknown",
      project_type: null,
      procurement_method: "unknown",
    };
    opportunities.push({
      opportunityId: null,
      name: o.name,
      input,
      diffs: diffOf({}, { ...input }),
      assumed: o.stage === null ? ["stage"] : [],
      ...texts,
    });
  }

  const known = new Set((f.needs ?? []).map((n) => normalizeName(n.description ?? "")));
  const needs: ResolvedChanges["needs"] = [];
  for (const n of changes.needs) {
    if (known.has(normalizeName(n.description))) {
      skipped.push({ item: n.description, reason: "need_exists" });
      continue;
    }
    const { evidence: ev, ...input } = n;
    needs.push({ input, evidence: ev });
  }
  return { patch: patch as AccountFactPatch, facts, contacts, opportunities, needs, skipped };
}

/** The account's facts as they would be after the resolved changes (for the core's hypothetical assessment). */
export function hypotheticalFacts(f: AccountFacts, r: ResolvedChanges): AccountFacts {
  const contacts = [...(f.contacts ?? [])];
  r.contacts.forEach((c, i) => {
    const next: ContactFacts = { id: c.contactId ?? `new-contact-${i}`, ...c.input };
    const at = contacts.findIndex((x) => x.id === c.contactId);
    if (at >= 0) contacts[at] = next;
    else contacts.push(next);
  });
  const opportunities = [...(f.opportunities ?? [])];
  r.opportunities.forEach((o, i) => {
    const at = opportunities.findIndex((x) => x.id === o.opportunityId);
    const next: OpportunityFacts = {
      id: o.opportunityId ?? `new-opportunity-${i}`,
      name: o.input.name,
      stage: o.input.stage,
      amount: o.input.amount,
      expected_close_date: o.input.expected_close_date,
      source: o.input.source,
      meddpicc: at >= 0 ? (opportunities[at]?.meddpicc ?? null) : null,
    };
    if (at >= 0) opportunities[at] = next;
    else opportunities.push(next);
  });
  const needs = [...(f.needs ?? []), ...r.needs.map((n, i) => ({ id: `new-need-${i}`, ...n.input }))];
  return { ...f, ...r.patch, contacts, opportunities, needs } as AccountFacts;
}

export interface ProposalPreview {
  accountId: string;
  accountName: string;
  version: number;
  resolved: ResolvedChanges;
  before: Assessment;
  after: Assessment;
  asOf: string;
}

/** Before → after of the changes on the account as it is now; nothing is written. */
export async function previewChanges(
  deps: ServiceDeps,
  scope: Scope,
  accountId: string,
  changes: ProposedChanges,
): Promise<ProposalPreview> {
  const { aggregate, assessment, asOf } = await viewAccount(deps, scope, accountId); // the scope check
  const resolved = await resolveChanges(deps, aggregate, changes);
  return {
    accountId,
    accountName: aggregate.facts.name ?? accountId,
    version: aggregate.version,
    resolved,
    asOf,
    before: assessment,
    after: assess(hypotheticalFacts(aggregate.facts, resolved), { asOf }),
  };
}

// ---- the Proposal rows -------------------------------------------------------------------------------

export const PROPOSAL_STATUSES = ["pending", "confirmed", "discarded", "stale"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export interface StoredProposal {
  id: string;
  workspaceId: string;
  accountId: string;
  userId: string;
  accountVersion: number;
  status: ProposalStatus;
  messageRef: string | null;
  changes: ProposedChanges;
}

/** Stores a pending proposal against the account's version as previewed. Writes no fact. */
export async function createProposal(
  deps: ServiceDeps,
  actor: Actor,
  preview: Pick<ProposalPreview, "accountId" | "version">,
  changes: ProposedChanges,
): Promise<StoredProposal> {
  const parsed = proposedChangesSchema.parse(changes);
  const row = await deps.repos.assistant.insertProposal(
    {
      workspaceId: actor.workspaceId,
      accountId: preview.accountId,
      userId: actor.userId,
      changes: JSON.stringify(parsed),
      accountVersion: preview.version,
    },
    deps.now(),
  );
  return { ...row, status: "pending", changes: parsed };
}

export async function getProposal(deps: ServiceDeps, workspaceId: string, id: string): Promise<StoredProposal> {
  const row = await deps.repos.assistant.findProposal(workspaceId, id);
  if (!row) throw new ServiceError("not_found", `proposal ${id} not found`, "proposal");
  const changes = proposedChangesSchema.safeParse(JSON.parse(row.changes));
  if (!changes.success)
    throw new ServiceError("invalid", `proposal ${id} holds changes this version cannot read`, "proposal");
  return {
    ...row,
    status: storedEnum(PROPOSAL_STATUSES, row.status, { table: "Proposal", rowId: id, column: "status" }),
    changes: changes.data,
  };
}

/** Remembers where the proposal is shown (channel:ts), for the interview that follows a Confirm. */
export async function setProposalMessage(deps: ServiceDeps, id: string, messageRef: string): Promise<void> {
  await deps.repos.assistant.setProposalMessage(id, messageRef);
}

export type ConfirmResult =
  | {
      kind: "written";
      accountId: string;
      accountName: string;
      before: Assessment;
      after: Assessment;
      resolved: ResolvedChanges;
    }
  /** The account changed since the proposal was made: nothing written; a fresh proposal awaits a new Confirm. */
  | { kind: "stale"; fresh: StoredProposal; preview: ProposalPreview }
  | { kind: "decided"; status: ProposalStatus }
  | { kind: "not_yours"; userId: string };

/** Only the person who sent the note decides on its proposal: a forwarded or channel-visible message is not consent. */
async function decidable(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
): Promise<StoredProposal | Exclude<ConfirmResult, { kind: "written" | "stale" }>> {
  const p = await getProposal(deps, actor.workspaceId, id);
  if (p.userId !== actor.userId) return { kind: "not_yours", userId: p.userId };
  if (p.status !== "pending") return { kind: "decided", status: p.status };
  return p;
}

/** Marks a pending proposal; false when someone (a double click, another instance) decided it first. */
async function claim(deps: ServiceDeps, id: string, status: ProposalStatus): Promise<boolean> {
  return deps.repos.assistant.claimProposal(id, status, deps.now());
}

async function recheck(deps: ServiceDeps, actor: Actor, scope: Scope, p: StoredProposal): Promise<ConfirmResult> {
  if (!(await claim(deps, p.id, "stale")))
    return { kind: "decided", status: (await getProposal(deps, actor.workspaceId, p.id)).status };
  const preview = await previewChanges(deps, scope, p.accountId, p.changes);
  const fresh = await createProposal(deps, actor, preview, p.changes);
  return { kind: "stale", fresh, preview };
}

/** A proposal carries at most 28 parts, each a few statements: room enough on a busy machine. */
const CONFIRM_TIMEOUT_MS = 30_000;

/**
 * The person confirmed: re-check the version, then write every change through the services with source
 * "assistant" and the note's link, and re-score. A version mismatch writes nothing and returns a fresh proposal.
 */
export async function confirmProposal(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  id: string,
): Promise<ConfirmResult> {
  const p = await decidable(deps, actor, id);
  if (!("changes" in p)) return p;
  const current = await assertAccountInScope(deps, scope, p.accountId);
  if (current.version !== p.accountVersion) return recheck(deps, actor, scope, p);

  const preview = await previewChanges(deps, scope, p.accountId, p.changes);
  if (preview.version !== p.accountVersion) return recheck(deps, actor, scope, p);

  const who: Actor = { ...actor, source: "assistant", sourceRef: p.changes.sourceRef };
  const r = preview.resolved;
  // One transaction for the claim and every part (facts, contacts, opportunities, needs), like an import: a part
  // that fails leaves nothing written and the proposal still pending. The services run on repositories bound to
  // it, with caches of their own, so nothing read inside can outlive a rollback.
  let claimed: boolean;
  try {
    claimed = await deps.repos.transaction(
      async (repos) => {
        const tx: ServiceDeps = { ...deps, repos, caches: createCaches() };
        if (!(await claim(tx, p.id, "confirmed"))) return false;
        // expectedVersion closes the race between the check above and this write.
        if (Object.keys(r.patch).length > 0) await updateFacts(tx, who, scope, p.accountId, r.patch, p.accountVersion);
        for (const c of r.contacts) await saveContact(tx, who, scope, p.accountId, c.input, c.contactId ?? undefined);
        for (const o of r.opportunities)
          await saveOpportunity(tx, who, scope, p.accountId, o.input, o.opportunityId ?? undefined);
        if (r.needs.length > 0)
          await saveNeeds(
            tx,
            who,
            p.accountId,
            r.needs.map((n) => n.input),
          );
        return true;
      },
      { timeout: CONFIRM_TIMEOUT_MS },
    );
  } catch (e) {
    if (e instanceof ServiceError && e.code === "conflict") return recheck(deps, actor, scope, p);
    throw e;
  }
  if (!claimed) return { kind: "decided", status: (await getProposal(deps, actor.workspaceId, p.id)).status };

  const after = await visibleAccount(deps, scope, p.accountId);
  return {
    kind: "written",
    accountId: p.accountId,
    accountName: preview.accountName,
    resolved: r,
    before: preview.before,
    after: after?.assessment ?? preview.after,
  };
}

export async function discardProposal(
  deps: ServiceDeps,
  actor: Actor,
  id: string,
): Promise<Exclude<ConfirmResult, { kind: "written" | "stale" }> | { kind: "discarded" }> {
  const p = await decidable(deps, actor, id);
  if (!("changes" in p)) return p;
  if (!(await claim(deps, p.id, "discarded")))
    return { kind: "decided", status: (await getProposal(deps, actor.workspaceId, p.id)).status };
  return { kind: "discarded" };
}

/**
 * New needs (METHOD §2.4), audited like contacts and opportunities in entities.ts (one creation row holding the
 * fields, entity "need"), then the version bump that makes other pending proposals re-check, and a score snapshot.
 */
async function saveNeeds(
  deps: ServiceDeps,
  actor: Actor,
  accountId: string,
  needs: readonly NeedInput[],
): Promise<void> {
  const at = deps.now();
  await deps.repos.transaction(async ({ assistant }) => {
    for (const n of needs) {
      const id = await assistant.insertNeed({
        accountId,
        description: n.description,
        category: n.category,
        severity: n.severity,
        urgency: n.urgency,
        ourFit: n.our_fit,
        confirmed: n.confirmed,
      });
      const ctx = {
        workspaceId: actor.workspaceId,
        actorUserId: actor.userId,
        source: actor.source,
        sourceRef: actor.sourceRef ?? null,
      };
      await assistant.insertFactChanges(
        entityAudit(ctx, accountId, "need", id, null, { ...n }, at).map((r) => ({ ...r, accountId })),
      );
    }
    await assistant.bumpAccountVersion(actor.workspaceId, accountId);
  });
  await recordScore(deps, accountId);
}
