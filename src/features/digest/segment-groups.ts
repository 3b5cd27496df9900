// The digest's segment part (issue 10 item 5): the team's matrix moves and dual funnel grouped by the market segments
// of the snapshot's year (METHOD §2.3). The SQL returns figures per account industry × region (segmentAreas,
// segmentMoves); each area joins exactly one group — the most specific segment whose region contains it (the rule
// segment defaults follow, core segmentsOf) — or Other when no segment of the year covers it. Pure.
import {
  INDUSTRIES,
  OPEN_STAGES,
  segmentsOf,
  type Industry,
  type OpenStage,
  type SegmentRecord,
} from "../../core/index.js";
import type { SegmentAreaKey, SegmentAreaRow, SegmentMoveRow } from "./records.js";
import type { DigestSegments, SegmentDecision, SegmentGroup } from "./types.js";

/** Groups a digest shows, Other included: with the part's character budget, a channel message stays readable. */
export const SEGMENT_GROUPS_SHOWN = 6;
/** Named quadrant moves per group; the count covers all of them. */
export const SEGMENT_MOVES_SHOWN = 3;

export interface SegmentInputs {
  year: number;
  /** The team's segments of `year` */
  segments: readonly SegmentRecord[];
  areas: readonly SegmentAreaRow[];
  /** null for a first digest (no previous snapshot to compare) */
  moves: readonly SegmentMoveRow[] | null;
}

const DECISION_ORDER: readonly SegmentDecision[] = ["chosen", "undecided", "not_chosen"];
const decisionOf = (chosen: boolean | null): SegmentDecision =>
  chosen === true ? "chosen" : chosen === false ? "not_chosen" : "undecided";

const isIndustry = (v: string | null): v is Industry => v !== null && (INDUSTRIES as readonly string[]).includes(v);

function emptyGroup(segment: SegmentRecord | null): SegmentGroup {
  return {
    segment: segment && {
      industry: segment.industry,
      regionCode: segment.region_code,
      year: segment.year,
      decision: decisionOf(segment.chosen),
      competitors: segment.competitors,
      intensity: segment.competition_intensity,
    },
    accounts: 0,
    moves: [],
    moveTotal: 0,
    stages: OPEN_STAGES.map((stage) => ({ stage, count: 0, amount: 0 })),
    open: { count: 0, amount: 0, weighted: 0 },
    target: segment?.revenue_target ?? null,
    won: 0,
    left: null,
    coverage: null,
  };
}

/** `pAmount`: the digest's P_amt per stage, so the groups' weighted amounts add up to its headline E_amt. */
export function segmentGroups(input: SegmentInputs, pAmount: Readonly<Record<OpenStage, number>>): DigestSegments {
  const groups = new Map<SegmentRecord | null, SegmentGroup>();
  for (const s of input.segments) groups.set(s, emptyGroup(s));
  const placed = new Map<string, SegmentGroup>();
  const groupOf = (area: SegmentAreaKey): SegmentGroup => {
    const key = `${area.industry ?? ""}|${area.regionCode ?? ""}`;
    const known = placed.get(key);
    if (known) return known;
    const segment =
      isIndustry(area.industry) && area.regionCode !== null
        ? (segmentsOf(
            { id: key, industry: area.industry, region_code: area.regionCode },
            input.segments,
            input.year,
          )[0] ?? null)
        : null;
    let group = groups.get(segment);
    if (!group) {
      group = emptyGroup(null);
      groups.set(null, group);
    }
    placed.set(key, group);
    return group;
  };

  for (const r of input.areas) {
    const g = groupOf(r);
    if (r.kind === "accounts") g.accounts += r.count;
    else if (r.kind === "won") g.won += r.amount;
    else if (r.stage !== null) {
      const st = g.stages[OPEN_STAGES.indexOf(r.stage)];
      if (st) {
        st.count += r.count;
        st.amount += r.amount;
      }
      g.open.count += r.count;
      g.open.amount += r.amount;
      g.open.weighted += r.amount * pAmount[r.stage];
    }
  }

  const moves = new Map<SegmentGroup, SegmentMoveRow[]>();
  const counted = new Set<string>();
  for (const m of input.moves ?? []) {
    const g = groupOf(m);
    moves.set(g, [...(moves.get(g) ?? []), m]);
    // Every row of an area carries the area's total: count it once.
    const area = `${m.industry ?? ""}|${m.regionCode ?? ""}`;
    if (!counted.has(area)) {
      counted.add(area);
      g.moveTotal += m.total;
    }
  }
  for (const [g, rows] of moves)
    g.moves = [...rows]
      .sort((a, b) => b.dv - a.dv || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0))
      .slice(0, SEGMENT_MOVES_SHOWN)
      .map(({ accountId, name, before, after }) => ({ accountId, name, before, after }));

  for (const g of groups.values()) {
    if (g.target === null) continue;
    g.left = Math.max(0, g.target - g.won);
    g.coverage = g.left > 0 ? g.open.weighted / g.left : null;
  }

  const rank = (g: SegmentGroup) => DECISION_ORDER.indexOf(g.segment?.decision ?? "undecided");
  const segments = [...groups.values()]
    .filter((g) => g.segment !== null)
    .sort((a, b) => rank(a) - rank(b) || b.open.amount - a.open.amount || label(a).localeCompare(label(b)));
  const other = groups.get(null);
  const room = other ? SEGMENT_GROUPS_SHOWN - 1 : SEGMENT_GROUPS_SHOWN;
  return {
    year: input.year,
    groups: [...segments.slice(0, room), ...(other ? [other] : [])],
    hidden: Math.max(0, segments.length - room),
  };
}

const label = (g: SegmentGroup): string => (g.segment ? `${g.segment.industry}|${g.segment.regionCode}` : "");
