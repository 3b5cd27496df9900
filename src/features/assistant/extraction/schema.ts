// What the model returns for a note (METHOD §2 vocabulary, strict structured output: every property present,
// unknown = null). Money, dates and years are returned AS WRITTEN ("3000万", "Q3", "3年"): the model copies,
// deterministic parsers turn them into numbers (DESIGN principle 1 — the LLM never computes a number).
// Ordinal judgements the method defines as scales (severity 1–5, attitude −2…+2 …) are classifications and come
// back as codes, always with the quoted evidence they were read from.
import { z } from "zod";
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
  NEED_CATEGORIES,
  REFERENCE_VALUES,
  ROLES,
  SOURCES,
  STAGES,
} from "../../../core/enums.js";

/** Account facts a note can carry. uscc, region codes and CLV rates are left to forms: reps do not say them. */
export const NOTE_FACT_FIELDS = [
  "customer_type",
  "admin_level",
  "industry",
  "is_existing_customer",
  "revenue_ttm",
  "gross_margin_pct",
  "relationship_years",
  "wallet_annual",
  "industry_outlook",
  "market_position",
  "development_trend",
  "budget_status",
  "segment_match",
  "reference_value",
  "incumbent",
] as const;
export type NoteFactField = (typeof NOTE_FACT_FIELDS)[number];

/** Facts whose value is a number the note must contain verbatim. */
export const NUMERIC_FIELDS: ReadonlySet<NoteFactField> = new Set([
  "revenue_ttm",
  "gross_margin_pct",
  "relationship_years",
  "wallet_annual",
]);

/** The allowed codes of each enum-valued fact, shown to the model in the prompt (cheaper than a schema union). */
export const FIELD_CODES: Partial<Record<NoteFactField, readonly string[]>> = {
  customer_type: CUSTOMER_TYPES,
  admin_level: ADMIN_LEVELS,
  industry: INDUSTRIES,
  industry_outlook: INDUSTRY_OUTLOOKS,
  market_position: MARKET_POSITIONS,
  development_trend: DEVELOPMENT_TRENDS,
  budget_status: BUDGET_STATUSES,
  reference_value: REFERENCE_VALUES,
  incumbent: INCUMBENTS,
};

const scale = (min: number, max: number) => z.number().int().min(min).max(max).nullable();

export const extractionSchema = z.object({
  intent: z.enum(["note", "question", "other"]),
  account: z.string().nullable(),
  facts: z.array(
    z.object({
      field: z.enum(NOTE_FACT_FIELDS),
      value: z.string(),
      evidence: z.string(),
    }),
  ),
  needs: z.array(
    z.object({
      description: z.string(),
      category: z.enum(NEED_CATEGORIES).nullable(),
      severity: scale(1, 5),
      urgency: scale(1, 5),
      our_fit: scale(0, 3),
      confirmed: z.boolean(),
      evidence: z.string(),
    }),
  ),
  contacts: z.array(
    z.object({
      name: z.string(),
      title: z.string().nullable(),
      org_unit: z.string().nullable(),
      role: z.enum(ROLES).nullable(),
      influence: z.enum(INFLUENCES).nullable(),
      attitude: scale(-2, 2),
      relationship_strength: scale(0, 4),
      evidence: z.string(),
    }),
  ),
  opportunities: z.array(
    z.object({
      name: z.string(),
      stage: z.enum(STAGES).nullable(),
      amount: z.string().nullable(),
      close: z.string().nullable(),
      source: z.enum(SOURCES).nullable(),
      evidence: z.string(),
    }),
  ),
});
export type Extraction = z.infer<typeof extractionSchema>;

/** Segment fields (METHOD §2.3) a note about a market can carry; opportunity ids are left to forms. */
export const NOTE_SEGMENT_FIELDS = [
  "industry_outlook",
  "industry_findings",
  "market_wallet",
  "market_accounts",
  "market_notes",
  "competitors",
  "competition_intensity",
  "solution_fit",
  "opportunity_notes",
  "chosen",
  "control_points",
  "revenue_target",
  "strategy",
] as const;
export type NoteSegmentField = (typeof NOTE_SEGMENT_FIELDS)[number];

/** The extraction when the person's teams have segments: the same, plus segment updates (asked only then, so a
 *  note of a team without segments costs no extra tokens). `segment` is a key as the prompt lists it. */
export const extractionWithSegmentsSchema = extractionSchema.extend({
  segments: z.array(
    z.object({ segment: z.string(), field: z.enum(NOTE_SEGMENT_FIELDS), value: z.string(), evidence: z.string() }),
  ),
});
export type ExtractedSegmentUpdate = z.infer<typeof extractionWithSegmentsSchema>["segments"][number];
export type ExtractedFact = Extraction["facts"][number];
export type ExtractedNeed = Extraction["needs"][number];
export type ExtractedContact = Extraction["contacts"][number];
export type ExtractedOpportunity = Extraction["opportunities"][number];

/** An extraction that found nothing (the shape a question or small talk comes back in). */
export const EMPTY_EXTRACTION: Extraction = {
  intent: "other",
  account: null,
  facts: [],
  needs: [],
  contacts: [],
  opportunities: [],
};
