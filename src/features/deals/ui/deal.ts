// Replies of `/kvalue deal` and the deal menu: the deal's line with its menu, a choice of deals, what an update
// changed (and the account's score before and after), and the two forms (lost with a reason, a new close date).
import type { KnownBlock, ModalView, SectionBlock } from "@slack/types";
import { CLOSE_REASONS, type Quadrant, type Stage } from "../../../core/enums.js";
import { name, t } from "../../../i18n/catalog.js";
import { quadrantLabel } from "../../../i18n/explain.js";
import { formatDate, formatScore } from "../../../i18n/format.js";
import type { Locale } from "../../../i18n/locale.js";
import { formatMoney } from "../../../i18n/money.js";
import { button, context, fallback, section } from "../../../ui/blocks.js";
import { ACTION_IDS, CALLBACK_IDS, INPUT_ACTION_ID } from "../../../ui/ids.js";
import {
  SLACK_LIMITS,
  escapeMrkdwn,
  fitMessage,
  fitModal,
  oneLine,
  option,
  plain,
  safeName,
  truncate,
} from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";
import { dealMenu } from "./menu.js";

export interface DealLineData {
  id: string;
  name: string;
  stage: Stage;
  amount: number;
  expectedCloseDate: string | null;
  accountName: string;
}

export const stageText = (locale: Locale, stage: Stage): string => `${stage} ${name(locale, "stage", stage)}`;

export function dealLineText(locale: Locale, d: DealLineData, withAccount: boolean): string {
  const params = {
    account: safeName(d.accountName, 60),
    stage: stageText(locale, d.stage),
    name: safeName(d.name, 60),
    amount: formatMoney(locale, d.amount),
    date: d.expectedCloseDate ? formatDate(locale, d.expectedCloseDate) : t(locale, "deal.no_date"),
  };
  return t(locale, withAccount ? "deal.line_account" : "deal.line", params);
}

const OPEN: readonly Stage[] = ["S0", "S1", "S2", "S3", "S4", "S5"];

/** A pipeline line with its deal menu (a closed deal has none). */
export function dealLineSection(locale: Locale, d: DealLineData, withAccount = true): SectionBlock {
  const text = dealLineText(locale, d, withAccount);
  return OPEN.includes(d.stage) ? { ...section(text), accessory: dealMenu(locale, d) } : section(text);
}

