// App Home: what changed since last week, then the user's accounts grouped by priority (§4.4 order).
import type { HomeView, KnownBlock } from "@slack/types";
import type { Priority } from "../../../core/enums.js";
import { name, t } from "../../../i18n/catalog.js";
import { driverText, quadrantLabel } from "../../../i18n/explain.js";
import { formatDate, formatKappa, formatScore, formatScoreDelta } from "../../../i18n/format.js";
import type { Locale } from "../../../i18n/locale.js";
import { compareQuantized } from "../../../i18n/decimal.js";
import { context, divider, header, section, sortRows } from "../../../ui/blocks.js";
import { SLACK_LIMITS, escapeMrkdwn, fitHome, packLines, safeName } from "../../../ui/limits.js";
import { shareBudget } from "./matrix.js";
import { mineBlocks, type MineData } from "./mine.js";
import type { HomeChange, HomeData, MatrixRow } from "../../../ui/types.js";

const SECTION_ROOM = SLACK_LIMITS.sectionText - 100;
const CHANGES_BUDGET = 5000;
const ACCOUNTS_BUDGET = SLACK_LIMITS.viewTextBudget - CHANGES_BUDGET - 1500;

/** §5.7: lists sorted by |Δ| descending, then id. New accounts count their whole V as the change. */
function sortChanges(changes: readonly HomeChange[]): HomeChange[] {
  const delta = (c: HomeChange) => Math.abs(c.vAfter - (c.vBefore ?? 0));
  return [...changes].sort(
    (a, b) =>
      compareQuantized(delta(b), delta(a)) || (a.account.id < b.account.id ? -1 : a.account.id > b.account.id ? 1 : 0),
  );
}

function changeLines(locale: Locale, c: HomeChange): string {
  const nameText = safeName(c.account.name, 60);
  const after = quadrantLabel(locale, c.quadrantAfter, c.provisionalAfter ?? false);
  const head =
    c.quadrantBefore === null || c.vBefore === null
      ? t(locale, "home.change_new", { name: nameText, after, va: formatScore(c.vAfter) })
      : t(locale, "home.change", {
          name: nameText,
          before: quadrantLabel(locale, c.quadrantBefore, c.provisionalBefore ?? false),
          after,
          vb: formatScore(c.vBefore),
          va: formatScore(c.vAfter),
          delta: formatScoreDelta(c.vAfter - c.vBefore),
        });
  return c.driver
    ? `${head}\n${t(locale, "home.change_driver", { driver: escapeMrkdwn(driverText(locale, c.driver)) })}`
    : head;
}

function accountLine(locale: Locale, row: MatrixRow): string {
  const a = row.assessment;
  return t(locale, "home.row", {
    name: safeName(row.account.name, 60),
    tier: a.provisional || !a.tier ? `κ ${formatKappa(a.completeness.overall)}` : name(locale, "tier", a.tier),
    v: formatScore(a.scores.V),
    confidence: t(locale, "common.confidence", { confidence: name(locale, "confidence", a.confidence) }),
    flags: a.red_flags.length > 0 ? t(locale, "matrix.flags", { n: a.red_flags.length }) : "",
  });
}

/** With `week`, the accounts are shown as the user's week (mine.ts: flags, next fact, deals; per rep for a manager). */
export function homeView(data: HomeData & { week?: MineData }): HomeView {
  const { locale } = data;
  const rows = sortRows(data.accounts);
  const blocks: KnownBlock[] = [header(t(locale, "home.header"))];
  blocks.push(context(t(locale, "home.summary", { n: rows.length, date: formatDate(locale, data.asOf) })));

  // What changed since last week.
  const changes = sortChanges(data.changes).map((c) => changeLines(locale, c));
  if (changes.length === 0)
    blocks.push(section(`${t(locale, "home.changes.title")}\n${t(locale, "home.changes.none")}`));
  else {
    for (const chunk of packLines(changes, {
      head: t(locale, "home.changes.title"),
      maxCharsPerChunk: SECTION_ROOM,
      maxChunks: 3,
      maxTotalChars: CHANGES_BUDGET,
      more: (n) => t(locale, "common.more_accounts", { n }),
    }))
      blocks.push(section(chunk));
  }
  blocks.push(divider());

  if (data.week) {
    blocks.push(header(t(locale, data.week.manager ? "mine.header_manager" : "mine.header")));
    blocks.push(...mineBlocks(data.week, ACCOUNTS_BUDGET));
    return fitHome({ type: "home", blocks }, { more: (n) => t(locale, "common.omitted_sections", { n }) });
  }

  if (rows.length === 0) {
    blocks.push(section(t(locale, "home.empty")));
    return fitHome({ type: "home", blocks }, { more: (n) => t(locale, "common.omitted_sections", { n }) });
  }

  // Accounts by priority; provisional ones (no priority, §3.4) last.
  const keys: (Priority | "provisional")[] = ["P1", "P2", "P3", "P4", "provisional"];
  const groups = keys.map((k) =>
    rows.filter(
      (r) => (r.assessment.provisional || !r.assessment.priority ? "provisional" : r.assessment.priority) === k,
    ),
  );
  const shown = keys.map((k, i) => ({ k, rows: groups[i] ?? [] })).filter((g) => g.rows.length > 0);
  const heads = shown.map((g) =>
    t(locale, "home.group", {
      label:
        g.k === "provisional"
          ? t(locale, "common.provisional")
          : `${g.k} · ${quadrantLabel(locale, g.rows[0]?.assessment.quadrant ?? "opportunistic", false)}`,
      n: g.rows.length,
    }),
  );
  const lines = shown.map((g) => g.rows.map((r) => accountLine(locale, r)));
  const budgets = shareBudget(
    lines.map((ls, i) => (heads[i]?.length ?? 0) + ls.reduce((s, l) => s + l.length + 1, 0) + 80),
    ACCOUNTS_BUDGET,
  );
  shown.forEach((_, i) => {
    for (const chunk of packLines(lines[i] ?? [], {
      head: heads[i] ?? "",
      maxCharsPerChunk: SECTION_ROOM,
      maxChunks: 12,
      maxTotalChars: Math.max(budgets[i] ?? 0, 200),
      more: (n) => t(locale, "home.more", { n }),
    }))
      blocks.push(section(chunk));
  });

  return fitHome({ type: "home", blocks }, { more: (n) => t(locale, "common.omitted_sections", { n }) });
}
