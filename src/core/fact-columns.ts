// The one table from the §10 contract's snake_case account fields to the stored (camelCase) column names. The
// accounts repository maps rows both ways through it; nothing else spells the pairs out.
import type { AccountFactField } from "./facts.js";

/** Scalar facts (METHOD §2.2) → Account columns, in ACCOUNT_FACT_FIELDS order. */
export const ACCOUNT_FACT_COLUMNS = {
  customer_type: "customerType",
  admin_level: "adminLevel",
  industry: "industry",
  region_code: "regionCode",
  uscc: "uscc",
  is_existing_customer: "isExistingCustomer",
  revenue_ttm: "revenueTtm",
  gross_margin_pct: "grossMarginPct",
  relationship_years: "relationshipYears",
  wallet_annual: "walletAnnual",
  industry_outlook: "industryOutlook",
  market_position: "marketPosition",
  development_trend: "developmentTrend",
  budget_status: "budgetStatus",
  segment_match: "segmentMatch",
  reference_value: "referenceValue",
  incumbent: "incumbent",
  retention_rate: "retentionRate",
  discount_rate: "discountRate",
} as const satisfies Record<AccountFactField, string>;

/** Facts held as money (whole yuan; BIGINT columns). */
export const MONEY_FACTS = ["revenue_ttm", "wallet_annual"] as const satisfies readonly AccountFactField[];
export type MoneyFact = (typeof MONEY_FACTS)[number];

/** The 价值客户矩阵管理表 columns (METHOD §4.4) that are stored, not computed → Account columns. */
export const MATRIX_FIELD_COLUMNS = {
  owner_ar: "ownerAr",
  owner_sr: "ownerSr",
  owner_fr: "ownerFr",
  executive_sponsor: "executiveSponsor",
  visit_cadence: "visitCadence",
  revenue_target: "revenueTarget",
  last_review_date: "lastReviewDate",
} as const;
export type MatrixField = keyof typeof MATRIX_FIELD_COLUMNS;
export const MATRIX_FIELDS = Object.keys(MATRIX_FIELD_COLUMNS) as MatrixField[];
