import { describe, expect, it } from "vitest";
import type { FunnelResult } from "../../src/core/results.js";
import { funnelMessage } from "../../src/features/funnel/ui/funnel.js";
import type { FunnelViewData } from "../../src/ui/types.js";
import { LOCALES, funnelResult } from "./fixtures.js";
import { allText, checkMessage } from "./slack-limits-checker.js";

const data = (over: Partial<FunnelViewData> = {}): FunnelViewData => {
  const { input, result } = funnelResult();
  return {
    teamName: "华东政企一部",
    periodLabel: "2025",
    periodEnd: input.period_end,
    asOf: input.as_of,
    target: input.target,
    wonToDate: input.won_to_date,
    result,
    locale: "zh-CN",
    ...over,
  };
};

describe("dual funnel message (METHOD §7.5)", () => {
  it("shows the gap, both funnels, coverage and the binding funnel", () => {
    const msg = funnelMessage(data());
    expect(checkMessage(msg)).toEqual([]);
    const text = allText(msg.blocks);
    expect(text).toContain("双漏斗 · 华东政企一部 · 2025");
    expect(text).toContain("*缺口 G*\n2,400万");
    expect(text).toContain("*还需赢单*\n12 单");
    expect(text).toContain("*预计赢单（数量漏斗）*\n11.76 单");
    expect(text).toContain("*加权金额（金额漏斗）*\n2,226万");
    expect(text).toContain("*加权覆盖率*\n92.75%");
    expect(text).toContain("9.00×（按当前阶段结构需要 9.70×）");
    expect(text).toContain("原始 0.75× · 加权 33.75%");
    expect(text).toContain("数量漏斗：还差 1 单 → 约需 6 条新线索。");
    expect(text).toContain("金额漏斗：还差 174万 → 需要 5,800万 的新线索金额，约 22 条新线索。");
    expect(text).toContain("约束漏斗：*金额漏斗*，按它需要 22 条新线索。");
    expect(text).toContain("S4 投标 +1 个 / +580万");
    expect(text).toContain("新线索截止日 2025年7月4日");
    // Per stage, count and amount side by side; S3 needs 37.5 → 38 entries.
    expect(text).toMatch(/S3 方案\s+8\s+2,000万\s+2\.56\s+480万\s+38\s+1亿/);
  });

  it("reads the same numbers in English", () => {
    const msg = funnelMessage(data({ locale: "en", teamName: "East region" }));
    expect(checkMessage(msg)).toEqual([]);
    const text = allText(msg.blocks);
    expect(text).toContain("*Gap G*\n¥24M");
    expect(text).toContain("Binding funnel: *amount funnel*, which needs 22 new leads.");
    expect(text).toContain("Lead deadline 4 Jul 2025");
  });

  it("after the lead deadline, offers only late-stage equivalents", () => {
    const d = data();
    const result: FunnelResult = { ...d.result, lead_deadline_passed: true };
    const text = allText(funnelMessage({ ...d, result }).blocks);
    expect(text).toContain("已过：只能通过推进/扩大后期商机弥补");
    expect(text).not.toContain("S1 商机 +");
    expect(text).toContain("S5 谈判 +1 个 / +232万");
    // The amount funnel covered, the count funnel binding: the deals each late stage would need, without "+0元".
    const covered: FunnelResult = {
      ...result,
      shortfall: { ...result.shortfall, amount: 0, binding: "count" },
      stages: result.stages.map((s) => ({ ...s, equivalent_amount: 0 })),
    };
    const late = allText(funnelMessage({ ...d, result: covered }).blocks);
    expect(late).toContain("S5 谈判 +1 个");
    expect(late).not.toMatch(/\+0元/);
  });

  it("celebrates a closed gap and shows no coverage", () => {
    const d = data();
    const result: FunnelResult = {
      ...d.result,
      gap: 0,
      required_wins: 0,
      coverage: null,
      shortfall: { wins: 0, amount: 0, new_leads_count_basis: 0, new_leads_amount_basis: 0, binding: "none" },
    };
    for (const locale of LOCALES) {
      const msg = funnelMessage({ ...d, result, locale });
      expect(checkMessage(msg)).toEqual([]);
      expect(allText(msg.blocks)).toContain(locale === "zh-CN" ? "已达成目标" : "Target reached");
    }
  });

  it("stays within limits with absurd numbers and names", () => {
    const d = data();
    const huge: FunnelResult = {
      ...d.result,
      gap: 9e15,
      weighted_amount: 1e15,
      velocity_per_day: Number.NaN,
      stages: d.result.stages.map((s) => ({ ...s, open_amount: 8e15, required_count: 1e12 })),
    };
    const msg = funnelMessage({ ...d, result: huge, teamName: "👩‍👩‍👧‍👦".repeat(200), periodLabel: "x".repeat(500) });
    expect(checkMessage(msg)).toEqual([]);
  });
});
