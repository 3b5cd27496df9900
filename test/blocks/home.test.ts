import { describe, expect, it } from "vitest";
import { homeView } from "../../src/features/accounts/ui/home.js";
import type { MatrixRow } from "../../src/ui/types.js";
import { LOCALES, goldenAccount, syntheticChanges, syntheticRows } from "./fixtures.js";
import { allText, checkHome } from "./slack-limits-checker.js";

const goldenRow = (id: string): MatrixRow => {
  const { facts, assessment } = goldenAccount(id);
  return { account: { id, name: facts.name ?? id }, assessment };
};

describe("App Home", () => {
  it("lists the user's accounts by priority and what changed since last week", () => {
    const rows = ["C", "B", "A"].map(goldenRow);
    const view = homeView({
      userId: "U1",
      asOf: "2025-07-07",
      accounts: rows,
      locale: "zh-CN",
      changes: [
        {
          account: rows[1]!.account,
          quadrantBefore: "opportunistic",
          quadrantAfter: "develop",
          vBefore: 48.1,
          vAfter: 55.33,
          driver: {
            sub: "PT",
            component: "S_head",
            points: 41.24,
            value: 82.47,
            facts: { wallet_annual: 30_000_000, revenue_ttm: 200_000, headroom: 29_800_000 },
          },
        },
        {
          account: rows[0]!.account,
          quadrantBefore: "maintain",
          quadrantAfter: "maintain",
          vBefore: 42.85,
          vAfter: 41.85,
        },
        {
          account: { id: "N", name: "新客户" },
          quadrantBefore: null,
          quadrantAfter: "opportunistic",
          vBefore: null,
          vAfter: 21.49,
          provisionalAfter: true,
        },
      ],
    });
    expect(checkHome(view)).toEqual([]);
    const text = allText(view.blocks);
    expect(text).toContain("3 个客户，按优先级和价值分排序 · 截至 2025年7月7日");
    expect(text).toContain("• *某地市人民医院*：机会客户 → 发展客户，V 48.10 → 55.33（+7.23）");
    expect(text).toContain("原因：年度相关预算 3,000万，我方近12月收入 20万 → 可拓展空间 2,980万");
    expect(text).toContain("• *新客户*：新加入，待评估，V 21.49");
    // |ΔV| descending: the new account (21.49) before B (7.23) before C (1.00).
    expect(text.indexOf("新客户")).toBeLessThan(text.indexOf("某地市人民医院"));
    expect(text.indexOf("某地市人民医院：")).toBeLessThan(
      text.indexOf("某区县国企：") === -1 ? Infinity : text.indexOf("某区县国企："),
    );
    expect(text.indexOf("*P1 · 战略客户* · 1 个")).toBeLessThan(text.indexOf("*P2 · 发展客户* · 1 个"));
    expect(text.indexOf("*P2 · 发展客户*")).toBeLessThan(text.indexOf("*P3 · 维持客户*"));
  });

  it("reads the same in English", () => {
    const rows = ["C", "B", "A"].map(goldenRow);
    const view = homeView({
      userId: "U1",
      asOf: "2025-07-07",
      accounts: rows,
      locale: "en",
      changes: [
        {
          account: rows[1]!.account,
          quadrantBefore: "opportunistic",
          quadrantAfter: "develop",
          vBefore: 48.1,
          vAfter: 55.33,
        },
      ],
    });
    expect(checkHome(view)).toEqual([]);
    const text = allText(view.blocks);
    expect(text).toContain("3 accounts by priority and value score · as of 7 Jul 2025");
    expect(text).toContain("• *某地市人民医院*: Opportunistic → Develop, V 48.10 → 55.33 (+7.23)");
    expect(text).toContain("*P1 · Strategic* · 1\n• 某省大数据管理局 · Strategic account · V 77.80 · High confidence");
  });

  it("fits 500 accounts and 300 changes, in both languages", () => {
    const rows = syntheticRows(500, 21);
    const changes = syntheticChanges(rows, 300);
    for (const locale of LOCALES) {
      const view = homeView({ userId: "U1", asOf: "2025-07-07", accounts: rows, changes, locale });
      expect(view.type).toBe("home");
      expect(checkHome(view)).toEqual([]);
      const text = allText(view.blocks);
      expect(text).toMatch(
        locale === "zh-CN"
          ? /…及另外 \d+ 个客户，用 \/kvalue matrix 查看全部/
          : /…and \d+ more accounts; \/kvalue matrix shows them all/,
      );
      expect(text).toContain(locale === "zh-CN" ? "待评估" : "Provisional");
    }
  });

  it("says so when the user has no accounts and nothing changed", () => {
    for (const locale of LOCALES) {
      const view = homeView({ userId: "U1", asOf: "2025-07-07", accounts: [], changes: [], locale });
      expect(checkHome(view)).toEqual([]);
      expect(allText(view.blocks)).toContain(
        locale === "zh-CN" ? "你名下还没有客户" : "You don't own any accounts yet",
      );
    }
  });
});
