// Deals in place (`/kvalue deal …` and the deal menu on the card's pipeline lines): find a deal as forgivingly as an
// account, change its stage, amount or close date, win it or lose it with a reason. Every change is one audited
// transaction (FactChange per field, a StageChange when the stage moves, so the §5.2 rates and the bridge see it)
// and re-scores the account.
import { assess, CLOSE_REASONS, isOpen, OPEN_STAGES, STAGES } from "../../core/index.js";
import type { Assessment, CloseReason, Stage } from "../../core/index.js";
import { LOCALES, name, parseMoney } from "../../i18n/index.js";
import { nameKeys, normalizeName } from "../accounts/name-keys.js";
import type { AccountMatch, DealPatch, DealRow, DealState } from "../accounts/repository.js";
import { lookupAccount } from "../accounts/service.js";
import { recordScore } from "../accounts/snapshots.js";
import { versionInForce } from "../calibration/model.js";
import { today, type ServiceDeps } from "../deps.js";
import { invalidInput, ServiceError } from "../errors.js";
import type { Actor, Scope } from "../teams/scope.js";

export type { DealPatch, DealState };

export interface Deal {
  id: string;
  name: string;
  stage: Stage;
  amount: number;
  expectedCloseDate: string | null;
  accountId: string;
  accountName: string;
}

const MAX_CHOICES = 15;

const stageOf = (s: string): Stage => STAGES.find((x) => x === s) ?? "S0";
const toDeal = (r: DealRow): Deal => ({
  id: r.id,
  name: r.name ?? r.id,
  stage: stageOf(r.stage),
  amount: Number(r.amount),
  expectedCloseDate: r.expectedCloseDate,
  accountId: r.accountId,
  accountName: r.account.name,
});

export type DealLookup =
  | { kind: "found"; deal: Deal }
  | { kind: "choices"; query: string; deals: Deal[]; total: number }
  | { kind: "accounts"; query: string; matches: AccountMatch[]; total: number }
  | { kind: "no_open_deal"; account: AccountMatch }
  | { kind: "none"; query: string };

const pick = (query: string, deals: Deal[]): DealLookup =>
  deals.length === 1 && deals[0]
    ? { kind: "found", deal: deals[0] }
    : { kind: "choices", query, deals: deals.slice(0, MAX_CHOICES), total: deals.length };

/**
 * A deal by its name (normalized, pinyin, initials, as accounts are found) or by its account: an account with one
 * open deal gives that deal, with several a choice. Exact deal names first, then accounts, then closed deals named
 * exactly, then parts of open deals' names.
 */
export async function lookupDeal(deps: ServiceDeps, scope: Scope, query: string): Promise<DealLookup> {
  const q = normalizeName(query);
  if (!q || scope.teams.length === 0) return { kind: "none", query };
  const open = (await deps.repos.accounts.dealsInScope(scope)).map((r) => ({
    deal: toDeal(r),
    keys: nameKeys(r.name ?? ""),
  }));
  const byId = open.find((d) => d.deal.id === query.trim());
  if (byId) return { kind: "found", deal: byId.deal };
  const exact = open.filter((d) => d.keys.includes(q)).map((d) => d.deal);
  if (exact.length > 0) return pick(query, exact);
  const account = await lookupAccount(deps, scope, query);
  const ofAccount =
    account.kind === "found" ? open.filter((d) => d.deal.accountId === account.account.id).map((d) => d.deal) : [];
  if (ofAccount.length > 0) return pick(query, ofAccount);
  // A won, lost or abandoned deal named exactly: to correct it (a deal marked lost by mistake) or reopen it.
  const closed = (await deps.repos.accounts.dealsInScope(scope, { closed: true }))
    .filter((r) => !isOpen(stageOf(r.stage)) && nameKeys(r.name ?? "").includes(q))
    .map(toDeal);
  if (closed.length > 0) return pick(query, closed);
  if (account.kind === "found") return { kind: "no_open_deal", account: account.account };
  const partial = open.filter((d) => d.keys.some((k) => k.includes(q))).map((d) => d.deal);
  if (partial.length > 0) return pick(query, partial);
  if (account.kind === "choices") return { kind: "accounts", query, matches: account.matches, total: account.total };
  return { kind: "none", query };
}

