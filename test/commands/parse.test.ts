import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommand, tokenize } from "../../src/commands/parse.js";
import { usageMessage } from "../../src/commands/reply.js";
import { textOf } from "../support/fake-slack.js";

describe("/kvalue text", () => {
  it("treats a bare name as an account card, whatever its spacing", () => {
    expect(parseCommand("  省大数据局 ")).toEqual({ kind: "card", account: "省大数据局" });
    expect(parseCommand("Acme　Bank")).toEqual({ kind: "card", account: "Acme Bank" });
  });

  it("shows help for empty text, help, 帮助 and ?", () => {
    for (const t of ["", "help", "帮助", "？"]) expect(parseCommand(t)).toEqual({ kind: "help" });
  });

  it("reads set with a multi-word account and quoted values", () => {
    expect(parseCommand('set Acme Bank revenue_ttm=300万 name="Acme Bank 北京" 预算状态＝已立项')).toEqual({
      kind: "set",
      account: "Acme Bank",
      assignments: [
        { field: "revenue_ttm", value: "300万" },
        { field: "name", value: "Acme Bank 北京" },
        { field: "预算状态", value: "已立项" },
      ],
    });
  });

  it("asks for usage when set has no account or no assignment", () => {
    expect(parseCommand("set revenue_ttm=1")).toMatchObject({ error: "usage", usage: "set" });
    expect(parseCommand("set acme")).toMatchObject({ error: "usage", usage: "set" });
    expect(parseCommand("set acme =5")).toMatchObject({ error: "bad_assignment", detail: "=5" });
  });

  it("takes 优先客户 and priorities to the top list", () => {
    for (const t of ["优先客户", "优先", "priorities"]) expect(parseCommand(t), t).toMatchObject({ kind: "top" });
  });

  it("takes the words a manager reaches for to the model versions and the calibration", () => {
    for (const t of ["model", "versions", "模型", "模型版本", "calibration versions"])
      expect(parseCommand(t), t).toEqual({ kind: "calibration", action: "versions" });
    expect(parseCommand("calibrate")).toEqual({ kind: "calibration", action: "report", team: null });
    // Adopt and Keep are buttons: typed, they are not a team's name.
    for (const t of ["calibration adopt", "calibration keep", "校准 采用"])
      expect(parseCommand(t), t).toEqual({ error: "usage", usage: "calibration" });
  });

  it("reads top, funnel and target arguments", () => {
    expect(parseCommand("top")).toEqual({ kind: "top", n: 10 });
    expect(parseCommand("top 5")).toEqual({ kind: "top", n: 5 });
    expect(parseCommand("top 500")).toEqual({ kind: "top", n: 50 });
    expect(parseCommand("top five")).toMatchObject({ error: "bad_number" });
    expect(parseCommand("funnel 华东 一部 2026-Q4")).toEqual({ kind: "funnel", team: "华东 一部", period: "2026-Q4" });
    expect(parseCommand("funnel")).toEqual({ kind: "funnel", team: null, period: null });
    expect(parseCommand("target 华东一部 3000万 2026")).toEqual({
      kind: "target",
      team: "华东一部",
      amount: "3000万",
      period: "2026",
    });
    expect(parseCommand("target 3000万")).toMatchObject({ error: "usage", usage: "target" });
    // A team and a word where the amount goes: that word is named, with the usage.
    expect(parseCommand("target 华东一部 abc")).toEqual({ error: "bad_amount", usage: "target", detail: "abc" });
    expect(textOf(usageMessage({ error: "bad_amount", usage: "target", detail: "abc" }, "zh-CN"))).toMatch(
      /^“abc”不是金额：请写成 3000万、1\.2亿 或 30000000。\n用法：`\/kvalue target/,
    );
  });

  it("reads team, lang and digest subcommands", () => {
    expect(parseCommand("team create 华东一部")).toEqual({ kind: "team-create", name: "华东一部" });
    expect(parseCommand("lang en")).toEqual({ kind: "lang", locale: "en" });
    expect(parseCommand("lang 中文")).toEqual({ kind: "lang", locale: "zh-CN" });
    expect(parseCommand("lang klingon")).toMatchObject({ error: "bad_lang" });
    expect(parseCommand("lang")).toEqual({ kind: "lang", locale: null }); // the handler says the current one
    expect(parseCommand("digest subscribe mon 09:00 Asia/Shanghai zh")).toEqual({
      kind: "digest",
      action: "subscribe",
      args: ["mon", "09:00", "Asia/Shanghai", "zh"],
    });
    expect(parseCommand("digest preview")).toEqual({ kind: "digest", action: "preview" });
  });

  it("never throws and always answers with a command or an error, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000, unit: "grapheme" }), (text) => {
        const r = parseCommand(text);
        expect("kind" in r || "error" in r).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps an unterminated quote as the rest of the text", () => {
    expect(tokenize('set a name="x y')).toEqual(["set", "a", "name=x y"]);
  });

  it("reads mine and deal (a multi-word deal or account, then field=value pairs, also with ＝)", () => {
    expect(parseCommand("mine")).toEqual({ kind: "mine" });
    expect(parseCommand("export")).toEqual({ kind: "export", team: null });
    expect(parseCommand("导出 华东 一部")).toEqual({ kind: "export", team: "华东 一部" });
    expect(parseCommand("我的")).toEqual({ kind: "mine" });
    expect(parseCommand("deal 东江 公安厅 stage=S3 amount＝300万 close=2026-03-31")).toEqual({
      kind: "deal",
      deal: "东江 公安厅",
      assignments: [
        { field: "stage", value: "S3" },
        { field: "amount", value: "300万" },
        { field: "close", value: "2026-03-31" },
      ],
    });
    expect(parseCommand("商机 一网通办")).toEqual({ kind: "deal", deal: "一网通办", assignments: [] });
    expect(parseCommand("deal stage=S3")).toEqual({ error: "usage", usage: "deal" });
    expect(parseCommand("deal acme stage=S3 oops")).toEqual({ error: "bad_assignment", usage: "deal", detail: "oops" });
  });

  it("reads stages: the map, clear, and CRM name=stage pairs after an optional team (an empty stage removes)", () => {
    expect(parseCommand("stages")).toEqual({ kind: "stages", team: null, action: "show" });
    expect(parseCommand("阶段映射 华东 一部")).toEqual({ kind: "stages", team: "华东 一部", action: "show" });
    expect(parseCommand("stages 华东一部 clear")).toEqual({ kind: "stages", team: "华东一部", action: "clear" });
    expect(parseCommand("stage-map 清空")).toEqual({ kind: "stages", team: null, action: "clear" });
    expect(parseCommand("stages 华东一部 初步沟通=S1 方案报价＝方案 旧名=")).toEqual({
      kind: "stages",
      team: "华东一部",
      action: "set",
      pairs: [
        { field: "初步沟通", value: "S1" },
        { field: "方案报价", value: "方案" },
        { field: "旧名", value: "" },
      ],
    });
    expect(parseCommand("stages 初步沟通=S1 oops")).toEqual({
      error: "bad_assignment",
      usage: "stages",
      detail: "oops",
    });
    expect(parseCommand("stages 初步沟通:S1 方案报价：S3")).toEqual({
      kind: "stages",
      team: null,
      action: "set",
      pairs: [
        { field: "初步沟通", value: "S1" },
        { field: "方案报价", value: "S3" },
      ],
    });
  });
});
