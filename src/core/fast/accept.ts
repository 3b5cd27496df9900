// A quick yes/no check of `kvalue assess` input, for the CLI's large-file path: an account passes only if
// `accountSchema` (../facts.ts, zod) would accept it too, and is then used as that parse would return it. It says
// nothing about why something fails: on a "no" the caller runs the zod schema, which names every problem and its
// place. Written out by hand because zod costs more to load than the rest of `kvalue assess` and validates a
// 100,000-account file several times slower than it is scored. test/core/accept.test.ts holds it to the schema on
// random and mutated input.
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
} from "../enums.js";
import type { AccountFacts } from "../facts.js";
import { MAX_RELATIONSHIP_YEARS } from "../weights.js";
import { isCalendarDate } from "../calendar-date.js";

type Json = Record<string, unknown>;
type Check = (v: unknown) => boolean;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function oneOf(values: readonly string[]): Check {
  const set = new Set(values);
  return (v) => typeof v === "string" && set.has(v);
}

const customerType = oneOf(CUSTOMER_TYPES);
const adminLevel = oneOf(ADMIN_LEVELS);
const industry = oneOf(INDUSTRIES);
const industryOutlook = oneOf(INDUSTRY_OUTLOOKS);
const marketPosition = oneOf(MARKET_POSITIONS);
const developmentTrend = oneOf(DEVELOPMENT_TRENDS);
const budgetStatus = oneOf(BUDGET_STATUSES);
const referenceValue = oneOf(REFERENCE_VALUES);
const incumbent = oneOf(INCUMBENTS);
const needCategory = oneOf(NEED_CATEGORIES);
const role = oneOf(ROLES);
const influence = oneOf(INFLUENCES);
const relationshipLayer = oneOf(RELATIONSHIP_LAYERS);
const responseMode = oneOf(RESPONSE_MODES);
const stage = oneOf(STAGES);
const source = oneOf(SOURCES);
const meddpiccKey = oneOf(MEDDPICC_KEYS);

/** zod's `.int()` takes safe integers only. */
const intIn = (v: unknown, lo: number, hi: number): boolean =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= lo && v <= hi;
const finiteIn = (v: unknown, lo: number, hi: number): boolean =>
  typeof v === "number" && Number.isFinite(v) && v >= lo && v <= hi;
/** Money: whole yuan ≥ 0. */
const money = (v: unknown): boolean => intIn(v, 0, Number.MAX_SAFE_INTEGER);
/** A rate strictly between 0 and 1. */
const openUnit = (v: unknown): boolean => typeof v === "number" && v > 0 && v < 1;
const text = (v: unknown): boolean => v === undefined || v === null || typeof v === "string";
const id = (v: unknown): boolean => typeof v === "string" && v.length > 0;
/** `unknown(t)` of facts.ts: absent, null, or a valid t. */
const unknownOr = (v: unknown, check: Check): boolean => v === undefined || v === null || check(v);

const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const REGION = /^\d{6}$/;

function acceptNeed(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (!id(v.id) || !text(v.description) || !text(v.metric)) return false;
  if (!unknownOr(v.category, needCategory)) return false;
  if (!unknownOr(v.severity, (x) => intIn(x, 1, 5)) || !unknownOr(v.urgency, (x) => intIn(x, 1, 5))) return false;
  if (!unknownOr(v.our_fit, (x) => intIn(x, 0, 3))) return false;
  if (v.confirmed === undefined)
    v.confirmed = false; // the schema's default
  else if (typeof v.confirmed !== "boolean") return false;
  return true;
}

function acceptContact(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (!id(v.id) || !text(v.name) || !text(v.title) || !text(v.org_unit)) return false;
  if (!role(v.role) || !influence(v.influence)) return false;
  if (!unknownOr(v.attitude, (x) => intIn(x, -2, 2))) return false;
  if (!unknownOr(v.relationship_strength, (x) => intIn(x, 0, 4))) return false;
  if (!unknownOr(v.relationship_layer, relationshipLayer) || !unknownOr(v.response_mode, responseMode)) return false;
  return unknownOr(v.last_contact_date, isCalendarDate);
}

function acceptMeddpicc(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const x = v[k];
    if (!meddpiccKey(k) || (x !== null && typeof x !== "boolean")) return false;
  }
  return true;
}

function acceptOpportunity(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (!id(v.id) || !text(v.name) || !stage(v.stage)) return false;
  if (!intIn(v.amount, 1, Number.MAX_SAFE_INTEGER)) return false;
  if (!unknownOr(v.expected_close_date, isCalendarDate) || !unknownOr(v.source, source)) return false;
  return unknownOr(v.meddpicc, acceptMeddpicc);
}

function everyOf(v: unknown, check: Check): boolean {
  if (v === undefined || v === null) return true;
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!check(v[i])) return false;
  return true;
}

/** True only if `accountSchema` accepts `v`; then `v` is that parse's result (a need's `confirmed` defaults to
 *  false, filled in here; keys the schema does not know stay, and no formula reads them). */
export function acceptAccount(v: unknown): v is AccountFacts {
  if (!isObject(v)) return false;
  if (!id(v.id) || !text(v.name)) return false;
  if (!unknownOr(v.uscc, (x) => typeof x === "string" && USCC.test(x))) return false;
  if (!unknownOr(v.region_code, (x) => typeof x === "string" && REGION.test(x))) return false;
  if (!unknownOr(v.customer_type, customerType) || !unknownOr(v.admin_level, adminLevel)) return false;
  if (!unknownOr(v.industry, industry) || !unknownOr(v.is_existing_customer, (x) => typeof x === "boolean"))
    return false;
  if (!unknownOr(v.revenue_ttm, money) || !unknownOr(v.wallet_annual, money)) return false;
  if (!unknownOr(v.gross_margin_pct, (x) => finiteIn(x, 0, 100))) return false;
  if (!unknownOr(v.relationship_years, (x) => intIn(x, 0, MAX_RELATIONSHIP_YEARS))) return false;
  if (!unknownOr(v.industry_outlook, industryOutlook) || !unknownOr(v.market_position, marketPosition)) return false;
  if (!unknownOr(v.development_trend, developmentTrend) || !unknownOr(v.budget_status, budgetStatus)) return false;
  if (!unknownOr(v.segment_match, (x) => typeof x === "boolean")) return false;
  if (!unknownOr(v.reference_value, referenceValue) || !unknownOr(v.incumbent, incumbent)) return false;
  if (!unknownOr(v.retention_rate, openUnit) || !unknownOr(v.discount_rate, openUnit)) return false;
  return (
    everyOf(v.needs, acceptNeed) && everyOf(v.contacts, acceptContact) && everyOf(v.opportunities, acceptOpportunity)
  );
}

/** `as_of` of an assess input: absent, or a calendar date (null is not accepted). */
export const acceptAsOf = (v: unknown): boolean => v === undefined || isCalendarDate(v);
