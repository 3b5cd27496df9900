// The text of each of the nine digest parts (METHOD §5.7) in the reader's language. Pure: Digest → mrkdwn strings.
// Lists are cut with a visible "…and N more"; the message-level fit happens in render.ts.
import { daysBetween, OPEN_STAGES, roundHalfUp } from "../../core/index.js";
import type { OpenStage } from "../../core/index.js";
import {
  formatCeilCount,
  formatDate,
  formatDecimalCount,
  formatInt,
  formatKappa,
  formatMoney,
  formatMonthDay,
  formatPercent,
  formatPercentPoints,
  formatScore,
  name,
  t,
  type Locale,
} from "../../i18n/index.js";
import { displayFixed } from "../../i18n/decimal.js";
import type { RiskItem, RiskList } from "./data.js";
import type { KnownBlock, SectionBlock, StaticSelect } from "@slack/types";
import { button, context, section } from "../../ui/blocks.js";
import { ACTION_IDS } from "../../ui/ids.js";
import { fitLines, oneLine, plain, safeName, SLACK_LIMITS, truncate } from "../../ui/limits.js";
import { accountLabel } from "../accounts/ui/history.js";
import { flowTotals } from "./flows.js";
import { codeTable } from "./table.js";
import type { Change, Digest, MatrixChangeRow, MatrixState } from "./types.js";

/** Characters one part may take, so nine parts stay inside Slack's ~12k of block text. */
export const PART_BUDGET = 1_300;

const stageName = (l: Locale, s: OpenStage): string => `${s} ${name(l, "stage", s)}`;
const signedInt = (n: number): string => (n > 0 ? `+${formatInt(n)}` : formatInt(n));
/** Every amount of the digest in one unit style (compact: ¥900K beside ¥7.8M). */
const money = (l: Locale, x: number): string => formatMoney(l, x, { compact: true });
/** A money change; one that rounds to no whole yuan reads "0" (not "0元" or "¥0") so unchanged rows stay quiet. */
const signedMoney = (l: Locale, x: number): string =>
  roundHalfUp(x, 0) === 0 ? "0" : formatMoney(l, x, { signed: true, compact: true });
/** A percentage-point difference without its unit, for table cells: +3.11 */
const points = (ratioDelta: number): string => displayFixed(ratioDelta * 100, 2, { signed: true });

/** "1,234 (+5)" — a value with its week-over-week change, or just the value in a first digest. */
function withDelta(value: string, delta: string | null): string {
  return delta === null ? value : `${value} (${delta})`;
}
const intCell = (c: Change): string => withDelta(formatInt(c.now), c.delta === null ? null : signedInt(c.delta));
const moneyCell = (l: Locale, c: Change): string =>
  withDelta(money(l, c.now), c.delta === null ? null : signedMoney(l, c.delta));
const more = (l: Locale) => (n: number) => t(l, "common.more_items", { n });

// ---- 1. headline ----------------------------------------------------------------------------------

/**
 * The date of the snapshot a delta compares with, when it is not the week before (the one digest sent after downtime
 * compares with the last snapshot taken, weeks back); null when it is last week's, which the messages name as such.
 */
export function comparedWith(d: Digest, l: Locale): string | null {
  if (d.previousAsOf === null || daysBetween(d.previousAsOf, d.asOf) === 7) return null;
  return formatMonthDay(l, d.previousAsOf);
}

/** What the week's counts cover: "本周", or "12月14日以来" after downtime (they run from the previous snapshot). */
const periodWord = (d: Digest, l: Locale): string => {
  const date = comparedWith(d, l);
  return date === null ? t(l, "digest.period.week") : t(l, "digest.period.since", { date });
};

/** " (上周 2,400万)", or " (12月14日 2,400万)" when the previous snapshot is older; "" in a first digest. */
function vsPrevious(d: Digest, l: Locale, before: number | null, show: (x: number) => string): string {
  if (before === null) return "";
  const date = comparedWith(d, l);
  return date === null
    ? t(l, "digest.vs_last_week", { before: show(before) })
    : t(l, "digest.vs_date", { date, before: show(before) });
}

