// Modals: update facts, add/edit contact, add/edit opportunity, log a note. Every input's block_id is the
// field name and its action_id is INPUT_ACTION_ID, so the parsers (submissions.ts) and the error map that
// goes back through ack({ response_action: "errors" }) use the same keys.
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import {
  ADMIN_LEVELS,
  BUDGET_STATUSES,
  CUSTOMER_TYPES,
  DEVELOPMENT_TRENDS,
  INCUMBENTS,
  INDUSTRIES,
  INDUSTRY_OUTLOOKS,
  INFLUENCES,
  MARKET_POSITIONS,
  PROCUREMENT_METHODS,
  PROJECT_TYPES,
  REFERENCE_VALUES,
  RELATIONSHIP_LAYERS,
  RESPONSE_MODES,
  ROLES,
  SOURCES,
  STAGES,
} from "../../../core/enums.js";
import type { AccountFactField } from "../../../core/facts.js";
import { MAX_RELATIONSHIP_YEARS } from "../../../core/weights.js";
import { name, t, type MessageKey } from "../../../i18n/catalog.js";
import type { Locale } from "../../../i18n/locale.js";
import { displayFixed } from "../../../i18n/decimal.js";
import { formatMoneyExact } from "../../../i18n/money.js";
import { ATTITUDES, RELATIONSHIP_STRENGTHS, type Vocabulary, type VocabularyKind } from "../../../i18n/vocabulary.js";
import { context, header, section } from "../../../ui/blocks.js";
import { factLabel } from "./facts.js";
import { CALLBACK_IDS, INPUT_ACTION_ID, UNKNOWN_OPTION } from "../../../ui/ids.js";
import { SLACK_LIMITS, fitModal, oneLine, option, plain, safeName, truncate } from "../../../ui/limits.js";
import type {
  ContactModalData,
  FactsModalData,
  ModalMetadata,
  NoteModalData,
  OpportunityModalData,
} from "../../../ui/types.js";

/** Longest note a modal accepts (Slack's plain_text_input maximum). */
export const NOTE_MAX_LENGTH = SLACK_LIMITS.plainTextInputMaxLength;
const NAME_MAX_LENGTH = 200;

// ---- inputs ----------------------------------------------------------------------------------------

interface SelectSpec {
  blockId: string;
  label: string;
  options: PlainTextOption[];
  initial?: string | null;
  optional: boolean;
  hint?: string;
  placeholder: string;
}

