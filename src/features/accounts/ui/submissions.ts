// Parsers for the modal submissions: view.state.values → a typed value, or field-level messages in the user's
// language keyed by block_id (for `ack({ response_action: "errors", errors })`). Unknown stays null: an empty
// input or the "unknown" option never becomes 0 or false.
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
import { isoDate } from "../../../core/facts.js";
import { MAX_RELATIONSHIP_YEARS } from "../../../core/weights.js";
import { t } from "../../../i18n/catalog.js";
import type { Locale } from "../../../i18n/locale.js";
import { parseMoney } from "../../../i18n/money.js";
import { INPUT_ACTION_ID, UNKNOWN_OPTION } from "../../../ui/ids.js";
import { NOTE_MAX_LENGTH } from "./modals.js";
import type {
  AccountFactValues,
  Attitude,
  ContactValues,
  ModalMetadata,
  NoteValues,
  OpportunityValues,
  RelationshipStrength,
  SubmissionResult,
  ViewStateValues,
} from "../../../ui/types.js";

const TEXT_MAX_LENGTH = 200;

/** Collects values and errors while reading one submission. */
class Reader {
  readonly errors: Record<string, string> = {};
  constructor(
    private readonly values: ViewStateValues,
    private readonly locale: Locale,
  ) {}

  private state(blockId: string) {
    const block = this.values[blockId];
    // The action_id is fixed, but take the first one present so a renamed element still reads.
    return block?.[INPUT_ACTION_ID] ?? (block ? Object.values(block)[0] : undefined);
  }

  fail(blockId: string, message: string): null {
    this.errors[blockId] ??= message;
    return null;
  }

  /** Trimmed text, null when empty. */
  text(blockId: string, o: { required?: boolean; maxLength?: number } = {}): string | null {
    const raw = this.state(blockId)?.value ?? "";
    const v = raw.trim();
    if (v === "") return o.required ? this.fail(blockId, t(this.locale, "error.required")) : null;
    const max = o.maxLength ?? TEXT_MAX_LENGTH;
    if (v.length > max) return this.fail(blockId, t(this.locale, "error.too_long", { max }));
    return v;
  }

  /** A select's code; the unknown option and no selection are null. */
  select<T extends string>(blockId: string, codes: readonly T[], o: { required?: boolean } = {}): T | null {
    const v = this.state(blockId)?.selected_option?.value ?? null;
    if (v === null || v === UNKNOWN_OPTION)
      return o.required ? this.fail(blockId, t(this.locale, "error.required")) : null;
    return (codes as readonly string[]).includes(v) ? (v as T) : this.fail(blockId, t(this.locale, "error.option"));
  }

  bool(blockId: string): boolean | null {
    const v = this.select(blockId, ["true", "false"] as const);
    return v === null ? null : v === "true";
  }

  /** A number from number_input (or typed text): full-width digits and separators are accepted. */
  number(blockId: string, o: { integer?: boolean; min: number; max: number; open?: boolean }): number | null {
    const raw = (this.state(blockId)?.value ?? "").trim();
    if (raw === "") return null;
    const s = raw.normalize("NFKC").replace(/[,\s%]/g, "");
    if (!/^-?\d+(?:\.\d+)?$/.test(s)) return this.fail(blockId, t(this.locale, "error.number"));
    const n = Number(s);
    if (o.integer && !Number.isInteger(n)) return this.fail(blockId, t(this.locale, "error.integer"));
    const outside = o.open ? n <= o.min || n >= o.max : n < o.min || n > o.max;
    if (outside)
      return this.fail(
        blockId,
        t(this.locale, o.open ? "error.range_open" : "error.range", { min: o.min, max: o.max }),
      );
    return n;
  }

  /** Whole yuan: "3000000", "3,000,000", "300万", "1.25亿". */
  money(blockId: string, o: { required?: boolean; positive?: boolean } = {}): number | null {
    const r = parseMoney(this.state(blockId)?.value ?? "");
    if (!r.ok) {
      if (r.error === "empty") return o.required ? this.fail(blockId, t(this.locale, "error.required")) : null;
      const key = (
        {
          format: "error.money.format",
          negative: "error.money.negative",
          fraction: "error.money.fraction",
          too_large: "error.money.too_large",
        } as const
      )[r.error];
      return this.fail(blockId, t(this.locale, key));
    }
    if (o.positive && r.value <= 0) return this.fail(blockId, t(this.locale, "error.money.zero"));
    return r.value;
  }

  date(blockId: string, o: { required?: boolean } = {}): string | null {
    const s = this.state(blockId);
    const v = s?.selected_date ?? s?.value ?? null;
    if (v === null || v.trim() === "") return o.required ? this.fail(blockId, t(this.locale, "error.required")) : null;
    return isoDate.safeParse(v.trim()).success ? v.trim() : this.fail(blockId, t(this.locale, "error.date"));
  }

