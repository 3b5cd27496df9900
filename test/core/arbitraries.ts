// fast-check generators of §10 inputs: accounts with any mix of known and unknown facts, and pipelines.
import fc from "fast-check";
import {
  BUDGET_STATUSES,
  DEVELOPMENT_TRENDS,
  INDUSTRY_OUTLOOKS,
  INFLUENCES,
  MARKET_POSITIONS,
  REFERENCE_VALUES,
  RESPONSE_MODES,
  ROLES,
  STAGES,
  type AccountFacts,
  type ContactFacts,
  type NeedFacts,
  type OpportunityFacts,
} from "../../src/core/index.js";

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 4 });
const day = fc.integer({ min: 0, max: 700 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));

export const need: fc.Arbitrary<NeedFacts> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  severity: maybe(fc.integer({ min: 1, max: 5 })),
  urgency: maybe(fc.integer({ min: 1, max: 5 })),
  our_fit: maybe(fc.integer({ min: 0, max: 3 })),
  confirmed: fc.boolean(),
});

export const contact: fc.Arbitrary<ContactFacts> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  role: fc.constantFrom(...ROLES),
  influence: fc.constantFrom(...INFLUENCES),
  attitude: maybe(fc.integer({ min: -2, max: 2 })),
  relationship_strength: maybe(fc.integer({ min: 0, max: 4 })),
  response_mode: maybe(fc.constantFrom(...RESPONSE_MODES)),
  last_contact_date: maybe(day),
});

const accountOpportunity: fc.Arbitrary<OpportunityFacts> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  stage: fc.constantFrom(...STAGES),
  amount: fc.integer({ min: 1, max: 1e9 }),
  meddpicc: maybe(fc.record({ economic_buyer: fc.boolean(), champion: fc.boolean() })),
});

export const account: fc.Arbitrary<AccountFacts> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }),
  is_existing_customer: maybe(fc.boolean()),
  revenue_ttm: maybe(fc.integer({ min: 0, max: 2e9 })),
  gross_margin_pct: maybe(fc.double({ min: 0, max: 100, noNaN: true })),
  relationship_years: maybe(fc.integer({ min: 0, max: 30 })),
  wallet_annual: maybe(fc.integer({ min: 0, max: 5e9 })),
  industry_outlook: maybe(fc.constantFrom(...INDUSTRY_OUTLOOKS)),
  market_position: maybe(fc.constantFrom(...MARKET_POSITIONS)),
  development_trend: maybe(fc.constantFrom(...DEVELOPMENT_TRENDS)),
  budget_status: maybe(fc.constantFrom(...BUDGET_STATUSES)),
  segment_match: maybe(fc.boolean()),
  reference_value: maybe(fc.constantFrom(...REFERENCE_VALUES)),
  retention_rate: maybe(fc.double({ min: 0.01, max: 0.99, noNaN: true })),
  discount_rate: maybe(fc.double({ min: 0.01, max: 0.99, noNaN: true })),
  needs: maybe(fc.array(need, { maxLength: 4 })),
  contacts: maybe(fc.array(contact, { maxLength: 8 })),
  opportunities: maybe(fc.array(accountOpportunity, { maxLength: 3 })),
});

export interface PipelineOpp {
  id: string;
  stage: (typeof STAGES)[number];
  amount: number;
  expected_close_date: string;
}

export const pipelineOpp = (idArb: fc.Arbitrary<string>): fc.Arbitrary<PipelineOpp> =>
  fc.record({
    id: idArb,
    stage: fc.constantFrom(...STAGES),
    amount: fc.integer({ min: 1, max: 1e10 }),
    expected_close_date: day,
  });

/** A list with unique ids. */
export const pipeline = (maxLength: number): fc.Arbitrary<PipelineOpp[]> =>
  fc.uniqueArray(pipelineOpp(fc.string({ minLength: 1, maxLength: 3 })), { maxLength, selector: (o) => o.id });

const rate = fc.integer({ min: 1, max: 10_000 }).map((n) => n / 10_000);
const stageRates = fc.record({ S0: rate, S1: rate, S2: rate, S3: rate, S4: rate, S5: rate });
export const rates = fc.record({ count: stageRates, amount: stageRates });
