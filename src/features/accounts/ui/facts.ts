// Account facts as a rep reads and writes them: the field's name and its value in the user's language.
import type { AccountFactField } from "../../../core/facts.js";
import {
  formatMoney,
  hasName,
  name,
  t,
  type Locale,
  type MessageKey,
  type VocabularyKind,
} from "../../../i18n/index.js";
import { esc } from "../../../ui/text.js";

// The vocabulary that names each enum fact's codes.
export const ENUM_KIND: Partial<Record<AccountFactField, VocabularyKind>> = {
  customer_type: "customerType",
  admin_level: "adminLevel",
  industry: "industry",
  industry_outlook: "industryOutlook",
  market_position: "marketPosition",
  development_trend: "developmentTrend",
  budget_status: "budgetStatus",
  reference_value: "referenceValue",
  incumbent: "incumbent",
};

/** A fact's name as a rep reads it ("毛利率"), without the unit hint the modals add ("（%）"): values carry units. */
export function factLabel(locale: Locale, field: string): string {
  if (!hasName(locale, "field", field)) return esc(field);
  return name(locale, "field", field as AccountFactField).replace(/\s*[（(][^（()）]*[)）]$/u, "");
}

/** A fact's value as a rep writes it: 300万, 已立项, 是, 32%; "unknown" for null. */
export function factValueText(locale: Locale, field: string, value: unknown): string {
  if (value === null || value === undefined) return t(locale, "common.unknown");
  if ((field === "revenue_ttm" || field === "wallet_annual") && typeof value === "number")
    return formatMoney(locale, value);
  if (field === "gross_margin_pct" && typeof value === "number") return `${value}%`;
  if (typeof value === "boolean") return name(locale, "boolean", value ? "true" : "false");
  const kind = ENUM_KIND[field as AccountFactField];
  if (kind && typeof value === "string" && hasName(locale, kind, value)) return name(locale, kind, value as never);
  return esc(String(value));
}

/** The catalog key of each contact field's label (history, the assistant's proposals). */
export const CONTACT_LABELS: Readonly<Record<string, MessageKey>> = {
  name: "contact.name",
  title: "contact.title",
  org_unit: "contact.org_unit",
  role: "contact.role",
  influence: "contact.influence",
  attitude: "contact.attitude",
  relationship_strength: "contact.relationship_strength",
  relationship_layer: "contact.relationship_layer",
  response_mode: "contact.response_mode",
  last_contact_date: "contact.last_contact_date",
};
