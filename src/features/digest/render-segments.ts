// The digest's segment part (issue 10 item 5) as blocks: a title, then one section per group (a segment of the year,
// or Other) with its 三定 status, accounts, quadrant moves, dual funnel, target coverage and 看竞争. It takes what the
// other parts leave of the message (render.ts passes the room), never more than SEGMENT_PART_CHARS: a group that
// does not fit is counted in the closing "…and N more segments". Pure.
import type { KnownBlock } from "@slack/types";
import { formatInt, formatMoney, formatPercent, name, t, type Locale } from "../../i18n/index.js";
import { context, section } from "../../ui/blocks.js";
import { safeName, truncate } from "../../ui/limits.js";
import { segmentTitle } from "../segments/ui/segments.js";
import type { Digest, SegmentGroup } from "./types.js";

/** The part's own ceiling, whatever room the message has. */
export const SEGMENT_PART_CHARS = 3_000;

const money = (l: Locale, x: number): string => formatMoney(l, x, { compact: true });

function headLine(l: Locale, g: SegmentGroup, year: number): string {
  const s = g.segment;
  if (!s) return t(l, "digest.seg.other", { year, n: formatInt(g.accounts) });
  return t(l, "digest.seg.head", {
    label: segmentTitle(l, { industry: s.industry, region_code: s.regionCode, year: s.year }),
    status: t(l, `segment.status.${s.decision}`),
    n: formatInt(g.accounts),
  });
}

function movesLine(l: Locale, g: SegmentGroup): string | null {
  if (g.moveTotal === 0) return null;
  const list = g.moves
    .map((m) =>
      t(l, "digest.seg.move", {
        name: safeName(m.name, 24),
        before: name(l, "quadrant", m.before),
        after: name(l, "quadrant", m.after),
      }),
    )
    .join(t(l, "common.list_separator"));
  const rest = g.moveTotal - g.moves.length;
  return t(l, "digest.seg.moves", {
    n: formatInt(g.moveTotal),
    list: rest > 0 ? `${list} ${t(l, "common.more_items", { n: rest })}` : list,
  });
}

function funnelLine(l: Locale, g: SegmentGroup, year: number): string {
  const stages = g.stages
    .filter((s) => s.count > 0)
    .map((s) => t(l, "digest.seg.stage", { stage: s.stage, count: formatInt(s.count), amount: money(l, s.amount) }));
  if (stages.length === 0) return t(l, "digest.seg.funnel_none", { year });
  return t(l, "digest.seg.funnel", { year, stages: stages.join(" | ") });
}

function targetLine(l: Locale, g: SegmentGroup): string | null {
  if (!g.segment) return null;
  const won = money(l, g.won),
    weighted = money(l, g.open.weighted);
  if (g.target === null || g.left === null) return t(l, "digest.seg.no_target", { won, weighted });
  if (g.coverage === null) return t(l, "digest.seg.met", { target: money(l, g.target), won, weighted });
  return t(l, "digest.seg.target", {
    target: money(l, g.target),
    won,
    left: money(l, g.left),
    weighted,
    coverage: formatPercent(l, g.coverage),
  });
}

function competitionLine(l: Locale, g: SegmentGroup): string | null {
  const s = g.segment;
  if (!s || (s.competitors.length === 0 && s.intensity === null)) return null;
  return t(l, "digest.seg.competition", {
    competitors: truncate(s.competitors.map((c) => safeName(c, 30)).join(t(l, "common.list_separator")), 120) || "—",
    intensity:
      s.intensity === null ? "" : t(l, "digest.seg.intensity", { intensity: t(l, `segment.intensity.${s.intensity}`) }),
  });
}

export function groupText(l: Locale, g: SegmentGroup, year: number): string {
  return [headLine(l, g, year), movesLine(l, g), funnelLine(l, g, year), targetLine(l, g), competitionLine(l, g)]
    .filter((x): x is string => x !== null)
    .join("\n");
}

/** The part's blocks within `room` (characters and blocks left in the message); none without segments. */
export function segmentBlocks(d: Digest, l: Locale, room: { chars: number; blocks: number }): KnownBlock[] {
  const part = d.segments;
  if (!part) return [];
  const chars = Math.min(room.chars, SEGMENT_PART_CHARS);
  const title = t(l, "digest.seg.title", { year: part.year });
  const hiddenText = (n: number) => t(l, "digest.seg.hidden", { n });
  const texts = part.groups.map((g) => groupText(l, g, part.year));
  // Keep groups in order while the title, the kept groups and a possible "…and N more" line fit.
  let kept = texts.length;
  const used = (n: number) => {
    const hidden = part.hidden + part.groups.slice(n).filter((g) => g.segment !== null).length;
    return {
      hidden,
      chars:
        title.length + texts.slice(0, n).reduce((s, x) => s + x.length, 0) + (hidden ? hiddenText(hidden).length : 0),
      blocks: 1 + n + (hidden ? 1 : 0),
    };
  };
  while (kept > 0 && (used(kept).chars > chars || used(kept).blocks > room.blocks)) kept--;
  const { hidden, blocks } = used(kept);
  if (blocks > room.blocks || title.length > chars) return [];
  return [
    section(title),
    ...texts.slice(0, kept).map((x) => section(x)),
    ...(hidden > 0 ? [context(hiddenText(hidden))] : []),
  ];
}