export function dealMessage(locale: Locale, d: DealLineData): SlackMessage {
  return fitMessage(
    { text: fallback(oneLine(`${d.accountName} · ${d.name}`)), blocks: [dealLineSection(locale, d)] },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

export function dealChoicesMessage(
  locale: Locale,
  query: string,
  deals: readonly DealLineData[],
  total: number,
  pending: string,
): SlackMessage {
  const q = escapeMrkdwn(truncate(oneLine(query), 100));
  const blocks: KnownBlock[] = [section(t(locale, "deal.choices", { n: total, query: q }))];
  for (const d of deals.slice(0, 15)) {
    // The pick carries the pending `field=value` pairs, so choosing applies what was typed.
    const value = truncate(`${d.id}\n${pending}`, SLACK_LIMITS.buttonValue, "");
    blocks.push({
      ...section(dealLineText(locale, d, true)),
      accessory: button(t(locale, "deal.pick"), ACTION_IDS.pickDeal, value),
    });
  }
  if (total > deals.length) blocks.push(context(t(locale, "deal.choices_more", { n: total - deals.length })));
  return fitMessage(
    { text: fallback(t(locale, "deal.choices", { n: total, query: q })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

export interface DealUpdateData {
  deal: DealLineData;
  changes: { field: string; before: unknown; after: unknown }[];
  score: { vBefore: number; vAfter: number; qBefore: Quadrant; qAfter: Quadrant; pBefore: boolean; pAfter: boolean };
}

function fieldValue(locale: Locale, field: string, v: unknown): string {
  if (v === null || v === undefined) return t(locale, "common.unknown");
  if (field === "stage" && typeof v === "string") return stageText(locale, v as Stage);
  if ((field === "amount" || field === "final_amount") && typeof v === "number") return formatMoney(locale, v);
  if ((field === "expected_close_date" || field === "closed_date") && typeof v === "string")
    return formatDate(locale, v);
  if (field === "close_reason" && typeof v === "string" && (CLOSE_REASONS as readonly string[]).includes(v))
    return name(locale, "closeReason", v as (typeof CLOSE_REASONS)[number]);
  return escapeMrkdwn(String(v));
}

/** The label of each field a deal update changes (also the deal rows of an account's history). */
export const DEAL_FIELD_LABELS = {
  stage: "deal.field.stage",
  amount: "deal.field.amount",
  expected_close_date: "deal.field.expected_close_date",
  closed_date: "deal.field.closed_date",
  close_reason: "deal.field.close_reason",
  final_amount: "deal.field.final_amount",
} as const;

export const dealFieldLabel = (locale: Locale, field: string): string =>
  field in DEAL_FIELD_LABELS ? t(locale, DEAL_FIELD_LABELS[field as keyof typeof DEAL_FIELD_LABELS]) : field;

export function dealUpdatedMessage(locale: Locale, u: DealUpdateData): SlackMessage {
  const account = safeName(u.deal.accountName, 80);
  const dealName = safeName(u.deal.name, 80);
  if (u.changes.length === 0)
    return fitMessage(
      {
        text: fallback(t(locale, "deal.nochange", { account, name: dealName })),
        blocks: [section(t(locale, "deal.nochange", { account, name: dealName }))],
      },
      { more: (n) => t(locale, "common.omitted_sections", { n }) },
    );
  const changes = u.changes
    .map((c) =>
      t(locale, "deal.change", {
        field: dealFieldLabel(locale, c.field),
        before: fieldValue(locale, c.field, c.before),
        after: fieldValue(locale, c.field, c.after),
      }),
    )
    .join(t(locale, "reply.list_separator"));
  const head = t(locale, "deal.updated", { account, name: dealName, changes });
  const score = t(locale, "deal.score", {
    vb: formatScore(u.score.vBefore),
    va: formatScore(u.score.vAfter),
    qb: quadrantLabel(locale, u.score.qBefore, u.score.pBefore),
    qa: quadrantLabel(locale, u.score.qAfter, u.score.pAfter),
  });
  return fitMessage(
    { text: fallback(head), blocks: [section(head), context(score), dealLineSection(locale, u.deal)] },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

// ---- forms -------------------------------------------------------------------------------------------

/** The deal and the channel the menu was used in, carried through the form. */
export interface DealFormMeta {
  dealId: string;
  channelId?: string;
}

export function parseDealFormMeta(text: string | undefined): DealFormMeta | null {
  try {
    const v = JSON.parse(text ?? "") as { dealId?: unknown; channelId?: unknown };
    if (typeof v.dealId !== "string" || !v.dealId) return null;
    return { dealId: v.dealId, ...(typeof v.channelId === "string" ? { channelId: v.channelId } : {}) };
  } catch {
    return null;
  }
}

function formModal(
  locale: Locale,
  callbackId: string,
  title: string,
  submit: string,
  meta: DealFormMeta,
  blocks: KnownBlock[],
): ModalView {
  return fitModal(
    {
      type: "modal",
      callback_id: callbackId,
      title: plain(title, SLACK_LIMITS.modalTitle),
      submit: plain(submit, SLACK_LIMITS.modalButton),
      close: plain(t(locale, "modal.cancel"), SLACK_LIMITS.modalButton),
      private_metadata: JSON.stringify(meta),
      blocks,
    },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

export function dealLostModal(locale: Locale, d: DealLineData, meta: DealFormMeta): ModalView {
  return formModal(locale, CALLBACK_IDS.dealLost, t(locale, "deal.lost.title"), t(locale, "deal.lost.submit"), meta, [
    section(t(locale, "deal.lost.intro", { name: safeName(d.name, 80), account: safeName(d.accountName, 80) })),
    {
      type: "input",
      block_id: "reason",
      label: plain(t(locale, "deal.lost.reason"), SLACK_LIMITS.inputLabel),
      element: {
        type: "static_select",
        action_id: INPUT_ACTION_ID,
        placeholder: plain(t(locale, "modal.select_placeholder"), SLACK_LIMITS.placeholder),
        options: CLOSE_REASONS.map((r) => option(name(locale, "closeReason", r), r)),
      },
    },
  ]);
}

export function dealCloseDateModal(locale: Locale, d: DealLineData, meta: DealFormMeta): ModalView {
  return formModal(
    locale,
    CALLBACK_IDS.dealCloseDate,
    t(locale, "deal.close.title"),
    t(locale, "deal.close.submit"),
    meta,
    [
      section(
        t(locale, "deal.close.intro", {
          name: safeName(d.name, 80),
          account: safeName(d.accountName, 80),
          date: d.expectedCloseDate ? formatDate(locale, d.expectedCloseDate) : t(locale, "deal.no_date"),
        }),
      ),
      {
        type: "input",
        block_id: "close",
        label: plain(t(locale, "deal.close.date"), SLACK_LIMITS.inputLabel),
        element: {
          type: "datepicker",
          action_id: INPUT_ACTION_ID,
          placeholder: plain(t(locale, "modal.date_placeholder"), SLACK_LIMITS.placeholder),
          ...(d.expectedCloseDate ? { initial_date: d.expectedCloseDate } : {}),
        },
      },
    ],
  );
}