/** A deal of the scope by id (buttons, modals), open or closed; not_found when it is not visible. */
export async function visibleDeal(deps: ServiceDeps, scope: Scope, dealId: string): Promise<Deal> {
  const [row] = await deps.repos.accounts.dealsInScope(scope, { dealId, closed: true });
  if (!row) throw new ServiceError("not_found", `deal ${dealId} is not visible to ${scope.userId}`, "deal");
  return toDeal(row);
}

// ---- `field=value` pairs ----------------------------------------------------------------------------

export type DealField = "stage" | "amount" | "close" | "reason";
export interface DealFieldError {
  field: string;
  code: "unknown_field" | "bad_stage" | "bad_amount" | "bad_date" | "bad_reason";
  value: string;
}

const FIELD_NAMES: Record<string, DealField> = {
  stage: "stage",
  阶段: "stage",
  amount: "amount",
  金额: "amount",
  close: "close",
  close_date: "close",
  expected_close_date: "close",
  成交日: "close",
  预计成交日: "close",
  reason: "reason",
  close_reason: "reason",
  原因: "reason",
  输单原因: "reason",
};

const STAGE_WORDS: Record<string, Stage> = {
  won: "W",
  win: "W",
  赢: "W",
  lost: "L",
  lose: "L",
  输: "L",
  丢单: "L",
  abandoned: "A",
  abandon: "A",
  放弃: "A",
};

/** S3, s3, 方案, Solution, won, 赢单 … → a stage code. */
export function parseStage(value: string): Stage | null {
  const v = value.normalize("NFKC").trim().toLowerCase();
  const code = STAGES.find((s) => s.toLowerCase() === v);
  if (code) return code;
  if (STAGE_WORDS[v]) return STAGE_WORDS[v];
  for (const locale of LOCALES)
    for (const s of STAGES) if (name(locale, "stage", s).toLowerCase().split("/").includes(v)) return s;
  return null;
}

