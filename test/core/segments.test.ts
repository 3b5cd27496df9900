// The segment rules of METHOD §2.3: GB/T 2260 region codes and containment, which segment an account takes its
// defaults from, and that a default fills only an unknown fact and says where it came from.
import { describe, expect, it } from "vitest";
import {
  applySegmentDefaults,
  checkSegmentKey,
  checkSegmentPatch,
  EMPTY_SEGMENT,
  regionCodeIssue,
  regionCovers,
  segmentDiff,
  segmentsOf,
  walletEstimate,
  type AccountFacts,
  type SegmentRecord,
} from "../../src/core/index.js";

const seg = (id: string, over: Partial<SegmentRecord>): SegmentRecord => ({
  ...EMPTY_SEGMENT,
  id,
  industry: "healthcare",
  region_code: "330000",
  year: 2026,
  ...over,
});

describe("region codes", () => {
  it("accepts province, prefecture and county codes of known provinces only", () => {
    expect(regionCodeIssue("330000")).toBeNull();
    expect(regionCodeIssue("330100")).toBeNull();
    expect(regionCodeIssue("330106")).toBeNull();
    expect(regionCodeIssue("990000")).toBe("unknown_province");
    expect(regionCodeIssue("3301")).toBe("format");
    expect(regionCodeIssue("330007")).toBe("format"); // a county under no prefecture
  });
  it("a province covers its prefectures and counties; a prefecture not its neighbours", () => {
    expect(regionCovers("330000", "330106")).toBe(true);
    expect(regionCovers("330100", "330106")).toBe(true);
    expect(regionCovers("330100", "330206")).toBe(false);
    expect(regionCovers("330106", "330106")).toBe(true);
    expect(regionCovers("320000", "330106")).toBe(false);
  });
});

describe("segmentsOf", () => {
  it("takes the latest year not after the date's, then the most specific region", () => {
    const all = [
      seg("p26", {}),
      seg("c26", { region_code: "330100" }),
      seg("p25", { year: 2025 }),
      seg("p27", { year: 2027 }),
      seg("edu", { industry: "education" }),
      seg("js", { region_code: "320000" }),
    ];
    const got = segmentsOf({ id: "a", industry: "healthcare", region_code: "330102" }, all, 2026).map((s) => s.id);
    expect(got).toEqual(["c26", "p26", "p25"]);
    expect(segmentsOf({ id: "a", industry: "healthcare", region_code: null }, all, 2026)).toEqual([]);
  });
});

describe("applySegmentDefaults", () => {
  const s = seg("s1", {
    industry_outlook: "growth",
    market_wallet: 600_000_000,
    market_accounts: 80,
    chosen: false,
    solution_fit: [
      { line: "智慧医院", fit: 3 },
      { line: "security", fit: 1 },
    ],
  });
  const base: AccountFacts = {
    id: "a1",
    industry: "healthcare",
    region_code: "330102",
    needs: [
      { id: "n1", description: "建设智慧医院平台", our_fit: null, confirmed: false },
      { id: "n2", description: "等保测评", category: "security", our_fit: null, confirmed: false },
      { id: "n3", description: "智慧医院二期", our_fit: 0, confirmed: false },
      { id: "n4", description: "食堂", category: "cost", our_fit: null, confirmed: false },
    ],
  };

  it("fills each unknown fact the segment feeds and names the segment", () => {
    const { facts, defaults } = applySegmentDefaults(base, [s], 2026);
    expect(facts.industry_outlook).toBe("growth");
    expect(facts.wallet_annual).toBe(7_500_000);
    expect(facts.segment_match).toBe(false);
    expect(facts.needs?.map((n) => n.our_fit)).toEqual([3, 1, 0, null]);
    expect(defaults.map((d) => `${d.field}${d.need_id ? `:${d.need_id}` : ""}=${d.value}@${d.segment.id}`)).toEqual([
      "industry_outlook=growth@s1",
      "wallet_annual=7500000@s1",
      "segment_match=false@s1",
      "our_fit:n1=3@s1",
      "our_fit:n2=1@s1",
    ]);
    expect(base.industry_outlook).toBeUndefined(); // the input is not touched
  });

  it("keeps the account's own facts: a known value is never replaced", () => {
    const own = { ...base, industry_outlook: "decline" as const, wallet_annual: 0, segment_match: true };
    const { facts, defaults } = applySegmentDefaults(own, [s], 2026);
    expect([facts.industry_outlook, facts.wallet_annual, facts.segment_match]).toEqual(["decline", 0, true]);
    expect(defaults.map((d) => d.field)).toEqual(["our_fit", "our_fit"]);
  });

  it("takes each fact from the first segment that has it", () => {
    const city = seg("city", { region_code: "330100", chosen: true });
    const { defaults } = applySegmentDefaults(base, [s, city], 2026);
    expect(defaults.find((d) => d.field === "segment_match")).toMatchObject({ value: true, segment: { id: "city" } });
    expect(defaults.find((d) => d.field === "industry_outlook")?.segment.id).toBe("s1");
  });

  it("gives nothing to an account outside the segment", () => {
    expect(applySegmentDefaults({ ...base, region_code: "320102" }, [s], 2026).defaults).toEqual([]);
    expect(applySegmentDefaults({ ...base, industry: "finance" }, [s], 2026).defaults).toEqual([]);
    expect(applySegmentDefaults(base, [s], 2025).defaults).toEqual([]);
  });

  it("estimates a wallet only when both the wallet and the customer count are known", () => {
    expect(walletEstimate({ market_wallet: 100, market_accounts: 3 })).toBe(33);
    expect(walletEstimate({ market_wallet: 100, market_accounts: null })).toBeNull();
    expect(walletEstimate({ market_wallet: null, market_accounts: 3 })).toBeNull();
  });
});

describe("checks", () => {
  it("names each bad part of a key", () => {
    const r = checkSegmentKey({ industry: "medical", region_code: "990000", year: 1999 });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => `${i.field}:${i.code}`)).toEqual([
        "industry:unknown_industry",
        "region_code:unknown_region",
        "year:bad_year",
      ]);
  });

  it("refuses a target that is not money, a fit outside 0–3 and unknown fields, naming each", () => {
    const { issues } = checkSegmentPatch({
      revenue_target: "很多",
      market_wallet: -5,
      solution_fit: [{ line: "政务云", fit: 4 }],
      competition_intensity: "extreme",
      colour: "red",
    });
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      "revenue_target:not_money",
      "market_wallet:not_money",
      "solution_fit:fit_range",
      "competition_intensity:not_enum",
      "colour:unknown_field",
    ]);
  });

  it("diffs only what changes (lists by content)", () => {
    const before = { ...EMPTY_SEGMENT, competitors: ["甲"], strategy: "x" };
    expect(segmentDiff(before, { competitors: ["甲"], strategy: "y" })).toEqual([
      { field: "strategy", before: "x", after: "y" },
    ]);
  });
});
