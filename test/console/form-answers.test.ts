// Answers to a console form as a new user types them: a refused answer never becomes the prompt's default (Enter
// still keeps the original value), a date says it wants a date, and a select also takes an option's code (S2) or a
// part of its text only one option has (立项). The demo portfolio on a real database, through runConsole.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consoleSession } from "../support/console.js";
import { openHarness, type Harness } from "../services/harness.js";

const DSJ = "东江省大数据管理局";

/** Everything the console prints for these lines typed one after another (the demo loads first). */
const typed = (h: Harness, lines: readonly string[]): Promise<string> => consoleSession(h.deps, lines);

describe("answers to a console form", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness("sqlite");
  });
  afterEach(async () => h?.close());

  it("asks a date that is not one again with a date's message, the original date still the default", async () => {
    // Card choice 4 is the first deal's 改预计成交日…; "abc" and "-" (cleared, but the date is required) are refused,
    // then Enter keeps the original date.
    const out = await typed(h, [DSJ, "4", "abc", "-", ""]);
    expect(out).toContain("[4] 改预计成交日…");
    const date = /新的预计成交日 \* \[(\d{4}-\d{2}-\d{2})\]: /.exec(out)?.[1] ?? "";
    const again = `新的预计成交日 * [${date}]: `;
    const refused = "  ! 新的预计成交日: 请输入日期，格式 YYYY-MM-DD，如 2026-06-30。\n";
    expect(out).toContain(`${again}${refused}${again}${refused}${again}${DSJ} 的商机 一网通办平台三期 没有变化。`);
    expect(out).not.toContain("请选择一项");
    expect(out).not.toContain("[abc]");
    const deal = await h.store.db.opportunity.findFirstOrThrow({ where: { name: "一网通办平台三期" } });
    expect(deal.expectedCloseDate).toBe(date);
  });

  it("keeps a segment's original target as the default after a refused one", async () => {
    // 三定: keep chosen and control points, a target that is not money, a strategy (a new segment needs something),
    // then Enter keeps the (empty) target.
    const out = await typed(h, ["segment 政务 330100 2026", "6", "", "", "abc", "深耕", ""]);
    expect(out).toMatch(/! 定目标（收入目标）：“abc”不是金额[^\n]*\n定目标（收入目标）: 已保存细分市场 政务 · 330100/);
    expect(out).not.toContain("[abc]");
  });

  // Card choice 11 adds a deal. "S" is in every S stage's text and is refused; 立项 and a full-width lower-case ｓ２
  // (the code) are S2.
  it.each([["S", "立项"], ["ｓ２"]])("takes a stage by its code or a unique part of its text: %s", async (...stage) => {
    const out = await typed(h, [DSJ, "11", "甲项目", ...stage, "100万", "2027-01-01", "", "", ""]);
    expect(out).toContain("[11] 添加商机");
    expect(out.match(/! 请输入 1–9 的编号或选项的文字/g) ?? []).toHaveLength(stage.length - 1);
    expect(out).toContain("已保存 东江省大数据管理局 的商机 甲项目（立项，100万）");
    const deal = await h.store.db.opportunity.findFirstOrThrow({ where: { name: "甲项目" } });
    expect(deal.stage).toBe("S2");
  });
});
