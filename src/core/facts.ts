// Fact schemas of METHOD §2 in the shape of the §10 JSON contract (snake_case, unknown = null or absent).
// The CLI validates its input with these; services map database rows into the same shapes.
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
  MEDDPICC_KEYS,
  NEED_CATEGORIES,
  REFERENCE_VALUES,
  RELATIONSHIP_LAYERS,
  RESPONSE_MODES,
  ROLES,
  SOURCES,
  STAGES,
  OPEN_STAGES,
  CLOSED_STAGES,
  SUB_SCORES,
} from "./enums.js";
import { MAX_RELATIONSHIP_YEARS, V_W, Y_W } from "./weights.js";
import { isCalendarDate } from "./calendar-date.js";

/** ISO date `YYYY-MM-DD` that exists on the calendar. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")
  // The fast checker's arithmetic: building a Date and printing it back was a sixth of reading a 100,000-row
  // opportunities file, every date cell being checked twice.
  .refine(isCalendarDate, "not a calendar date");
export type IsoDate = z.infer<typeof isoDate>;

/** Money: integer CNY yuan ≥ 0 (METHOD §2.1). */
export const money = z.number().int("money is whole yuan").nonnegative();
const unknown = <T extends z.ZodType>(t: T) => t.nullable().optional();

export const needSchema = z.object({
  id: z.string().min(1),
  description: z.string().nullable().optional(),
  category: unknown(z.enum(NEED_CATEGORIES)),
  severity: unknown(z.number().int().min(1).max(5)),
  urgency: unknown(z.number().int().min(1).max(5)),
  our_fit: unknown(z.number().int().min(0).max(3)),
  confirmed: z.boolean().default(false),
  metric: z.string().nullable().optional(),
});
export type NeedFacts = z.infer<typeof needSchema>;

export const contactSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  org_unit: z.string().nullable().optional(),
  role: z.enum(ROLES),
  influence: z.enum(INFLUENCES),
  attitude: unknown(z.number().int().min(-2).max(2)),
  relationship_strength: unknown(z.number().int().min(0).max(4)),
  relationship_layer: unknown(z.enum(RELATIONSHIP_LAYERS)),
  response_mode: unknown(z.enum(RESPONSE_MODES)),
  last_contact_date: unknown(isoDate),
});
export type ContactFacts = z.infer<typeof contactSchema>;
/** A contact's fields besides its id: what scoring reads and what a contact's history can write back. */
export const CONTACT_FACT_FIELDS = [
  "name",
  "title",
  "org_unit",
  "role",
  "influence",
  "attitude",
  "relationship_strength",
  "relationship_layer",
  "response_mode",
  "last_contact_date",
] as const satisfies readonly Exclude<keyof ContactFacts, "id">[];

export const meddpiccSchema = z.partialRecord(z.enum(MEDDPICC_KEYS), z.boolean().nullable());
export type Meddpicc = z.infer<typeof meddpiccSchema>;

/** An opportunity as §10.1 (red flags) and §10.2/§10.3 (funnel, bridge) read it. */
export const opportunitySchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable().optional(),
  stage: z.enum(STAGES),
  amount: z.number().int().positive(),
  expected_close_date: unknown(isoDate),
  source: unknown(z.enum(SOURCES)),
  meddpicc: unknown(meddpiccSchema),
});
export type OpportunityFacts = z.infer<typeof opportunitySchema>;

export const accountSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable().optional(),
  uscc: unknown(z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, "统一社会信用代码 is 18 characters")),
  customer_type: unknown(z.enum(CUSTOMER_TYPES)),
  admin_level: unknown(z.enum(ADMIN_LEVELS)),
  industry: unknown(z.enum(INDUSTRIES)),
  region_code: unknown(z.string().regex(/^\d{6}$/, "GB/T 2260 code is 6 digits")),
  is_existing_customer: unknown(z.boolean()),
  revenue_ttm: unknown(money),
  gross_margin_pct: unknown(z.number().min(0).max(100)),
  relationship_years: unknown(z.number().int().nonnegative().max(MAX_RELATIONSHIP_YEARS)),
  wallet_annual: unknown(money),
  industry_outlook: unknown(z.enum(INDUSTRY_OUTLOOKS)),
  market_position: unknown(z.enum(MARKET_POSITIONS)),
  development_trend: unknown(z.enum(DEVELOPMENT_TRENDS)),
  budget_status: unknown(z.enum(BUDGET_STATUSES)),
  segment_match: unknown(z.boolean()),
  reference_value: unknown(z.enum(REFERENCE_VALUES)),
  incumbent: unknown(z.enum(INCUMBENTS)),
  retention_rate: unknown(z.number().gt(0).lt(1)),
  discount_rate: unknown(z.number().gt(0).lt(1)),
  needs: unknown(z.array(needSchema)),
  contacts: unknown(z.array(contactSchema)),
  opportunities: unknown(z.array(opportunitySchema)),
});
export type AccountFacts = z.infer<typeof accountSchema>;

