// The demo portfolio: believable, valid, deterministic, and spread so every part of the product has data.
import { describe, expect, it } from "vitest";
import {
  addDays,
  assess,
  conversionRates,
  daysBetween,
  DISCOVERY_METHODS,
  funnel,
  isOpen,
  ROLES,
  STAGES,
  type OpportunityHistory,
} from "../../src/core/index.js";
import { demoPortfolio } from "../../src/features/demo/portfolio.js";
import { parseImportFile } from "../../src/features/import-export/import-parse.js";
import { importAccountSchema } from "../../src/features/import-export/records.js";

const TODAY = "2025-06-30";
const pf = demoPortfolio(TODAY);
const opps = pf.accounts.flatMap((a) => a.opportunities ?? []);
const WAN = 10_000;

describe("demo portfolio validity", () => {
  it("has about thirty accounts for 华东政企一部 in #kv-huadong", () => {
    expect(pf.team).toEqual({ name: "华东政企一部", channel: "#kv-huadong" });
    expect(pf.accounts.length).toBeGreaterThanOrEqual(28);
    expect(pf.accounts.length).toBeLessThanOrEqual(35);
  });

  it("passes the import record schema, account by account", () => {
    for (const a of pf.accounts) {
      const r = importAccountSchema.safeParse(a);
      expect(r.success ? [] : r.error.issues, a.id).toEqual([]);
    }
  });

  it("imports as a whole file (no duplicate ids or names)", () => {
    const r = parseImportFile(JSON.stringify({ accounts: pf.accounts }), "json");
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it.each(["2024-02-29", "2025-01-01", "2025-12-31", "2026-03-15"])("is valid for today = %s too", (today) => {
    const r = parseImportFile(JSON.stringify(demoPortfolio(today)), "json");
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it("refuses a today that is not a date", () => {
    expect(() => demoPortfolio("2025-02-30")).toThrow(RangeError);
  });
});

describe("demo portfolio determinism", () => {
  it("gives the same data for the same today", () => {
    expect(JSON.stringify(demoPortfolio(TODAY))).toBe(JSON.stringify(pf));
  });

  it("moves every date with today, a week later by a week", () => {
    const later = demoPortfolio(addDays(TODAY, 7));
    const dates = (p: typeof pf): string[] => JSON.stringify(p.accounts).match(/\d{4}-\d{2}-\d{2}/g) ?? [];
    expect(dates(later)).toEqual(dates(pf).map((d) => addDays(d, 7)));
  });
});

describe("demo portfolio spread (scored by the core)", () => {
  const results = pf.accounts.map((a) => assess(a, { asOf: TODAY }));

  it("puts at least four tiered accounts in every quadrant and at least two provisional ones", () => {
    const tiered = results.filter((r) => !r.provisional);
    for (const q of ["strategic", "develop", "maintain", "opportunistic"] as const) {
      expect(tiered.filter((r) => r.quadrant === q).length, q).toBeGreaterThanOrEqual(4);
    }
    expect(results.filter((r) => r.provisional).length).toBeGreaterThanOrEqual(2);
  });

  it("gives the red flags a rep should see: EB opposed, no coach, stale contacts, late-stage deals without a champion", () => {
    const flags = new Set(results.flatMap((r) => r.red_flags));
    for (const f of [
      "eb_missing",
      "eb_opposed",
      "eb_weak_relationship",
      "no_coach",
      "contact_stale",
      "late_stage_unqualified",
      "no_budget_late_stage",
      "no_contacts",
      "high_influence_opposed",
    ]) {
      expect(flags, f).toContain(f);
    }
  });
});

describe("demo portfolio facts", () => {
  it("has aliases for every account, English ones for some", () => {
    expect(pf.accounts.every((a) => (a.aliases ?? []).length > 0)).toBe(true);
    expect(pf.accounts.filter((a) => a.aliases?.some((x) => /^[A-Za-z]/.test(x))).length).toBeGreaterThanOrEqual(8);
  });

  it("leaves facts unknown where a CRM has gaps", () => {
    expect(pf.accounts.some((a) => a.wallet_annual === null)).toBe(true);
    expect(pf.accounts.some((a) => a.budget_status === undefined || a.budget_status === null)).toBe(true);
    expect(pf.accounts.some((a) => (a.contacts ?? []).some((c) => c.attitude === null))).toBe(true);
  });

  it("names contacts in every decision role, with titles such as 副局长, 信息中心主任, 科长", () => {
    const contacts = pf.accounts.flatMap((a) => a.contacts ?? []);
    expect(new Set(contacts.map((c) => c.role))).toEqual(new Set(ROLES));
    const titles = contacts.map((c) => c.title ?? "");
    for (const t of ["副局长", "信息中心主任", "科长"])
      expect(
        titles.some((x) => x.includes(t)),
        t,
      ).toBe(true);
  });

  it("records needs with severity, urgency and fit", () => {
    const needs = pf.accounts.flatMap((a) => a.needs ?? []);
    expect(needs.length).toBeGreaterThanOrEqual(25);
    expect(
      needs.filter((n) => n.severity != null && n.urgency != null && n.our_fit != null).length,
    ).toBeGreaterThanOrEqual(25);
  });

  it("has opportunities at every stage, from every discovery method, between 50万 and 5000万", () => {
    expect(new Set(opps.map((o) => o.stage))).toEqual(new Set(STAGES));
    const sources = new Set(opps.map((o) => o.source));
    for (const m of [...DISCOVERY_METHODS, "other", "unknown"]) expect(sources, m).toContain(m);
    for (const o of opps) {
      expect(o.amount, o.id).toBeGreaterThanOrEqual(50 * WAN);
      expect(o.amount, o.id).toBeLessThanOrEqual(5000 * WAN);
    }
  });

  it("closes deals within the trailing four quarters", () => {
    const closed = opps.filter((o) => !isOpen(o.stage));
    expect(closed.length).toBeGreaterThanOrEqual(15);
    for (const o of closed) {
      const ago = daysBetween(o.closed_date ?? "", TODAY);
      expect(ago, o.id).toBeGreaterThan(0);
      expect(ago, o.id).toBeLessThan(365);
    }
  });

  it("has overdue and stalled open deals, and S4/S5 deals without a champion", () => {
    const open = opps.filter((o) => isOpen(o.stage));
    expect(open.filter((o) => (o.expected_close_date ?? "") < TODAY).length).toBeGreaterThanOrEqual(2);
    const daysInStage = (o: (typeof open)[number]): number =>
      daysBetween(o.stage_history?.at(-1)?.entered_date ?? TODAY, TODAY);
    expect(open.filter((o) => daysInStage(o) >= 90).length).toBeGreaterThanOrEqual(2);
    expect(
      open.filter((o) => (o.stage === "S4" || o.stage === "S5") && o.meddpicc?.champion === false).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("gives the core a closed cohort to compute conversion rates from", () => {
    const history: OpportunityHistory[] = opps.map((o) => ({ ...o, stage_history: o.stage_history ?? [] }));
    const c = conversionRates(history, { asOf: TODAY });
    expect(c.cohort).toBe(opps.filter((o) => !isOpen(o.stage)).length);
    expect(c.won).toBeGreaterThanOrEqual(8);
    expect(c.avg_won_size).not.toBeNull();
    expect(c.cycle_days).not.toBeNull();
  });

  it("sets a calendar-year target the in-period pipeline does not quite cover", () => {
    expect(pf.target).toMatchObject({ period: "2025", period_start: "2025-01-01", period_end: "2025-12-31" });
    expect(pf.target.amount % (100 * WAN)).toBe(0);
    const won = opps.filter((o) => o.stage === "W" && (o.closed_date ?? "") >= "2025-01-01");
    const wonToDate = won.reduce((s, o) => s + (o.final_amount ?? o.amount), 0);
    const f = funnel({
      as_of: TODAY,
      period_end: pf.target.period_end,
      target: pf.target.amount,
      won_to_date: wonToDate,
      avg_won_size: 3_000_000,
      cycle_days: 180,
      opportunities: opps
        .filter((o) => isOpen(o.stage))
        .map((o) => ({
          id: o.id,
          stage: o.stage,
          amount: o.amount,
          expected_close_date: o.expected_close_date ?? TODAY,
        })),
    });
    expect(f.coverage?.weighted).toBeGreaterThan(0.6);
    expect(f.coverage?.weighted).toBeLessThan(1);
  });
});