export function headlineFields(d: Digest, l: Locale): string[] {
  const h = d.headline;
  const delta = (c: Change, show: (x: number) => string) =>
    c.delta === null ? "" : t(l, "digest.delta", { delta: show(c.delta) });
  const since = comparedWith(d, l);
  const wonParams = {
    value: t(l, "digest.h.won_value", { n: formatInt(h.wonWeek.count), amount: money(l, h.wonWeek.amount) }),
    closed: t(l, "digest.h.closed_other", {
      lost: formatInt(h.wonWeek.lost),
      abandoned: formatInt(h.wonWeek.abandoned),
    }),
  };
  // The week's counts run from the previous snapshot: after downtime that is more than a week.
  const won =
    since === null ? t(l, "digest.h.won", wonParams) : t(l, "digest.h.won_since", { ...wonParams, date: since });
  const weighted = t(l, "digest.h.weighted", {
    value: money(l, h.weighted.now) + delta(h.weighted, (x) => signedMoney(l, x)),
  });
  const expected =
    formatDecimalCount(h.expectedWins.now) + delta(h.expectedWins, (x) => displayFixed(x, 2, { signed: true }));
  // Without a target the gap, the coverage, the wins needed and the leads are unknown, not 0: leave them out (the
  // no-target line under the headline says why) and show what the pipeline alone tells.
  if (d.target === null)
    return [
      won,
      t(l, "digest.h.won_to_date", { value: money(l, h.wonToDate.now) }),
      weighted,
      t(l, "digest.h.expected_wins_only", { value: expected }),
    ];
  return [
    won,
    t(l, "digest.h.gap", { value: money(l, h.gap.now) + vsPrevious(d, l, h.gap.before, (x) => money(l, x)) }),
    weighted,
    // Wins to come are whole deals, rounded up as the funnel screen shows them; expected wins stay decimal.
    t(l, "digest.h.expected_wins", { value: expected, required: formatCeilCount(h.requiredWins) }),
    ...targetFields(d, l),
  ];
}

/** The headline fields that measure the pipeline against the target: coverage, shortfalls, binding funnel, deadline. */
function targetFields(d: Digest, l: Locale): string[] {
  const h = d.headline,
    f = d.funnel,
    sf = f.shortfall;
  const coverage =
    h.coverage.now === null
      ? t(l, "digest.h.no_gap")
      : formatPercent(l, h.coverage.now) +
        (h.coverage.deltaPoints === null
          ? ""
          : t(l, "digest.delta", { delta: formatPercentPoints(l, h.coverage.deltaPoints) }));
  const binding =
    sf.binding === "none"
      ? t(l, "digest.h.binding_none")
      : t(l, "digest.h.binding_value", { binding: name(l, "binding", sf.binding), leads: formatInt(h.leadsNeeded) });
  const daysLeft = daysBetween(d.asOf, f.lead_deadline);
  return [
    t(l, "digest.h.coverage", { value: coverage }),
    t(l, "digest.h.shortfall", { wins: formatCeilCount(sf.wins), amount: money(l, sf.amount) }),
    t(l, "digest.h.binding", { value: binding }),
    t(l, f.lead_deadline_passed ? "digest.h.deadline_passed" : "digest.h.deadline_open", {
      date: formatDate(l, f.lead_deadline),
      days: formatInt(Math.abs(daysLeft)),
    }) + lateEquivalents(d, l),
  ];
}

/**
 * §5.4 step 7 (METHOD §7.6): after the lead deadline new leads cannot close in the period, so the headline names what
 * the binding funnel needs at S5 or S4 instead.
 */
function lateEquivalents(d: Digest, l: Locale): string {
  const f = d.funnel,
    binding = f.shortfall.binding;
  if (!f.lead_deadline_passed || binding === "none") return "";
  const at = (k: OpenStage) => {
    const s = f.stages.find((x) => x.stage === k);
    if (!s) return "—";
    return binding === "amount"
      ? `+${money(l, s.equivalent_amount)}`
      : t(l, "digest.h.deals", { n: formatCeilCount(s.equivalent_count) });
  };
  return t(l, "digest.h.late_equivalents", { s5: at("S5"), s4: at("S4") });
}

// ---- 2. stage table ------------------------------------------------------------------------------

