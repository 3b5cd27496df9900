// The segment screens as Block Kit: the team's list (`/kvalue segment`) and one segment (五看三定, its accounts as a
// small value matrix, its dual funnel against its own target) with one button per look and one for 三定. Pure.
import type { KnownBlock } from "@slack/types";
import {
  INDUSTRIES,
  LOOKS,
  LOOK_NAMES,
  QUADRANTS,
  type Look,
  type SegmentField,
  type SegmentKey,
} from "../../../core/index.js";
import { formatDate, formatMoney, name, t, type Locale } from "../../../i18n/index.js";
import { actionRows, button, context, divider, fallback, fieldsSection, header, section } from "../../../ui/blocks.js";
import { SEGMENT_LOOK_ACTION_PREFIX } from "../../../ui/ids.js";
import { escapeMrkdwn, fitLines, fitMessage, oneLine, safeName } from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";
import { funnelMessage } from "../../funnel/ui/funnel.js";
import type { StoredSegment } from "../repository.js";
import type { SegmentDetail, SegmentSummary } from "../views.js";

/** Accounts a segment's decision names one by one; the rest are counted. */
const KEPT_LISTED = 5;

/** How many accounts keep their own 是否目标细分 after a segment's decision, which (the first few), and the command
 *  that lets one follow the segment; plain text (a mrkdwn surface escapes it). Empty when none does. */
export function keptOwnText(locale: Locale, accounts: readonly { id: string; name: string }[]): string {
  // An account fed by two decided segments (a batch) is one account.
  const kept = [...new Map(accounts.map((a) => [a.id, a])).values()];
  const first = kept[0];
  if (first === undefined) return "";
  const shown = kept.slice(0, KEPT_LISTED).map((a) => oneLine(a.name));
  const more = kept.length - shown.length;
  const names = `${shown.join(t(locale, "common.list_separator"))}${more > 0 ? t(locale, "common.more_accounts", { n: more }) : ""}`;
  return t(locale, "segment.saved.kept_own", { n: kept.length, names, example: oneLine(first.name) });
}

/** "医疗 · 330000 · 2026" */
export const segmentTitle = (locale: Locale, s: SegmentKey): string =>
  t(locale, "segment.label", { industry: name(locale, "industry", s.industry), region: s.region_code, year: s.year });

const statusOf = (locale: Locale, chosen: boolean | null) =>
  t(
    locale,
    chosen === true
      ? "segment.status.chosen"
      : chosen === false
        ? "segment.status.not_chosen"
        : "segment.status.undecided",
  );

/** What a look's button carries: the team and the key, so a look of a segment not yet created can create it. */
export interface SegmentRef {
  team: string;
  industry: string;
  region_code: string;
  year: number;
}
export const encodeRef = (r: SegmentRef): string => JSON.stringify(r);
/** An industry as a Chinese reader types it in a command (政务), an English one by its code (e_gov): English names
 *  hold spaces (Public security), which would split the command's words. `/kvalue segment` reads all three. */
export function typedIndustry(locale: Locale, industry: string): string {
  const code = INDUSTRIES.find((c) => c === industry);
  return locale === "zh-CN" && code ? name(locale, "industry", code) : industry;
}

export function decodeRef(value: string): SegmentRef | null {
  try {
    const v = JSON.parse(value) as Partial<SegmentRef>;
    if (
      typeof v.team === "string" &&
      typeof v.industry === "string" &&
      typeof v.region_code === "string" &&
      typeof v.year === "number"
    )
      return { team: v.team, industry: v.industry, region_code: v.region_code, year: v.year };
  } catch {
    // not ours
  }
  return null;
}

function quadrantsText(locale: Locale, s: SegmentSummary): string {
  const parts = QUADRANTS.map((q) => `${name(locale, "quadrant", q)} ${s.quadrants[q]}`);
  if (s.provisional) parts.push(t(locale, "segment.list.provisional", { n: s.provisional }));
  return parts.join(" · ");
}

