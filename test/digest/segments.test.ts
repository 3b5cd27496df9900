// The digest's segment part (issue 10 item 5), pure: each account area joins exactly one group (the most specific
// segment of the year whose region contains it, else Other), groups are ordered chosen > undecided > not chosen, then
// by open pipeline, with Other last; the figures per group; and the rendered part within its limits in both languages.
import { describe, expect, it } from "vitest";
import { EMPTY_SEGMENT, type OpenStage, type SegmentRecord } from "../../src/core/index.js";
import type { SegmentAreaRow, SegmentMoveRow } from "../../src/features/digest/records.js";
import { SEGMENT_PART_CHARS, groupText, segmentBlocks } from "../../src/features/digest/render-segments.js";
import { segmentGroups } from "../../src/features/digest/segment-groups.js";
import type { Digest } from "../../src/features/digest/types.js";
import { textOf } from "../support/fake-slack.js";

const P_AMT: Record<OpenStage, number> = { S0: 0.05, S1: 0.1, S2: 0.2, S3: 0.4, S4: 0.6, S5: 0.8 };

const segment = (id: string, industry: string, region: string, facts: Partial<SegmentRecord> = {}): SegmentRecord =>
  ({ ...EMPTY_SEGMENT, id, industry, region_code: region, year: 2026, ...facts }) as SegmentRecord;

const SEGMENTS = [
  segment("gov-31", "e_gov", "310000", {
    chosen: true,
    revenue_target: 10_000_000,
    competitors: ["甲科技", "乙软件"],
    competition_intensity: "high",
  }),
  segment("gov-3101", "e_gov", "310100"),
  segment("health-31", "healthcare", "310000", { chosen: false, revenue_target: 5_000_000 }),
  segment("edu-31", "education", "310000", { chosen: true, revenue_target: 1_000_000 }),
];

const area = (
  kind: SegmentAreaRow["kind"],
  industry: string | null,
  regionCode: string | null,
  count: number,
  amount = 0,
  stage: OpenStage | null = null,
): SegmentAreaRow => ({ kind, industry, regionCode, stage, count, amount });

const AREAS: SegmentAreaRow[] = [
  area("accounts", "e_gov", "310101", 4),
  area("accounts", "e_gov", "310000", 3),
  area("accounts", "e_gov", "320000", 2),
  area("accounts", null, null, 1),
  area("accounts", "healthcare", "310105", 2),
  area("accounts", "no_such_industry", "310000", 1),
  area("open", "e_gov", "310000", 2, 4_000_000, "S3"),
  area("open", "e_gov", "310000", 1, 3_000_000, "S5"),
  area("open", "e_gov", "310101", 1, 1_000_000, "S1"),
  area("open", null, null, 1, 500_000, "S0"),
  area("won", "e_gov", "310000", 2, 2_000_000),
  area("won", "education", "310000", 1, 1_500_000),
];

const move = (industry: string | null, regionCode: string | null, id: string, dv: number, total: number) =>
  ({
    industry,
    regionCode,
    accountId: id,
    name: `客户${id}`,
    before: "develop",
    after: "strategic",
    dv,
    total,
  }) as SegmentMoveRow;

const MOVES = [
  move("e_gov", "310101", "a1", 10, 5),
  move("e_gov", "310101", "a2", 3, 5),
  move("e_gov", "310102", "a3", 8, 1),
  move(null, null, "a9", 1, 1),
];

