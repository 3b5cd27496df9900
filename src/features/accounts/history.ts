// `/kvalue history <account>` and its Undo buttons. The FactChange audit trail already says who changed which field
// from what to what, when and from where; history groups its rows into acts (one command, form, confirm or import:
// same instant, actor, source and reference) and scores the account around each act (src/core/history.ts). Undo
// writes the old values back through the accounts' one write path, audited with source `undo` and the undone act's
// id as reference, and re-scores.
import {
  ACCOUNT_FACT_FIELDS,
  CONTACT_FACT_FIELDS,
  isProvisional,
  scoreTrail,
  type TrailScore,
} from "../../core/index.js";
import { StoreError } from "../../store/errors.js";
import { versionInForce } from "../calibration/model.js";
import { today, type ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import type { Actor, Scope } from "../teams/scope.js";
import { MATRIX_FIELDS } from "../../core/fact-columns.js";
import type { AccountAggregate, AccountFactPatch, MatrixColumns } from "./aggregate.js";
import type { AuditRow, ContactInput, DealPatch, TrailSnapshot } from "./repository.js";
import { recordScore } from "./snapshots.js";
import { decodeFactValue, encodeFactValue } from "./write-rows.js";

/** How long after a change its author (or a manager) may undo it. */
export const UNDO_DAYS = 7;
const UNDO_MS = UNDO_DAYS * 24 * 60 * 60 * 1000;
/** Acts shown; audit rows read to find them (an import's act is one row per field, so a few hundred). */
const MAX_ACTS = 20;
const MAX_ROWS = 400;

export interface HistoryChange {
  entity: string;
  entityId: string;
  /** The contact's, deal's or need's name, when it has one. */
  entityName: string | null;
  field: string;
  before: unknown;
  after: unknown;
}

/** Whether the viewer may undo an act, and if not, why (the screen says it; only `allowed` gets a button). */
export type UndoState = "allowed" | "undone" | "expired" | "not_yours" | "not_undoable" | "is_undo";

export interface HistoryEntry {
  /** The act's first audit row: what an Undo button carries and an undo's audit rows point at. */
  id: string;
  at: Date;
  actorUserId: string;
  source: string;
  sourceRef: string | null;
  changes: HistoryChange[];
  score: { before: TrailScore | null; after: TrailScore | null };
  undo: UndoState;
  /** For an undo: when the change it undid was made (null when that is older than the acts read). */
  undoes: Date | null;
  /** The account re-scored under another model version (an adopt or a revert) after this act and before the next,
   *  oldest first: what moves V between two entries without a change of facts. */
  rescored: Rescore[];
}

export interface Rescore {
  at: Date;
  modelVersion: string;
  score: TrailScore;
}

export interface AccountHistory {
  account: { id: string; name: string };
  entries: HistoryEntry[];
  /** Older acts exist beyond those shown. */
  more: boolean;
}

// The fields undo can write back, per entity: account facts and 管理表 columns through applyFacts, a deal's through
// updateDeal, a contact's through saveContact. Creations (`*`), needs, names and owners have no such path: not undone.
const CONTACT_FIELDS = CONTACT_FACT_FIELDS satisfies readonly (keyof ContactInput)[];
const DEAL_FIELDS = ["stage", "amount", "expected_close_date", "close_reason", "final_amount", "closed_date"] as const;
const UNDOABLE: Record<string, ReadonlySet<string>> = {
  account: new Set([...ACCOUNT_FACT_FIELDS, ...MATRIX_FIELDS]),
  opportunity: new Set(DEAL_FIELDS),
  contact: new Set(CONTACT_FIELDS),
};
const undoable = (rows: readonly { entity: string; field: string }[]) =>
  rows.every((r) => UNDOABLE[r.entity]?.has(r.field) === true);

/** The business date (Asia/Shanghai) of an instant. */
const dateOf = (at: Date) => today({ now: () => at });

const actKey = (r: AuditRow) => `${r.at.getTime()}\u0000${r.actorUserId}\u0000${r.source}\u0000${r.sourceRef ?? ""}`;

/** The names history shows for an account's parts, by id (a need by its description). */
function partNames(facts: AccountAggregate["facts"]): Map<string, string | null> {
  const names = new Map<string, string | null>();
  for (const p of [...(facts.contacts ?? []), ...(facts.opportunities ?? [])]) names.set(p.id, p.name ?? null);
  for (const n of facts.needs ?? []) names.set(n.id, n.description ?? null);
  return names;
}

function decoded1(r: AuditRow, names: ReadonlyMap<string, string | null>): HistoryChange {
  return {
    entity: r.entity,
    entityId: r.entityId,
    entityName: r.entity === "account" ? null : (names.get(r.entityId) ?? null),
    field: r.field,
    before: decodeFactValue(r.before),
    after: decodeFactValue(r.after),
  };
}

/** Audit rows (newest first) → acts, each with its rows in id order. */
function actsOf(rows: readonly AuditRow[]): AuditRow[][] {
  const acts: AuditRow[][] = [];
  const byKey = new Map<string, AuditRow[]>();
  for (const r of rows) {
    const key = actKey(r);
    let act = byKey.get(key);
    if (!act) {
      act = [];
      byKey.set(key, act);
      acts.push(act);
    }
    act.push(r);
  }
  return acts;
}

function undoStateOf(act: readonly AuditRow[], scope: Scope, now: Date, undone: ReadonlySet<string>): UndoState {
  const first = act[0];
  if (!first) return "not_undoable";
  if (first.source === "undo") return "is_undo";
  if (undone.has(first.id)) return "undone";
  if (!undoable(act)) return "not_undoable";
  if (now.getTime() - first.at.getTime() > UNDO_MS) return "expired";
  if (first.actorUserId !== scope.userId && !scope.manager) return "not_yours";
  return "allowed";
}

type EntryScore = HistoryEntry["score"];

const trailScore = (s: TrailSnapshot): TrailScore => ({
  v: s.v,
  quadrant: s.quadrant,
  provisional: isProvisional(s.completeness),
});

/**
 * Each act's V as it was recorded: after = the first change snapshot taken from the act's instant until the next
 * act, before = the last snapshot of any kind taken before the act. Re-scoring the trail with today's weights and
 * segments would rewrite the past after an adopt, a revert or a segment decision. An act without its own snapshot
 * (older data) keeps the re-scored pair; one with no snapshot before it keeps the re-scored "before". Acts newest
 * first; with each, the model re-scorings between it and the next act.
 */
export function recordedTrail(
  acts: readonly { at: Date }[],
  snapshots: readonly TrailSnapshot[],
  rescored: readonly EntryScore[],
): { score: EntryScore; rescored: Rescore[] }[] {
  return acts.map((act, i) => {
    const fallback = rescored[i] ?? { before: null, after: null };
    const from = act.at.getTime();
    const until = i === 0 ? Number.POSITIVE_INFINITY : (acts[i - 1]?.at.getTime() ?? Number.POSITIVE_INFINITY);
    const within = snapshots.filter((s) => s.takenAt.getTime() >= from && s.takenAt.getTime() < until);
    const models = within
      .filter((s) => s.reason === "model")
      .map((s) => ({ at: s.takenAt, modelVersion: s.modelVersion, score: trailScore(s) }));
    const after = within.find((s) => s.reason === "change");
    if (!after) return { score: fallback, rescored: models };
    const before = snapshots.findLast((s) => s.takenAt.getTime() < from);
    return {
      score: { before: before ? trailScore(before) : fallback.before, after: trailScore(after) },
      rescored: models,
    };
  });
}

/** The account's acts, newest first, with V before and after each as recorded; two queries for the trail. */
export async function accountHistory(deps: ServiceDeps, scope: Scope, accountId: string): Promise<AccountHistory> {
  const own = await deps.repos.accounts.loadAccount(scope, accountId);
  if (!own) throw new ServiceError("not_found", `account ${accountId} is not visible to ${scope.userId}`, "account");
  const [rows, model, segments] = await Promise.all([
    deps.repos.accounts.auditTrail(scope.workspaceId, accountId, MAX_ROWS + 1),
    versionInForce(deps, scope.workspaceId),
    own.teamId === null ? Promise.resolve([]) : deps.repos.segments.teamSegments([own.teamId]),
  ]);
  let acts = actsOf(rows.slice(0, MAX_ROWS));
  // A full read may have cut the oldest act short: leave it to the next page rather than show half of it.
  const truncated = rows.length > MAX_ROWS;
  if (truncated) acts = acts.slice(0, -1);
  const more = truncated || acts.length > MAX_ACTS;
  acts = acts.slice(0, MAX_ACTS);
  const undone = new Set(rows.filter((r) => r.source === "undo" && r.sourceRef).map((r) => r.sourceRef ?? ""));
  const names = partNames(own.facts);
  const decoded = acts.map((act) => act.map((r) => decoded1(r, names)));
  const madeAt = new Map(acts.map((act) => [act[0]?.id ?? "", act[0]?.at ?? null]));
  const times = acts.map((act) => ({ at: act[0]?.at ?? deps.now() }));
  const oldest = times.at(-1)?.at;
  const snapshots = oldest ? await deps.repos.accounts.scoreTrail(accountId, oldest) : [];
  const trail = recordedTrail(
    times,
    snapshots,
    scoreTrail(
      own.facts,
      times.map((t, i) => ({ asOf: dateOf(t.at), changes: decoded[i] ?? [] })),
      { model, segments },
    ),
  );
  const now = deps.now();
  return {
    account: { id: own.facts.id, name: own.facts.name ?? own.facts.id },
    more,
    entries: acts.map((act, i) => {
      const first = act[0] as AuditRow;
      return {
        id: first.id,
        at: first.at,
        actorUserId: first.actorUserId,
        source: first.source,
        sourceRef: first.sourceRef,
        changes: decoded[i] ?? [],
        score: trail[i]?.score ?? { before: null, after: null },
        rescored: trail[i]?.rescored ?? [],
        undo: undoStateOf(act, scope, now, undone),
        undoes: first.source === "undo" ? (madeAt.get(first.sourceRef ?? "") ?? null) : null,
      };
    }),
  };
}

export type UndoResult =
  | {
      kind: "done";
      accountId: string;
      accountName: string;
      changes: HistoryChange[];
      scoreBefore: TrailScore;
      scoreAfter: TrailScore;
    }
  | { kind: "refused"; reason: Exclude<UndoState, "allowed"> | "conflict"; accountName: string; at: Date | null };

/** A value in the store is no longer what the undone act wrote. */
class Changed extends Error {}

const same = (a: unknown, b: unknown) => encodeFactValue(a ?? null) === encodeFactValue(b ?? null);

/**
 * Undoes an act: the author or a manager, within UNDO_DAYS, only when every value it wrote is still there (else a
 * conflict: someone changed it since). All or nothing, in one transaction, then re-scored.
 */
export async function undoChange(deps: ServiceDeps, actor: Actor, scope: Scope, changeId: string): Promise<UndoResult> {
  const act = await deps.repos.accounts.auditAct(scope.workspaceId, changeId);
  const accountId = act?.rows[0]?.accountId;
  if (!act || !accountId) throw new ServiceError("not_found", `change ${changeId} is not in this workspace`, "change");
  const own = await deps.repos.accounts.loadAccount(scope, accountId);
  if (!own) throw new ServiceError("not_found", `account ${accountId} is not visible to ${scope.userId}`, "account");
  const first = act.rows[0] as AuditRow;
  const accountName = own.facts.name ?? accountId;
  const state = undoStateOf(act.rows, scope, deps.now(), act.undone ? new Set([first.id]) : new Set());
  if (state !== "allowed") return { kind: "refused", reason: state, accountName, at: first.at };

  const asOf = today(deps);
  const model = await versionInForce(deps, scope.workspaceId);
  const segments = own.teamId === null ? [] : await deps.repos.segments.teamSegments([own.teamId]);
  const ctx = {
    workspaceId: scope.workspaceId,
    actorUserId: actor.userId,
    source: "undo" as const,
    sourceRef: first.id,
    at: deps.now(),
  };
  const rows = act.rows.map((r) => ({ ...r, before: decodeFactValue(r.before), after: decodeFactValue(r.after) }));
  try {
    await deps.repos.transaction(async (r) => {
      const current = await r.accounts.loadAccount(scope, accountId);
      if (!current) throw new ServiceError("not_found", `account ${accountId} vanished`, "account");
      const facts = current.facts as unknown as Record<string, unknown>;
      const stored = current.matrix as unknown as Record<string, unknown>;

      const patch: Record<string, unknown> = {};
      const matrix: Record<string, unknown> = {};
      for (const row of rows.filter((x) => x.entity === "account")) {
        const inMatrix = (MATRIX_FIELDS as readonly string[]).includes(row.field);
        if (!same((inMatrix ? stored : facts)[row.field], row.after)) throw new Changed();
        (inMatrix ? matrix : patch)[row.field] = row.before;
      }
      if (Object.keys(patch).length + Object.keys(matrix).length)
        await r.accounts.applyFacts({
          ...ctx,
          accountId,
          changes: patch as AccountFactPatch,
          matrix: matrix as Partial<MatrixColumns>,
          expectedVersion: current.version,
        });

      const byEntity = (entity: string) => {
        const out = new Map<string, typeof rows>();
        for (const row of rows.filter((x) => x.entity === entity))
          out.set(row.entityId, [...(out.get(row.entityId) ?? []), row]);
        return out;
      };
      for (const [contactId, changes] of byEntity("contact")) {
        const contact = current.facts.contacts?.find((c) => c.id === contactId);
        if (!contact) throw new Changed();
        const input: Record<string, unknown> = {};
        for (const f of CONTACT_FIELDS) input[f] = (contact as Record<string, unknown>)[f] ?? null;
        input["name"] = contact.name ?? "";
        for (const c of changes) {
          // A contact without a name is audited with "" (saveContact), so both read as "no name".
          const now = c.field === "name" ? contact.name || null : input[c.field];
          if (!same(now, c.field === "name" ? c.after || null : c.after)) throw new Changed();
          input[c.field] = c.field === "name" ? (c.before ?? "") : c.before;
        }
        await r.accounts.saveContact(ctx, accountId, input as unknown as ContactInput, contactId);
      }
      for (const [dealId, changes] of byEntity("opportunity")) {
        const dealPatch: Record<string, unknown> = {};
        for (const c of changes) if (c.field !== "closed_date") dealPatch[c.field] = c.before;
        const stage = changes.find((c) => c.field === "stage");
        const retract =
          stage && typeof stage.after === "string" ? { stage: stage.after, enteredDate: dateOf(first.at) } : undefined;
        const done = await r.accounts.updateDeal(ctx, accountId, dealId, dealPatch as DealPatch, asOf, retract);
        if (!done) throw new Changed();
        const was = done.before as unknown as Record<string, unknown>;
        for (const c of changes) if (c.field !== "closed_date" && !same(was[c.field], c.after)) throw new Changed();
      }
      if (rows.some((x) => x.entity !== "account")) await r.accounts.bumpVersion(accountId);
    });
  } catch (e) {
    if (e instanceof Changed || (e instanceof StoreError && e.code === "version_conflict"))
      return { kind: "refused", reason: "conflict", accountName, at: first.at };
    throw e;
  }
  const after = await deps.repos.accounts.loadAccount(scope, accountId);
  const [scoreBefore, scoreAfter] = [own, after ?? own].map((g) => {
    const [s] = scoreTrail(g.facts, [{ asOf, changes: [] }], { model, segments });
    return s?.after;
  });
  await recordScore(deps, accountId);
  const names = partNames(own.facts);
  const changes = act.rows.map((r) => {
    const c = decoded1(r, names);
    return { ...c, before: c.after, after: c.before };
  });
  if (!scoreBefore || !scoreAfter) throw new ServiceError("invalid", "the account's facts cannot be scored", "account");
  return { kind: "done", accountId, accountName, changes, scoreBefore, scoreAfter };
}
