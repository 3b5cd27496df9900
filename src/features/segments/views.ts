// What the segment screens show (`/kvalue segment [industry region [year]]`, the console): the team's segments with
// their accounts per quadrant and open pipeline, and one segment with its accounts and its dual funnel against its
// own revenue target (METHOD §2.3 三定 "targets" → the §5.4 back-calculation). Accounts are scored as everywhere
// else (segment defaults applied) through the team's portfolio.
import {
  funnelOfTotals,
  QUADRANTS,
  regionCovers,
  regionPrefix,
  stageTotals,
  type FunnelResult,
  type PipelineOpportunity,
  type Quadrant,
} from "../../core/index.js";
import { teamEntries, byPriority, type PortfolioEntry } from "../accounts/portfolio.js";
import { versionInForce } from "../calibration/model.js";
import { today, type ServiceDeps } from "../deps.js";
import { FALLBACK_CYCLE_DAYS, wonBetween } from "../funnel/service.js";
import { teamConversion } from "../funnel/pipeline.js";
import { pickTeam, type Scope, type TeamRef } from "../teams/scope.js";
import { findSegment, type SegmentRaw, type StoredSegment } from "./service.js";

/** The team's accounts that belong to the segment: its industry, a region inside the segment's. */
export function membersOf(segment: StoredSegment, entries: readonly PortfolioEntry[]): PortfolioEntry[] {
  return entries.filter((e) => {
    const f = e.aggregate.facts;
    return f.industry === segment.industry && !!f.region_code && regionCovers(segment.region_code, f.region_code);
  });
}

export interface SegmentSummary {
  segment: StoredSegment;
  accounts: number;
  /** Tiered accounts per quadrant; provisional ones (κ < 0.5) apart. */
  quadrants: Record<Quadrant, number>;
  provisional: number;
  openCount: number;
  openAmount: number;
  weightedAmount: number;
}

function summarize(segment: StoredSegment, members: readonly PortfolioEntry[]): SegmentSummary {
  const quadrants = Object.fromEntries(QUADRANTS.map((q) => [q, 0])) as Record<Quadrant, number>;
  let provisional = 0;
  for (const m of members) {
    if (m.assessment.provisional) provisional += 1;
    else quadrants[m.assessment.quadrant] += 1;
  }
  const sum = (pick: (e: PortfolioEntry) => number) => members.reduce((n, e) => n + pick(e), 0);
  return {
    segment,
    accounts: members.length,
    quadrants,
    provisional,
    openCount: sum((e) => e.pipeline.openCount),
    openAmount: sum((e) => e.pipeline.openAmount),
    weightedAmount: sum((e) => e.pipeline.weightedAmount),
  };
}

/** `/kvalue segment`: every segment of the team (newest year first) with its accounts and pipeline. */
export async function segmentList(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; channelId?: string },
): Promise<{ team: TeamRef; asOf: string; summaries: SegmentSummary[] }> {
  const team = pickTeam(scope, input.team, input.channelId);
  const asOf = today(deps);
  const [segments, entries] = await Promise.all([
    deps.repos.segments.teamSegments([team.id]),
    teamEntriesNow(deps, scope, team, asOf),
  ]);
  return { team, asOf, summaries: segments.map((s) => summarize(s, membersOf(s, entries))) };
}

async function teamEntriesNow(deps: ServiceDeps, scope: Scope, team: TeamRef, asOf: string) {
  return teamEntries(deps, scope, team, asOf, await versionInForce(deps, scope.workspaceId));
}

export interface SegmentFunnel {
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  target: number;
  wonToDate: number;
  result: FunnelResult;
  assumptions: ("default_rates" | "avg_won_from_pipeline" | "default_cycle")[];
}

export interface SegmentDetail {
  team: TeamRef;
  asOf: string;
  modelVersion: string;
  summary: SegmentSummary;
  /** Its accounts in §4.4 order (priority, V, id). */
  entries: PortfolioEntry[];
  /** The dual funnel of its accounts' pipeline for the segment's year against its revenue target (null: no target). */
  funnel: SegmentFunnel | null;
}

/** `/kvalue segment <industry> <region> [year]`: one segment, its accounts and its funnel. */
export async function segmentDetail(
  deps: ServiceDeps,
  scope: Scope,
  input: { team: string | null; channelId?: string; key: SegmentRaw },
): Promise<SegmentDetail> {
  const { team, segment } = await findSegment(deps, scope, input);
  const asOf = today(deps);
  const model = await versionInForce(deps, scope.workspaceId);
  const members = membersOf(segment, await teamEntries(deps, scope, team, asOf, model)).sort(byPriority);
  const funnel =
    segment.revenue_target === null ? null : await segmentFunnel(deps, scope, team, segment, members, asOf);
  return { team, asOf, modelVersion: model.label, summary: summarize(segment, members), entries: members, funnel };
}

/**
 * §5.4 for a segment: target T = the segment's revenue target for its calendar year, won-to-date = its accounts'
 * deals won in that year, read as the team funnel reads it (final signed amount, else the estimate), the in-period
 * open pipeline of its accounts, and the team's own conversion history (the segment's is too small to have rates of
 * its own).
 */
async function segmentFunnel(
  deps: ServiceDeps,
  scope: Scope,
  team: TeamRef,
  segment: StoredSegment,
  members: readonly PortfolioEntry[],
  asOf: string,
): Promise<SegmentFunnel> {
  const periodStart = `${segment.year}-01-01`;
  const periodEnd = `${segment.year}-12-31`;
  const open: PipelineOpportunity[] = [];
  for (const m of members) {
    for (const o of m.aggregate.facts.opportunities ?? []) {
      if (o.stage !== "W" && o.expected_close_date)
        open.push({ stage: o.stage, amount: o.amount, expected_close_date: o.expected_close_date });
    }
  }
  const totals = stageTotals(open, periodEnd);
  // The segment's accounts are those of membersOf: its industry, a region code under the segment's.
  const area = { industry: segment.industry, regionPrefix: regionPrefix(segment.region_code) };
  const [wonToDate, conversion] = await Promise.all([
    wonBetween(deps, { workspaceId: scope.workspaceId, teamId: team.id }, periodStart, periodEnd, area),
    teamConversion(deps, team.id, asOf),
  ]);
  const assumptions: SegmentFunnel["assumptions"] = [];
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
  const target = segment.revenue_target ?? 0;
  const result = funnelOfTotals(totals, {
    as_of: asOf,
    period_end: periodEnd,
    target,
    won_to_date: wonToDate,
    avg_won_size: avgWon,
    cycle_days: cycle,
    rates: conversion.rates,
  });
  return { periodKey: String(segment.year), periodStart, periodEnd, target, wonToDate, result, assumptions };
}