describe("segment groups", () => {
  const part = segmentGroups({ year: 2026, segments: SEGMENTS, areas: AREAS, moves: MOVES }, P_AMT);
  const byId = (industry: string, region: string) =>
    part.groups.find((g) => g.segment?.industry === industry && g.segment.regionCode === region);
  const other = part.groups.find((g) => g.segment === null);

  it("orders chosen > undecided > not chosen, then by open pipeline, Other last", () => {
    expect(part.groups.map((g) => (g.segment ? `${g.segment.industry}/${g.segment.regionCode}` : "other"))).toEqual([
      "e_gov/310000",
      "education/310000",
      "e_gov/310100",
      "healthcare/310000",
      "other",
    ]);
    expect(part.groups.map((g) => g.segment?.decision ?? null)).toEqual([
      "chosen",
      "chosen",
      "undecided",
      "not_chosen",
      null,
    ]);
    expect(part.hidden).toBe(0);
  });

  it("puts each area in the most specific segment containing it, or in Other", () => {
    expect(byId("e_gov", "310100")?.accounts).toBe(4); // 310101 lies in 310100, which lies in 310000
    expect(byId("e_gov", "310000")?.accounts).toBe(3);
    expect(byId("healthcare", "310000")?.accounts).toBe(2);
    // another province, no industry or region, an industry the method does not know
    expect(other?.accounts).toBe(4);
    expect(part.groups.reduce((s, g) => s + g.accounts, 0)).toBe(13);
  });

  it("has the dual funnel, the target, what is won and left, and the weighted coverage", () => {
    const gov = byId("e_gov", "310000");
    expect(gov?.stages.filter((s) => s.count > 0)).toEqual([
      { stage: "S3", count: 2, amount: 4_000_000 },
      { stage: "S5", count: 1, amount: 3_000_000 },
    ]);
    expect(gov?.open.count).toBe(3);
    expect(gov?.open.weighted).toBeCloseTo(4_000_000 * 0.4 + 3_000_000 * 0.8, 6);
    expect(gov).toMatchObject({ target: 10_000_000, won: 2_000_000, left: 8_000_000 });
    expect(gov?.coverage).toBeCloseTo(4_000_000 / 8_000_000, 9);
    // won more than its target: nothing left, no coverage to speak of
    expect(byId("education", "310000")).toMatchObject({ target: 1_000_000, won: 1_500_000, left: 0, coverage: null });
    // no target: nothing left to cover
    expect(byId("e_gov", "310100")).toMatchObject({ target: null, left: null, coverage: null });
    expect(other?.open).toEqual({ count: 1, amount: 500_000, weighted: 500_000 * 0.05 });
  });

  it("names the largest quadrant moves of a group made of several areas, and counts them all", () => {
    const city = byId("e_gov", "310100");
    expect(city?.moves.map((m) => m.accountId)).toEqual(["a1", "a3", "a2"]);
    expect(city?.moveTotal).toBe(6); // 5 in 310101 (two returned) + 1 in 310102
    expect(other?.moveTotal).toBe(1);
    expect(byId("e_gov", "310000")?.moveTotal).toBe(0);
  });

  it("ignores segments of other years and has no Other when every account is in a segment", () => {
    const only = segmentGroups(
      {
        year: 2026,
        segments: [SEGMENTS[0] as SegmentRecord, { ...(SEGMENTS[0] as SegmentRecord), id: "old", year: 2025 }].filter(
          (s) => s.year === 2026,
        ),
        areas: [area("accounts", "e_gov", "310000", 3)],
        moves: null,
      },
      P_AMT,
    );
    expect(only.groups).toHaveLength(1);
    expect(only.groups[0]?.accounts).toBe(3);
  });

  it("shows at most six groups, Other included, and counts the segments left out", () => {
    const many = Array.from({ length: 8 }, (_, i) => segment(`s${i}`, "e_gov", `3${i + 1}0000`, { chosen: true }));
    const areas = [
      ...many.map((s, i) => area("open", "e_gov", s.region_code, 1, (i + 1) * 1_000_000, "S2")),
      area("accounts", null, null, 1),
    ];
    const p = segmentGroups({ year: 2026, segments: many, areas, moves: null }, P_AMT);
    expect(p.groups).toHaveLength(6);
    // the largest pipelines first
    expect(p.groups.slice(0, 5).map((g) => g.segment?.regionCode)).toEqual([
      "380000",
      "370000",
      "360000",
      "350000",
      "340000",
    ]);
    expect(p.groups[5]?.segment).toBeNull();
    expect(p.hidden).toBe(3);
  });
});

