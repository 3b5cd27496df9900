import type { ActionsBlock, Button } from "@slack/types";
import { describe, expect, it } from "vitest";
import { accountCardMessage } from "../../src/features/accounts/ui/card.js";
import { LOCALES, awkwardName, cardData, manyOpportunities, provisionalAccount } from "./fixtures.js";
import { allText, checkMessage } from "./slack-limits-checker.js";

describe("account card", () => {
  it("shows 战略客户 and P1 for account A (METHOD §7.1)", () => {
    const msg = accountCardMessage(cardData("A", "zh-CN"));
    const text = allText(msg.blocks);
    expect(checkMessage(msg)).toEqual([]);
    expect(msg.blocks[0]).toMatchObject({ type: "header", text: { text: "某省大数据管理局" } });
    expect(text).toContain("*象限*\n战略客户");
    expect(text).toContain("*客户分级*\n战略客户");
    expect(text).toContain("*资源优先级*\nP1");
    expect(text).toContain("77.80");
    expect(text).toContain("高（完整度 κ = 1.00）");
    // Contribution order PT > CV > SF > RA and the headroom driver stated as facts.
    expect(text).toContain("PT 23.53 > CV 22.41 > SF 15.98 > RA 15.89");
    expect(text).toContain("年度相关预算 2,000万，我方近12月收入 300万 → 可拓展空间 1,700万");
    expect(text).toContain("跨部门数据共享");
    expect(text).toContain("暂无风险提示");
    expect(text).toContain("深耕扩展");
  });

  it("shows the account's CRM id (客户编号) under the name, escaped, and nothing when it has none", () => {
    const data = cardData("A", "zh-CN");
    const zh = allText(accountCardMessage({ ...data, account: { ...data.account, crmId: "XSY-2024-0019" } }).blocks);
    expect(zh).toContain("客户编号 XSY-2024-0019");
    const en = cardData("A", "en");
    const msg = accountCardMessage({ ...en, account: { ...en.account, crmId: "<!channel>" } });
    expect(allText(msg.blocks)).toContain("CRM ID &lt;!channel&gt;");
    expect(allText(accountCardMessage(data).blocks)).not.toContain("客户编号");
  });

  it("shows Strategic and P1 for account A in English", () => {
    const msg = accountCardMessage(cardData("A", "en"));
    const text = allText(msg.blocks);
    expect(checkMessage(msg)).toEqual([]);
    expect(text).toContain("*Quadrant*\nStrategic");
    expect(text).toContain("*Resource priority*\nP1");
    expect(text).toContain(
      "Annual budget for our category ¥20M, our revenue in the last 12 months ¥3M → headroom ¥17M",
    );
    expect(text).not.toMatch(/战略客户|待评估/);
  });

  it("shows B's distance to 战略客户: X 距 50 还差 27.46 (METHOD §7.2)", () => {
    const zh = allText(accountCardMessage(cardData("B", "zh-CN")).blocks);
    expect(zh).toContain("X 距 50 还差 27.46，达到即进入战略客户。");
    expect(zh).toContain("发展客户");
    expect(zh).toContain("重点客户");
    expect(zh).toContain("没有教练/内线");
    expect(zh).toContain("使用者还没覆盖");
    const en = allText(accountCardMessage(cardData("B", "en")).blocks);
    expect(en).toContain("X needs 27.46 more to reach 50, which would make it Strategic.");
  });

  it("asks C's next three facts as questions, naming the contact (METHOD §7.3)", () => {
    const text = allText(accountCardMessage(cardData("C", "zh-CN")).blocks);
    expect(text).toContain("1. 客户年度相关预算是多少？");
    expect(text).toContain("2. 客户这件事有预算吗");
    expect(text).toMatch(/3\. 我们和采购的关系有多深/);
    expect(text).toContain("决策者倾向反对，关系与决策链得分被封顶在 30。");
    expect(text).toContain("续约前修复和决策者的关系");
    expect(text).toContain("X 高出 50 线 8.66");
  });

  it("shows a provisional account as 待评估 with no tier or priority", () => {
    const { facts, assessment } = provisionalAccount();
    for (const locale of LOCALES) {
      const msg = accountCardMessage(cardData(facts.id, locale));
      expect(checkMessage(msg)).toEqual([]);
      const text = allText(msg.blocks);
      if (locale === "zh-CN") {
        expect(text).toContain("*象限*\n待评估");
        expect(text).not.toMatch(/客户分级|资源优先级|战略客户|重点客户|普通客户/);
      } else {
        expect(text).toContain("*Quadrant*\nProvisional");
        expect(text).not.toMatch(/\*Tier\*|Resource priority|Key account|General account/);
      }
      expect(text).not.toMatch(/\bP[1-4]\b/);
      expect(assessment.tier).toBeNull();
    }
  });

  it("puts the four buttons on the card with the account id as value", () => {
    const msg = accountCardMessage(cardData("A", "zh-CN"));
    const actions = msg.blocks.filter((b): b is ActionsBlock => b.type === "actions");
    const buttons = actions.flatMap((a) => a.elements) as Button[];
    expect(buttons.map((b) => b.action_id)).toEqual([
      "kv_update_facts",
      "kv_add_contact",
      "kv_add_opportunity",
      "kv_log_note",
    ]);
    expect(buttons.every((b) => b.value === "A")).toBe(true);
  });

  it("lists only open opportunities, late stages first, escaping markup", () => {
    const data = cardData("B", "zh-CN");
    data.pipeline.opportunities.push({
      id: "o9",
      name: "<b>&特殊</b>",
      stage: "S5",
      amount: 800_000,
      expectedCloseDate: "2025-08-01",
    });
    const text = allText(accountCardMessage(data).blocks);
    expect(text).not.toContain("已签约项目");
    expect(text.indexOf("S5 谈判")).toBeLessThan(text.indexOf("S3 方案"));
    expect(text).toContain("&lt;b&gt;&amp;特殊&lt;/b&gt;");
    expect(text).toContain("*在手商机*：2 个 · 金额 1,500万 · 加权 210万");
  });

  it("stays within Slack's limits with a 300-character name, emoji and 1,000 opportunities", () => {
    for (const locale of LOCALES) {
      const data = cardData("C", locale, {
        account: {
          id: "x".repeat(40),
          name: awkwardName(0) + awkwardName(1) + awkwardName(2),
          ownerUserId: "not-a-user <!channel>",
        },
      });
      data.pipeline = {
        openCount: 1000,
        openAmount: 5e10,
        weightedAmount: 1e10,
        opportunities: manyOpportunities(1000),
      };
      data.assessment = {
        ...data.assessment,
        red_flags: [...data.assessment.red_flags, "contact_stale", "late_stage_unqualified", "no_budget_late_stage"],
      };
      const msg = accountCardMessage(data);
      expect(checkMessage(msg)).toEqual([]);
      const text = allText(msg.blocks);
      expect(text).toContain(locale === "zh-CN" ? "…及另外" : "…and");
      expect(text).not.toContain("<!channel>"); // a bad owner id is not rendered as a mention
      const header = msg.blocks[0];
      expect(header?.type === "header" && header.text.text.length).toBeLessThanOrEqual(150);
    }
  });
});
