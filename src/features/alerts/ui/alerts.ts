// The alert settings (`/kvalue alerts`: one switch per kind, the teams' stale days, today's count) and the daily DM
// (also `/kvalue alerts preview`). Pure: data in, blocks out.
import type { KnownBlock } from "@slack/types";
import { hasName, name, t } from "../../../i18n/catalog.js";
import { quadrantLabel } from "../../../i18n/explain.js";
import { formatDate } from "../../../i18n/format.js";
import type { Locale } from "../../../i18n/locale.js";
import { button, context, divider, fallback, header, mention, section } from "../../../ui/blocks.js";
import { ACTION_IDS } from "../../../ui/ids.js";
import { SLACK_LIMITS, escapeMrkdwn, fitMessage, packLines, safeName } from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";
import { ALERT_KINDS, KIND_WORD_ZH, type AlertItem, type AlertKind } from "../kinds.js";

/** The kinds as the reader types them: Chinese words with what each means, or the codes. */
export const kindWords = (locale: Locale): string =>
  locale === "zh-CN"
    ? ALERT_KINDS.map((k) => `${KIND_WORD_ZH[k]}（${t(locale, `alerts.kind.${k}`)}）`).join(" · ")
    : ALERT_KINDS.join(" · ");

export interface AlertSettingsData {
  locale: Locale;
  off: ReadonlySet<AlertKind>;
  teams: readonly { name: string; staleDays: number | null; defaultDays: number }[];
  today: { count: number; sentAt: string | null; sentCount: number };
  /** A line above the settings (what a switch just did). */
  notice?: string;
}

const more = (locale: Locale) => (n: number) => t(locale, "common.more_items", { n });

export function alertSettingsMessage(d: AlertSettingsData): SlackMessage {
  const { locale } = d;
  const blocks: KnownBlock[] = [];
  if (d.notice) blocks.push(section(d.notice));
  blocks.push(header(t(locale, "alerts.settings.header")), section(t(locale, "alerts.settings.intro")));
  for (const kind of ALERT_KINDS) {
    const on = !d.off.has(kind);
    const label = t(locale, `alerts.kind.${kind}`);
    blocks.push({
      ...section(t(locale, on ? "alerts.settings.on" : "alerts.settings.off", { kind: label })),
      accessory: button(
        t(locale, on ? "alerts.settings.turn_off" : "alerts.settings.turn_on"),
        ACTION_IDS.alertToggle,
        `${on ? "off" : "on"} ${kind}`,
      ),
    });
  }
  if (d.teams.length > 0) {
    const teams = d.teams
      .map((team) =>
        t(locale, team.staleDays === null ? "alerts.settings.stale_default" : "alerts.settings.stale_team", {
          team: safeName(team.name, 60),
          days: team.staleDays ?? team.defaultDays,
        }),
      )
      .join(" · ");
    blocks.push(context(t(locale, "alerts.settings.stale_days", { teams })));
  }
  blocks.push(divider());
  blocks.push(
    section(
      d.today.sentAt
        ? t(locale, "alerts.today.sent", { time: d.today.sentAt, n: d.today.sentCount })
        : d.today.count > 0
          ? t(locale, "alerts.today.some", { n: d.today.count })
          : t(locale, "alerts.today.none"),
    ),
  );
  blocks.push(context(t(locale, "alerts.settings.text_commands", { kinds: kindWords(locale) })));
  const on = ALERT_KINDS.filter((k) => !d.off.has(k)).length;
  return fitMessage(
    { text: fallback(t(locale, "alerts.settings.fallback", { on, off: ALERT_KINDS.length - on })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

// Fields of contacts and deals that have no account-fact name in the vocabulary.
const OTHER_FIELDS = [
  "last_contact_date",
  "attitude",
  "relationship_strength",
  "role",
  "stage",
  "amount",
  "expected_close_date",
  "close_reason",
] as const;

function fieldLabel(locale: Locale, field: string): string {
  if (field === "*") return t(locale, "alerts.field.created");
  if (hasName(locale, "field", field)) return name(locale, "field", field as never);
  const other = OTHER_FIELDS.find((f) => f === field);
  return other ? t(locale, `alerts.field.${other}`) : `\`${escapeMrkdwn(field)}\``;
}

/** One alert as one mrkdwn line. */
export function alertLine(locale: Locale, item: AlertItem): string {
  switch (item.kind) {
    case "deal_overdue":
      return t(locale, "alerts.line.deal_overdue", {
        account: safeName(item.account, 60),
        deal: safeName(item.deal, 60),
        date: formatDate(locale, item.closeDate),
      });
    case "deal_stale":
      return t(locale, "alerts.line.deal_stale", {
        account: safeName(item.account, 60),
        deal: safeName(item.deal, 60),
        days: item.days,
      });
    case "quadrant":
      return t(locale, "alerts.line.quadrant", {
        account: safeName(item.account, 60),
        from: quadrantLabel(locale, item.from, false),
        to: quadrantLabel(locale, item.to, false),
      });
    case "eb_opposed":
      return t(locale, "alerts.line.eb_opposed", {
        account: safeName(item.account, 60),
        contact: safeName(item.contact, 40),
        attitude: name(locale, "attitude", String(item.attitude) as never),
      });
    case "fact_changed": {
      const actors = item.actors.map((a) => mention(a) || safeName(a, 30)).join(t(locale, "common.list_separator"));
      return t(locale, "alerts.line.fact_changed", {
        account: safeName(item.account, 60),
        actors: actors || t(locale, "alerts.someone"),
        fields: item.fields.map((f) => fieldLabel(locale, f)).join(t(locale, "common.list_separator")) || "—",
        n: item.changes,
      });
    }
    case "lead_deadline":
      return t(locale, "alerts.line.lead_deadline", {
        team: safeName(item.team, 60),
        period: escapeMrkdwn(item.period),
        date: formatDate(locale, item.deadline),
      });
  }
}

export interface AlertsMessageData {
  locale: Locale;
  day: string;
  /** The window's business days [from, to). */
  from: string;
  to: string;
  items: readonly AlertItem[];
  preview?: boolean;
}

/** The daily DM: the alerts grouped by kind, in the kinds' order. */
export function alertsMessage(d: AlertsMessageData): SlackMessage {
  const { locale } = d;
  const blocks: KnownBlock[] = [];
  if (d.preview) blocks.push(context(t(locale, "alerts.preview.note")));
  blocks.push(header(t(locale, "alerts.message.header", { date: formatDate(locale, d.day) })));
  const window = { from: formatDate(locale, d.from), to: formatDate(locale, d.to) };
  if (d.items.length === 0) blocks.push(section(t(locale, "alerts.message.empty", window)));
  for (const kind of ALERT_KINDS) {
    const lines = d.items.filter((i) => i.kind === kind).map((i) => `• ${alertLine(locale, i)}`);
    if (lines.length === 0) continue;
    const chunks = packLines(lines, {
      head: `*${t(locale, `alerts.kind.${kind}`)}*`,
      maxCharsPerChunk: SLACK_LIMITS.sectionText - 100,
      maxChunks: 3,
      maxTotalChars: 3000,
      more: more(locale),
    });
    for (const c of chunks) blocks.push(section(c));
  }
  blocks.push(context(t(locale, "alerts.message.window", window)));
  return fitMessage(
    { text: fallback(t(locale, "alerts.message.fallback", { n: d.items.length })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}
