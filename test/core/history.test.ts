// The facts behind `/kvalue history`: walking the audit trail back from today's facts gives the facts before each
// change (created parts removed, changed fields restored, the account's own creation ends the trail), and each
// step's V before is the V after of the step before it.
import { describe, expect, it } from "vitest";
import { assess, rewind, scoreTrail, type AccountFacts } from "../../src/core/index.js";

const now: AccountFacts = {
  id: "A1",
  name: "东江省水利厅",
  customer_type: "gov",
  admin_level: "provincial",
  industry: "e_gov",
  revenue_ttm: 3_000_000,
  wallet_annual: 40_000_000,
  budget_status: "approved",
  contacts: [
    { id: "C1", name: "张三", role: "economic_buyer", influence: "high", attitude: 2, relationship_strength: 3 },
    { id: "C2", name: "李四", role: "coach", influence: "low", attitude: 1, relationship_strength: 2 },
  ],
  opportunities: [{ id: "O1", name: "平台", stage: "S3", amount: 5_000_000 }],
};

describe("rewind", () => {
  it("restores changed fields and removes what the change created", () => {
    const before = rewind(now, [
      { entity: "account", entityId: "A1", field: "budget_status", before: "planned", after: "approved" },
      { entity: "contact", entityId: "C2", field: "*", before: null, after: { created: true } },
      { entity: "contact", entityId: "C1", field: "attitude", before: 0, after: 2 },
      { entity: "opportunity", entityId: "O1", field: "stage", before: "S2", after: "S3" },
      { entity: "opportunity", entityId: "O1", field: "closed_date", before: null, after: null },
    ]);
    expect(before?.budget_status).toBe("planned");
    expect(before?.contacts?.map((c) => [c.id, c.attitude])).toEqual([["C1", 0]]);
    expect(before?.opportunities?.[0]?.stage).toBe("S2");
    // Today's facts are left as they were.
    expect(now.budget_status).toBe("approved");
    expect(now.contacts).toHaveLength(2);
    expect(now.contacts?.[0]?.attitude).toBe(2);
  });

  it("ends at the account's creation", () => {
    expect(rewind(now, [{ entity: "account", entityId: "A1", field: "*", before: null, after: {} }])).toBeNull();
  });
});

describe("scoreTrail", () => {
  it("scores each step before and after; a step's before is the older step's after", () => {
    const asOf = "2026-12-01";
    const trail = scoreTrail(now, [
      {
        asOf,
        changes: [{ entity: "account", entityId: "A1", field: "budget_status", before: "none", after: "approved" }],
      },
      { asOf, changes: [{ entity: "contact", entityId: "C1", field: "attitude", before: -2, after: 2 }] },
      { asOf, changes: [{ entity: "account", entityId: "A1", field: "*", before: null, after: {} }] },
    ]);
    expect(trail[0]?.after?.v).toBe(assess(now, { asOf }).scores.V);
    expect(trail[0]?.after?.v).toBeGreaterThan(trail[0]?.before?.v ?? Infinity);
    expect(trail[1]?.after).toEqual(trail[0]?.before);
    expect(trail[1]?.after?.v).toBeGreaterThan(trail[1]?.before?.v ?? Infinity);
    expect(trail[2]?.after).toEqual(trail[1]?.before);
    expect(trail[2]?.before).toBeNull();
  });

  it("a trail that rewinds to facts outside the contract has no score there, rather than a wrong one", () => {
    const [step] = scoreTrail(now, [
      {
        asOf: "2026-12-01",
        changes: [{ entity: "account", entityId: "A1", field: "budget_status", before: "maybe", after: "approved" }],
      },
    ]);
    expect(step?.after).not.toBeNull();
    expect(step?.before).toBeNull();
  });
});
