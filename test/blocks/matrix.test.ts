import type { SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { sortRows } from "../../src/ui/blocks.js";
import { topListMessage, valueMatrixMessage } from "../../src/features/accounts/ui/matrix.js";
import type { MatrixRow } from "../../src/ui/types.js";
import { LOCALES, goldenAccount, syntheticRows } from "./fixtures.js";
import { allText, checkMessage } from "./slack-limits-checker.js";

const goldenRow = (id: string): MatrixRow => {
  const { facts, assessment } = goldenAccount(id);
  return { account: { id, name: facts.name ?? id }, assessment };
};

describe("value matrix message", () => {
  it("puts A, B and C in their quadrants with counts", () => {
    const msg = valueMatrixMessage({
      teamName: "华东政企一部",
      asOf: "2025-06-30",
      rows: ["C", "A", "B"].map(goldenRow),
      locale: "zh-CN",
    });
    expect(checkMessage(msg)).toEqual([]);
    const text = allText(msg.blocks);
    expect(text).toContain("价值客户矩阵 · 华东政企一部");
    expect(text).toContain("共 3 个客户，截至 2025年6月30日");
    expect(text).toMatch(/\*战略客户\*（P1）· 1 个\n1\. 某省大数据管理局 · 战略客户 · V 77\.80/);
    expect(text).toMatch(/\*发展客户\*（P2）· 1 个\n1\. 某地市人民医院 · 重点客户 · V 55\.33/);
    expect(text).toMatch(/\*维持客户\*（P3）· 1 个\n1\. 某区县国企/);
    expect(text).toContain("*机会客户*（P4）· 0 个\n（暂无）");
    // The 2×2 grid: develop | strategic on top, opportunistic | maintain below.
    const grid = msg.blocks.find((b): b is SectionBlock => b.type === "section" && Array.isArray(b.fields));
    expect(grid?.fields?.map((f) => f.text.split("\n")[0])).toEqual([
      "*发展客户*（P2）",
      "*战略客户*（P1）",
      "*机会客户*（P4）",
      "*维持客户*（P3）",
    ]);
  });

  it("reads the same in English", () => {
    const msg = valueMatrixMessage({
      teamName: "East region",
      asOf: "2025-06-30",
      rows: ["C", "A", "B"].map(goldenRow),
      locale: "en",
    });
    expect(checkMessage(msg)).toEqual([]);
    const text = allText(msg.blocks);
    expect(text).toContain("3 accounts as of 30 Jun 2025");
    expect(text).toMatch(
      /\*Strategic\* \(P1\) · 1\n1\. 某省大数据管理局 · Strategic account · V 77\.80 · X 74\.70 \/ Y 79\.00 · RA 79\.44 · High confidence/,
    );
    expect(text).toMatch(/\*Maintain\* \(P3\) · 1\n1\. 某区县国企 · Key account · V 41\.85 .* · :warning:3/);
  });

  it("sorts by priority, then V descending, then id (METHOD §4.4)", () => {
    const base = syntheticRows(40, 3);
    const sorted = sortRows(base);
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!.assessment;
      const b = sorted[i]!.assessment;
      const pa = a.priority ?? "P9";
      const pb = b.priority ?? "P9";
      expect(pa <= pb).toBe(true);
      if (pa === pb) expect(a.scores.V >= b.scores.V).toBe(true);
    }
    const tie = (id: string): MatrixRow => ({ ...goldenRow("A"), account: { id, name: id } });
    expect(sortRows([tie("z"), tie("b"), tie("m")]).map((r) => r.account.id)).toEqual(["b", "m", "z"]);
  });

  it("fits a 200-account matrix into one message in both languages, saying how many are left out", () => {
    const rows = syntheticRows(200);
    for (const locale of LOCALES) {
      const msg = valueMatrixMessage({ teamName: "团队".repeat(100), asOf: "2025-06-30", rows, locale });
      expect(checkMessage(msg)).toEqual([]);
      const text = allText(msg.blocks);
      const marker = locale === "zh-CN" ? /…及另外 (\d+) 个客户/g : /…and (\d+) more accounts?/g;
      const hidden = [...text.matchAll(marker)].reduce((s, m) => s + Number(m[1]), 0);
      const shownRows = (text.match(/^\d+\. /gm) ?? []).length;
      expect(hidden).toBeGreaterThan(0);
      expect(shownRows + hidden).toBe(200);
      expect(text).toContain(locale === "zh-CN" ? "共 200 个客户" : "200 accounts as of");
    }
  });

  it("handles an empty portfolio", () => {
    const msg = valueMatrixMessage({ asOf: "2025-06-30", rows: [], locale: "en" });
    expect(checkMessage(msg)).toEqual([]);
    expect(allText(msg.blocks)).toContain("No accounts yet");
  });
});

