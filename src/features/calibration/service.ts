// The feedback loop on the store (METHOD §6, §10.4): observations built from the snapshots and outcomes, the
// calibration report of a workspace or team, and the model versions (adopt, keep, revert) with re-scoring.
//
// Choices the method leaves open, fixed here:
// - as-of: the report is computed as of a date (default today); nothing after it is read.
// - holdout_from (§6.5 "last 2 quarters"): the start of the second complete quarter before as-of's quarter.
// - annual scoring dates (§6.2): holdout_from and its anniversaries back SCORING_YEARS years; an account's score on
//   a date is its last ScoreSnapshot in the SCORE_WINDOW_DAYS before it; `won` = a W closed in (date, date + 12 months],
//   cut at as-of (so holdout rows see less than 12 months: the nature of an out-of-time holdout).
// - the quarter of §6.3 is the one of the opportunity's last snapshot (normally the quarter it closed in).
import { withSegmentDefaults } from "../segments/defaults.js";
import type { CalibrateInput, CalibrationAccount, CalibrationOpportunity } from "../../core/facts.js";
import type { CalibrateOutput, CalibrateResult, StageRates } from "../../core/index.js";
import {
  addDays,
  addMonths,
  assessAll,
  calibrate,
  calibrateOutput,
  conversionRates,
  MODEL_VERSION,
} from "../../core/index.js";
import { scoreRow } from "../accounts/snapshots.js";
import { today, type ServiceDeps } from "../deps.js";
import { invalidInput, ServiceError } from "../errors.js";
import { pickTeam, resolveScope, type Actor, type Scope } from "../teams/scope.js";
import type { ModelVersionKind, ObservationScope, ScoringDate } from "./repository.js";
import { modelOf, V1_DEFAULT, versionInForce, type ModelInForce } from "./model.js";

export { versionInForce, V1_DEFAULT, type ModelInForce };
import { randomUUID } from "node:crypto";

export const SCORING_YEARS = 4;
export const SCORE_WINDOW_DAYS = 91;