export function stageTable(d: Digest, l: Locale): string {
  const head = [
    t(l, "digest.col.stage"),
    t(l, "digest.col.count"),
    t(l, "digest.col.amount"),
    t(l, "digest.col.weighted"),
    t(l, "digest.col.expected_wins"),
  ];
  const rows = d.stages.map((s) => [
    stageName(l, s.stage),
    intCell(s.count),
    moneyCell(l, s.amount),
    moneyCell(l, s.weighted),
    withDelta(
      formatDecimalCount(s.expectedWins.now),
      s.expectedWins.delta === null ? null : displayFixed(s.expectedWins.delta, 2, { signed: true }),
    ),
  ]);
  const f = d.funnel,
    p = d.previousFunnel;
  rows.push([
    t(l, "digest.col.total"),
    withDelta(
      formatInt(f.stages.reduce((s, x) => s + x.open_count, 0)),
      p ? signedInt(f.stages.reduce((s, x, i) => s + x.open_count - (p.stages[i]?.open_count ?? 0), 0)) : null,
    ),
    withDelta(
      money(
        l,
        f.stages.reduce((s, x) => s + x.open_amount, 0),
      ),
      p
        ? signedMoney(
            l,
            f.stages.reduce((s, x, i) => s + x.open_amount - (p.stages[i]?.open_amount ?? 0), 0),
          )
        : null,
    ),
    withDelta(money(l, f.weighted_amount), p ? signedMoney(l, f.weighted_amount - p.weighted_amount) : null),
    withDelta(
      formatDecimalCount(f.expected_wins),
      p ? displayFixed(f.expected_wins - p.expected_wins, 2, { signed: true }) : null,
    ),
  ]);
  const vs = comparedWith(d, l) ?? t(l, "digest.vs.last_week");
  return `${t(l, "digest.stages.title", { vs })}\n${codeTable(head, rows)}`;
}

// ---- 3. bridge -----------------------------------------------------------------------------------

export function bridgeText(d: Digest, l: Locale): string {
  const b = d.bridge;
  if (!b) return `${t(l, "digest.bridge.title")}\n${t(l, "digest.first")}`;
  const since = comparedWith(d, l);
  const totals = { before: money(l, b.before), after: money(l, b.after), net: signedMoney(l, b.net) };
  const lines = [
    since === null
      ? t(l, "digest.bridge.summary", totals)
      : t(l, "digest.bridge.summary_since", { ...totals, date: since }),
  ];
  if (b.rateEffect !== null && b.publishedBefore !== null) {
    const rates = { published: money(l, b.publishedBefore), effect: signedMoney(l, b.rateEffect) };
    lines.push(
      since === null
        ? t(l, "digest.bridge.rates", rates)
        : t(l, "digest.bridge.rates_since", { ...rates, date: since }),
    );
  }
  if (b.byLabel.length === 0) lines.push(t(l, "digest.bridge.none"));
  else {
    lines.push(
      b.byLabel
        .map((x) =>
          t(l, "digest.bridge.label", {
            label: name(l, "bridgeLabel", x.label),
            n: formatInt(x.count),
            delta: signedMoney(l, x.delta),
          }),
        )
        .join(t(l, "common.list_separator")),
    );
  }
  const rows = b.rows.map((r) => {
    const effects =
      r.amount_effect !== null && r.stage_effect !== null
        ? t(l, "digest.bridge.effects", {
            amount: signedMoney(l, r.amount_effect),
            stage: signedMoney(l, r.stage_effect),
          })
        : "";
    return t(l, "digest.bridge.row", {
      label: name(l, "bridgeLabel", r.label),
      name: safeName(r.name, 40),
      account: safeName(r.account || "—", 30),
      delta: signedMoney(l, r.delta),
      effects,
    });
  });
  const head = `${t(l, "digest.bridge.title")}\n${lines.join("\n")}`;
  return fitLines(
    [...rows, ...(b.rowCount > rows.length ? [t(l, "common.more_items", { n: b.rowCount - rows.length })] : [])],
    PART_BUDGET,
    { head, more: more(l) },
  );
}