export function segmentListMessage(data: {
  teamName: string;
  asOf: string;
  summaries: readonly SegmentSummary[];
  locale: Locale;
}): SlackMessage {
  const { locale } = data;
  const team = safeName(data.teamName, 60);
  const blocks: KnownBlock[] = [header(t(locale, "segment.list.header", { team: oneLine(data.teamName) }))];
  if (data.summaries.length === 0) blocks.push(section(t(locale, "segment.list.empty", { team })));
  for (const s of data.summaries) {
    const seg = s.segment;
    const lines = [
      t(locale, "segment.list.title", { label: segmentTitle(locale, seg), status: statusOf(locale, seg.chosen) }),
      t(locale, "segment.list.accounts", { accounts: s.accounts, quadrants: quadrantsText(locale, s) }),
      t(locale, "segment.list.pipeline", {
        count: s.openCount,
        amount: formatMoney(locale, s.openAmount),
        weighted: formatMoney(locale, s.weightedAmount),
      }),
    ];
    if (seg.revenue_target !== null)
      lines.push(t(locale, "segment.list.target", { amount: formatMoney(locale, seg.revenue_target) }));
    blocks.push(section(lines.join("\n")));
    blocks.push(
      context(
        t(locale, "segment.list.open", {
          industry: typedIndustry(locale, seg.industry),
          region: seg.region_code,
          year: seg.year,
        }),
      ),
    );
  }
  return fitMessage(
    { text: fallback(t(locale, "segment.list.header", { team: oneLine(data.teamName) })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

/** A field's value as the segment screen shows it. */
export function segmentValueText(locale: Locale, s: StoredSegment, field: SegmentField): string {
  const none = t(locale, "segment.empty");
  switch (field) {
    case "industry_outlook":
      return s.industry_outlook ? name(locale, "industryOutlook", s.industry_outlook) : none;
    case "market_wallet":
    case "revenue_target": {
      const v = s[field];
      return v === null ? none : formatMoney(locale, v);
    }
    case "market_accounts":
      return s.market_accounts === null ? none : String(s.market_accounts);
    case "competition_intensity":
      return s.competition_intensity ? t(locale, `segment.intensity.${s.competition_intensity}`) : none;
    case "chosen":
      return s.chosen === null ? none : t(locale, s.chosen ? "segment.chosen.true" : "segment.chosen.false");
    case "competitors":
    case "opportunity_refs":
      return s[field].length ? s[field].map(escapeMrkdwn).join(t(locale, "common.list_separator")) : none;
    case "solution_fit":
      return s.solution_fit.length ? s.solution_fit.map((l) => `${escapeMrkdwn(l.line)} ${l.fit}/3`).join(" · ") : none;
    default: {
      const v = s[field];
      return v === null ? none : escapeMrkdwn(v);
    }
  }
}

function lookSection(locale: Locale, s: StoredSegment, look: Look): KnownBlock {
  const lines = LOOKS[look].map((f) =>
    `${t(locale, `segment.field.${f}`)}：${segmentValueText(locale, s, f)}`.replace(
      "：",
      locale === "en" ? ": " : "：",
    ),
  );
  return section(
    fitLines(lines, 2800, {
      head: `*${t(locale, `segment.look.${look}`)}*`,
      more: (n) => t(locale, "common.more_items", { n }),
    }),
  );
}

function lookButtons(locale: Locale, ref: SegmentRef) {
  const value = encodeRef(ref);
  return actionRows(
    LOOK_NAMES.map((look) =>
      button(
        t(locale, "button.segment_look", { look: t(locale, `segment.look.${look}`) }),
        `${SEGMENT_LOOK_ACTION_PREFIX}${look}`,
        value,
        look === "decisions" ? "primary" : undefined,
      ),
    ),
    "kv_segment_looks",
  );
}

export function segmentDetailMessage(d: SegmentDetail, locale: Locale): SlackMessage {
  const s = d.summary.segment;
  const label = segmentTitle(locale, s);
  const blocks: KnownBlock[] = [
    header(t(locale, "segment.detail.header", { label })),
    context(
      t(locale, "segment.detail.context", {
        team: safeName(d.team.name, 60),
        status: statusOf(locale, s.chosen),
        date: formatDate(locale, d.asOf),
      }),
    ),
  ];
  for (const look of LOOK_NAMES) blocks.push(lookSection(locale, s, look));
  blocks.push(divider());

  // The accounts as a small matrix: one field per quadrant, names in §4.4 order.
  blocks.push(
    section(
      `${t(locale, "segment.detail.accounts")}\n${t(locale, "segment.list.accounts", { accounts: d.summary.accounts, quadrants: quadrantsText(locale, d.summary) })}`,
    ),
  );
  if (d.entries.length === 0) blocks.push(context(t(locale, "segment.detail.no_accounts")));
  else
    blocks.push(
      fieldsSection(
        QUADRANTS.map((q) => {
          const names = d.entries
            .filter((e) => !e.assessment.provisional && e.assessment.quadrant === q)
            .map((e) => safeName(e.aggregate.facts.name ?? e.aggregate.facts.id, 24));
          return `*${name(locale, "quadrant", q)}*\n${names.length ? names.slice(0, 8).join("\n") + (names.length > 8 ? `\n${t(locale, "common.more_items", { n: names.length - 8 })}` : "") : t(locale, "segment.empty")}`;
        }),
      ),
    );
  blocks.push(
    context(
      t(locale, "segment.list.pipeline", {
        count: d.summary.openCount,
        amount: formatMoney(locale, d.summary.openAmount),
        weighted: formatMoney(locale, d.summary.weightedAmount),
      }),
    ),
  );
  blocks.push(divider());

  // The dual funnel of the segment's pipeline against its own target (the funnel message without its header).
  if (d.funnel === null) blocks.push(section(t(locale, "segment.detail.no_target")));
  else {
    const f = funnelMessage({
      teamName: label,
      periodLabel: d.funnel.periodKey,
      periodEnd: d.funnel.periodEnd,
      asOf: d.asOf,
      target: d.funnel.target,
      wonToDate: d.funnel.wonToDate,
      result: d.funnel.result,
      locale,
    });
    blocks.push(section(t(locale, "segment.detail.funnel")), ...f.blocks.filter((b) => b.type !== "header"));
  }
  const buttons = lookButtons(locale, {
    team: d.team.name,
    industry: s.industry,
    region_code: s.region_code,
    year: s.year,
  });
  blocks.push(...buttons);
  return fitMessage(
    { text: fallback(t(locale, "segment.detail.header", { label })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }), keepTail: buttons.length },
  );
}

/** A segment the team has not written yet: say so, and offer the looks to create it. */
export function segmentMissingMessage(teamName: string, key: SegmentKey, locale: Locale): SlackMessage {
  const label = segmentTitle(locale, key);
  const buttons = lookButtons(locale, { team: teamName, ...key });
  return {
    text: fallback(t(locale, "segment.detail.header", { label })),
    blocks: [
      header(t(locale, "segment.detail.header", { label })),
      section(t(locale, "segment.detail.missing", { team: safeName(teamName, 60), label })),
      ...buttons,
    ],
  };
}
