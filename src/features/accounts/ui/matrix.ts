// The value matrix message (价值客户矩阵, METHOD §4) and the top-N list. Rows follow §4.4 order: priority,
// V descending, id. Whatever the portfolio size, each group shows what fits and says how many it left out.
import type { KnownBlock } from "@slack/types";
import { QUADRANTS, type Quadrant } from "../../../core/enums.js";
import { PRIORITY_OF } from "../../../core/matrix.js";
import { Y_W } from "../../../core/weights.js";
import { name, t } from "../../../i18n/catalog.js";
import { quadrantLabel } from "../../../i18n/explain.js";
import { formatDate, formatKappa, formatScore } from "../../../i18n/format.js";
import type { Locale } from "../../../i18n/locale.js";
import { context, divider, fallback, fieldsSection, header, section, sortRows } from "../../../ui/blocks.js";
import { SLACK_LIMITS, fitMessage, oneLine, packLines, safeName, truncate } from "../../../ui/limits.js";
import type { MatrixRow, MatrixViewData, SlackMessage, TopListData } from "../../../ui/types.js";

/** QUADRANTS is in priority order (P1…P4, METHOD §4.3). */
const QUADRANT_ORDER: readonly Quadrant[] = QUADRANTS;

/** Room a section leaves for the "…and N more" line and mrkdwn escapes. */
const SECTION_ROOM = SLACK_LIMITS.sectionText - 100;
/** Text budget left for rows after the header, summary and grid. */
const ROWS_BUDGET = SLACK_LIMITS.messageTextBudget - 1500;

/**
 * Shares a character budget between groups by water-filling: small groups take what they need, the rest is
 * split evenly among the larger ones. Deterministic, and a 200-row group gets more than a fixed fifth.
 */
export function shareBudget(needs: readonly number[], total: number): number[] {
  const alloc = needs.map(() => 0);
  let open = needs.map((_, i) => i).filter((i) => (needs[i] ?? 0) > 0);
  let remaining = total;
  while (open.length > 0 && remaining > 0) {
    const share = Math.floor(remaining / open.length);
    if (share === 0) break;
    const next: number[] = [];
    for (const i of open) {
      const want = (needs[i] ?? 0) - (alloc[i] ?? 0);
      const give = Math.min(want, share);
      alloc[i] = (alloc[i] ?? 0) + give;
      remaining -= give;
      if (give < want) next.push(i);
    }
    // Terminates: either a group is satisfied (open shrinks) or everyone took a full share and the
    // remainder is smaller than the group count (share becomes 0).
    open = next;
  }
  return alloc;
}

function flagsSuffix(locale: Locale, row: MatrixRow): string {
  const n = row.assessment.red_flags.length;
  return n > 0 ? t(locale, "matrix.flags", { n }) : "";
}

function matrixLine(locale: Locale, row: MatrixRow, rank: number): string {
  const a = row.assessment;
  return t(locale, "matrix.row", {
    rank,
    name: safeName(row.account.name, 40),
    // Provisional rows have no tier (§3.4); their completeness explains why.
    tier: a.provisional || !a.tier ? `κ ${formatKappa(a.completeness.overall)}` : name(locale, "tier", a.tier),
    v: formatScore(a.scores.V),
    x: formatScore(a.scores.X),
    y: formatScore(a.scores.Y),
    ra: formatScore(a.scores.RA),
    confidence: t(locale, "common.confidence", { confidence: name(locale, "confidence", a.confidence) }),
    flags: flagsSuffix(locale, row),
  });
}