/** The bridge part with its accounts' card menu (see accountMenu). */
export function bridgeBlock(d: Digest, l: Locale): SectionBlock {
  return withAccountMenu(section(bridgeText(d, l)), d.bridge?.rows ?? [], l);
}

// ---- 4. flows ------------------------------------------------------------------------------------

export function flowTable(d: Digest, l: Locale): string {
  if (!d.flows) return `${t(l, "digest.flows.title")}\n${t(l, "digest.first")}`;
  const cols = ["created", "advanced", "regressed", "won", "lost", "abandoned", "slipped"] as const;
  const head = [t(l, "digest.col.stage"), ...cols.map((c) => t(l, `digest.flow.${c}`))];
  const rows = d.flows.map((r) => [stageName(l, r.stage), ...cols.map((c) => formatInt(r[c]))]);
  const total = flowTotals(d.flows);
  rows.push([t(l, "digest.col.total"), ...cols.map((c) => formatInt(total[c]))]);
  const since = comparedWith(d, l);
  const title = since === null ? t(l, "digest.flows.title") : t(l, "digest.flows.title_since", { date: since });
  return `${title}\n${codeTable(head, rows)}`;
}

// ---- 5. conversion trend -------------------------------------------------------------------------

export function conversionTable(d: Digest, l: Locale): string {
  const c = d.conversions;
  const cell = (x: Change) => withDelta(formatPercent(l, x.now), x.delta === null ? null : points(x.delta));
  const head = [
    t(l, "digest.col.stage"),
    t(l, "digest.col.count_rate"),
    t(l, "digest.col.amount_rate"),
    t(l, "digest.col.observed"),
  ];
  const rows = c.rows.map((r) => [stageName(l, r.stage), cell(r.count), cell(r.amount), formatInt(r.observed)]);
  return `${t(l, "digest.conversions.title", { weeks: c.windowWeeks, n: formatInt(c.closedNow), lag: c.lagWeeks })}\n${codeTable(head, rows)}`;
}

// ---- 6. risks ------------------------------------------------------------------------------------

function riskLine(l: Locale, item: RiskItem, detail: string): string {
  return t(l, "digest.risk.item", {
    name: safeName(item.name, 40),
    account: safeName(item.account || "—", 30),
    stage: stageName(l, item.stage),
    amount: money(l, item.amount),
    detail,
  });
}

function riskGroup(l: Locale, title: string, list: RiskList, detail: (i: RiskItem) => string): string[] {
  if (list.total === 0) return [];
  const lines = [title, ...list.items.map((i) => riskLine(l, i, detail(i)))];
  if (list.total > list.items.length)
    lines.push(t(l, "common.more_opportunities", { n: list.total - list.items.length }));
  return lines;
}

const FLAG_KEYS = ["eb_missing", "eb_opposed", "late_stage_unqualified", "no_budget_late_stage"] as const;

export function riskText(d: Digest, l: Locale): string {
  const r = d.risks;
  const judged = OPEN_STAGES.filter((k) => r.medianDays[k] !== null);
  const medians = judged
    .map((k) =>
      t(l, "digest.risk.median", { stage: k, days: displayFixed(r.medianDays[k] ?? 0, 1, { trimZeros: true }) }),
    )
    .join(t(l, "common.list_separator"));
  const lines = [
    ...riskGroup(
      l,
      t(l, "digest.risk.stalled", {
        n: formatInt(r.stalled.total),
        amount: money(l, r.stalled.amount),
        medians: medians || "—",
      }),
      r.stalled,
      (i) =>
        t(l, "digest.risk.since", {
          date: formatDate(l, i.date),
          days: formatInt(i.date ? daysBetween(i.date, d.builtOn) : 0),
        }),
    ),
    ...riskGroup(
      l,
      t(l, "digest.risk.overdue", { n: formatInt(r.overdue.total), amount: money(l, r.overdue.amount) }),
      r.overdue,
      (i) => t(l, "digest.risk.close", { date: formatDate(l, i.date) }),
    ),
    ...riskGroup(
      l,
      t(l, "digest.risk.red_flags", { n: formatInt(r.redFlags.total), amount: money(l, r.redFlags.amount) }),
      r.redFlags,
      (i) =>
        i.flags
          .filter((f): f is (typeof FLAG_KEYS)[number] => (FLAG_KEYS as readonly string[]).includes(f))
          .map((f) => t(l, `digest.flag.${f}`))
          .join(t(l, "common.list_separator")),
    ),
    ...riskGroup(
      l,
      t(l, "digest.risk.unqualified", { n: formatInt(r.unqualified.total), amount: money(l, r.unqualified.amount) }),
      r.unqualified,
      (i) => t(l, "digest.risk.meddpicc", { q: (i.flags[0] ?? "").replace("qualification:", "") }),
    ),
  ];
  if (judged.length === 0) lines.push(t(l, "digest.risk.no_history"));
  if (r.stalled.total + r.overdue.total + r.redFlags.total + r.unqualified.total === 0)
    lines.unshift(t(l, "digest.risk.none"));
  return fitLines(lines, PART_BUDGET * 2, { head: t(l, "digest.risks.title"), more: more(l) });
}

