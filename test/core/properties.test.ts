// Properties of the method that must hold for any facts (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accountOutput,
  assess,
  atLeast,
  bridge,
  bridgeOutput,
  ceilCount,
  funnel,
  funnelOutput,
  inPeriod,
  q9,
  round2,
  type AccountFacts,
} from "../../src/core/index.js";
import { account, contact, pipeline, rates } from "./arbitraries.js";

const RUNS = { numRuns: 300 };

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object") {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe("value score properties (§3)", () => {
  it("keeps every score in 0–100 and every completeness in 0–1", () => {
    fc.assert(
      fc.property(account, (a) => {
        const r = assess(a, { asOf: "2025-06-30" });
        for (const v of Object.values(r.scores)) expect(v >= 0 && v <= 100 + 1e-9).toBe(true);
        for (const k of Object.values(r.completeness)) expect(k >= 0 && k <= 1 + 1e-9).toBe(true);
      }),
      RUNS,
    );
  });

  it("never lowers CV when revenue grows", () => {
    fc.assert(
      fc.property(account, fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: 0, max: 2e9 }), (a, r1, r2) => {
        const base: AccountFacts = { ...a, is_existing_customer: true };
        const lo = assess({ ...base, revenue_ttm: Math.min(r1, r2) }).scores.CV;
        const hi = assess({ ...base, revenue_ttm: Math.max(r1, r2) }).scores.CV;
        expect(q9(hi)).toBeGreaterThanOrEqual(q9(lo));
      }),
      RUNS,
    );
  });

  it("never lowers RA when an ally (attitude +2, strength 4) joins the decision map", () => {
    fc.assert(
      fc.property(account, contact, (a, c) => {
        const ally = { ...c, attitude: 2, relationship_strength: 4 };
        const before = assess(a).scores.RA;
        const after = assess({ ...a, contacts: [...(a.contacts ?? []), ally] }).scores.RA;
        expect(q9(after)).toBeGreaterThanOrEqual(q9(before));
      }),
      RUNS,
    );
  });

  it("never lowers RA when a contact's attitude or relationship improves", () => {
    fc.assert(
      fc.property(account, fc.nat(), (a, pick) => {
        const contacts = a.contacts ?? [];
        fc.pre(contacts.length > 0);
        const i = pick % contacts.length;
        const c = contacts[i];
        if (!c) return;
        const better = {
          ...c,
          attitude: Math.min(2, (c.attitude ?? 0) + 1),
          relationship_strength: Math.min(4, (c.relationship_strength ?? 0) + 1),
        };
        const after = assess({ ...a, contacts: contacts.map((x, j) => (j === i ? better : x)) }).scores.RA;
        expect(q9(after)).toBeGreaterThanOrEqual(q9(assess(a).scores.RA));
      }),
      RUNS,
    );
  });

  it("never lowers SF when a pain is confirmed by the customer", () => {
    fc.assert(
      fc.property(account, (a) => {
        const confirmed = { ...a, needs: a.needs?.map((n) => ({ ...n, confirmed: true })) ?? null };
        expect(q9(assess(confirmed).scores.SF)).toBeGreaterThanOrEqual(q9(assess(a).scores.SF));
      }),
      RUNS,
    );
  });

  it("places the quadrant by X and Y against 50 (ties high) and splits V into its contributions", () => {
    fc.assert(
      fc.property(account, (a) => {
        const r = assess(a);
        const highX = atLeast(r.scores.X, 50),
          highY = atLeast(r.scores.Y, 50);
        const expected = highY ? (highX ? "strategic" : "develop") : highX ? "maintain" : "opportunistic";
        expect(r.quadrant).toBe(expected);
        const sum = r.explanation.contributions.reduce((s, c) => s + c.points, 0);
        expect(sum).toBeCloseTo(r.scores.V, 9);
        expect(r.tier === null).toBe(r.provisional);
      }),
      RUNS,
    );
  });

  it("asks for at most three missing facts, heaviest first, each really missing", () => {
    fc.assert(
      fc.property(account, (a) => {
        const next = assess(a).collect_next;
        expect(next.length).toBeLessThanOrEqual(3);
        for (let i = 1; i < next.length; i++)
          expect(q9(next[i - 1]?.weight ?? 0)).toBeGreaterThanOrEqual(q9(next[i]?.weight ?? 0));
        for (const { field } of next) {
          if (field in a && field !== "contacts" && field !== "needs")
            expect(a[field as keyof AccountFacts]).toBeNull();
        }
      }),
      RUNS,
    );
  });

  it("is deterministic and leaves the facts untouched", () => {
    fc.assert(
      fc.property(account, (a) => {
        deepFreeze(a); // a write to the facts would throw (modules run in strict mode)
        const once = JSON.stringify(accountOutput(assess(a)));
        expect(JSON.stringify(accountOutput(assess(a)))).toBe(once);
      }),
      { numRuns: 100 },
    );
  });
});

