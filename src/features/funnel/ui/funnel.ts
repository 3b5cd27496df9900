// The dual-funnel message (双漏斗, METHOD §5): headline numbers, per-stage count and amount, the shortfall on
// both funnels, the binding one, coverage and the lead deadline. All numbers come from FunnelResult.
import type { KnownBlock } from "@slack/types";
import type { OpenStage } from "../../../core/enums.js";
import type { FunnelStage } from "../../../core/results.js";
import { name, t } from "../../../i18n/catalog.js";
import {
  formatCeilCount,
  formatDate,
  formatDecimalCount,
  formatInt,
  formatMultiple,
  formatPercent,
} from "../../../i18n/format.js";
import type { Locale } from "../../../i18n/locale.js";
import { formatMoney } from "../../../i18n/money.js";
import { ceilCount } from "../../../i18n/decimal.js";
import { context, fallback, fieldsSection, header, section } from "../../../ui/blocks.js";
import { fitMessage, oneLine, truncate } from "../../../ui/limits.js";
import type { FunnelViewData, SlackMessage } from "../../../ui/types.js";

/** Columns of a monospace table: CJK characters take two cells, so pad by display width. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch)
      ? 2
      : 1;
  return w;
}
const pad = (s: string, width: number, right: boolean): string => {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
};

/** The stage table; without a target only the open pipeline (the "needed" columns would all be 0). */
function stageTable(locale: Locale, stages: readonly FunnelStage[], withTarget: boolean): string {
  const all = [
    t(locale, "funnel.col.stage"),
    t(locale, "funnel.col.open_count"),
    t(locale, "funnel.col.open_amount"),
    t(locale, "funnel.col.expected_wins"),
    t(locale, "funnel.col.weighted"),
    t(locale, "funnel.col.required_count"),
    t(locale, "funnel.col.required_amount"),
  ];
  const allRows = stages.map((s) => [
    `${s.stage} ${name(locale, "stage", s.stage)}`,
    formatInt(s.open_count),
    formatMoney(locale, s.open_amount),
    formatDecimalCount(s.expected_wins),
    formatMoney(locale, s.weighted_amount),
    formatCeilCount(s.required_count),
    formatMoney(locale, s.required_amount),
  ]);
  const keep = (cells: string[]) => (withTarget ? cells : cells.slice(0, 5));
  const head = keep(all);
  const rows = allRows.map(keep);
  const widths = head.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => pad(cell, widths[c] ?? 0, c > 0))
      .join("  ")
      .trimEnd();
  return ["```", line(head), ...rows.map(line), "```"].join("\n");
}

