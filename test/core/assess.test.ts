// METHOD §3–§4 worked examples (§7.1–§7.4): scores, matrix, red flags, collect-next and the §3.6 explanation.
import { describe, expect, it } from "vitest";
import { assess, round2, round4, type AccountFacts, type Driver } from "../../src/core/index.js";
import { account } from "./accounts.js";

const A = account("assess-abc", "A"),
  B = account("assess-abc", "B"),
  C = account("assess-abc", "C");
const facts = (drivers: Driver[], sub: string): Record<string, unknown>[] =>
  drivers.filter((d) => d.sub === sub).map((d) => ({ component: d.component, ...d.facts }));

describe("account A 某省大数据管理局 (§7.1)", () => {
  const a = assess(A);

  it("shows strategic P1 for account A with high confidence", () => {
    expect([a.quadrant, a.tier, a.priority, a.confidence]).toEqual(["strategic", "strategic", "P1", "high"]);
    expect(round2(a.scores.V)).toBe(77.8);
    expect(a.red_flags).toEqual([]);
  });

  it("orders the contributions PT > CV > SF > RA", () => {
    const c = a.explanation.contributions;
    expect(c.map((x) => x.sub)).toEqual(["PT", "CV", "SF", "RA"]);
    expect(c.map((x) => round2(x.points))).toEqual([23.53, 22.41, 15.98, 15.89]);
  });

  it("states the potential driver as the facts: wallet 3,000万 − revenue 300万 → headroom 1,700万", () => {
    expect(facts(a.explanation.drivers, "PT")[0]).toEqual({
      component: "S_head",
      wallet_annual: 20_000_000,
      revenue_ttm: 3_000_000,
      headroom: 17_000_000,
    });
  });

  it("names the two largest drivers of each sub-score", () => {
    const d = a.explanation.drivers;
    expect(d.map((x) => `${x.sub}:${x.component}`)).toEqual([
      "CV:S_rev",
      "CV:S_gm",
      "PT:S_head",
      "PT:industry_outlook",
      "SF:S_need",
      "SF:budget_status",
      "RA:M",
      "RA:C",
    ]);
    expect(facts(d, "SF")[0]).toEqual({
      component: "S_need",
      need_id: "p1",
      severity: 5,
      urgency: 4,
      our_fit: 3,
      confirmed: true,
    });
  });

  it("recommends 深耕 and pushing 标前引导 into the customer's planned budget", () => {
    expect(a.explanation.actions).toEqual(["deepen_expand", "guide_customer_budget"]);
  });

  it("shows no CLV without retention and discount, and CLV 4,050,000 with r = 0.90, d = 0.10", () => {
    expect(a.explanation.clv).toBeNull();
    const withClv: AccountFacts = { ...A, retention_rate: 0.9, discount_rate: 0.1 };
    expect(round2(assess(withClv).explanation.clv ?? NaN)).toBe(4_050_000);
  });
});

describe("account B 某地市人民医院 (§7.2)", () => {
  const b = assess(B);

  it("shows develop P2, tier key, with RA 39.38", () => {
    expect([b.quadrant, b.tier, b.priority]).toEqual(["develop", "key", "P2"]);
    expect(round2(b.scores.RA)).toBe(39.38);
  });

  it("says X must rise by 27.46 to reach strategic", () => {
    const n = b.explanation.nearest;
    expect([n.quadrant, n.axis, round2(n.distance)]).toEqual(["strategic", "X", 27.46]);
    expect(round2(b.explanation.boundary.x)).toBe(-27.46);
    expect(round2(b.explanation.boundary.y)).toBe(31.39);
  });

  it("adds find a coach, identify the user buyer and raise the EB relationship (RA < 50)", () => {
    expect(b.explanation.actions).toEqual(["invest_grow", "find_coach_identify_ub_raise_eb"]);
  });

  it("flags the weak EB relationship, the missing coach and the uncovered user buyer", () => {
    expect(b.red_flags).toEqual(["eb_weak_relationship", "no_coach", "role_uncovered:user_buyer"]);
    expect(facts(b.explanation.drivers, "RA")[1]).toEqual({
      component: "C",
      core_roles_covered: 2,
      core_roles_missing: "user_buyer,coach",
    });
  });
});

