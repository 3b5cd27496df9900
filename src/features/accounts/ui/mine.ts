// "My week" (`/kvalue mine` and App Home): per rep, the accounts by priority with their red flags and the next fact
// to collect, then the open deals by close date (overdue ones marked). Pure: data in, blocks out.
import type { KnownBlock } from "@slack/types";
import type { Priority, Quadrant, Stage } from "../../../core/enums.js";
import { t } from "../../../i18n/catalog.js";
import { collectNextQuestion, quadrantLabel, redFlagText, type ContactRef } from "../../../i18n/explain.js";
import { formatDate, formatScore } from "../../../i18n/format.js";
import type { Locale } from "../../../i18n/locale.js";
import { formatMoney } from "../../../i18n/money.js";
import { context, fallback, header, mention, section } from "../../../ui/blocks.js";
import { SLACK_LIMITS, escapeMrkdwn, fitMessage, packLines, safeName } from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";
import { stageLabel } from "./card.js";

export interface MineAccountLine {
  id: string;
  name: string;
  priority: Priority | null;
  quadrant: Quadrant;
  provisional: boolean;
  v: number;
  redFlags: readonly string[];
  /** The §3.4 collect-next field of largest weight, null when nothing is missing. */
  next: string | null;
  contacts: readonly ContactRef[];
}

export interface MineDealLine {
  accountName: string;
  name: string;
  stage: Stage;
  amount: number;
  expectedCloseDate: string | null;
}

export interface MineRep {
  userId: string | null;
  accounts: readonly MineAccountLine[];
  deals: readonly MineDealLine[];
}

export interface MineData {
  asOf: string;
  locale: Locale;
  /** Managers see one section per rep, headed by the rep. */
  manager: boolean;
  reps: readonly MineRep[];
}

const SECTION_ROOM = SLACK_LIMITS.sectionText - 100;

function accountLine(locale: Locale, a: MineAccountLine): string {
  const rank = a.provisional || !a.priority ? t(locale, "common.provisional") : a.priority;
  const lines = [
    t(locale, "mine.account", {
      name: safeName(a.name, 60),
      rank,
      quadrant: quadrantLabel(locale, a.quadrant, a.provisional),
      v: formatScore(a.v),
    }),
  ];
  if (a.redFlags.length > 0)
    lines.push(
      t(locale, "mine.flags", {
        flags: a.redFlags.map((f) => escapeMrkdwn(redFlagText(locale, f))).join(" "),
      }),
    );
  if (a.next)
    lines.push(t(locale, "mine.next", { question: escapeMrkdwn(collectNextQuestion(locale, a.next, a.contacts)) }));
  return lines.join("\n");
}

function dealLine(locale: Locale, asOf: string, d: MineDealLine): string {
  const overdue = d.expectedCloseDate !== null && d.expectedCloseDate < asOf;
  return t(locale, overdue ? "mine.deal_overdue" : "mine.deal", {
    date: d.expectedCloseDate ? formatDate(locale, d.expectedCloseDate) : t(locale, "mine.no_close_date"),
    account: safeName(d.accountName, 40),
    stage: stageLabel(locale, d.stage),
    name: safeName(d.name, 50),
    amount: formatMoney(locale, d.amount, { compact: true }),
  });
}

/** The blocks of each rep's week within `budget` characters (App Home puts them under its own header). */
export function mineBlocks(data: MineData, budget: number): KnownBlock[] {
  const { locale } = data;
  const blocks: KnownBlock[] = [];
  const reps = data.reps;
  if (reps.every((r) => r.accounts.length === 0)) return [section(t(locale, "mine.empty"))];
  const perRep = Math.max(600, Math.floor(budget / Math.max(1, reps.length)));
  const maxChunks = Math.max(1, Math.min(4, Math.floor(90 / Math.max(1, reps.length) / 3)));
  for (const rep of reps) {
    if (data.manager) {
      const amount = rep.deals.reduce((s, d) => s + d.amount, 0);
      blocks.push(
        section(
          t(locale, "mine.rep", {
            // An imported owner may be a name rather than a Slack user (the demo's other reps).
            rep: rep.userId ? mention(rep.userId) || safeName(rep.userId, 40) : t(locale, "mine.unowned"),
            n: rep.accounts.length,
            deals: rep.deals.length,
            amount: formatMoney(locale, amount, { compact: true }),
          }),
        ),
      );
    }
    const accountChunks = packLines(
      rep.accounts.map((a) => accountLine(locale, a)),
      {
        head: t(locale, "mine.accounts.title"),
        maxCharsPerChunk: SECTION_ROOM,
        maxChunks,
        maxTotalChars: Math.floor(perRep * 0.6),
        // Cut to fit one message: say where the rest is.
        more: (n) => t(locale, "mine.more_accounts", { n }),
      },
    );
    for (const c of accountChunks) blocks.push(section(c));
    const dealLines = rep.deals.map((d) => dealLine(locale, data.asOf, d));
    if (dealLines.length === 0)
      blocks.push(section(`${t(locale, "mine.deals.title")}\n${t(locale, "mine.deals.none")}`));
    else
      for (const c of packLines(dealLines, {
        head: t(locale, "mine.deals.title"),
        maxCharsPerChunk: SECTION_ROOM,
        maxChunks,
        maxTotalChars: Math.floor(perRep * 0.4),
        more: (n) => t(locale, "common.more_opportunities", { n }),
      }))
        blocks.push(section(c));
  }
  return blocks;
}

export function mineMessage(data: MineData): SlackMessage {
  const { locale } = data;
  const n = data.reps.reduce((s, r) => s + r.accounts.length, 0);
  const deals = data.reps.reduce((s, r) => s + r.deals.length, 0);
  const blocks: KnownBlock[] = [
    header(t(locale, data.manager ? "mine.header_manager" : "mine.header")),
    context(t(locale, "mine.summary", { n, deals, date: formatDate(locale, data.asOf) })),
    ...mineBlocks(data, SLACK_LIMITS.messageTextBudget - 800),
  ];
  return fitMessage(
    { text: fallback(t(locale, "mine.fallback", { n, deals })), blocks },
    { more: (k) => t(locale, "common.omitted_sections", { n: k }) },
  );
}