  result<T>(value: () => T): SubmissionResult<T> {
    return Object.keys(this.errors).length > 0
      ? { ok: false, errors: { ...this.errors } }
      : { ok: true, value: value() };
  }
}

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The update-facts modal. Every field is optional; empty or "unknown" is null. */
export function parseFactsSubmission(values: ViewStateValues, locale: Locale): SubmissionResult<AccountFactValues> {
  const r = new Reader(values, locale);
  const region = r.text("region_code", { maxLength: 20 });
  if (region !== null && !/^\d{6}$/.test(region)) r.fail("region_code", t(locale, "error.region_code"));
  const usccRaw = r.text("uscc", { maxLength: 40 });
  const uscc = usccRaw === null ? null : usccRaw.toUpperCase().replace(/[\s-]/g, "");
  if (uscc !== null && !USCC.test(uscc)) r.fail("uscc", t(locale, "error.uscc"));
  const v: AccountFactValues = {
    customer_type: r.select("customer_type", CUSTOMER_TYPES),
    admin_level: r.select("admin_level", ADMIN_LEVELS),
    industry: r.select("industry", INDUSTRIES),
    region_code: region,
    uscc,
    is_existing_customer: r.bool("is_existing_customer"),
    revenue_ttm: r.money("revenue_ttm"),
    gross_margin_pct: r.number("gross_margin_pct", { min: 0, max: 100 }),
    relationship_years: r.number("relationship_years", { integer: true, min: 0, max: MAX_RELATIONSHIP_YEARS }),
    wallet_annual: r.money("wallet_annual"),
    industry_outlook: r.select("industry_outlook", INDUSTRY_OUTLOOKS),
    market_position: r.select("market_position", MARKET_POSITIONS),
    development_trend: r.select("development_trend", DEVELOPMENT_TRENDS),
    budget_status: r.select("budget_status", BUDGET_STATUSES),
    segment_match: r.bool("segment_match"),
    reference_value: r.select("reference_value", REFERENCE_VALUES),
    incumbent: r.select("incumbent", INCUMBENTS),
    // METHOD §2.2: rates are strictly between 0 and 1.
    retention_rate: r.number("retention_rate", { min: 0, max: 1, open: true }),
    discount_rate: r.number("discount_rate", { min: 0, max: 1, open: true }),
  };
  return r.result(() => v);
}

const ATTITUDE_CODES = ["-2", "-1", "0", "1", "2"] as const;
const STRENGTH_CODES = ["0", "1", "2", "3", "4"] as const;

export function parseContactSubmission(values: ViewStateValues, locale: Locale): SubmissionResult<ContactValues> {
  const r = new Reader(values, locale);
  const contactName = r.text("name", { required: true });
  const role = r.select("role", ROLES, { required: true });
  const influence = r.select("influence", INFLUENCES, { required: true });
  const attitude = r.select("attitude", ATTITUDE_CODES);
  const strength = r.select("relationship_strength", STRENGTH_CODES);
  const rest = {
    title: r.text("title"),
    org_unit: r.text("org_unit"),
    relationship_layer: r.select("relationship_layer", RELATIONSHIP_LAYERS),
    response_mode: r.select("response_mode", RESPONSE_MODES),
    last_contact_date: r.date("last_contact_date"),
  };
  return r.result(() => ({
    name: contactName ?? "",
    role: role ?? "influencer",
    influence: influence ?? "low",
    attitude: attitude === null ? null : (Number(attitude) as Attitude),
    relationship_strength: strength === null ? null : (Number(strength) as RelationshipStrength),
    ...rest,
  }));
}

export function parseOpportunitySubmission(
  values: ViewStateValues,
  locale: Locale,
): SubmissionResult<OpportunityValues> {
  const r = new Reader(values, locale);
  const oppName = r.text("name", { required: true });
  const stage = r.select("stage", STAGES, { required: true });
  const amount = r.money("amount", { required: true, positive: true });
  const close = r.date("expected_close_date", { required: true });
  // Source and procurement method have their own "unknown" codes; nothing chosen means exactly that.
  const source = r.select("source", SOURCES) ?? "unknown";
  const projectType = r.select("project_type", PROJECT_TYPES);
  const procurement = r.select("procurement_method", PROCUREMENT_METHODS) ?? "unknown";
  return r.result(() => ({
    name: oppName ?? "",
    stage: stage ?? "S0",
    amount: amount ?? 0,
    expected_close_date: close ?? "",
    source,
    project_type: projectType,
    procurement_method: procurement,
  }));
}

export function parseNoteSubmission(values: ViewStateValues, locale: Locale): SubmissionResult<NoteValues> {
  const r = new Reader(values, locale);
  const note = r.text("note", { required: true, maxLength: NOTE_MAX_LENGTH });
  return r.result(() => ({ note: note ?? "" }));
}

/** The modal's private_metadata, or null when it is missing or not ours (the handler then says "reopen"). */
export function parseModalMetadata(privateMetadata: string | null | undefined): ModalMetadata | null {
  if (!privateMetadata) return null;
  let v: unknown;
  try {
    v = JSON.parse(privateMetadata);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.accountId !== "string" || o.accountId === "") return null;
  const out: ModalMetadata = { accountId: o.accountId };
  if (typeof o.contactId === "string" && o.contactId !== "") out.contactId = o.contactId;
  if (typeof o.opportunityId === "string" && o.opportunityId !== "") out.opportunityId = o.opportunityId;
  if (typeof o.channelId === "string" && /^[CDG][A-Z0-9]{1,30}$/.test(o.channelId)) out.channelId = o.channelId;
  return out;
}
