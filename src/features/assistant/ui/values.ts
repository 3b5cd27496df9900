// Proposed values in words: the same labels and value names as the card and the modals, so "态度 支持 → 强力支持"
// reads like the rest of kvalue. Free text (names, descriptions, quotes) is escaped with the assistant's safeText.
import { CONTACT_LABELS, factLabel, factValueText } from "../../accounts/ui/facts.js";
import { formatDate, formatMoney, name, t, type Locale } from "../../../i18n/index.js";
import type { MessageKey } from "../../../i18n/index.js";
import { oneLine, truncate } from "../../../ui/limits.js";
import { safeText } from "../safety/escape.js";

/** One line of user or model text, escaped and bounded. */
export const shown = (s: string, max = 80): string => safeText(truncate(oneLine(s), max));

/** "预计合同金额（元）" → "预计合同金额": values carry their units. */
const label = (text: string): string => text.replace(/\s*[（(][^（()）]*[)）]$/u, "");

const OPPORTUNITY_LABELS: Readonly<Record<string, MessageKey>> = {
  name: "opportunity.name",
  stage: "opportunity.stage",
  amount: "opportunity.amount",
  expected_close_date: "assistant.field.close_date",
  source: "opportunity.source",
  project_type: "opportunity.project_type",
  procurement_method: "opportunity.procurement_method",
};
const NEED_LABELS: Readonly<Record<string, MessageKey>> = {
  category: "assistant.field.category",
  severity: "assistant.field.severity",
  urgency: "assistant.field.urgency",
  our_fit: "assistant.field.our_fit",
  confirmed: "assistant.field.confirmed",
};

export type Entity = "account" | "contact" | "opportunity" | "need";

export function fieldLabel(locale: Locale, entity: Entity, field: string): string {
  if (entity === "account") return factLabel(locale, field);
  const key = (entity === "contact" ? CONTACT_LABELS : entity === "opportunity" ? OPPORTUNITY_LABELS : NEED_LABELS)[
    field
  ];
  return key ? label(t(locale, key)) : shown(field, 40);
}

export function valueText(locale: Locale, entity: Entity, field: string, value: unknown): string {
  if (value === null || value === undefined) return t(locale, "common.unknown");
  if (entity === "account") return factValueText(locale, field, value);
  const v = String(value);
  switch (`${entity}.${field}`) {
    case "contact.role":
      return name(locale, "role", v as never);
    case "contact.influence":
      return name(locale, "influence", v as never);
    case "contact.attitude":
      return `${Number(value) > 0 ? "+" : ""}${v} ${name(locale, "attitude", v as never)}`;
    case "contact.relationship_strength":
      return `${v} ${name(locale, "relationshipStrength", v as never)}`;
    case "contact.relationship_layer":
      return name(locale, "relationshipLayer", v as never);
    case "contact.response_mode":
      return name(locale, "responseMode", v as never);
    case "contact.last_contact_date":
    case "opportunity.expected_close_date":
      return formatDate(locale, v);
    case "opportunity.stage":
      return `${v} ${name(locale, "stage", v as never)}`;
    case "opportunity.amount":
      return typeof value === "number" ? formatMoney(locale, value) : shown(v);
    case "opportunity.source":
      return name(locale, "source", v as never);
    case "opportunity.project_type":
      return name(locale, "projectType", v as never);
    case "opportunity.procurement_method":
      return name(locale, "procurementMethod", v as never);
    case "need.category":
      return name(locale, "needCategory", v as never);
    case "need.severity":
    case "need.urgency":
      return `${v}/5`;
    case "need.our_fit":
      return `${v}/3`;
    case "need.confirmed":
      return name(locale, "boolean", value ? "true" : "false");
    default:
      return shown(v);
  }
}