describe("top-N list", () => {
  it("lists the top accounts by priority and V", () => {
    const msg = topListMessage({ n: 2, rows: ["C", "B", "A"].map(goldenRow), locale: "zh-CN" });
    expect(checkMessage(msg)).toEqual([]);
    const text = allText(msg.blocks);
    expect(text).toContain("优先客户 Top 2");
    expect(text).toMatch(/1\. \*某省大数据管理局\* · P1 · 战略客户 · V 77\.80 · 置信度高/);
    expect(text).toMatch(/2\. \*某地市人民医院\* · P2 · 发展客户/);
    expect(text).not.toContain("某区县国企");
  });

  it("claims no Top N when there are no accounts: says there are none yet", () => {
    const zh = topListMessage({ n: 3, rows: [], locale: "zh-CN" });
    expect(checkMessage(zh)).toEqual([]);
    expect(allText(zh.blocks)).toBe("优先客户\n还没有客户。输入 /kvalue <客户名> 新建一个。");
    expect(zh.text).not.toContain("Top");
    const en = topListMessage({ n: 3, rows: [], locale: "en", teamName: "East" });
    expect(allText(en.blocks)).toContain("Top accounts · East");
    expect(allText(en.blocks)).toContain("No accounts yet.");
    expect(`${en.text} ${allText(en.blocks)}`).not.toMatch(/Top \d/);
  });

  it("keeps within limits when asked for 1,000 of 500 accounts", () => {
    for (const locale of LOCALES) {
      const msg = topListMessage({ n: 1000, rows: syntheticRows(500, 11), locale, teamName: "🚀 Team" });
      expect(checkMessage(msg)).toEqual([]);
      expect(allText(msg.blocks)).toMatch(locale === "zh-CN" ? /…及另外 \d+ 个客户/ : /…and \d+ more accounts/);
    }
  });

  it("shows provisional accounts as 待评估 without a priority", () => {
    const rows = syntheticRows(60, 5)
      .filter((r) => r.assessment.provisional)
      .slice(0, 2);
    const text = allText(topListMessage({ n: 5, rows, locale: "zh-CN" }).blocks);
    expect(text).toMatch(/· — · 待评估 · V/);
  });

  it("says how many accounts of the total are outside the four quadrants, still to be assessed", () => {
    const rows = syntheticRows(60, 5);
    const provisional = rows.filter((r) => r.assessment.provisional).length;
    expect(provisional).toBeGreaterThan(0);
    const said = (locale: "zh-CN" | "en") =>
      allText(valueMatrixMessage({ teamName: "T", asOf: "2025-06-30", rows, locale }).blocks);
    expect(said("zh-CN")).toContain(`共 60 个客户，截至 2025年6月30日`);
    expect(said("zh-CN")).toContain(`其中 ${provisional} 个待评估（资料不全），不在四个象限里。`);
    expect(said("en")).toContain(`${provisional} of them still to be assessed (too little known)`);
    const assessed = ["C", "A", "B"].map(goldenRow);
    expect(
      allText(valueMatrixMessage({ teamName: "T", asOf: "2025-06-30", rows: assessed, locale: "zh-CN" }).blocks),
    ).not.toContain("待评估");
  });
});
