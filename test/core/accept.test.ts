// The quick yes/no check of assess input (src/core/fast/accept.ts) against the zod schema it stands in for: on
// random accounts and on accounts with one value replaced by something odd, it says yes exactly when the schema
// does, and then the account scores exactly as the schema's parse of it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acceptAccount, acceptAsOf } from "../../src/core/fast/accept.js";
import { isCalendarDate } from "../../src/core/calendar-date.js";
import { accountSchema, assessInputSchema, isoDate } from "../../src/core/facts.js";
import { assess } from "../../src/core/index.js";
import { account } from "./arbitraries.js";

/** Values that sit on or just past some field's edge, of every JSON type. */
const ODD: unknown[] = [
  null,
  undefined,
  "",
  "x",
  "growth",
  "high",
  "coach",
  "S3",
  "W",
  "planned",
  "referral",
  "2024-02-29",
  "2023-02-29",
  "2025-13-01",
  "2025-00-10",
  "2025-04-31",
  "0000-01-01",
  "9999-12-31",
  "2025-1-01",
  "２０２５-01-01",
  "110000",
  "11000",
  "91350100M000100Y43",
  "91350100M000100I43",
  -3,
  -2,
  -1,
  0,
  0.5,
  1,
  2,
  3,
  4,
  5,
  6,
  99.5,
  100,
  100.01,
  1e-9,
  0.999999,
  2 ** 53,
  2 ** 53 - 1,
  1e21,
  true,
  false,
  [],
  [{}],
  {},
  { economic_buyer: true },
  { economic_buyer: null, champion: false },
  { economic_buyer: "yes" },
  { pain: true },
  { id: "n" },
  { id: "c", role: "coach", influence: "low" },
  { id: "o", stage: "S2", amount: 10 },
];

const FIELDS = [
  "id",
  "name",
  "uscc",
  "customer_type",
  "admin_level",
  "industry",
  "region_code",
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
  "needs",
  "contacts",
  "opportunities",
  "an_unknown_key",
];
const PART_FIELDS = {
  needs: ["id", "description", "category", "severity", "urgency", "our_fit", "confirmed", "metric", "extra"],
  contacts: [
    "id",
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
    "extra",
  ],
  opportunities: ["id", "name", "stage", "amount", "expected_close_date", "source", "meddpicc", "extra"],
} as const;

type Json = Record<string, unknown>;

/** Sets `key` of `o` to `value` (absent when undefined). */
function put(o: Json, key: string, value: unknown): void {
  if (value === undefined) delete o[key];
  else o[key] = structuredClone(value);
}

/** An account with one value replaced: a field of the account, of one of its parts, or of an opportunity's MEDDPICC. */
const mutated = fc
  .tuple(
    account,
    fc.constantFrom("account", "needs", "contacts", "opportunities", "meddpicc"),
    fc.nat(),
    fc.nat(),
    fc.constantFrom(...ODD),
  )
  .map(([a, where, i, j, value]) => {
    const o = structuredClone(a) as Json;
    if (where === "account") put(o, FIELDS[i % FIELDS.length] as string, value);
    else if (where === "meddpicc") {
      const opps = o.opportunities as Json[] | null | undefined;
      const opp = opps?.[i % Math.max(1, opps.length)];
      if (opp)
        put((opp.meddpicc ??= {}) as Json, ["champion", "metrics", "pain", "economic_buyer"][j % 4] as string, value);
    } else {
      const list = o[where] as Json[] | null | undefined;
      const item = list?.[i % Math.max(1, list.length)];
      const fields = PART_FIELDS[where];
      if (item) put(item, fields[j % fields.length] as string, value);
      else put(o, where, value);
    }
    return o;
  });

describe("acceptAccount against accountSchema", () => {
  it("says yes to what the schema accepts, and the account then scores as the schema's parse", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          account.map((a) => a as unknown as Json),
          mutated,
        ),
        (input) => {
          const byZod = accountSchema.safeParse(structuredClone(input));
          const mine = structuredClone(input);
          expect(acceptAccount(mine)).toBe(byZod.success);
          if (byZod.success && acceptAccount(mine)) {
            expect({ ...assess(mine, { asOf: "2025-06-30" }) }).toStrictEqual({
              ...assess(byZod.data, { asOf: "2025-06-30" }),
            });
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("agrees on every odd value in every field of an account, its parts and an opportunity's MEDDPICC", () => {
    const base: Json = {
      id: "A",
      gross_margin_pct: 30,
      needs: [{ id: "n1", severity: 3, urgency: 2, our_fit: 1, confirmed: true }],
      contacts: [{ id: "c1", role: "economic_buyer", influence: "high", attitude: 1, last_contact_date: "2025-01-02" }],
      opportunities: [{ id: "o1", stage: "S3", amount: 1000, meddpicc: { champion: true } }],
    };
    const cases: Json[] = [];
    for (const value of ODD) {
      for (const f of FIELDS) {
        const o = structuredClone(base);
        put(o, f, value);
        cases.push(o);
      }
      for (const [part, fields] of Object.entries(PART_FIELDS))
        for (const f of fields) {
          const o = structuredClone(base);
          put((o[part] as Json[])[0] as Json, f, value);
          cases.push(o);
        }
      for (const k of ["champion", "metrics", "pain"]) {
        const o = structuredClone(base);
        put(((o.opportunities as Json[])[0] as Json).meddpicc as Json, k, value);
        cases.push(o);
      }
    }
    let accepted = 0;
    for (const input of cases) {
      const byZod = accountSchema.safeParse(structuredClone(input)).success;
      expect([acceptAccount(structuredClone(input)), input]).toStrictEqual([byZod, input]);
      if (byZod) accepted++;
    }
    // Both answers occur often: the cases are on the edges.
    expect(accepted).toBeGreaterThan(cases.length / 10);
    expect(accepted).toBeLessThan(cases.length * 0.9);
  });

  // isoDate checks the calendar with isCalendarDate itself; a Date built and printed back is the oracle of both.
  it("is exactly isoDate on dates, and the calendar of a Date printed back, in the years 0000–9999", () => {
    const digits = (n: number, w: number) => String(n).padStart(w, "0");
    const printedBack = (s: string) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const s = `${digits(y, 4)}-${digits(m, 2)}-${digits(d, 2)}`;
          expect(isCalendarDate(s)).toBe(isoDate.safeParse(s).success);
          expect(isCalendarDate(s)).toBe(printedBack(s));
        },
      ),
      { numRuns: 5000 },
    );
    for (const s of ["2024-2-29", " 2024-02-29", "2024-02-29Z", "abcd-ef-gh", 20240229, null])
      expect(isCalendarDate(s)).toBe(isoDate.safeParse(s).success);
  });

  it("takes as_of absent or a date, as the input schema does", () => {
    for (const asOf of [undefined, null, "2025-06-30", "2025-02-30", 20250630, ""]) {
      const doc = asOf === undefined ? { accounts: [] } : { as_of: asOf, accounts: [] };
      expect(acceptAsOf(asOf)).toBe(assessInputSchema.safeParse(doc).success);
    }
  });
});
