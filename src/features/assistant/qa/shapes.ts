// Service results → the compact JSON the model reads. Scores are rounded as the card shows them (2 dp),
// money is pre-formatted in the reader's convention ("3,000万", "¥30M") so the model copies instead of
// converting, and codes come with their names in the reader's language. The numbers here are the only
// numbers an answer may contain (numbers.ts checks it).
import type { Assessment } from "../../../core/index.js";
import { ceilCount, round2, round4 } from "../../../core/index.js";
import {
  actionText,
  collectNextQuestion,
  driverText,
  formatDate,
  formatMoney,
  name,
  quadrantLabel,
  redFlagText,
  type Locale,
} from "../../../i18n/index.js";
import type { AccountView } from "../../accounts/service.js";
import type { TeamFunnel } from "../../funnel/service.js";
import type { PortfolioEntry } from "../../accounts/portfolio.js";

export const money = (locale: Locale, yuan: number): string => formatMoney(locale, yuan);

/** The headline of an assessment: what rank, compare and what-if show. */
export function assessmentLite(locale: Locale, accountName: string, a: Assessment) {
  const s = a.scores;
  return {
    name: accountName,
    V: round2(s.V),
    CV: round2(s.CV),
    PT: round2(s.PT),
    SF: round2(s.SF),
    RA: round2(s.RA),
    X: round2(s.X),
    Y: round2(s.Y),
    quadrant: quadrantLabel(locale, a.quadrant, a.provisional),
    tier: a.tier ? name(locale, "tier", a.tier) : null,
    priority: a.priority,
    completeness: round4(a.completeness.overall),
    confidence: name(locale, "confidence", a.confidence),
    red_flags: a.red_flags.map((f) => redFlagText(locale, f)),
  };
}

export function portfolioLine(locale: Locale, e: PortfolioEntry, rank: number) {
  const f = e.aggregate.facts;
  return {
    rank,
    ...assessmentLite(locale, f.name ?? f.id, e.assessment),
    open_pipeline: money(locale, e.pipeline.openAmount),
    weighted_pipeline: money(locale, e.pipeline.weightedAmount),
  };
}

/** Everything the card explains (METHOD §3.6), as facts and numbers. */
export function assessmentFull(locale: Locale, view: AccountView) {
  const f = view.aggregate.facts;
  const a = view.assessment;
  const needs = (f.needs ?? []).map((n) => ({ id: n.id, description: n.description ?? null }));
  return {
    ...assessmentLite(locale, f.name ?? f.id, a),
    as_of: view.asOf,
    contributions: Object.fromEntries(a.explanation.contributions.map((c) => [c.sub, round2(c.points)])),
    drivers: a.explanation.drivers.map((d) => ({
      sub: d.sub,
      points: round2(d.points),
      fact: driverText(locale, d, { needs }),
    })),
    nearest_quadrant: {
      quadrant: name(locale, "quadrant", a.explanation.nearest.quadrant),
      axis: a.explanation.nearest.axis,
      distance: round2(a.explanation.nearest.distance),
    },
    next_facts_to_collect: a.collect_next.map((c) => collectNextQuestion(locale, c.field, f.contacts ?? [])),
    actions: a.explanation.actions.map((c) => actionText(locale, c)),
    pipeline: {
      open_count: view.pipeline.openCount,
      open_amount: money(locale, view.pipeline.openAmount),
      weighted: money(locale, view.pipeline.weightedAmount),
      opportunities: view.pipeline.opportunities.slice(0, 8).map((o) => ({
        name: o.name,
        stage: `${o.stage} ${name(locale, "stage", o.stage)}`,
        amount: money(locale, o.amount),
        expected_close: o.expectedCloseDate ? formatDate(locale, o.expectedCloseDate) : null,
      })),
    },
  };
}

export function funnelShape(locale: Locale, f: TeamFunnel) {
  const r = f.result;
  const common = {
    team: f.team.name,
    period: f.period.key,
    as_of: f.asOf,
    won_to_date: money(locale, f.wonToDate),
    expected_wins: round2(r.expected_wins),
    weighted_pipeline: money(locale, r.weighted_amount),
    stages: r.stages.map((s) => ({
      stage: `${s.stage} ${name(locale, "stage", s.stage)}`,
      open_count: s.open_count,
      open_amount: money(locale, s.open_amount),
      weighted: money(locale, s.weighted_amount),
    })),
    assumptions: f.assumptions,
  };
  // Without a target the gap, coverage and wins still needed are unknown, not zero: the model must not quote 0.
  if (!f.hasTarget) return { ...common, target: null, target_note: "no target set for this period" };
  return {
    ...common,
    target: money(locale, f.target),
    gap: money(locale, r.gap),
    // Wins to come are whole deals, rounded up as the funnel screen and the digest show them.
    required_wins: ceilCount(r.required_wins),
    weighted_coverage: r.coverage ? round2(r.coverage.weighted) : null,
    shortfall_wins: ceilCount(r.shortfall.wins),
    shortfall_amount: money(locale, r.shortfall.amount),
    new_leads_needed:
      r.shortfall.binding === "none"
        ? 0
        : ceilCount(
            r.shortfall.binding === "count" ? r.shortfall.new_leads_count_basis : r.shortfall.new_leads_amount_basis,
          ),
    binding_funnel: name(locale, "binding", r.shortfall.binding),
    lead_deadline: formatDate(locale, r.lead_deadline),
    lead_deadline_passed: r.lead_deadline_passed,
  };
}