export function funnelMessage(data: FunnelViewData): SlackMessage {
  const { locale, result: r } = data;
  const team = truncate(oneLine(data.teamName), 60) || "—";
  const period = truncate(oneLine(data.periodLabel), 30) || "—";
  const money = (x: number) => formatMoney(locale, x);
  if (data.target === null) return noTargetMessage(data, team, period);
  const cov = r.coverage;
  const dash = "—";
  const blocks: KnownBlock[] = [
    header(t(locale, "funnel.header", { team, period })),
    context(
      t(locale, "funnel.context", { date: formatDate(locale, data.asOf), end: formatDate(locale, data.periodEnd) }),
    ),
    fieldsSection([
      t(locale, "funnel.f.target", { v: money(data.target) }),
      t(locale, "funnel.f.won", { v: money(data.wonToDate) }),
      t(locale, "funnel.f.gap", { v: money(r.gap) }),
      t(locale, "funnel.f.required_wins", { v: formatCeilCount(r.required_wins) }),
      t(locale, "funnel.f.expected_wins", { v: formatDecimalCount(r.expected_wins) }),
      t(locale, "funnel.f.weighted", { v: money(r.weighted_amount) }),
      t(locale, "funnel.f.coverage", { v: cov ? formatPercent(locale, cov.weighted) : dash }),
      t(locale, "funnel.f.raw_coverage", {
        raw: cov ? formatMultiple(cov.raw) : dash,
        required: cov ? formatMultiple(cov.required_raw) : dash,
      }),
      t(locale, "funnel.f.late_coverage", {
        raw: cov ? formatMultiple(cov.late_raw) : dash,
        weighted: cov ? formatPercent(locale, cov.late_weighted) : dash,
      }),
      t(locale, "funnel.f.velocity", { v: money(r.velocity_per_day) }),
    ]),
  ];
  if (r.gap <= 0) blocks.push(section(t(locale, "funnel.gap_closed")));
  blocks.push(section(`${t(locale, "funnel.table.title")}\n${stageTable(locale, r.stages, true)}`));

  if (r.gap > 0) {
    const sf = r.shortfall;
    const s0 = r.stages.find((s) => s.stage === "S0");
    const lines = [t(locale, "funnel.shortfall.title")];
    // Wins still missing are whole deals, rounded up (as the digest shows them); expected wins stay decimal.
    lines.push(
      ceilCount(sf.wins) > 0
        ? t(locale, "funnel.shortfall.count", {
            wins: formatCeilCount(sf.wins),
            leads: formatCeilCount(sf.new_leads_count_basis),
          })
        : t(locale, "funnel.shortfall.count_ok"),
    );
    lines.push(
      sf.amount > 0
        ? t(locale, "funnel.shortfall.amount", {
            amount: money(sf.amount),
            s0: money(s0?.equivalent_amount ?? 0),
            leads: formatCeilCount(sf.new_leads_amount_basis),
          })
        : t(locale, "funnel.shortfall.amount_ok"),
    );
    if (sf.binding === "none") lines.push(t(locale, "funnel.binding_none"));
    else {
      // §5.4 step 6: the binding funnel is the one needing more S0 leads; report that larger number.
      const leads = Math.max(ceilCount(sf.new_leads_count_basis), ceilCount(sf.new_leads_amount_basis));
      lines.push(
        t(locale, "funnel.binding", { binding: name(locale, "binding", sf.binding), leads: formatInt(leads) }),
      );
      // After the lead deadline only late stages can still close in the period (§5.4 step 7).
      const late: readonly OpenStage[] = r.lead_deadline_passed ? ["S4", "S5"] : ["S1", "S2", "S3", "S4", "S5"];
      // What each late stage would need on either funnel; a funnel already covered (+0元) is left out, and a stage
      // that would need nothing on either is no way to close the gap.
      const needs = (s: FunnelStage): string[] => [
        ...(ceilCount(s.equivalent_count) > 0
          ? [t(locale, "funnel.equivalent_count", { count: formatCeilCount(s.equivalent_count) })]
          : []),
        ...(s.equivalent_amount >= 1 ? [`+${money(s.equivalent_amount)}`] : []),
      ];
      const items = r.stages
        .filter((s) => late.includes(s.stage) && needs(s).length > 0)
        .map((s) => `${s.stage} ${name(locale, "stage", s.stage)} ${needs(s).join(" / ")}`);
      if (items.length > 0)
        lines.push(t(locale, "funnel.equivalents", { list: items.join(t(locale, "common.list_separator")) }));
    }
    blocks.push(section(lines.join("\n")));
    blocks.push(
      section(
        t(locale, r.lead_deadline_passed ? "funnel.deadline.passed" : "funnel.deadline.open", {
          date: formatDate(locale, r.lead_deadline),
        }),
      ),
    );
  }

  const coverageText = cov ? formatPercent(locale, cov.weighted) : dash;
  return fitMessage(
    {
      text: fallback(t(locale, "funnel.fallback", { team, period, gap: money(r.gap), coverage: coverageText })),
      blocks,
    },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

/** No target for the period: what is in the pipeline, and how to set a target; no gap, no "target reached". */
function noTargetMessage(data: FunnelViewData, team: string, period: string): SlackMessage {
  const { locale, result: r } = data;
  const money = (x: number) => formatMoney(locale, x);
  const howTo = t(locale, "funnel.no_target.how", { team, period });
  return fitMessage(
    {
      text: fallback(t(locale, "funnel.no_target.fallback", { team, period })),
      blocks: [
        header(t(locale, "funnel.header", { team, period })),
        context(
          t(locale, "funnel.context", {
            date: formatDate(locale, data.asOf),
            end: formatDate(locale, data.periodEnd),
          }),
        ),
        section(`${t(locale, "funnel.no_target", { period })}\n${howTo}`),
        fieldsSection([
          t(locale, "funnel.f.won", { v: money(data.wonToDate) }),
          t(locale, "funnel.f.weighted", { v: money(r.weighted_amount) }),
          t(locale, "funnel.f.expected_wins", { v: formatDecimalCount(r.expected_wins) }),
          t(locale, "funnel.f.velocity", { v: money(r.velocity_per_day) }),
        ]),
        section(`${t(locale, "funnel.table.title_open")}\n${stageTable(locale, r.stages, false)}`),
      ],
    },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}