describe("segment part text", () => {
  const part = segmentGroups({ year: 2026, segments: SEGMENTS, areas: AREAS, moves: MOVES }, P_AMT);
  const digest = { segments: part } as Digest;
  const room = { chars: 12_000, blocks: 50 };

  it("says each group in English and in Chinese", () => {
    const [gov, edu, city, health, other] = part.groups.map((g) => groupText("en", g, 2026));
    expect(gov).toBe(
      [
        "*E-government · 310000 · 2026* · Chosen (target segment) · 3 accounts",
        "Open deals closing in 2026: S3 2 · ¥4M | S5 1 · ¥3M",
        "Target ¥10M · won ¥2M · left ¥8M · weighted ¥4M (50.00% coverage)",
        "Competition: 甲科技, 乙软件 (High intensity)",
      ].join("\n"),
    );
    expect(edu).toContain("Target ¥1M met · won ¥1.5M");
    expect(city).toContain(
      "Quadrant moves 6: 客户a1 Develop → Strategic, 客户a3 Develop → Strategic, 客户a2 Develop → Strategic …and 3 more",
    );
    expect(city).toContain("No revenue target · won ¥0 · weighted ¥100K");
    expect(health).toContain("No open deal closing in 2026");
    expect(other).toBe(
      [
        "*Other* (in no 2026 segment) · 4 accounts",
        "Quadrant moves 1: 客户a9 Develop → Strategic",
        "Open deals closing in 2026: S0 1 · ¥500K",
      ].join("\n"),
    );
    const zh = part.groups.map((g) => groupText("zh-CN", g, 2026)).join("\n");
    expect(zh).toContain("*政务 · 310000 · 2026* · 已选定（目标细分市场） · 3 个客户");
    expect(zh).toContain("目标 1,000万 · 已赢单 200万 · 尚差 800万 · 加权 400万（覆盖 50.00%）");
    expect(zh).toContain("竞争：甲科技、乙软件（强度高）");
    expect(zh).toContain("*其他*（不属于 2026 年任何细分市场）· 4 个客户");
  });

  it("is a title and one section per group", () => {
    const blocks = segmentBlocks(digest, "en", room);
    expect(blocks).toHaveLength(1 + part.groups.length);
    expect(textOf(blocks)).toContain("By market segment · 2026");
  });

  it("keeps within its own budget and the room the message leaves, counting what it leaves out", () => {
    const long = "某某省某某市某某区某某某某某某某某某某有限责任公司".repeat(4);
    const segments = Array.from({ length: 8 }, (_, i) =>
      segment(`s${i}`, "e_gov", `3${i + 1}0000`, {
        chosen: true,
        revenue_target: 1e8,
        competitors: Array.from({ length: 10 }, () => long),
        competition_intensity: "medium",
      }),
    );
    const areas = segments.flatMap((s, i) => [
      area("accounts", "e_gov", s.region_code, 100),
      ...(["S0", "S1", "S2", "S3", "S4", "S5"] as const).map((st) =>
        area("open", "e_gov", s.region_code, 999, (i + 1) * 123_456_789, st),
      ),
    ]);
    const moves = segments.flatMap((s) =>
      [1, 2, 3].map((k) => ({ ...move("e_gov", s.region_code, `${s.id}-${k}`, k, 40), name: long })),
    );
    const big = { segments: segmentGroups({ year: 2026, segments, areas, moves }, P_AMT) } as Digest;
    for (const l of ["zh-CN", "en"] as const) {
      const blocks = segmentBlocks(big, l, room);
      const text = textOf(blocks);
      expect(text.length, l).toBeLessThanOrEqual(SEGMENT_PART_CHARS + 200); // textOf adds separators
      expect(text).toMatch(l === "en" ? /…and \d+ more segments/ : /…另有 \d+ 个细分市场/);
      // little room left by the other parts: fewer groups, never over
      const tight = segmentBlocks(big, l, { chars: 900, blocks: 3 });
      expect(tight.length).toBeLessThanOrEqual(3);
      expect(textOf(tight).length).toBeLessThanOrEqual(900 + 50);
      expect(segmentBlocks(big, l, { chars: 10, blocks: 50 })).toEqual([]);
    }
  });
});
