// Service results → view models → Block Kit. Shared by the slash command, buttons, modals and the console.
import type { AccountFactField } from "../../core/facts.js";
import { formatMoney, hasName, name, t, type Locale, type VocabularyKind } from "../../i18n/index.js";
import { accountCardMessage } from "./ui/card.js";
import { funnelMessage } from "../funnel/ui/funnel.js";
import { topListMessage, valueMatrixMessage } from "./ui/matrix.js";
import type { MatrixRow, SlackMessage } from "../../ui/types.js";
import { escapeMrkdwn, SLACK_LIMITS, truncateMrkdwn } from "../../ui/limits.js";
import type { AccountView } from "./service.js";
import type { TeamFunnel } from "../funnel/service.js";
import type { PortfolioEntry } from "./portfolio.js";

export function textMessage(text: string): SlackMessage {
  const body = truncateMrkdwn(text, SLACK_LIMITS.sectionText);
  return { text: body.slice(0, 300), blocks: [{ type: "section", text: { type: "mrkdwn", text: body } }] };
}

export const esc = escapeMrkdwn;

// Rendering a card is pure and costs more than the queries behind it. viewAccount hands out the same aggregate and
// assessment objects while the account's version and the day stay the same, so a card is rendered once per version,
// language and weighted pipeline (the team's rates can move it). Each caller gets its own copy of the block list.
const renderedCards = new WeakMap<object, { aggregate: object; messages: Map<string, SlackMessage> }>();

export function cardMessage(view: AccountView, locale: Locale): SlackMessage {
  const key = `${locale}|${view.pipeline.openCount}|${view.pipeline.openAmount}|${view.pipeline.weightedAmount}`;
  let rendered = renderedCards.get(view.assessment);
  if (rendered?.aggregate !== view.aggregate) {
    rendered = { aggregate: view.aggregate, messages: new Map() };
    renderedCards.set(view.assessment, rendered);
  }
  let message = rendered.messages.get(key);
  if (!message) {
    message = renderCard(view, locale);
    rendered.messages.set(key, message);
  }
  return { ...message, blocks: [...message.blocks] };
}

function renderCard(view: AccountView, locale: Locale): SlackMessage {
  const f = view.aggregate.facts;
  return accountCardMessage({
    account: { id: f.id, name: f.name ?? f.id, industry: f.industry ?? null, adminLevel: f.admin_level ?? null, customerType: f.customer_type ?? null, ownerUserId: view.aggregate.ownerUserId },
    assessment: view.assessment,
    pipeline: {
      openCount: view.pipeline.openCount, openAmount: view.pipeline.openAmount, weightedAmount: view.pipeline.weightedAmount,
      opportunities: view.pipeline.opportunities.map((o) => ({ id: o.id, name: o.name, stage: o.stage, amount: o.amount, expectedCloseDate: o.expectedCloseDate })),
    },
    contacts: (f.contacts ?? []).map((c) => ({ id: c.id, name: c.name ?? null, title: c.title ?? null })),
    needs: (f.needs ?? []).map((n) => ({ id: n.id, description: n.description ?? null })),
    locale,
  });
}

export function matrixRow(e: PortfolioEntry): MatrixRow {
  const f = e.aggregate.facts;
  return {
    account: { id: f.id, name: f.name ?? f.id, industry: f.industry ?? null, adminLevel: f.admin_level ?? null, ownerUserId: e.aggregate.ownerUserId },
    assessment: e.assessment,
    pipeline: { openCount: e.pipeline.openCount, openAmount: e.pipeline.openAmount, weightedAmount: e.pipeline.weightedAmount },
  };
}

export function matrixMessage(teamName: string, asOf: string, entries: readonly PortfolioEntry[], locale: Locale): SlackMessage {
  return valueMatrixMessage({ teamName, asOf, rows: entries.map(matrixRow), locale });
}

export function topMessage(n: number, entries: readonly PortfolioEntry[], locale: Locale): SlackMessage {
  return topListMessage({ n, rows: entries.map(matrixRow), locale });
}

export function teamFunnelMessage(f: TeamFunnel, locale: Locale): SlackMessage {
  return funnelMessage({
    teamName: f.team.name, periodLabel: f.period.key, periodEnd: f.period.end, asOf: f.asOf,
    target: f.target, wonToDate: f.wonToDate, result: f.result, locale,
  });
}

// The vocabulary that names each enum fact's codes.
const ENUM_KIND: Partial<Record<AccountFactField, VocabularyKind>> = {
  customer_type: "customerType", admin_level: "adminLevel", industry: "industry", industry_outlook: "industryOutlook",
  market_position: "marketPosition", development_trend: "developmentTrend", budget_status: "budgetStatus",
  reference_value: "referenceValue", incumbent: "incumbent",
};

/** A fact's name as a rep reads it ("毛利率"), without the unit hint the modals add ("（%）"): values carry units. */
export function factLabel(locale: Locale, field: string): string {
  if (!hasName(locale, "field", field)) return esc(field);
  return name(locale, "field", field as AccountFactField).replace(/\s*[（(][^（()）]*[)）]$/u, "");
}

/** A fact's value as a rep writes it: 300万, 已立项, 是, 32%; "unknown" for null. */
export function factValueText(locale: Locale, field: string, value: unknown): string {
  if (value === null || value === undefined) return t(locale, "common.unknown");
  if ((field === "revenue_ttm" || field === "wallet_annual") && typeof value === "number") return formatMoney(locale, value);
  if (field === "gross_margin_pct" && typeof value === "number") return `${value}%`;
  if (typeof value === "boolean") return name(locale, "boolean", value ? "true" : "false");
  const kind = ENUM_KIND[field as AccountFactField];
  if (kind && typeof value === "string" && hasName(locale, kind, value)) return name(locale, kind, value as never);
  return esc(String(value));
}
