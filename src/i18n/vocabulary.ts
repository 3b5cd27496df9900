// Names for every code the method defines (METHOD §2 enums, §3.5 red flags, §4.3 actions, fact fields),
// one record per code set. Each locale's vocabulary is typed `Vocabulary`, so a code without a name in
// either language is a compile error; VOCABULARY_CODES lists the values for the runtime completeness test.
import {
  ADMIN_LEVELS,
  BUDGET_STATUSES,
  CLOSE_REASONS,
  CONFIDENCES,
  CUSTOMER_TYPES,
  DEVELOPMENT_TRENDS,
  INCUMBENTS,
  INDUSTRIES,
  INDUSTRY_OUTLOOKS,
  INFLUENCES,
  LEAD_TEMPERATURES,
  MARKET_POSITIONS,
  MEDDPICC_KEYS,
  NEED_CATEGORIES,
  PRIORITIES,
  PROCUREMENT_METHODS,
  PROJECT_TYPES,
  QUADRANTS,
  REFERENCE_VALUES,
  RELATIONSHIP_LAYERS,
  RESPONSE_MODES,
  ROLES,
  SOURCES,
  STAGES,
  SUB_SCORES,
  TIERS,
} from "../core/enums.js";
import type {
  AdminLevel,
  BudgetStatus,
  CloseReason,
  Confidence,
  CustomerType,
  DevelopmentTrend,
  Incumbent,
  Industry,
  IndustryOutlook,
  Influence,
  LeadTemperature,
  MarketPosition,
  MeddpiccKey,
  NeedCategory,
  Priority,
  ProcurementMethod,
  ProjectType,
  Quadrant,
  ReferenceValue,
  RelationshipLayer,
  ResponseMode,
  Role,
  Source,
  Stage,
  SubScore,
  Tier,
} from "../core/enums.js";
import { ACCOUNT_FACT_FIELDS, type AccountFactField } from "../core/facts.js";
import {
  ACTION_CODES,
  BRIDGE_LABELS,
  COMPONENTS,
  RED_FLAGS,
  type ActionCode,
  type BridgeLabel,
  type Component,
  type RedFlag,
} from "../core/codes.js";

// The core states each code list once (core/codes.ts); they are re-exported here for the i18n callers.
export { ACTION_CODES, BRIDGE_LABELS, COMPONENTS, RED_FLAGS };

/** METHOD §2.5 attitude −2…+2 and relationship strength 0–4, as option values. */
export const ATTITUDES = ["-2", "-1", "0", "1", "2"] as const;
export type AttitudeCode = (typeof ATTITUDES)[number];
export const RELATIONSHIP_STRENGTHS = ["0", "1", "2", "3", "4"] as const;
export type StrengthCode = (typeof RELATIONSHIP_STRENGTHS)[number];

export const BINDINGS = ["count", "amount", "none"] as const;
export const BOOLEANS = ["true", "false"] as const;

/** Non-account facts named in collect-next (`needs`, `contacts`), plus every scalar account fact. */
export const COLLECT_FIELDS = [...ACCOUNT_FACT_FIELDS, "needs", "contacts"] as const;
export type CollectField = (typeof COLLECT_FIELDS)[number];

export interface Vocabulary {
  customerType: Record<CustomerType, string>;
  adminLevel: Record<AdminLevel, string>;
  industry: Record<Industry, string>;
  industryOutlook: Record<IndustryOutlook, string>;
  marketPosition: Record<MarketPosition, string>;
  developmentTrend: Record<DevelopmentTrend, string>;
  budgetStatus: Record<BudgetStatus, string>;
  referenceValue: Record<ReferenceValue, string>;
  incumbent: Record<Incumbent, string>;
  needCategory: Record<NeedCategory, string>;
  role: Record<Role, string>;
  influence: Record<Influence, string>;
  attitude: Record<AttitudeCode, string>;
  relationshipStrength: Record<StrengthCode, string>;
  relationshipLayer: Record<RelationshipLayer, string>;
  responseMode: Record<ResponseMode, string>;
  stage: Record<Stage, string>;
  source: Record<Source, string>;
  projectType: Record<ProjectType, string>;
  procurementMethod: Record<ProcurementMethod, string>;
  leadTemperature: Record<LeadTemperature, string>;
  closeReason: Record<CloseReason, string>;
  meddpicc: Record<MeddpiccKey, string>;
  /** Sub-score names (当前价值 …). */
  subScore: Record<SubScore, string>;
  quadrant: Record<Quadrant, string>;
  tier: Record<Tier, string>;
  priority: Record<Priority, string>;
  confidence: Record<Confidence, string>;
  boolean: Record<(typeof BOOLEANS)[number], string>;
  bridgeLabel: Record<BridgeLabel, string>;
  binding: Record<(typeof BINDINGS)[number], string>;
  /** Component names, used when a driver's facts cannot be put in words. */
  component: Record<Component, string>;
  /** §3.5 red flags as sentences a rep understands. */
  redFlag: Record<RedFlag, string>;
  /** §4.3 recommendations. */
  action: Record<ActionCode, string>;
  /** Labels of the scalar account facts (§2.2), for modals and `/kvalue set`. */
  field: Record<AccountFactField, string>;
  /** Collect-next fields as questions (§3.4). */
  question: Record<CollectField, string>;
}

export type VocabularyKind = keyof Vocabulary;

/** Every code of every vocabulary, for the completeness test and for building select options. */
export const VOCABULARY_CODES: { readonly [K in VocabularyKind]: readonly (keyof Vocabulary[K])[] } = {
  customerType: CUSTOMER_TYPES,
  adminLevel: ADMIN_LEVELS,
  industry: INDUSTRIES,
  industryOutlook: INDUSTRY_OUTLOOKS,
  marketPosition: MARKET_POSITIONS,
  developmentTrend: DEVELOPMENT_TRENDS,
  budgetStatus: BUDGET_STATUSES,
  referenceValue: REFERENCE_VALUES,
  incumbent: INCUMBENTS,
  needCategory: NEED_CATEGORIES,
  role: ROLES,
  influence: INFLUENCES,
  attitude: ATTITUDES,
  relationshipStrength: RELATIONSHIP_STRENGTHS,
  relationshipLayer: RELATIONSHIP_LAYERS,
  responseMode: RESPONSE_MODES,
  stage: STAGES,
  source: SOURCES,
  projectType: PROJECT_TYPES,
  procurementMethod: PROCUREMENT_METHODS,
  leadTemperature: LEAD_TEMPERATURES,
  closeReason: CLOSE_REASONS,
  meddpicc: MEDDPICC_KEYS,
  subScore: SUB_SCORES,
  quadrant: QUADRANTS,
  tier: TIERS,
  priority: PRIORITIES,
  confidence: CONFIDENCES,
  boolean: BOOLEANS,
  bridgeLabel: BRIDGE_LABELS,
  binding: BINDINGS,
  component: COMPONENTS,
  redFlag: RED_FLAGS,
  action: ACTION_CODES,
  field: ACCOUNT_FACT_FIELDS,
  question: COLLECT_FIELDS,
};
