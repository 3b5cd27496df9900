// `/kvalue history <account>`: the account's changes, newest first, each with who, when, from where, what changed
// and V before → after; an Undo button on the ones the viewer may undo. And the answer to an Undo.
import type { KnownBlock } from "@slack/types";
import {
  CLOSE_REASONS,
  createdFacts,
  STAGES,
  type CloseReason,
  type Quadrant,
  type Stage,
  type TrailScore,
} from "../../../core/index.js";
import { quadrantLabel } from "../../../i18n/explain.js";
import { formatDate, formatScore, formatMoney, hasName, name, t, type Locale } from "../../../i18n/index.js";
import type { MessageKey } from "../../../i18n/messages/zh-CN.js";
import { button, context, fallback, header, mention, section } from "../../../ui/blocks.js";
import { ACTION_IDS } from "../../../ui/ids.js";
import { escapeMrkdwn, fitMessage, oneLine, truncate } from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";
import type { AccountHistory, HistoryChange, UndoState } from "../history.js";
import { DEAL_FIELD_LABELS } from "../../deals/ui/deal.js";
import { CONTACT_LABELS, factLabel, factValueText } from "./facts.js";
import { termLabel } from "../../import-export/labels.js";
import { VISIT_CADENCES, type VisitCadence } from "../../import-export/records.js";

export type HistoryData = AccountHistory & { locale: Locale };

/** Changes listed per entry; the rest are counted (an import can set twenty fields at once). */
const MAX_CHANGES = 6;