/** Scalar account fields a person can set (`/kvalue set`, modals, CSV, confirmed LLM proposals). */
export const ACCOUNT_FACT_FIELDS = [
  "customer_type",
  "admin_level",
  "industry",
  "region_code",
  "uscc",
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
  "retention_rate",
  "discount_rate",
] as const satisfies readonly (keyof AccountFacts)[];
export type AccountFactField = (typeof ACCOUNT_FACT_FIELDS)[number];

// ---- §10 inputs ---------------------------------------------------------------------------------

export const assessInputSchema = z.object({
  as_of: isoDate.optional(),
  accounts: z.array(accountSchema),
});
export type AssessInput = z.infer<typeof assessInputSchema>;

const rate = z.number().gt(0).max(1);
const stageRates = z.object(
  Object.fromEntries(OPEN_STAGES.map((s) => [s, rate])) as Record<(typeof OPEN_STAGES)[number], typeof rate>,
);
export const ratesSchema = z.object({ count: stageRates, amount: stageRates });
export type StageRatesInput = z.infer<typeof ratesSchema>;

const funnelOpportunity = opportunitySchema.extend({ expected_close_date: isoDate });
export const funnelInputSchema = z.object({
  as_of: isoDate,
  period_end: isoDate,
  target: money,
  won_to_date: money,
  avg_won_size: z.number().positive(),
  // At most a century: the lead deadline is period_end minus the cycle, and a date must stay a date.
  cycle_days: z.number().nonnegative().max(36_500),
  rates: ratesSchema.optional(),
  opportunities: z.array(funnelOpportunity),
});
export type FunnelInput = z.infer<typeof funnelInputSchema>;

const bridgeSide = z.object({ as_of: isoDate, opportunities: z.array(funnelOpportunity) });
export const bridgeInputSchema = z.object({
  period_end: isoDate,
  rates: ratesSchema.optional(),
  previous: bridgeSide,
  current: bridgeSide,
});
export type BridgeInput = z.infer<typeof bridgeInputSchema>;

// ---- §10.4 calibrate ---------------------------------------------------------------------------

/** A weight vector in force: each in [0, 1], summing to 1 (V and Y stay on the 0–100 scale). */
function weightVector<K extends string>(keys: readonly K[]) {
  const w = z.number().min(0).max(1);
  return z
    .object(Object.fromEntries(keys.map((k) => [k, w])) as Record<K, typeof w>)
    .refine((v) => Math.abs(keys.reduce((s, k) => s + (v as Record<K, number>)[k], 0) - 1) <= 1e-6, {
      message: "weights must sum to 1",
    });
}

/** A score 0–100; zod numbers are finite, so NaN and Infinity are rejected too. */
const score100 = z.number().min(0).max(100);

/** §6.3 observation: the stage at the first snapshot of the quarter, and how the opportunity closed. */
export const calibrationOpportunitySchema = z.object({
  id: z.string().min(1),
  stage: z.enum(OPEN_STAGES),
  outcome: z.enum(CLOSED_STAGES),
  close_reason: z.string().nullable().optional(),
});
export type CalibrationOpportunity = z.infer<typeof calibrationOpportunitySchema>;

/** §6.2 observation: one account on one annual scoring date and whether it won anything in the next 12 months. */
export const calibrationAccountSchema = z.object({
  id: z.string().min(1),
  scored_on: isoDate,
  scores: z.object(
    Object.fromEntries(SUB_SCORES.map((k) => [k, score100])) as Record<(typeof SUB_SCORES)[number], typeof score100>,
  ),
  won: z.literal([0, 1]),
  won_amount: unknown(z.number().nonnegative()),
});
export type CalibrationAccount = z.infer<typeof calibrationAccountSchema>;

export const calibrateInputSchema = z.object({
  weights: weightVector(SUB_SCORES).default({ ...V_W }),
  y_weights: weightVector(["PT", "SF"] as const).default({ ...Y_W }),
  rates: ratesSchema.optional(),
  holdout_from: isoDate,
  opportunities: z.array(calibrationOpportunitySchema),
  accounts: z.array(calibrationAccountSchema),
});
export type CalibrateInput = z.infer<typeof calibrateInputSchema>;

// ---- stage history (§2.6), read by the conversion statistics of §5.2 ------------------------------

/** One stage entry of an opportunity's history. */
export const stageEntrySchema = z.object({
  stage: z.enum(STAGES),
  entered_date: isoDate,
  amount_at_entry: unknown(money),
});
export type StageEntry = z.infer<typeof stageEntrySchema>;

/** An opportunity with its stage history and, for W, the final signed amount. */
export const opportunityHistorySchema = opportunitySchema.extend({
  created_date: unknown(isoDate),
  final_amount: unknown(money),
  stage_history: z.array(stageEntrySchema),
});
export type OpportunityHistory = z.infer<typeof opportunityHistorySchema>;
