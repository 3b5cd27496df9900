// The console reaches segments through the same command and form functions as Slack: `segment` lists them, one
// segment shows its looks and buttons as numbered choices, and a look's form is asked as prompts with the same checks
// (a target that is not money is asked again, naming the field; nothing is written until it is valid).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleSession } from "../support/console.js";
import { openHarness, type Harness } from "../services/harness.js";

describe("segments in the console", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness("sqlite");
  });
  afterAll(async () => h?.close());

  it("keeps the choices on screen when a number past them is typed", async () => {
    // The segment's buttons, a slip (99), then button 6 (三定) still answers: its form's first prompt.
    const out = await consoleSession(h.deps, ["segment 医疗 330000", "99", "6", "", "", "", ""]);
    expect(out).toMatch(/没有选项 \[99\]：可选 \[1\]–\[\d+\]，选项还在。/);
    expect(out).not.toContain("“99”不是命令");
    // Button 6 answered after the slip: its form's prompts follow the message.
    expect(out.slice(out.indexOf("没有选项 [99]"))).toContain("定目标");
  });

  it("takes the year as written in Chinese (2026年)", async () => {
    const out = await consoleSession(h.deps, ["segment 医疗 330000 2026年"]);
    expect(out).toContain("== 细分市场 医疗 · 330000 · 2026 ==");
  });

  it("does not save a new segment whose 三定 form was left empty (it could not be removed)", async () => {
    const before = await h.store.db.segment.count();
    const out = await consoleSession(h.deps, ["segment 教育 330000 2026", "6", "", "", "", ""]);
    expect(out).toContain("新的细分市场一项都没有填写。至少填一项，例如是否选定或收入目标。");
    expect(out).not.toContain("已保存细分市场 教育");
    expect(await h.store.db.segment.count()).toBe(before);
  });

  it("lists, shows, and edits 三定 through prompts", async () => {
    // segment list, one segment, press button 6 (三定): keep chosen and control points, a bad target, keep strategy,
    // then the target asked again.
    const out = await consoleSession(h.deps, ["segment", "segment 医疗 330000", "6", "", "", "很多", "", "3000万"]);
    expect(out).toContain("细分市场（五看三定）");
    expect(out).toContain("政务 · 330000");
    // The list's hint is a command a Chinese reader can type as shown (the industry's name, not e_gov).
    expect(out).toContain("查看：/kvalue segment 政务 330000");
    expect(out).not.toContain("segment e_gov");
    expect(out).toContain("看自己");
    expect(out).toContain("定目标（收入目标）：“很多”不是金额");
    expect(out).toContain("已保存细分市场 医疗 · 330000");
    const seg = await h.store.db.segment.findFirstOrThrow({ where: { industry: "healthcare" } });
    expect(seg.revenueTarget).toBe(30_000_000n);
    const audits = await h.store.db.factChange.findMany({
      where: { entity: "segment", entityId: seg.id, source: "console" },
    });
    expect(audits.map((a) => a.field)).toEqual(["revenue_target"]);
  });

  it("says after a 三定 decision which accounts keep their own 是否目标细分, and how to make one follow", async () => {
    // The demo's 医疗 · 330000 is chosen, and its four accounts each say themselves whether they match.
    const decided = await consoleSession(h.deps, ["segment 医疗 330000", "6", "3", "", "", ""]);
    expect(decided).toContain("已保存细分市场 医疗 · 330000 · 2026：是否选定为目标细分市场 → 评估后不选");
    const kept = /^(\d+) 个客户自己填了“是否目标细分”.*例如：\/kvalue set (.+) 是否目标细分=未知$/m.exec(decided);
    expect(kept?.[0]).toContain("，保留原值，不跟随细分市场的选定（客户自己填的值优先于细分市场的默认值）：");
    const [n, account] = [Number(kept?.[1]), kept?.[2] ?? ""];
    expect(n).toBeGreaterThan(0);
    // The command it shows works as shown: that account's own value is cleared, and the segment's decision is its.
    await consoleSession(h.deps, [`/kvalue set ${account} 是否目标细分=未知`]);
    const row = await h.store.db.account.findFirstOrThrow({ where: { name: account } });
    expect(row.segmentMatch).toBeNull();
    const again = await consoleSession(h.deps, ["segment 医疗 330000", "6", "2", "", "", ""], "en");
    expect(again).toContain("Saved segment Healthcare · 330000 · 2026: Chosen as a target segment → Chosen");
    expect(again).toContain("Re-scored 1 account that uses its defaults.");
    expect(again).toContain(
      `${n - 1 === 1 ? "1 account keeps its" : `${n - 1} accounts keep their`} own 是否目标细分 (segment_match) value, not the segment's decision (an account's own value wins over a segment's default): `,
    );
    expect(again).not.toMatch(new RegExp(`default\\): [^\\n]*${account}`));
    expect(again).toMatch(/e\.g\. \/kvalue set .+ segment_match=unknown$/m);
  });
});