const TIME = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
/** An instant as Asia/Shanghai wall time, 2026-12-03 14:05 (the business clock of METHOD §2.1). */
export function whenText(at: Date): string {
  const p = Object.fromEntries(TIME.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const SOURCES = ["slash", "modal", "assistant", "import", "console", "cli", "demo", "system", "undo"] as const;
const sourceText = (locale: Locale, source: string): string =>
  (SOURCES as readonly string[]).includes(source)
    ? t(locale, `history.source.${source as (typeof SOURCES)[number]}`)
    : escapeMrkdwn(source);

const DEAL_LABELS: Record<string, MessageKey> = {
  ...DEAL_FIELD_LABELS,
  name: "opportunity.name",
  source: "opportunity.source",
  project_type: "opportunity.project_type",
  procurement_method: "opportunity.procurement_method",
};
// The vocabulary naming the codes of a part's enum field.
const PART_VOCABULARY = {
  role: "role",
  influence: "influence",
  relationship_layer: "relationshipLayer",
  response_mode: "responseMode",
  source: "source",
  project_type: "projectType",
  procurement_method: "procurementMethod",
  category: "needCategory",
} as const;

function partLabel(locale: Locale, entity: string, field: string): string {
  const key = (entity === "contact" ? CONTACT_LABELS : entity === "opportunity" ? DEAL_LABELS : {})[field];
  return key ? t(locale, key).replace(/\s*[（(][^（()）]*[)）]$/u, "") : escapeMrkdwn(field);
}

function partValue(locale: Locale, field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return t(locale, "common.unknown");
  if (field === "stage" && STAGES.includes(v as Stage)) return `${v} ${name(locale, "stage", v as Stage)}`;
  if ((field === "amount" || field === "final_amount") && typeof v === "number") return formatMoney(locale, v);
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(locale, v);
  if (field === "close_reason" && CLOSE_REASONS.includes(v as CloseReason))
    return name(locale, "closeReason", v as CloseReason);
  if ((field === "attitude" || field === "relationship_strength") && typeof v === "number") {
    const kind = field === "attitude" ? "attitude" : "relationshipStrength";
    if (hasName(locale, kind, String(v))) return name(locale, kind, String(v) as never);
  }
  if (typeof v === "boolean") return name(locale, "boolean", v ? "true" : "false");
  const kind = PART_VOCABULARY[field as keyof typeof PART_VOCABULARY];
  if (kind && typeof v === "string" && hasName(locale, kind, v)) return name(locale, kind, v as never);
  return escapeMrkdwn(truncate(oneLine(String(v)), 80));
}

/** An account's own columns besides its facts, which an import (or the 管理表 imported back) changes. */
const ACCOUNT_COLUMN_LABELS: Readonly<Record<string, MessageKey>> = {
  name: "history.field.name",
  crm_id: "history.field.crm_id",
  owner: "history.field.owner",
  owner_ar: "history.field.owner_ar",
  owner_sr: "history.field.owner_sr",
  owner_fr: "history.field.owner_fr",
  executive_sponsor: "history.field.executive_sponsor",
  visit_cadence: "history.field.visit_cadence",
  revenue_target: "history.field.revenue_target",
  last_review_date: "history.field.last_review_date",
};

/** An account field's label: a fact's, or a 管理表 column's. */
export function accountLabel(locale: Locale, field: string): string {
  const key = ACCOUNT_COLUMN_LABELS[field];
  return key ? t(locale, key) : factLabel(locale, field);
}

/** An account field's value as the history and `set`'s reply show it. */
export function accountValue(locale: Locale, field: string, v: unknown): string {
  if (v === null || v === undefined || !(field in ACCOUNT_COLUMN_LABELS)) return factValueText(locale, field, v);
  if (field === "revenue_target" && typeof v === "number") return formatMoney(locale, v);
  if (field === "visit_cadence" && VISIT_CADENCES.includes(v as VisitCadence))
    return termLabel("visit_cadence", v as VisitCadence, locale);
  return escapeMrkdwn(truncate(oneLine(String(v)), 80));
}

function changeText(locale: Locale, c: HistoryChange): string {
  const label = c.entity === "account" ? accountLabel(locale, c.field) : partLabel(locale, c.entity, c.field);
  const value = (v: unknown) =>
    c.entity === "account" ? accountValue(locale, c.field, v) : partValue(locale, c.field, v);
  return t(locale, "history.change", { field: label, before: value(c.before), after: value(c.after) });
}

const ENTITIES = ["contact", "opportunity", "need"] as const;
const entityText = (locale: Locale, entity: string, entityName: string | null): string => {
  const kind = ENTITIES.find((e) => e === entity);
  const label = kind ? t(locale, `history.entity.${kind}`) : escapeMrkdwn(entity);
  return entityName ? `${label} ${escapeMrkdwn(truncate(oneLine(entityName), 60))}` : label;
};

/** What an act changed, one line per entity: created ones by name, changed fields as before → after. */
export function changesText(locale: Locale, changes: readonly HistoryChange[]): string {
  const groups = new Map<string, HistoryChange[]>();
  for (const c of changes) {
    const key = `${c.entity}\u0000${c.entityId}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const lines: string[] = [];
  let shown = 0;
  let left = 0;
  for (const group of groups.values()) {
    const head = group[0] as HistoryChange;
    const created = group.find((c) => c.field === "*");
    const fields = group.filter((c) => c.field !== "*");
    if (head.entity === "account" && created) {
      lines.push(t(locale, "history.created_account", { n: fields.length + createdFacts(created.after).length }));
      continue;
    }
    const room = Math.max(0, MAX_CHANGES - shown);
    const listed = created ? [] : fields.slice(0, room);
    left += created ? 0 : fields.length - listed.length;
    shown += listed.length;
    const what = created
      ? t(locale, "history.created_part", { what: entityText(locale, head.entity, head.entityName) })
      : listed.map((c) => changeText(locale, c)).join(t(locale, "reply.list_separator"));
    if (!what) continue;
    lines.push(
      head.entity === "account" || created ? what : `${entityText(locale, head.entity, head.entityName)}: ${what}`,
    );
  }
  if (left > 0) lines.push(t(locale, "history.more_fields", { n: left }));
  return lines.join("\n");
}

const quadrantText = (locale: Locale, s: TrailScore) => quadrantLabel(locale, s.quadrant as Quadrant, s.provisional);

export function scoreText(locale: Locale, s: { before: TrailScore | null; after: TrailScore | null }): string {
  if (!s.after) return "";
  if (!s.before) return t(locale, "history.score_new", { v: formatScore(s.after.v), q: quadrantText(locale, s.after) });
  return t(locale, "history.score", {
    vb: formatScore(s.before.v),
    va: formatScore(s.after.v),
    qb: quadrantText(locale, s.before),
    qa: quadrantText(locale, s.after),
  });
}

export function historyMessage(data: HistoryData): SlackMessage {
  const { locale } = data;
  const accountName = escapeMrkdwn(truncate(oneLine(data.account.name), 120));
  const blocks: KnownBlock[] = [
    header(t(locale, "history.header", { name: truncate(oneLine(data.account.name), 100) })),
  ];
  if (data.entries.length === 0) blocks.push(section(t(locale, "history.empty")));
  for (const e of data.entries) {
    // Newest first: a re-scoring after this act stands above it.
    for (const r of [...e.rescored].reverse())
      blocks.push(
        context(
          t(locale, "history.rescored", {
            when: whenText(r.at),
            version: escapeMrkdwn(r.modelVersion),
            v: formatScore(r.score.v),
            q: quadrantText(locale, r.score),
          }),
        ),
      );
    const who = mention(e.actorUserId) || escapeMrkdwn(e.actorUserId);
    const state =
      e.undo === "allowed"
        ? ""
        : e.undo === "is_undo"
          ? e.undoes
            ? t(locale, "history.state.is_undo_of", { when: whenText(e.undoes) })
            : ""
          : t(locale, `history.state.${e.undo}`);
    const lines = [
      `*${whenText(e.at)}* · ${who} · ${sourceText(locale, e.source)}${state ? ` · _${state}_` : ""}`,
      changesText(locale, e.changes),
      scoreText(locale, e.score),
    ].filter(Boolean);
    const block = section(truncate(lines.join("\n"), 3000));
    if (e.undo === "allowed") block.accessory = button(t(locale, "history.undo"), ACTION_IDS.undoChange, e.id);
    blocks.push(block);
  }
  blocks.push(context(t(locale, data.more ? "history.footer_more" : "history.footer", { days: 7 })));
  return fitMessage(
    { text: fallback(t(locale, "history.fallback", { name: accountName, n: data.entries.length })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }), keepTail: 1 },
  );
}

export type UndoAnswer =
  | {
      kind: "done";
      accountName: string;
      changes: readonly HistoryChange[];
      scoreBefore: TrailScore;
      scoreAfter: TrailScore;
    }
  | {
      kind: "refused";
      reason: Exclude<UndoState, "allowed"> | "conflict";
      accountName: string;
      at: Date | null;
    };

export function undoMessage(locale: Locale, u: UndoAnswer): SlackMessage {
  const accountName = escapeMrkdwn(truncate(oneLine(u.accountName), 120));
  if (u.kind === "refused") {
    const when = u.at ? whenText(u.at) : "";
    const text =
      u.reason === "conflict"
        ? t(locale, "undo.refused.conflict", { name: accountName, when })
        : u.reason === "expired"
          ? t(locale, "undo.refused.expired", { when, days: 7 })
          : u.reason === "undone"
            ? t(locale, "undo.refused.undone", { when })
            : t(locale, `undo.refused.${u.reason}`);
    return { text: fallback(text), blocks: [section(text)] };
  }
  const head = t(locale, "undo.done", { name: accountName });
  const score = scoreText(locale, { before: u.scoreBefore, after: u.scoreAfter });
  return fitMessage(
    { text: fallback(head), blocks: [section(`${head}\n${changesText(locale, u.changes)}`), context(score)] },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}