/** The risks part with a card menu of every account its lines name (see accountMenu). */
export function riskBlock(d: Digest, l: Locale): SectionBlock {
  const r = d.risks;
  const items = [r.stalled, r.overdue, r.redFlags, r.unqualified].flatMap((list) => list.items);
  return withAccountMenu(section(riskText(d, l)), items, l);
}

// ---- 7. sources ----------------------------------------------------------------------------------

export function sourceText(d: Digest, l: Locale): string {
  const s = d.sources;
  const period = periodWord(d, l);
  const title = t(l, "digest.sources.title", { period });
  if (s.total.count === 0) return `${title}\n${t(l, "digest.sources.none", { period })}`;
  const head = [t(l, "digest.col.source"), t(l, "digest.col.new_count"), t(l, "digest.col.amount")];
  const rows = s.rows
    .filter((r) => r.count > 0)
    .map((r) => [name(l, "source", r.source), formatInt(r.count), money(l, r.amount)]);
  rows.push([t(l, "digest.col.total"), formatInt(s.total.count), money(l, s.total.amount)]);
  const quality = t(l, "digest.sources.quality", {
    other: formatPercent(l, s.otherShare ?? 0, 1),
    unknown: formatPercent(l, s.unknownShare ?? 0, 1),
  });
  return `${title}\n${codeTable(head, rows)}\n${quality}`;
}

// ---- 8. matrix -----------------------------------------------------------------------------------

function stateText(l: Locale, s: MatrixState): string {
  const quadrant = s.provisional ? t(l, "common.provisional") : name(l, "quadrant", s.quadrant);
  const tier = s.tier === "strategic" || s.tier === "key" || s.tier === "general" ? name(l, "tier", s.tier) : "—";
  return t(l, "digest.matrix.state", {
    quadrant,
    tier,
    confidence: name(l, "confidence", s.confidence === "high" || s.confidence === "medium" ? s.confidence : "low"),
  });
}

function changeLine(l: Locale, c: MatrixChangeRow, period: string): string {
  const dr = c.driver;
  const show = (x: number) => (dr.measure === "score" ? formatScore(x) : formatKappa(x));
  const moved = t(l, dr.measure === "score" ? "digest.matrix.driver_score" : "digest.matrix.driver_kappa", {
    sub: name(l, "subScore", dr.sub),
    before: show(dr.before),
    after: show(dr.after),
  });
  // After an adopt or a revert, a sub-score that shows no change is no cause: the new weights are.
  const model = c.model && t(l, "digest.matrix.driver_model", c.model);
  const driver = !model
    ? moved
    : show(dr.before) === show(dr.after)
      ? model
      : `${moved}${t(l, "common.list_separator")}${model}`;
  const facts =
    c.facts.length === 0
      ? ""
      : t(l, "digest.matrix.facts", {
          period,
          facts:
            c.facts
              .slice(0, 4)
              .map((f) => accountLabel(l, f))
              .join(t(l, "common.list_separator")) + (c.facts.length > 4 ? "…" : ""),
        });
  return t(l, "digest.matrix.change", {
    name: safeName(c.name, 40),
    before: stateText(l, c.before),
    after: stateText(l, c.after),
    vBefore: formatScore(c.before.v),
    vAfter: formatScore(c.after.v),
    driver,
    facts,
  });
}

