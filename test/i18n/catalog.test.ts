import { describe, expect, it } from "vitest";
import { ACTION_CODES as CORE_ACTION_ORDER } from "../../src/i18n/vocabulary.js";
import {
  LOCALES,
  VOCABULARY_CODES,
  actionText,
  collectNextQuestion,
  driverText,
  hasName,
  messageKeys,
  name,
  quadrantLabel,
  redFlagText,
  t,
  vocabulary,
  type VocabularyKind,
} from "../../src/i18n/index.js";
import { en } from "../../src/i18n/messages/en.js";
import { zhCN } from "../../src/i18n/messages/zh-CN.js";

const CJK = /[\u4e00-\u9fff]/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  it("have the same keys in both languages", () => {
    expect(messageKeys("en").sort()).toEqual(messageKeys("zh-CN").sort());
  });

  it("use the same placeholders in both languages where both are plain templates", () => {
    for (const key of messageKeys("zh-CN")) {
      const zh = zhCN[key];
      const e = en[key];
      if (typeof zh === "string" && typeof e === "string") expect(placeholders(e), key).toEqual(placeholders(zh));
    }
  });

  it("fill placeholders and pluralise in English", () => {
    expect(t("zh-CN", "common.more_accounts", { n: 12 })).toBe("…及另外 12 个客户");
    expect(t("en", "common.more_accounts", { n: 12 })).toBe("…and 12 more accounts");
    expect(t("en", "common.more_accounts", { n: 1 })).toBe("…and 1 more account");
    expect(t("zh-CN", "card.distance.up", { axis: "X", d: "27.46", quadrant: "战略客户" })).toBe(
      "X 距 50 还差 27.46，达到即进入战略客户。",
    );
  });

  it("check params at compile time", () => {
    // These lines are compile-time assertions; tsc fails if a key or param is wrong.
    // @ts-expect-error: the key needs { n }
    expect(() => t("zh-CN", "common.more_accounts")).not.toThrow();
    // @ts-expect-error: not a message key
    expect(t("en", "no.such.key")).toBe("no.such.key");
  });
});

describe("every code of METHOD §2 has a name in both languages", () => {
  const kinds = Object.keys(VOCABULARY_CODES) as VocabularyKind[];
  for (const kind of kinds) {
    it(kind, () => {
      for (const locale of LOCALES) {
        const names = vocabulary(locale)[kind] as Record<string, string>;
        expect(Object.keys(names).sort(), `${locale} ${kind}`).toEqual([...VOCABULARY_CODES[kind]].map(String).sort());
        for (const code of VOCABULARY_CODES[kind]) {
          const n = name(locale, kind, code as never);
          expect(n.trim(), `${locale} ${kind}.${String(code)}`).not.toBe("");
          // The English catalogue must not fall back to Chinese (P1…P4 and codes are the same in both).
          if (locale === "en") expect(CJK.test(n), `${kind}.${String(code)}: ${n}`).toBe(false);
        }
      }
    });
  }

  it("names the quadrants, tiers, confidence and provisional state as the course does", () => {
    expect(
      (["strategic", "develop", "maintain", "opportunistic"] as const).map((q) => name("zh-CN", "quadrant", q)),
    ).toEqual(["战略客户", "发展客户", "维持客户", "机会客户"]);
    expect((["strategic", "key", "general"] as const).map((q) => name("zh-CN", "tier", q))).toEqual([
      "战略客户",
      "重点客户",
      "普通客户",
    ]);
    expect((["high", "medium", "low"] as const).map((c) => name("zh-CN", "confidence", c))).toEqual(["高", "中", "低"]);
    expect(quadrantLabel("zh-CN", "strategic", true)).toBe("待评估");
    expect(quadrantLabel("en", "strategic", true)).toBe("Provisional");
    expect(name("zh-CN", "stage", "S0")).toBe("线索");
    expect(name("zh-CN", "stage", "W")).toBe("赢单");
    expect(name("zh-CN", "attitude", "-2")).toBe("强烈反对");
    expect(name("zh-CN", "relationshipStrength", "4")).toBe("同盟");
    expect(name("zh-CN", "source", "customer_referral")).toContain("老客户转介绍");
  });

  it("shows an unexpected stored code as itself instead of 'undefined'", () => {
    expect(name("zh-CN", "industry", "space" as never)).toBe("space");
    expect(hasName("en", "industry", "space")).toBe(false);
    expect(redFlagText("en", "new_flag_from_a_newer_core")).toBe("new_flag_from_a_newer_core");
  });
});

describe("explanation words (METHOD §3.6)", () => {
  it("states the headroom driver as facts", () => {
    const d = {
      sub: "PT" as const,
      component: "S_head" as const,
      points: 41.24,
      value: 82.47,
      facts: { wallet_annual: 30_000_000, revenue_ttm: 200_000, headroom: 29_800_000 },
    };
    expect(driverText("zh-CN", d)).toBe("年度相关预算 3,000万，我方近12月收入 20万 → 可拓展空间 2,980万");
    expect(driverText("en", d)).toBe(
      "Annual budget for our category ¥30M, our revenue in the last 12 months ¥200,000 → headroom ¥29.8M",
    );
  });

  it("names the strongest need and the missing core roles", () => {
    const need = {
      sub: "SF" as const,
      component: "S_need" as const,
      points: 26.25,
      value: 58.33,
      facts: { need_id: "p1", severity: 4, urgency: 5, our_fit: 2, confirmed: true },
    };
    expect(driverText("zh-CN", need, { needs: [{ id: "p1", description: "门诊排队/互联互通评级" }] })).toBe(
      "最强需求“门诊排队/互联互通评级”：严重度 4/5、紧迫度 5/5、我方匹配度 2/3，客户已确认",
    );
    const c = {
      sub: "RA" as const,
      component: "C" as const,
      points: 13.13,
      value: 50,
      facts: { core_roles_covered: 2, core_roles_missing: "user_buyer,coach" },
    };
    expect(driverText("zh-CN", c)).toBe("核心角色覆盖 2/4，还缺使用者、教练/内线");
  });

  it("falls back to a truthful generic line when facts are missing", () => {
    const d = { sub: "PT" as const, component: "market_position" as const, points: 11.25, value: 75, facts: {} };
    expect(driverText("zh-CN", d)).toBe("市场地位 75.00/100");
  });

  it("asks collect-next fields as questions a rep understands", () => {
    expect(collectNextQuestion("zh-CN", "wallet_annual")).toBe("客户年度相关预算是多少？");
    expect(collectNextQuestion("en", "wallet_annual")).toBe("What is the customer's annual budget for our category?");
    expect(
      collectNextQuestion("zh-CN", "contacts[c3].relationship_strength", [{ id: "c3", name: "王工", title: "采购" }]),
    ).toBe("我们和采购（王工）的关系有多深（0 不认识 … 4 同盟）？");
    expect(collectNextQuestion("en", "contacts[c9].attitude", [])).toContain("this contact");
    expect(collectNextQuestion("zh-CN", "something_new")).toBe("请补充：something_new");
  });

  it("words every action code as a §4.3 recommendation", () => {
    for (const code of CORE_ACTION_ORDER) {
      expect(actionText("zh-CN", code)).toMatch(CJK);
      expect(actionText("en", code)).not.toMatch(CJK);
    }
    expect(actionText("zh-CN", "deepen_expand")).toContain("深耕");
  });
});