function selectInput(s: SelectSpec): InputBlock {
  const options = s.options.slice(0, SLACK_LIMITS.staticSelectOptions);
  const initial = s.initial == null ? undefined : options.find((o) => o.value === s.initial);
  return {
    type: "input",
    block_id: s.blockId,
    optional: s.optional,
    label: plain(s.label, SLACK_LIMITS.inputLabel),
    ...(s.hint ? { hint: plain(s.hint, SLACK_LIMITS.inputHint) } : {}),
    element: {
      type: "static_select",
      action_id: INPUT_ACTION_ID,
      placeholder: plain(s.placeholder, SLACK_LIMITS.placeholder),
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

/** Options for a vocabulary's codes, optionally led by the explicit "unknown" option. */
function enumOptions<K extends VocabularyKind>(
  locale: Locale,
  kind: K,
  codes: readonly (keyof Vocabulary[K] & string)[],
  withUnknown: boolean,
  label: (code: keyof Vocabulary[K] & string) => string = (c) => name(locale, kind, c),
): PlainTextOption[] {
  const opts = codes.map((c) => option(label(c), c));
  return withUnknown ? [option(t(locale, "common.unknown_option"), UNKNOWN_OPTION), ...opts] : opts;
}

/** An optional enum fact: the current value, or "unknown" selected so that leaving it stays unknown. */
function factSelect<K extends VocabularyKind>(
  locale: Locale,
  blockId: string,
  label: string,
  kind: K,
  codes: readonly (keyof Vocabulary[K] & string)[],
  current: string | null | undefined,
): InputBlock {
  return selectInput({
    blockId,
    label,
    optional: true,
    placeholder: t(locale, "modal.select_placeholder"),
    options: enumOptions(locale, kind, codes, true),
    initial: current ?? UNKNOWN_OPTION,
  });
}

function boolSelect(locale: Locale, blockId: string, label: string, current: boolean | null | undefined): InputBlock {
  return selectInput({
    blockId,
    label,
    optional: true,
    placeholder: t(locale, "modal.select_placeholder"),
    options: enumOptions(locale, "boolean", ["true", "false"], true),
    initial: current == null ? UNKNOWN_OPTION : String(current),
  });
}

function textInput(
  blockId: string,
  label: string,
  current: string | null | undefined,
  o: { optional: boolean; maxLength: number; multiline?: boolean; placeholder?: string; hint?: string },
): InputBlock {
  return {
    type: "input",
    block_id: blockId,
    optional: o.optional,
    label: plain(label, SLACK_LIMITS.inputLabel),
    ...(o.hint ? { hint: plain(o.hint, SLACK_LIMITS.inputHint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: INPUT_ACTION_ID,
      max_length: o.maxLength,
      ...(o.multiline ? { multiline: true } : {}),
      ...(o.placeholder ? { placeholder: plain(o.placeholder, SLACK_LIMITS.placeholder) } : {}),
      ...(current ? { initial_value: truncate(current, o.maxLength) } : {}),
    },
  };
}

/**
 * Money is a text input, not number_input, so that "300万" and "1.25亿" can be typed; the current value is shown in
 * the card's unit (300万, not 3,000,000) and exactly, so that keeping it changes nothing.
 */
function moneyInput(
  locale: Locale,
  blockId: string,
  label: string,
  current: number | null | undefined,
  optional: boolean,
): InputBlock {
  return textInput(blockId, label, current == null ? null : formatMoneyExact(locale, current), {
    optional,
    maxLength: 40,
    placeholder: t(locale, "modal.money_placeholder"),
    hint: t(locale, "modal.money_hint"),
  });
}

function numberInput(
  locale: Locale,
  blockId: string,
  label: string,
  current: number | null | undefined,
  o: { decimal: boolean; min: string; max?: string },
): InputBlock {
  return {
    type: "input",
    block_id: blockId,
    optional: true,
    label: plain(label, SLACK_LIMITS.inputLabel),
    element: {
      type: "number_input",
      action_id: INPUT_ACTION_ID,
      is_decimal_allowed: o.decimal,
      min_value: o.min,
      ...(o.max ? { max_value: o.max } : {}),
      placeholder: plain(t(locale, "modal.unknown_placeholder"), SLACK_LIMITS.placeholder),
      ...(numberInitial(current, o) ?? {}),
    },
  };
}

/**
 * number_input's initial_value must be a plain decimal (no "1e-7") inside [min, max]; a stored value that is
 * not is left out rather than shown wrong (the parser rejects it anyway).
 */
function numberInitial(
  current: number | null | undefined,
  o: { decimal: boolean; min: string; max?: string },
): { initial_value: string } | null {
  if (current == null || !Number.isFinite(current)) return null;
  if (current < Number(o.min) || (o.max !== undefined && current > Number(o.max))) return null;
  if (!o.decimal && !Number.isInteger(current)) return null;
  const text = displayFixed(current, o.decimal ? 6 : 0, { trimZeros: true });
  return Number(text) === 0 && current !== 0 ? null : { initial_value: text };
}

function dateInput(
  locale: Locale,
  blockId: string,
  label: string,
  current: string | null | undefined,
  optional: boolean,
): InputBlock {
  return {
    type: "input",
    block_id: blockId,
    optional,
    label: plain(label, SLACK_LIMITS.inputLabel),
    element: {
      type: "datepicker",
      action_id: INPUT_ACTION_ID,
      placeholder: plain(t(locale, "modal.date_placeholder"), SLACK_LIMITS.placeholder),
      ...(current && /^\d{4}-\d{2}-\d{2}$/.test(current) ? { initial_date: current } : {}),
    },
  };
}

type TitleKey = Extract<MessageKey, `modal.${string}.title${string}`>;

function modal(
  locale: Locale,
  callbackId: string,
  titleKey: TitleKey,
  meta: ModalMetadata,
  blocks: KnownBlock[],
): ModalView {
  return fitModal(
    {
      type: "modal",
      callback_id: callbackId,
      title: plain(t(locale, titleKey), SLACK_LIMITS.modalTitle),
      submit: plain(t(locale, "modal.submit"), SLACK_LIMITS.modalButton),
      close: plain(t(locale, "modal.cancel"), SLACK_LIMITS.modalButton),
      private_metadata: JSON.stringify(meta),
      blocks,
    },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

const accountLine = (locale: Locale, accountName: string) =>
  section(t(locale, "modal.account", { name: safeName(accountName, 200) }));

// ---- update facts ----------------------------------------------------------------------------------

/** The update-facts modal: every scalar fact of METHOD §2.2, grouped as the sub-scores use them. */
export function factsModal(data: FactsModalData): ModalView {
  const { locale, facts: f } = data;
  const label = (field: AccountFactField) => name(locale, "field", field);
  // Money is shown with its unit (680万) and read in any form, so its label names no unit.
  const blocks: KnownBlock[] = [
    accountLine(locale, data.accountName),
    context(t(locale, "modal.facts.intro")),
    header(t(locale, "modal.section.basic")),
    factSelect(locale, "customer_type", label("customer_type"), "customerType", CUSTOMER_TYPES, f.customer_type),
    factSelect(locale, "admin_level", label("admin_level"), "adminLevel", ADMIN_LEVELS, f.admin_level),
    factSelect(locale, "industry", label("industry"), "industry", INDUSTRIES, f.industry),
    textInput("region_code", label("region_code"), f.region_code, {
      optional: true,
      maxLength: 20,
      placeholder: "110000",
    }),
    textInput("uscc", label("uscc"), f.uscc, { optional: true, maxLength: 40 }),
    header(t(locale, "modal.section.cv")),
    boolSelect(locale, "is_existing_customer", label("is_existing_customer"), f.is_existing_customer),
    moneyInput(locale, "revenue_ttm", factLabel(locale, "revenue_ttm"), f.revenue_ttm, true),
    numberInput(locale, "gross_margin_pct", label("gross_margin_pct"), f.gross_margin_pct, {
      decimal: true,
      min: "0",
      max: "100",
    }),
    numberInput(locale, "relationship_years", label("relationship_years"), f.relationship_years, {
      decimal: false,
      min: "0",
      max: String(MAX_RELATIONSHIP_YEARS),
    }),
    header(t(locale, "modal.section.pt")),
    moneyInput(locale, "wallet_annual", factLabel(locale, "wallet_annual"), f.wallet_annual, true),
    factSelect(
      locale,
      "industry_outlook",
      label("industry_outlook"),
      "industryOutlook",
      INDUSTRY_OUTLOOKS,
      f.industry_outlook,
    ),
    factSelect(
      locale,
      "market_position",
      label("market_position"),
      "marketPosition",
      MARKET_POSITIONS,
      f.market_position,
    ),
    factSelect(
      locale,
      "development_trend",
      label("development_trend"),
      "developmentTrend",
      DEVELOPMENT_TRENDS,
      f.development_trend,
    ),
    header(t(locale, "modal.section.sf")),
    factSelect(locale, "budget_status", label("budget_status"), "budgetStatus", BUDGET_STATUSES, f.budget_status),
    boolSelect(locale, "segment_match", label("segment_match"), f.segment_match),
    factSelect(
      locale,
      "reference_value",
      label("reference_value"),
      "referenceValue",
      REFERENCE_VALUES,
      f.reference_value,
    ),
    header(t(locale, "modal.section.other")),
    // `incumbent` has its own "unknown" code ("asked, nobody knows"); the sentinel still means "not recorded",
    // so submitting an untouched form never turns a missing fact into a recorded one.
    factSelect(locale, "incumbent", label("incumbent"), "incumbent", INCUMBENTS, f.incumbent),
    numberInput(locale, "retention_rate", label("retention_rate"), f.retention_rate, {
      decimal: true,
      min: "0",
      max: "1",
    }),
    numberInput(locale, "discount_rate", label("discount_rate"), f.discount_rate, {
      decimal: true,
      min: "0",
      max: "1",
    }),
  ];
  return modal(locale, CALLBACK_IDS.facts, "modal.facts.title", { accountId: data.accountId }, blocks);
}

// ---- contact ---------------------------------------------------------------------------------------

const signed = (code: string): string =>
  code.startsWith("-") ? code.replace("-", "−") : code === "0" ? "0" : `+${code}`;

export function contactModal(data: ContactModalData): ModalView {
  const { locale } = data;
  const c = data.contact ?? {};
  const editing = Boolean(data.contactId);
  const placeholder = t(locale, "modal.select_placeholder");
  const blocks: KnownBlock[] = [
    accountLine(locale, data.accountName),
    textInput("name", t(locale, "contact.name"), c.name, { optional: false, maxLength: NAME_MAX_LENGTH }),
    textInput("title", t(locale, "contact.title"), c.title, { optional: true, maxLength: NAME_MAX_LENGTH }),
    textInput("org_unit", t(locale, "contact.org_unit"), c.org_unit, {
      optional: true,
      maxLength: NAME_MAX_LENGTH,
      hint: t(locale, "contact.org_unit_hint"),
    }),
    selectInput({
      blockId: "role",
      label: t(locale, "contact.role"),
      optional: false,
      placeholder,
      options: enumOptions(locale, "role", ROLES, false),
      initial: c.role ?? null,
    }),
    selectInput({
      blockId: "influence",
      label: t(locale, "contact.influence"),
      optional: false,
      placeholder,
      options: enumOptions(locale, "influence", INFLUENCES, false),
      initial: c.influence ?? null,
    }),
    selectInput({
      blockId: "attitude",
      label: t(locale, "contact.attitude"),
      optional: true,
      placeholder,
      options: enumOptions(
        locale,
        "attitude",
        ATTITUDES,
        true,
        (code) => `${signed(code)} ${name(locale, "attitude", code)}`,
      ),
      initial: c.attitude == null ? UNKNOWN_OPTION : String(c.attitude),
    }),
    selectInput({
      blockId: "relationship_strength",
      label: t(locale, "contact.relationship_strength"),
      optional: true,
      placeholder,
      options: enumOptions(
        locale,
        "relationshipStrength",
        RELATIONSHIP_STRENGTHS,
        true,
        (code) => `${code} ${name(locale, "relationshipStrength", code)}`,
      ),
      initial: c.relationship_strength == null ? UNKNOWN_OPTION : String(c.relationship_strength),
    }),
    factSelect(
      locale,
      "relationship_layer",
      t(locale, "contact.relationship_layer"),
      "relationshipLayer",
      RELATIONSHIP_LAYERS,
      c.relationship_layer,
    ),
    // response_mode has its own "unknown" code ("can't tell"); "not recorded" stays separate, as for incumbent.
    factSelect(
      locale,
      "response_mode",
      t(locale, "contact.response_mode"),
      "responseMode",
      RESPONSE_MODES,
      c.response_mode,
    ),
    dateInput(locale, "last_contact_date", t(locale, "contact.last_contact_date"), c.last_contact_date, true),
    context(t(locale, "contact.compliance_hint")),
  ];
  const meta: ModalMetadata = { accountId: data.accountId, ...(data.contactId ? { contactId: data.contactId } : {}) };
  return modal(
    locale,
    CALLBACK_IDS.contact,
    editing ? "modal.contact.title_edit" : "modal.contact.title_add",
    meta,
    blocks,
  );
}

// ---- opportunity -----------------------------------------------------------------------------------

export function opportunityModal(data: OpportunityModalData): ModalView {
  const { locale } = data;
  const o = data.opportunity ?? {};
  const editing = Boolean(data.opportunityId);
  const placeholder = t(locale, "modal.select_placeholder");
  const blocks: KnownBlock[] = [
    accountLine(locale, data.accountName),
    textInput("name", t(locale, "opportunity.name"), o.name, { optional: false, maxLength: NAME_MAX_LENGTH }),
    selectInput({
      blockId: "stage",
      label: t(locale, "opportunity.stage"),
      optional: false,
      placeholder,
      options: enumOptions(locale, "stage", STAGES, false, (s) => `${s} ${name(locale, "stage", s)}`),
      initial: o.stage ?? "S0",
    }),
    moneyInput(locale, "amount", t(locale, "opportunity.amount"), o.amount, false),
    dateInput(
      locale,
      "expected_close_date",
      t(locale, "opportunity.expected_close_date"),
      o.expected_close_date,
      false,
    ),
    selectInput({
      blockId: "source",
      label: t(locale, "opportunity.source"),
      optional: false,
      placeholder,
      options: enumOptions(locale, "source", SOURCES, false),
      initial: o.source ?? "unknown",
    }),
    factSelect(
      locale,
      "project_type",
      t(locale, "opportunity.project_type"),
      "projectType",
      PROJECT_TYPES,
      o.project_type,
    ),
    selectInput({
      blockId: "procurement_method",
      label: t(locale, "opportunity.procurement_method"),
      optional: false,
      placeholder,
      options: enumOptions(locale, "procurementMethod", PROCUREMENT_METHODS, false),
      initial: o.procurement_method ?? "unknown",
    }),
  ];
  const meta: ModalMetadata = {
    accountId: data.accountId,
    ...(data.opportunityId ? { opportunityId: data.opportunityId } : {}),
  };
  return modal(
    locale,
    CALLBACK_IDS.opportunity,
    editing ? "modal.opportunity.title_edit" : "modal.opportunity.title_add",
    meta,
    blocks,
  );
}

// ---- note ------------------------------------------------------------------------------------------

export function noteModal(data: NoteModalData): ModalView {
  const { locale } = data;
  const blocks: KnownBlock[] = [
    accountLine(locale, data.accountName),
    textInput("note", t(locale, "note.label"), data.initialText ?? null, {
      optional: false,
      multiline: true,
      maxLength: NOTE_MAX_LENGTH,
      placeholder: t(locale, "note.placeholder"),
      hint: t(locale, "note.hint", { max: NOTE_MAX_LENGTH }),
    }),
  ];
  return modal(locale, CALLBACK_IDS.note, "modal.note.title", { accountId: data.accountId }, blocks);
}

/** The account name for a modal title line, one line (exported for listeners that echo it). */
export const modalAccountName = (s: string): string => truncate(oneLine(s), NAME_MAX_LENGTH);
