// A team's dual funnel for a period (METHOD §5.3–§5.6): the in-period open pipeline aggregated in SQL, the
// target, won-to-date, and the team's own conversion history.
import { addMonths, funnelOfTotals, OPEN_STAGES } from "../../core/index.js";
import type { ConversionResult, FunnelResult, StageTotals } from "../../core/index.js";
import { fromDbMoney, toDbMoney } from "../../store/index.js";
import { today, type ServiceDeps } from "../deps.js";
import { invalidInput, ServiceError } from "../errors.js";
import { parsePeriod, yearOf, type Period } from "./periods.js";
import { teamConversion } from "./pipeline.js";
import type { TeamInWorkspace } from "./repository.js";
import { pickTeam, type Actor, type Scope, type TeamRef } from "../teams/scope.js";

/** How far ahead a target period may start: further is most likely a mistyped year (2099 for 2029). */
export const TARGET_YEARS_AHEAD = 5;

/** Used only while a team has no won deal in the trailing 4 quarters; shown as assumptions. */
export const FALLBACK_CYCLE_DAYS = 180;

export interface TeamFunnel {
  team: TeamRef;
  period: Period;
  asOf: string;
  /** 0 when no target is set for the period (`hasTarget` false): the gap then means nothing. */
  target: number;
  hasTarget: boolean;
  wonToDate: number;
  result: FunnelResult;
  conversion: ConversionResult;
  /** Inputs that are defaults rather than the team's own history. */
  assumptions: ("default_rates" | "avg_won_from_pipeline" | "default_cycle")[];
}

/** Count and amount per open stage of the team's pipeline closing by `periodEnd`: one GROUP BY. */
export async function openTotals(deps: ServiceDeps, team: TeamInWorkspace, periodEnd: string): Promise<StageTotals> {
  const groups = await deps.repos.funnel.stageTotals(team, OPEN_STAGES, periodEnd);
  const count = new Float64Array(6),
    amount = new Float64Array(6);
  for (const g of groups) {
    const i = OPEN_STAGES.findIndex((s) => s === g.stage);
    if (i < 0) continue;
    count[i] = g.count;
    amount[i] = fromDbMoney(g.amount);
  }
  return { count, amount };
}

/**
 * Won in [start, end] (closed date), at the final signed amount; a won deal without one counts at its estimate. The
 * one definition of won-to-date: the team funnel and a segment's funnel (`area`) both read it.
 */
export async function wonBetween(
  deps: Pick<ServiceDeps, "repos">,
  team: TeamInWorkspace,
  start: string,
  end: string,
  area?: { industry: string; regionPrefix: string },
): Promise<number> {
  const won = await deps.repos.funnel.wonBetween(team, start, end, area);
  return fromDbMoney(won.finalAmount) + fromDbMoney(won.estimateWithoutFinal);
}

/** The team's target for a period, the current one when no period is named (else the calendar year). */
export async function findTarget(
  deps: ServiceDeps,
  teamId: string,
  periodText: string | null,
  asOf: string,
): Promise<{ period: Period; amount: number; set: boolean }> {
  if (periodText) {
    const period = parsePeriod(periodText);
    const row = await deps.repos.funnel.findTarget(teamId, period.key);
    return { period, amount: row ? fromDbMoney(row.amount) : 0, set: row !== null };
  }
  const current = await deps.repos.funnel.findCurrentTarget(teamId, asOf);
  if (current)
    return {
      period: { key: current.period, start: current.periodStart, end: current.periodEnd },
      amount: fromDbMoney(current.amount),
      set: true,
    };
  return { period: yearOf(asOf), amount: 0, set: false };
}

export async function teamFunnel(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; period: string | null; channelId?: string },
): Promise<TeamFunnel> {
  const team = pickTeam(scope, input.team, input.channelId);
  const asOf = today(deps);
  const { period, amount: target, set: hasTarget } = await findTarget(deps, team.id, input.period, asOf);
  const ofTeam = { workspaceId: scope.workspaceId, teamId: team.id };
  const [totals, wonToDate, conversion] = await Promise.all([
    openTotals(deps, ofTeam, period.end),
    wonBetween(deps, ofTeam, period.start, period.end),
    teamConversion(deps, team.id, asOf),
  ]);

  const assumptions: TeamFunnel["assumptions"] = [];
  if (conversion.cohort === 0) assumptions.push("default_rates");
  let avgWon = conversion.avg_won_size;
  if (avgWon === null) {
    const n = totals.count.reduce((a, b) => a + b, 0);
    avgWon = n > 0 ? totals.amount.reduce((a, b) => a + b, 0) / n : 1_000_000;
    assumptions.push("avg_won_from_pipeline");
  }
  let cycle = conversion.cycle_days;
  if (cycle === null) {
    cycle = FALLBACK_CYCLE_DAYS;
    assumptions.push("default_cycle");
  }

  const result = funnelOfTotals(totals, {
    as_of: asOf,
    period_end: period.end,
    target,
    won_to_date: wonToDate,
    avg_won_size: avgWon,
    cycle_days: cycle,
    rates: conversion.rates,
  });
  return { team, period, asOf, target, hasTarget, wonToDate, result, conversion, assumptions };
}

export async function setTarget(
  deps: ServiceDeps,
  actor: Actor,
  scope: Scope,
  input: { team: string; amount: number; period: string | null },
): Promise<{ team: TeamRef; period: Period; amount: number; before: number | null }> {
  const team = pickTeam(scope, input.team);
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    throw new ServiceError("invalid", "a target is a positive amount of yuan", "amount");
  const now = today(deps);
  const period = input.period ? parsePeriod(input.period) : yearOf(now);
  const latest = addMonths(now, 12 * TARGET_YEARS_AHEAD);
  if (period.start > latest)
    throw invalidInput("period_too_far", `period ${period.key} starts after ${latest}`, "period", {
      period: input.period ?? period.key,
      start: period.start,
      today: now,
      latest,
      years: TARGET_YEARS_AHEAD,
    });
  const before = await deps.repos.funnel.findTarget(team.id, period.key);
  await deps.repos.funnel.saveTarget(
    {
      teamId: team.id,
      period: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      amount: toDbMoney(input.amount),
      createdBy: actor.userId,
    },
    {
      workspaceId: scope.workspaceId,
      entityId: `${team.id}:${period.key}`,
      before: before ? JSON.stringify(fromDbMoney(before.amount)) : null,
      after: JSON.stringify(input.amount),
      actorUserId: actor.userId,
      source: actor.source,
      sourceRef: actor.sourceRef ?? null,
      at: deps.now(),
    },
  );
  return { team, period, amount: input.amount, before: before ? fromDbMoney(before.amount) : null };
}