describe("account C 某区县国企 (§7.3)", () => {
  const c = assess(C);

  it("caps RA at 30 because the EB opposes, and shows maintain P3 with medium confidence", () => {
    expect(c.ra_capped).toBe(true);
    expect(round2(c.scores.RA)).toBe(30);
    expect([c.quadrant, c.tier, c.priority, c.confidence]).toEqual(["maintain", "key", "P3", "medium"]);
    expect(round4(c.completeness.overall)).toBe(0.7667);
  });

  it("asks next for wallet_annual, budget_status and the procurement contact's strength", () => {
    expect(c.collect_next.map((x) => [x.field, round4(x.weight)])).toEqual([
      ["wallet_annual", 0.15],
      ["budget_status", 0.05],
      ["contacts[c3].relationship_strength", 0.0133],
    ]);
  });

  it("adds repairing the EB relationship before renewal", () => {
    expect(c.explanation.actions).toEqual(["protect_share", "repair_eb_before_renewal"]);
  });

  it("does not name an unknown fact as a driver", () => {
    expect(c.explanation.drivers.some((d) => d.component === "S_head" || d.component === "budget_status")).toBe(false);
  });
});

describe("§7.4 edge cases", () => {
  it("gives a prospect CV 0.00 with κ_CV = 1", () => {
    const p = assess(account("assess-edge", "E-new"));
    expect([p.scores.CV, p.completeness.CV]).toEqual([0, 1]);
    expect(p.explanation.drivers[0]).toMatchObject({ sub: "CV", facts: { is_existing_customer: false } });
  });

  it("gives PT 50.00 with κ_PT = 0 when every PT fact is unknown", () => {
    const p = assess({ id: "x", revenue_ttm: 1_000_000 });
    expect([p.scores.PT, p.completeness.PT]).toEqual([50, 0]);
  });

  it("gives RA 0.00, κ_RA 0 and the 决策链未识别 flag with no contacts", () => {
    const p = assess({ id: "x", contacts: [] });
    expect([p.scores.RA, p.completeness.RA, p.red_flags]).toEqual([0, 0, ["no_contacts"]]);
  });

  it("keeps the quadrant but withholds tier and priority below κ 0.5 (provisional)", () => {
    const p = assess(account("assess-edge", "E-empty"));
    expect([p.provisional, p.quadrant, p.tier, p.priority]).toEqual([true, "strategic", null, null]);
    expect(p.explanation.actions).toEqual(["collect_facts_first"]);
  });

  it("flags stale contacts only when an as-of date is given", () => {
    const stale: AccountFacts = {
      ...B,
      contacts: (B.contacts ?? []).map((c) => ({ ...c, last_contact_date: "2025-03-31" })),
    };
    expect(assess(stale).red_flags).not.toContain("contact_stale");
    expect(assess(stale, { asOf: "2025-06-29" }).red_flags).not.toContain("contact_stale"); // 90 days: not more
    expect(assess(stale, { asOf: "2025-06-30" }).red_flags).toContain("contact_stale");
  });

  it("flags late-stage opportunities without EB or champion, and S3+ without customer budget", () => {
    const p = assess({
      ...A,
      budget_status: "none",
      opportunities: [{ id: "o1", stage: "S4", amount: 1, meddpicc: { economic_buyer: true, champion: false } }],
    });
    expect(p.red_flags).toEqual(["late_stage_unqualified", "no_budget_late_stage"]);
  });

  it("lists the red flags in the fixed §10.1 order", () => {
    const p = assess({
      id: "x",
      contacts: [
        { id: "k1", role: "influencer", influence: "high", attitude: -2, relationship_strength: 1 },
        {
          id: "k2",
          role: "economic_buyer",
          influence: "high",
          attitude: -1,
          relationship_strength: 0,
          response_mode: "overconfident",
        },
      ],
    });
    expect(p.red_flags).toEqual([
      "eb_opposed",
      "eb_weak_relationship",
      "eb_response_mode",
      "no_coach",
      "role_uncovered:technical_buyer",
      "role_uncovered:user_buyer",
      "high_influence_opposed",
    ]);
  });

  it("asks for eb_missing when no economic buyer is known", () => {
    expect(assess({ id: "x", contacts: [{ id: "k", role: "coach", influence: "low" }] }).red_flags[0]).toBe(
      "eb_missing",
    );
  });
});
