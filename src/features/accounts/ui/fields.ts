// `/kvalue fields`: every fact and 管理表 column `set` can write, with the values it accepts and an example each, in
// the user's language. The list is built from the field lists and the vocabularies, so a new field or value shows
// up here.
import { ACCOUNT_FACT_FIELDS, type AccountFactField } from "../../../core/facts.js";
import { t, vocabulary, type Locale, type MessageKey } from "../../../i18n/index.js";
import { context, fallback, header, section } from "../../../ui/blocks.js";
import { fitMessage } from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";
import { MATRIX_FIELDS, type MatrixField } from "../../../core/fact-columns.js";
import { termLabel } from "../../import-export/labels.js";
import { VISIT_CADENCES } from "../../import-export/records.js";
import { ENUM_KIND, factLabel } from "./facts.js";
import { accountLabel } from "./history.js";

type Described = MessageKey & `fields.values.${string}`;

/** The allowed values of a field that is not an enum, and an example in each language. */
const FREE: Partial<Record<AccountFactField, { values: Described; zh: string; en: string }>> = {
  region_code: { values: "fields.values.region_code", zh: "330100", en: "330100" },
  uscc: { values: "fields.values.uscc", zh: "91330100MA28A0B12X", en: "91330100MA28A0B12X" },
  revenue_ttm: { values: "fields.values.money", zh: "300万", en: "3M" },
  wallet_annual: { values: "fields.values.money", zh: "1.25亿", en: "125M" },
  gross_margin_pct: { values: "fields.values.percent", zh: "32", en: "32" },
  relationship_years: { values: "fields.values.years", zh: "5", en: "5" },
  retention_rate: { values: "fields.values.rate", zh: "0.9", en: "0.9" },
  discount_rate: { values: "fields.values.rate", zh: "0.1", en: "0.1" },
};

const BOOLEAN_FACTS: readonly AccountFactField[] = ["is_existing_customer", "segment_match"];

/** A field's allowed values as the user's language names them, and one of them as the example. */
export function fieldValues(locale: Locale, field: AccountFactField): { values: string; example: string } {
  const free = FREE[field];
  if (free) return { values: t(locale, free.values), example: locale === "en" ? free.en : free.zh };
  const kind = BOOLEAN_FACTS.includes(field) ? "boolean" : ENUM_KIND[field];
  const names = kind ? Object.values(vocabulary(locale)[kind] as Record<string, string>) : [];
  // The last value of a scale is the telling example (已立项, 增长), the first of a yes/no.
  const example = kind === "boolean" ? names[0] : names[names.length - 1];
  // " | " between values: some names hold a slash or a comma themselves (部委/国家级, 问过，不清楚).
  // A value with spaces is typed in quotes (admin_level="Not applicable"), as `set` reads it.
  return { values: names.join(" | "), example: /\s/.test(example ?? "") ? `"${example}"` : (example ?? "") };
}

/** The 管理表 columns `set` writes too (METHOD §4.4): they score nothing; they are the account's plan. `values`
 *  absent: the vocabulary's names. */
const MATRIX: Record<MatrixField, { values?: Described; zh: string; en: string }> = {
  owner_ar: { values: "fields.values.person", zh: "周立", en: "Zhou Li" },
  owner_sr: { values: "fields.values.person", zh: "陈静", en: "Chen Jing" },
  owner_fr: { values: "fields.values.person", zh: "王磊", en: "Wang Lei" },
  executive_sponsor: { values: "fields.values.person", zh: "林副总", en: "VP Lin" },
  visit_cadence: { zh: "每月", en: "Monthly" },
  revenue_target: { values: "fields.values.money", zh: "500万", en: "5M" },
  last_review_date: { values: "fields.values.date", zh: "2026-12-01", en: "2026-12-01" },
};

/** A 管理表 column's allowed values and an example, as `fieldValues` gives a fact's. */
export function matrixFieldValues(locale: Locale, field: MatrixField): { values: string; example: string } {
  const m = MATRIX[field];
  const example = locale === "en" ? m.en : m.zh;
  const quoted = /\s/.test(example) ? `"${example}"` : example;
  if (m.values) return { values: t(locale, m.values), example: quoted };
  return { values: VISIT_CADENCES.map((c) => termLabel("visit_cadence", c, locale)).join(" | "), example: quoted };
}

export function fieldsMessage(locale: Locale): SlackMessage {
  const lines = ACCOUNT_FACT_FIELDS.map((field) => {
    const { values, example } = fieldValues(locale, field);
    return t(locale, "fields.line", { label: factLabel(locale, field), code: field, values, example });
  });
  const plan = MATRIX_FIELDS.map((field) => {
    const { values, example } = matrixFieldValues(locale, field);
    return t(locale, "fields.line", { label: accountLabel(locale, field), code: field, values, example });
  });
  return fitMessage(
    {
      text: fallback(t(locale, "fields.fallback")),
      blocks: [
        header(t(locale, "fields.header")),
        section(t(locale, "fields.intro")),
        // One section per field: 19 facts and 7 管理表 columns stay below a message's 50 blocks.
        ...lines.map((line) => section(line)),
        section(t(locale, "fields.matrix")),
        ...plan.map((line) => section(line)),
        context(t(locale, "fields.unknown")),
      ],
    },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}
