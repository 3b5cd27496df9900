// The import summary (CLI, console and Slack alike) shows what a changed field becomes, and warns above the list of
// changes about deals whose closed outcome would be undone or that would slide back. Pure: summary in, lines out.
import { describe, expect, it } from "vitest";
import type { ImportSummary } from "../../src/features/import-export/service.js";
import { importSummaryLines } from "../../src/features/import-export/ui/summary.js";

type Changed = ImportSummary["changed"][number];

function summary(kind: ImportSummary["kind"], changed: Changed[], dryRun = true): ImportSummary {
  return {
    kind,
    accounts: 0,
    contacts: 0,
    needs: 0,
    opportunities: 0,
    segments: 0,
    rescored: 0,
    keptOwn: [],
    auditRows: changed.length,
    changed,
    unchanged: 0,
    notInFile: [],
    stageChanges: changed.length,
    stagesMapped: 0,
    undatedDeals: 0,
    otherNames: [],
    asOf: "2027-01-05",
    dryRun,
  };
}
const stage = (name: string, before: string, after: string): Changed => ({
  name,
  changes: [{ field: "stage", before, after }],
});
const where = { file: "opps.csv", team: "华东政企一部" };

describe("the import summary's changed rows", () => {
  it("shows stage and amount before → after in their display form", () => {
    const lines = importSummaryLines(
      "zh-CN",
      summary("opportunities", [
        {
          name: "东江大学 · 智慧校园",
          changes: [
            { field: "stage", before: "S4", after: "S5" },
            { field: "amount", before: 15_000_000, after: 18_000_000 },
            { field: "expected_close_date", before: null, after: "2027-03-31" },
          ],
        },
      ]),
      where,
    );
    expect(lines).toContain(
      "  东江大学 · 智慧校园：阶段 S4 投标 → S5 谈判、金额 1,500万 → 1,800万、预计签约日期 未填 → 2027-03-31",
    );
    const en = importSummaryLines(
      "en",
      summary("accounts", [{ name: "甲", changes: [{ field: "revenue_ttm", before: 3_000_000, after: null }] }]),
      where,
    );
    expect(en.some((l) => l.includes("甲: ") && l.includes("¥3M → blank"))).toBe(true);
  });

  it("warns once per kind of move, at the top of the list: closed outcomes undone, open deals sliding back", () => {
    const lines = importSummaryLines(
      "zh-CN",
      summary("opportunities", [
        stage("甲 · 赢单改输", "W", "L"),
        stage("乙 · 正常推进", "S4", "S5"),
        stage("丙 · 输单重开", "L", "S3"),
        stage("丁 · 退回", "S4", "S2"),
        stage("戊 · 赢单", "S5", "W"),
        stage("己 · 放弃重开", "A", "S1"),
      ]),
      where,
    );
    const reopened =
      "警告：3 个已结商机会被改判或重新打开，请核对后再导入：甲 · 赢单改输（W 赢单 → L 输单）、丙 · 输单重开（L 输单 → S3 方案）、己 · 放弃重开（A 放弃/取消 → S1 商机）";
    const back = "警告：1 个在途商机会退回更早的阶段：丁 · 退回（S4 投标 → S2 立项）";
    expect(lines).toContain(reopened);
    expect(lines).toContain(back);
    const first = lines.findIndex((l) => l.startsWith("  "));
    expect(lines.indexOf(reopened)).toBeLessThan(first);
    expect(lines.indexOf(back)).toBeLessThan(first);
    expect(lines.filter((l) => l.startsWith("警告："))).toHaveLength(2);
  });

  it("stays bounded: five deals named in a warning, twenty rows listed, the rest counted", () => {
    const many = Array.from({ length: 30 }, (_, i) => stage(`客户${i} · 商机${i}`, "W", "L"));
    const lines = importSummaryLines("zh-CN", summary("opportunities", many), where);
    const warning = lines.find((l) => l.startsWith("警告：30 个已结商机")) ?? "";
    expect(warning.match(/W 赢单 → L 输单/g)).toHaveLength(5);
    expect(warning).toContain("…及另外 25 项");
    expect(lines.filter((l) => /^ {2}客户\d+ · 商机\d+：阶段 W 赢单 → L 输单$/.test(l))).toHaveLength(20);
  });

  it("says what an import did in the past tense, in English too", () => {
    const lines = importSummaryLines("en", summary("opportunities", [stage("甲 · 项目", "W", "S3")], false), where);
    expect(lines).toContain("warning: 1 closed deal reversed or reopened: 甲 · 项目 (W Won → S3 Solution)");
  });
});