export function parseCloseReason(value: string): CloseReason | null {
  const v = value.normalize("NFKC").trim().toLowerCase();
  for (const r of CLOSE_REASONS) {
    if (r === v) return r;
    for (const locale of LOCALES) if (name(locale, "closeReason", r).toLowerCase() === v) return r;
  }
  return null;
}

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
export function parseIsoDate(value: string): string | null {
  const v = value.normalize("NFKC").trim().replace(/[/.]/g, "-");
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (!m) return null;
  const iso = `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** `stage=S3 amount=300万 close=2026-03-31 reason=price` → a patch; every bad pair is reported, nothing is kept. */
export function parseDealAssignments(assignments: readonly { field: string; value: string }[]): {
  patch: DealPatch;
  errors: DealFieldError[];
} {
  const patch: DealPatch = {};
  const errors: DealFieldError[] = [];
  for (const { field, value } of assignments) {
    const which = FIELD_NAMES[field.normalize("NFKC").trim().toLowerCase()];
    if (!which) {
      errors.push({ field, code: "unknown_field", value });
      continue;
    }
    if (which === "stage") {
      const s = parseStage(value);
      if (s) patch.stage = s;
      else errors.push({ field, code: "bad_stage", value });
    } else if (which === "amount") {
      const m = parseMoney(value);
      if (m.ok && Number.isSafeInteger(m.value) && m.value > 0) patch.amount = m.value;
      else errors.push({ field, code: "bad_amount", value });
    } else if (which === "close") {
      const d = parseIsoDate(value);
      if (d) patch.expected_close_date = d;
      else errors.push({ field, code: "bad_date", value });
    } else {
      const r = parseCloseReason(value);
      if (r) patch.close_reason = r;
      else errors.push({ field, code: "bad_reason", value });
    }
  }
  return { patch, errors };
}

// ---- changes --------------------------------------------------------------------------------------

export interface DealUpdate {
  deal: Deal;
  before: DealState;
  after: DealState;
  /** The fields that changed (FactChange field names). */
  changed: (keyof DealState)[];
  scoreBefore: Assessment;
  scoreAfter: Assessment;
}

/**
 * Applies a patch to a visible deal in one transaction and re-scores the account. Lost needs a reason (given now
 * or already recorded); a reason belongs to a lost or abandoned deal only; won records the final amount (the patch's
 * amount, else the deal's).
 */
export async function changeDeal(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  dealId: string,
  patch: DealPatch,
): Promise<DealUpdate> {
  const deal = await visibleDeal(deps, scope, dealId);
  const stage = patch.stage ?? deal.stage;
  if (patch.close_reason && stage !== "L" && stage !== "A")
    throw invalidInput(
      "deal_reason_not_closed",
      "a close reason belongs to a lost or abandoned deal (stage=L or A)",
      "reason",
    );
  const full: DealPatch = { ...patch };
  if (patch.stage === "W" && deal.stage !== "W") {
    full.final_amount = patch.amount ?? deal.amount;
    full.close_reason = null;
  }
  if (patch.stage !== undefined && isOpen(patch.stage)) full.final_amount = null;
  const asOf = today(deps);
  const model = await versionInForce(deps, scope.workspaceId);
  const beforeAgg = await deps.repos.accounts.loadAccount(scope, deal.accountId);
  if (!beforeAgg) throw new ServiceError("not_found", `account ${deal.accountId} is not visible`, "account");
  const ctx = {
    workspaceId: scope.workspaceId,
    actorUserId: actor.userId,
    source: actor.source,
    sourceRef: actor.sourceRef ?? null,
    at: deps.now(),
  };
  const result = await deps.repos.transaction(async (r) => {
    const done = await r.accounts.updateDeal(ctx, deal.accountId, deal.id, full, asOf);
    if (!done) throw new ServiceError("not_found", `deal ${deal.id} is gone`, "deal");
    if (done.after.stage === "L" && !done.after.close_reason)
      throw invalidInput(
        "deal_reason_missing",
        "a lost deal needs a reason (reason=price|solution|relationship|…)",
        "reason",
      );
    if (changedFields(done.before, done.after).length > 0) await r.accounts.bumpVersion(deal.accountId);
    return done;
  });
  const changed = changedFields(result.before, result.after);
  const scoreBefore = assess(beforeAgg.facts, { asOf, model });
  let scoreAfter = scoreBefore;
  if (changed.length > 0) {
    const afterAgg = await deps.repos.accounts.loadAccount(scope, deal.accountId);
    if (afterAgg) scoreAfter = assess(afterAgg.facts, { asOf, model });
    await recordScore(deps, deal.accountId, scoreAfter);
  }
  return {
    deal: {
      ...deal,
      stage: stageOf(result.after.stage),
      amount: result.after.amount,
      expectedCloseDate: result.after.expected_close_date,
    },
    before: result.before,
    after: result.after,
    changed,
    scoreBefore,
    scoreAfter,
  };
}

function changedFields(before: DealState, after: DealState): (keyof DealState)[] {
  return (Object.keys(after) as (keyof DealState)[]).filter((k) => before[k] !== after[k]);
}

/** The next open stage (S5 stays S5: winning is its own button). */
export function nextStage(stage: Stage): Stage {
  const i = OPEN_STAGES.findIndex((s) => s === stage);
  return i < 0 ? stage : (OPEN_STAGES[Math.min(i + 1, OPEN_STAGES.length - 1)] ?? stage);
}

/** The one-click actions of the deal menu (lost and close date go through a form first). */
export async function advanceDeal(deps: ServiceDeps, actor: Actor, scope: Scope, dealId: string): Promise<DealUpdate> {
  const deal = await visibleDeal(deps, scope, dealId);
  if (!isOpen(deal.stage)) throw invalidInput("deal_closed", "the deal is closed already", "stage");
  if (deal.stage === "S5")
    throw invalidInput("deal_last_stage", "S5 is the last open stage: mark the deal won or lost", "stage");
  return changeDeal(deps, actor, scope, dealId, { stage: nextStage(deal.stage) });
}