export function valueMatrixMessage(data: MatrixViewData): SlackMessage {
  const { locale } = data;
  const sorted = sortRows(data.rows);
  const team = data.teamName ? truncate(oneLine(data.teamName), 80) : "";
  const blocks: KnownBlock[] = [header(team ? t(locale, "matrix.header_team", { team }) : t(locale, "matrix.header"))];
  if (sorted.length === 0) {
    blocks.push(section(t(locale, "matrix.empty")));
    return fitMessage(
      { text: fallback(t(locale, "matrix.fallback", { n: 0 })), blocks },
      { more: (n) => t(locale, "common.omitted_sections", { n }) },
    );
  }
  const groups = new Map<Quadrant | "provisional", MatrixRow[]>();
  for (const key of [...QUADRANT_ORDER, "provisional" as const]) groups.set(key, []);
  for (const row of sorted) groups.get(row.assessment.provisional ? "provisional" : row.assessment.quadrant)?.push(row);
  // The grid's four counts leave out the accounts still to be assessed: the total says how many those are.
  const provisional = groups.get("provisional")?.length ?? 0;
  // The Y weights of the version in force (§6.6), as short as they are exact: 0.6, 0.55.
  const yWeights = data.weights?.yWeights ?? Y_W;
  const weight = (w: number) => String(Number(w.toFixed(2)));
  blocks.push(
    context(
      t(locale, "matrix.summary", {
        n: sorted.length,
        date: formatDate(locale, data.asOf),
        pt: weight(yWeights.PT),
        sf: weight(yWeights.SF),
      }),
      provisional > 0 ? t(locale, "matrix.summary_provisional", { n: provisional }) : "",
      data.modelVersion ? t(locale, "common.model_version", { model: data.modelVersion }) : "",
    ),
  );

  // The 2×2 grid as Slack fields (two columns): Y high on top, X high on the right.
  const cell = (q: Quadrant) =>
    t(locale, "matrix.cell", {
      quadrant: name(locale, "quadrant", q),
      priority: PRIORITY_OF[q],
      n: groups.get(q)?.length ?? 0,
    });
  blocks.push(fieldsSection([cell("develop"), cell("strategic"), cell("opportunistic"), cell("maintain")]));
  blocks.push(divider());

  const keys = [...QUADRANT_ORDER, "provisional" as const].filter(
    (k) => k !== "provisional" || (groups.get(k)?.length ?? 0) > 0,
  );
  const lines = keys.map((k) => (groups.get(k) ?? []).map((row, i) => matrixLine(locale, row, i + 1)));
  const heads = keys.map((k) =>
    k === "provisional"
      ? t(locale, "matrix.provisional_heading", { n: groups.get(k)?.length ?? 0 })
      : t(locale, "matrix.quadrant_heading", {
          quadrant: name(locale, "quadrant", k),
          priority: PRIORITY_OF[k],
          n: groups.get(k)?.length ?? 0,
        }),
  );
  const needs = lines.map((ls, i) => (heads[i]?.length ?? 0) + ls.reduce((s, l) => s + l.length + 1, 0) + 60);
  const budgets = shareBudget(needs, ROWS_BUDGET);
  keys.forEach((_, i) => {
    const groupLines = lines[i] ?? [];
    const head = heads[i] ?? "";
    if (groupLines.length === 0) {
      blocks.push(section(`${head}\n${t(locale, "matrix.empty_quadrant")}`));
      return;
    }
    const budget = Math.max(budgets[i] ?? 0, head.length + 80);
    for (const chunk of packLines(groupLines, {
      head,
      maxCharsPerChunk: SECTION_ROOM,
      maxChunks: 8,
      maxTotalChars: budget,
      more: (n) => t(locale, "common.more_accounts", { n }),
    }))
      blocks.push(section(chunk));
  });

  return fitMessage(
    { text: fallback(t(locale, "matrix.fallback", { n: sorted.length })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

/** No accounts yet: a "Top N" header would claim a ranking that is not there. */
function emptyTopList(locale: Locale, team: string): SlackMessage {
  const title = team ? t(locale, "top.empty_header_team", { team }) : t(locale, "top.empty_header");
  return { text: fallback(title), blocks: [header(title), section(t(locale, "matrix.empty"))] };
}

export function topListMessage(data: TopListData): SlackMessage {
  const { locale } = data;
  const sorted = sortRows(data.rows);
  const n = Math.max(1, Math.min(Math.floor(Number.isFinite(data.n) ? data.n : 10), Math.max(sorted.length, 1)));
  const team = data.teamName ? truncate(oneLine(data.teamName), 80) : "";
  if (sorted.length === 0) return emptyTopList(locale, team);
  const blocks: KnownBlock[] = [
    header(team ? t(locale, "top.header_team", { n, team }) : t(locale, "top.header", { n })),
  ];
  blocks.push(context(t(locale, "top.summary", { total: Math.max(data.total ?? 0, sorted.length) })));
  const lines = sorted.slice(0, n).map((row, i) => {
    const a = row.assessment;
    return t(locale, "top.row", {
      rank: i + 1,
      name: safeName(row.account.name, 60),
      priority: a.provisional || !a.priority ? "—" : name(locale, "priority", a.priority),
      quadrant: quadrantLabel(locale, a.quadrant, a.provisional),
      v: formatScore(a.scores.V),
      confidence: t(locale, "common.confidence", { confidence: name(locale, "confidence", a.confidence) }),
      flags: flagsSuffix(locale, row),
    });
  });
  for (const chunk of packLines(lines, {
    maxCharsPerChunk: SECTION_ROOM,
    maxChunks: 10,
    maxTotalChars: ROWS_BUDGET,
    more: (hidden) => t(locale, "common.more_accounts", { n: hidden }),
  }))
    blocks.push(section(chunk));
  return fitMessage(
    { text: fallback(t(locale, "top.fallback", { n })), blocks },
    { more: (k) => t(locale, "common.omitted_sections", { n: k }) },
  );
}
