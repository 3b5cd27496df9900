// Enum sets of METHOD §2. Each list is the single source for zod schemas, Prisma string columns,
// CSV import aliases, Slack select options and LLM output schemas.

export const CUSTOMER_TYPES = ["gov", "public_inst", "soe_central", "soe_local", "private", "foreign"] as const;
export const ADMIN_LEVELS = ["national", "provincial", "prefecture", "county", "township", "na"] as const;
export const INDUSTRIES = [
  "e_gov",
  "public_security",
  "education",
  "healthcare",
  "finance",
  "energy_power",
  "transport",
  "manufacturing",
  "telecom",
  "other",
] as const;
export const INDUSTRY_OUTLOOKS = ["strong_growth", "growth", "flat", "decline", "strong_decline"] as const;
export const MARKET_POSITIONS = ["national_leader", "regional_leader", "backbone", "ordinary"] as const;
export const DEVELOPMENT_TRENDS = ["expanding", "stable", "contracting"] as const;
export const BUDGET_STATUSES = ["none", "planned", "approved"] as const;
export const REFERENCE_VALUES = ["national", "provincial", "prefecture", "none"] as const;
export const INCUMBENTS = ["us", "competitor", "none", "unknown"] as const;
/** §2.3 看竞争 intensity of a segment. */
export const COMPETITION_INTENSITIES = ["low", "medium", "high"] as const;

export const NEED_CATEGORIES = [
  "efficiency",
  "cost",
  "compliance",
  "security",
  "service",
  "innovation",
  "other",
] as const;

export const CORE_ROLES = ["economic_buyer", "technical_buyer", "user_buyer", "coach"] as const;
export const ROLES = [...CORE_ROLES, "initiator", "influencer", "procurement", "gatekeeper"] as const;
export const INFLUENCES = ["high", "medium", "low"] as const;
export const RELATIONSHIP_LAYERS = ["general", "key", "organizational"] as const;
export const RESPONSE_MODES = ["growth", "trouble", "even_keel", "overconfident", "unknown"] as const;

export const OPEN_STAGES = ["S0", "S1", "S2", "S3", "S4", "S5"] as const;
export const CLOSED_STAGES = ["W", "L", "A"] as const;
export const STAGES = [...OPEN_STAGES, ...CLOSED_STAGES] as const;

/** 商机发掘八法 (METHOD §2.7), then `other` and `unknown`. */
export const DISCOVERY_METHODS = [
  "industry_report",
  "exhibition_event",
  "social_circle",
  "government_policy",
  "industry_association",
  "consultant_institute",
  "ecosystem_partner",
  "customer_referral",
] as const;
export const SOURCES = [...DISCOVERY_METHODS, "other", "unknown"] as const;

export const PROJECT_TYPES = ["strategic", "competitive", "normal"] as const;
export const PROCUREMENT_METHODS = [
  "open_tender",
  "invited_tender",
  "competitive_negotiation",
  "competitive_consultation",
  "single_source",
  "inquiry",
  "framework",
  "direct",
  "unknown",
] as const;
export const LEAD_TEMPERATURES = ["cold", "warm", "hot"] as const;
export const CLOSE_REASONS = [
  "price",
  "solution",
  "relationship",
  "budget_cut",
  "no_decision",
  "compliance",
  "withdrew",
  "other",
] as const;
export const MEDDPICC_KEYS = [
  "metrics",
  "economic_buyer",
  "decision_criteria",
  "decision_process",
  "paper_process",
  "identify_pain",
  "champion",
  "competition",
] as const;

export const SUB_SCORES = ["CV", "PT", "SF", "RA"] as const;
export const QUADRANTS = ["strategic", "develop", "maintain", "opportunistic"] as const;
export const TIERS = ["strategic", "key", "general"] as const;
export const PRIORITIES = ["P1", "P2", "P3", "P4"] as const;
export const CONFIDENCES = ["high", "medium", "low"] as const;

export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export type AdminLevel = (typeof ADMIN_LEVELS)[number];
export type Industry = (typeof INDUSTRIES)[number];
export type IndustryOutlook = (typeof INDUSTRY_OUTLOOKS)[number];
export type MarketPosition = (typeof MARKET_POSITIONS)[number];
export type DevelopmentTrend = (typeof DEVELOPMENT_TRENDS)[number];
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];
export type ReferenceValue = (typeof REFERENCE_VALUES)[number];
export type Incumbent = (typeof INCUMBENTS)[number];
export type CompetitionIntensity = (typeof COMPETITION_INTENSITIES)[number];
export type NeedCategory = (typeof NEED_CATEGORIES)[number];
export type CoreRole = (typeof CORE_ROLES)[number];
export type Role = (typeof ROLES)[number];
export type Influence = (typeof INFLUENCES)[number];
export type RelationshipLayer = (typeof RELATIONSHIP_LAYERS)[number];
export type ResponseMode = (typeof RESPONSE_MODES)[number];
export type OpenStage = (typeof OPEN_STAGES)[number];
export type ClosedStage = (typeof CLOSED_STAGES)[number];
export type Stage = (typeof STAGES)[number];
export type DiscoveryMethod = (typeof DISCOVERY_METHODS)[number];
export type Source = (typeof SOURCES)[number];
export type ProjectType = (typeof PROJECT_TYPES)[number];
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export type LeadTemperature = (typeof LEAD_TEMPERATURES)[number];
export type CloseReason = (typeof CLOSE_REASONS)[number];
export type MeddpiccKey = (typeof MEDDPICC_KEYS)[number];
export type SubScore = (typeof SUB_SCORES)[number];
export type Quadrant = (typeof QUADRANTS)[number];
export type Tier = (typeof TIERS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Confidence = (typeof CONFIDENCES)[number];