const END = "2025-06-30";

describe("funnel and bridge properties (§5)", () => {
  const funnelInput = fc
    .record({
      target: fc.integer({ min: 0, max: 1e10 }),
      won: fc.integer({ min: 0, max: 1e10 }),
      avg: fc.integer({ min: 1, max: 1e8 }),
      cycle: fc.integer({ min: 0, max: 720 }),
      rates: fc.option(rates, { nil: undefined }),
      opps: pipeline(60),
    })
    .map((x) => ({
      as_of: "2025-01-06",
      period_end: END,
      target: x.target,
      won_to_date: x.won,
      avg_won_size: x.avg,
      cycle_days: x.cycle,
      ...(x.rates ? { rates: x.rates } : {}),
      opportunities: x.opps,
    }));

  it("makes the stage totals add up to the in-period pipeline", () => {
    fc.assert(
      fc.property(funnelInput, (input) => {
        const r = funnel(input);
        const open = input.opportunities.filter((o) => inPeriod(o, END));
        expect(r.stages.reduce((n, s) => n + s.open_count, 0)).toBe(open.length);
        expect(r.stages.reduce((n, s) => n + s.open_amount, 0)).toBe(open.reduce((n, o) => n + o.amount, 0));
        expect(round2(r.stages.reduce((n, s) => n + s.weighted_amount, 0))).toBe(round2(r.weighted_amount));
      }),
      RUNS,
    );
  });

  it("computes every required count from the real N_req, never from a rounded neighbour", () => {
    fc.assert(
      fc.property(funnelInput, (input) => {
        const r = funnel(input);
        const out = funnelOutput(r);
        out.stages.forEach((s, k) => {
          expect(s.required_count).toBe(ceilCount(r.required_wins / (r.stages[k]?.p_count ?? NaN)));
          expect(s.equivalent_count).toBe(ceilCount(r.shortfall.wins / (r.stages[k]?.p_count ?? NaN)));
        });
      }),
      RUNS,
    );
  });

  it("prints only finite numbers and nulls", () => {
    fc.assert(
      fc.property(funnelInput, (input) => {
        expect(JSON.stringify(funnelOutput(funnel(input)))).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: 100 },
    );
  });

  it("makes the bridge rows sum to the net change, to 0.01 CNY", () => {
    const snapshots = fc.record({
      before: pipeline(40),
      after: pipeline(40),
      rates: fc.option(rates, { nil: undefined }),
    });
    fc.assert(
      fc.property(snapshots, ({ before, after, rates: r }) => {
        const res = bridge({
          period_end: END,
          ...(r ? { rates: r } : {}),
          previous: { as_of: "2025-01-06", opportunities: before },
          current: { as_of: "2025-01-13", opportunities: after },
        });
        const sum = res.rows.reduce((s, row) => s + row.delta, 0);
        expect(Math.abs(sum - res.net)).toBeLessThan(0.01);
        expect(Math.abs(res.net - (res.weighted_after - res.weighted_before))).toBeLessThan(1e-6);
        for (const row of res.rows) {
          if (row.amount_effect !== null && row.stage_effect !== null) {
            expect(Math.abs(row.amount_effect + row.stage_effect - row.delta)).toBeLessThan(0.01);
          }
        }
        const out = bridgeOutput(res);
        for (let i = 1; i < out.rows.length; i++) {
          expect(Math.abs(out.rows[i - 1]?.delta ?? 0)).toBeGreaterThanOrEqual(
            Math.abs(out.rows[i]?.delta ?? 0) - 0.01,
          );
        }
      }),
      RUNS,
    );
  });
});