const quarterStart = (iso: string): string =>
  `${iso.slice(0, 5)}${String(Math.floor((+iso.slice(5, 7) - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;

/** §6.5 out-of-time holdout: the last 2 complete quarters before as-of's quarter start. */
export const holdoutFrom = (asOf: string): string => addMonths(quarterStart(asOf), -6);

/** Shanghai midnight at the start of a calendar date (business dates are Asia/Shanghai, UTC+8 without DST). */
const shanghaiMidnight = (iso: string): Date => new Date(`${iso}T00:00:00+08:00`);

/** §6.2 annual scoring dates, newest (= holdout_from) first; each reads snapshots taken before the day after it. */
export function scoringDates(asOf: string): ScoringDate[] {
  const h = holdoutFrom(asOf);
  const out: ScoringDate[] = [];
  for (let k = 0; k < SCORING_YEARS; k++) {
    const date = addMonths(h, -12 * k);
    const end = addMonths(date, 12);
    out.push({
      date,
      since: shanghaiMidnight(addDays(date, 1 - SCORE_WINDOW_DAYS)),
      cutoff: shanghaiMidnight(addDays(date, 1)),
      until: end < asOf ? end : asOf,
    });
  }
  return out;
}

const clamp100 = (x: number): number => Math.min(100, Math.max(0, x));

/**
 * §10.4 input from the store for a workspace (or one team of it) as of a date: a fixed number of statements (the
 * version in force: 2, opportunities: 1, accounts: 1) however many accounts and opportunities there are.
 */
export async function observationsFromDb(
  deps: Pick<ServiceDeps, "repos" | "now">,
  scope: ObservationScope,
  opts: { asOf?: string } = {},
): Promise<{ input: CalibrateInput; model: ModelInForce; asOf: string }> {
  const asOf = opts.asOf ?? today(deps);
  const model = await versionInForce(deps, scope.workspaceId);
  const [opps, accounts] = await Promise.all([
    deps.repos.calibration.opportunityObservations(scope, asOf),
    deps.repos.calibration.accountObservations(scope, scoringDates(asOf)),
  ]);
  // Stages and outcomes are checked by the repository: an unknown stored value is an error, not a dropped row.
  const opportunities: CalibrationOpportunity[] = opps.map((o) => ({
    id: o.id,
    stage: o.stage,
    outcome: o.outcome,
    close_reason: o.closeReason,
  }));
  const accountRows: CalibrationAccount[] = accounts.map((a) => ({
    id: a.accountId,
    scored_on: a.scoredOn,
    scores: { CV: clamp100(a.cv), PT: clamp100(a.pt), SF: clamp100(a.sf), RA: clamp100(a.ra) },
    won: a.wins > 0 ? 1 : 0,
    won_amount: a.wins > 0 ? a.wonAmount : null,
  }));
  return {
    asOf,
    model,
    input: {
      weights: model.weights,
      y_weights: model.yWeights,
      rates: model.rates,
      holdout_from: holdoutFrom(asOf),
      opportunities,
      accounts: accountRows,
    },
  };
}

/** A report as the surfaces show it, and what an adoption needs from it. */
export interface CalibrationReport {
  asOf: string;
  team: { id: string; name: string } | null;
  /** the version the report was computed under (an adoption from it succeeds only while it is still in force) */
  basedOn: { id: string | null; label: string };
  /** §10.4 output, `model_version` = the label in force */
  output: CalibrateOutput;
  /** unrounded refits, for the adoption */
  result: CalibrateResult;
  /** §6.3 re-estimated ĉ_k and â_k (§5.2 smoothing) over the scope's trailing 4 quarters */
  rates: StageRates;
}

async function managerScope(deps: ServiceDeps, actor: Pick<Actor, "workspaceId" | "userId">): Promise<Scope> {
  const scope = await resolveScope(deps, actor);
  if (!scope.manager)
    throw new ServiceError("forbidden", `${actor.userId} is not a manager of ${actor.workspaceId}`, "user");
  return scope;
}

/** The §6 report of the workspace (or one team), managers only. */
export async function calibrationReport(
  deps: ServiceDeps,
  actor: Pick<Actor, "workspaceId" | "userId">,
  opts: { team?: string | null; asOf?: string } = {},
): Promise<CalibrationReport> {
  const now = today(deps);
  const asOf = opts.asOf ?? now;
  // Outcomes after today have not happened: a report dated later would read as a look at the future.
  if (asOf > now)
    throw invalidInput("as_of_future", `as-of ${asOf} is after today (${now})`, "as_of", { asOf, today: now });
  const scope = await managerScope(deps, actor);
  const team = opts.team ? pickTeam(scope, opts.team) : null;
  const where: ObservationScope = { workspaceId: scope.workspaceId, teamId: team?.id ?? null };
  // Independent reads: on PostgreSQL they run on separate pool connections at the same time.
  const [{ input, model }, cohort] = await Promise.all([
    observationsFromDb(deps, where, { asOf }),
    deps.repos.calibration.closedCohort(where, addMonths(asOf, -12), asOf),
  ]);
  const result = calibrate(input);
  const rates = conversionRates(cohort, { asOf, defaults: model.rates }).rates;
  return {
    asOf,
    team: team ? { id: team.id, name: team.name } : null,
    basedOn: { id: model.id, label: model.label },
    output: { ...calibrateOutput(result), model_version: model.label },
    result,
    rates,
  };
}

/** The label of the n-th version (v1 is the built-in one): v2-2026Q4, … */
const labelFor = (n: number, on: string): string =>
  `v${n}-${on.slice(0, 4)}Q${Math.floor((+on.slice(5, 7) - 1) / 3) + 1}`;

export interface VersionDecision {
  id: string;
  kind: ModelVersionKind;
  label: string;
  basedOn: string;
  rescored: number;
}

function auditRow(actor: Actor, workspaceId: string, entityId: string, before: unknown, after: unknown, at: Date) {
  return {
    id: randomUUID(),
    workspaceId,
    accountId: null,
    entity: "model_version",
    entityId,
    field: "*",
    before: JSON.stringify(before),
    after: JSON.stringify(after),
    actorUserId: actor.userId,
    source: actor.source,
    sourceRef: actor.sourceRef ?? null,
    at,
  };
}

/**
 * §6.5 adopt: a new version from the report's blended weights (V and/or Y, whichever refit says adopt) and its
 * re-estimated stage rates, put in force compare-and-set against the version the report was computed under; audited;
 * then the workspace's accounts are re-scored under it. A report whose version is no longer in force (another
 * adoption won the race) is a conflict.
 */
export async function adoptVersion(
  deps: ServiceDeps,
  actor: Actor,
  report: CalibrationReport,
): Promise<VersionDecision> {
  const scope = await managerScope(deps, actor);
  const { refit, y_refit } = report.result;
  if (!refit.adopt && !y_refit.adopt)
    throw invalidInput("no_adoption", "the report does not propose an adoption", "report");
  const base = await versionInForce(deps, scope.workspaceId);
  const weights = refit.adopt && refit.blended ? { ...refit.blended } : base.weights;
  const yWeights = y_refit.adopt && y_refit.blended ? { ...y_refit.blended } : base.yWeights;
  const at = deps.now();
  const created = await deps.repos.transaction(async (r) => {
    const n = (await r.calibration.countAdoptions(scope.workspaceId)) + 2;
    const row = await r.calibration.insertVersion({
      workspaceId: scope.workspaceId,
      kind: "adopt",
      label: labelFor(n, today(deps)),
      basedOn: report.basedOn.label,
      weights: JSON.stringify(weights),
      yWeights: JSON.stringify(yWeights),
      rates: JSON.stringify(report.rates),
      report: JSON.stringify(report.output),
      adoptedBy: actor.userId,
      adoptedAt: at,
    });
    if (!(await r.calibration.movePointer(scope.workspaceId, report.basedOn.id, row.id))) {
      throw new ServiceError("conflict", `the version in force is no longer ${report.basedOn.label}`, "model_version");
    }
    await r.calibration.insertAudit(
      auditRow(
        actor,
        scope.workspaceId,
        row.id,
        { label: report.basedOn.label },
        { kind: "adopt", label: row.label, weights, y_weights: yWeights, rates: report.rates },
        at,
      ),
    );
    return row;
  });
  const rescored = await rescoreWorkspace(deps, scope, modelOf(created));
  return { id: created.id, kind: "adopt", label: created.label, basedOn: created.basedOn, rescored };
}

/** §6.5 keep: records that the report's proposal was declined (nothing changes in force). */
export async function keepVersion(
  deps: ServiceDeps,
  actor: Actor,
  report: CalibrationReport,
): Promise<VersionDecision> {
  const scope = await managerScope(deps, actor);
  const model = await versionInForce(deps, scope.workspaceId);
  const row = await deps.repos.calibration.insertVersion({
    workspaceId: scope.workspaceId,
    kind: "keep",
    label: model.label,
    basedOn: report.basedOn.label,
    weights: JSON.stringify(model.weights),
    yWeights: JSON.stringify(model.yWeights),
    rates: JSON.stringify(model.rates),
    report: JSON.stringify(report.output),
    adoptedBy: actor.userId,
    adoptedAt: deps.now(),
  });
  return { id: row.id, kind: "keep", label: row.label, basedOn: row.basedOn, rescored: 0 };
}

/** The model's decisions as the versions screen lists them (managers only): the version in force, every adopt, keep
 *  and revert newest first, and the versions that can be put back in force (every adopted one but the one in force,
 *  and v1-default unless it is in force). */
export interface ModelVersions {
  inForce: string;
  decisions: { kind: ModelVersionKind; label: string; basedOn: string; by: string; at: Date }[];
  revertable: string[];
}

export async function modelVersions(deps: ServiceDeps, actor: Actor): Promise<ModelVersions> {
  const scope = await managerScope(deps, actor);
  const [model, rows] = await Promise.all([
    versionInForce(deps, scope.workspaceId),
    deps.repos.calibration.listVersions(scope.workspaceId),
  ]);
  const adopted = rows.filter((r) => r.kind === "adopt").map((r) => r.label);
  return {
    inForce: model.label,
    decisions: rows.map((r) => ({
      kind: r.kind,
      label: r.label,
      basedOn: r.basedOn,
      by: r.adoptedBy,
      at: r.adoptedAt,
    })),
    revertable: [...new Set([...adopted, MODEL_VERSION])].filter((label) => label !== model.label),
  };
}

/** Puts an earlier adopted version (its id or its label, or "v1-default") back in force, compare-and-set; audited;
 *  re-scores. */
export async function revertVersion(deps: ServiceDeps, actor: Actor, target: string): Promise<VersionDecision> {
  const scope = await managerScope(deps, actor);
  const at = deps.now();
  const { model, row } = await deps.repos.transaction(async (r) => {
    const current = await r.calibration.versionInForce(scope.workspaceId);
    const currentLabel = current.row?.label ?? MODEL_VERSION;
    let to: ModelInForce = V1_DEFAULT;
    if (target !== MODEL_VERSION) {
      const found =
        (await r.calibration.findVersion(scope.workspaceId, target)) ??
        (await r.calibration.findAdoptedByLabel(scope.workspaceId, target));
      if (!found || found.kind !== "adopt")
        throw new ServiceError("not_found", `no adopted version ${target}`, "model_version");
      to = modelOf(found);
    }
    if (to.id === current.pointer)
      throw new ServiceError("invalid", `${to.label} is already in force`, "model_version");
    const decision = await r.calibration.insertVersion({
      workspaceId: scope.workspaceId,
      kind: "revert",
      label: to.label,
      basedOn: currentLabel,
      weights: JSON.stringify(to.weights),
      yWeights: JSON.stringify(to.yWeights),
      rates: JSON.stringify(to.rates),
      report: null,
      adoptedBy: actor.userId,
      adoptedAt: at,
    });
    if (!(await r.calibration.movePointer(scope.workspaceId, current.pointer, to.id))) {
      throw new ServiceError("conflict", "the version in force changed meanwhile", "model_version");
    }
    await r.calibration.insertAudit(
      auditRow(actor, scope.workspaceId, decision.id, { label: currentLabel }, { kind: "revert", label: to.label }, at),
    );
    return { model: to, row: decision };
  });
  const rescored = await rescoreWorkspace(deps, scope, model);
  return { id: row.id, kind: "revert", label: row.label, basedOn: row.basedOn, rescored };
}

/**
 * Re-scores every account of the workspace's teams under `model`: one ScoreSnapshot (reason "model") each, stamped
 * with its label, so cards, matrices and the next digest read the new V and Y. Per team: the team's aggregates in a
 * fixed number of queries and one bulk insert.
 */
export async function rescoreWorkspace(deps: ServiceDeps, scope: Scope, model: ModelInForce): Promise<number> {
  const asOf = today(deps);
  const takenAt = deps.now();
  let written = 0;
  for (const team of scope.teams) {
    const aggregates = await withSegmentDefaults(
      deps,
      await deps.repos.digest.teamAggregates(scope.workspaceId, team.id),
      asOf,
    );
    const rows = assessAll({ as_of: asOf, accounts: aggregates.map((g) => g.facts) }, { model }).map((a) => ({
      id: randomUUID(),
      workspaceId: scope.workspaceId,
      accountId: a.id,
      teamId: team.id,
      periodKey: null,
      takenAt,
      reason: "model",
      ...scoreRow(a, model.label),
    }));
    written += await deps.repos.calibration.insertScoreSnapshots(rows);
  }
  return written;
}