/**
 * The matrix part as blocks: the counts, then one section per account that changed with a button that opens its
 * card. A button, not a link: a card is the app's answer to a command, which no URL can ask for (Slack's deep links
 * open App Home or a channel, not an answer); a button press reaches the app with the presser's identity, so the card
 * is shown to that person, under their own access, whoever else reads the channel.
 */
export function matrixBlocks(d: Digest, l: Locale): KnownBlock[] {
  const m = d.matrix;
  const head = matrixHead(d, l);
  const period = periodWord(d, l);
  const none = d.previousAsOf !== null && m.changes.length === 0 ? `\n${t(l, "digest.matrix.none", { period })}` : "";
  const blocks: KnownBlock[] = [section(head + none)];
  for (const c of m.changes) {
    const line = section(truncate(changeLine(l, c, period), SLACK_LIMITS.sectionText));
    line.accessory = button(t(l, "digest.open_card"), ACTION_IDS.openCard, c.accountId);
    blocks.push(line);
  }
  if (m.changeTotal > m.changes.length)
    blocks.push(context(t(l, "common.more_accounts", { n: m.changeTotal - m.changes.length })));
  return blocks;
}

/**
 * A section's "Card" menu: one option per account its lines name, in the order they appear, that opens the account's
 * card like the matrix lines' button (same action id, same listener). A menu, not a button per line: the bridge and
 * risk parts list up to 40 deals, and a button needs a section of its own, which would take the message past Slack's
 * 50 blocks; an overflow menu holds only 5 options, a static select up to 100. A line without an account (a deal
 * deleted since last week) has nothing to open.
 */
export function accountMenu(l: Locale, lines: readonly { accountId: string; account: string }[]): StaticSelect | null {
  const seen = new Set<string>();
  const options = [];
  for (const x of lines) {
    if (x.accountId === "" || seen.has(x.accountId)) continue;
    seen.add(x.accountId);
    options.push({ text: plain(oneLine(x.account) || "—", SLACK_LIMITS.optionText), value: x.accountId });
  }
  if (options.length === 0) return null;
  return {
    type: "static_select",
    action_id: ACTION_IDS.openCard,
    placeholder: plain(t(l, "digest.open_card_menu"), SLACK_LIMITS.placeholder),
    options: options.slice(0, SLACK_LIMITS.staticSelectOptions),
  };
}

function withAccountMenu(
  block: SectionBlock,
  lines: readonly { accountId: string; account: string }[],
  l: Locale,
): SectionBlock {
  const menu = accountMenu(l, lines);
  return menu ? { ...block, accessory: menu } : block;
}

/** The matrix part's title and its quadrant counts with their change. */
function matrixHead(d: Digest, l: Locale): string {
  const counts = d.matrix.counts
    .map((c) =>
      t(l, "digest.matrix.count", {
        quadrant: c.quadrant === "provisional" ? t(l, "digest.matrix.provisional_of") : name(l, "quadrant", c.quadrant),
        n: withDelta(formatInt(c.now), c.before === null ? null : signedInt(c.now - c.before)),
      }),
    )
    .join(" · ");
  return `${t(l, "digest.matrix.title")}\n${counts}`;
}

// ---- 9. velocity ---------------------------------------------------------------------------------

export function velocityText(d: Digest, l: Locale): string {
  const v = d.velocity;
  return t(l, "digest.velocity", {
    value: money(l, v.now),
    quarter: money(l, v.now * 90),
    delta: v.delta === null ? "" : t(l, "digest.delta", { delta: signedMoney(l, v.delta) }),
  });
}

// ---- footer --------------------------------------------------------------------------------------

export function footerText(d: Digest, l: Locale, chartsBelow: boolean): string {
  const parts = [
    d.rates.cohort > 0
      ? t(l, "digest.footer.rates", { n: formatInt(d.rates.cohort) })
      : t(l, "digest.footer.default_rates"),
  ];
  for (const a of d.assumptions) if (a !== "default_rates") parts.push(t(l, `digest.footer.${a}`));
  if (chartsBelow) parts.push(t(l, "digest.footer.charts"));
  return parts.join(" · ");
}
