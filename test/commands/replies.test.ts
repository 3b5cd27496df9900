// What a new user gets back from mistyped commands, through the runner Slack and the console share (real database):
// a bad period said as such, service refusals in the user's language, a field given twice refused, bare `lang`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand, type CommandEnv } from "../../src/commands/run.js";
import type { Locale } from "../../src/i18n/index.js";
import { textOf } from "../support/fake-slack.js";
import { testStore, type TestStore } from "../digest/support/env.js";
import { createTeam, seedPortfolio } from "../digest/support/portfolio.js";

let t: TestStore;
let account: string;
let dealName: string;
const WS = "T0REPLY",
  CH = "C0TEAM",
  USER = "U0REP";

function env(locale: Locale = "zh-CN"): CommandEnv {
  return {
    deps: t.deps,
    actor: { workspaceId: WS, userId: USER, source: "slash" },
    locale,
    channelId: CH,
    channels: { members: async () => [USER], name: async () => "sales" },
  };
}
const say = async (text: string, locale: Locale = "zh-CN") => textOf((await runCommand(env(locale), text)).blocks);

beforeAll(async () => {
  t = await testStore("sqlite", "2026-03-04T02:00:00Z");
  const team = await createTeam(t, { workspaceId: WS, channelId: CH, name: "华东政企一部" });
  // A team whose name ends like a mistyped period: its funnel must still open.
  const digits = await createTeam(t, { workspaceId: WS, channelId: "C0DIGITS", name: "华南 2026Q9" });
  for (const { id } of [team, digits])
    await t.store.db.teamMember.create({ data: { teamId: id, userId: USER, syncedAt: new Date() } });
  await seedPortfolio(t.deps, team, { accounts: 3, opportunitiesPerAccount: 1, asOf: "2026-03-04", seed: 3 });
  account = (await t.store.db.account.findFirstOrThrow({ where: { teamId: team.id } })).name;
  const open = { stage: { in: ["S1", "S2", "S3", "S4"] }, name: { not: null } };
  dealName = (await t.store.db.opportunity.findFirstOrThrow({ where: open })).name ?? "";
});
afterAll(async () => {
  await t?.close();
});

describe("replies to mistyped commands", () => {
  it("calls a last word that starts with a year but is no period a bad period, unless a team is called that", async () => {
    const bad = "“2027Q5”不是期间：请写成 2026、2026-Q3 或 2026-11。";
    expect(await say("funnel 2027Q5")).toBe(bad);
    expect(await say("funnel 华东政企一部 2027Q5")).toBe(bad);
    expect(await say("funnel 华东政企一部 2027-13")).toBe("“2027-13”不是期间：请写成 2026、2026-Q3 或 2026-11。");
    expect(await say("funnel 2027Q5", "en")).toBe('"2027Q5" is not a period: use 2026, 2026-Q3 or 2026-11.');
    expect(await say("funnel 华南 2026Q9")).toContain("双漏斗 · 华南 2026Q9");
    expect(await say("funnel 2026Q9")).not.toContain("不是期间");
    // The period as written in Chinese is the same period.
    expect(await say("funnel 2026年")).toBe(await say("funnel 2026"));
    expect(await say("funnel 华东政企一部 2026年第3季度")).toBe(await say("funnel 华东政企一部 2026-Q3"));
    expect(await say("funnel 2026年三季度")).toBe(await say("funnel 2026-Q3"));
    expect(await say("funnel 2026年11月")).toBe(await say("funnel 2026-11"));
  });

  it("says a service's refusal in the user's language, without internal paths", async () => {
    const deal = await t.store.db.opportunity.findFirstOrThrow({ where: { name: dealName } });
    const cases: [string, string, string][] = [
      [`set ${account} region_code=12`, "行政区划代码是 6 位数字。", "A region code has 6 digits."],
      [`set ${account} uscc=abc`, "统一社会信用代码是 18 位", "A unified social credit code has 18"],
      ["target 华东政企一部 0", "金额必须大于 0。", "The amount must be more than 0."],
      ["target 华东政企一部 -5万", "金额必须大于 0。", "The amount must be more than 0."],
      ["target 华东政企一部 －5万 2026", "金额必须大于 0。", "The amount must be more than 0."],
      ["target 华东政企一部 1亿 2027-13", "“2027-13”不是期间", '"2027-13" is not a period'],
      [
        `deal ${dealName} stage=L`,
        "输单要写明原因，例如 reason=price",
        "A lost deal needs a reason, e.g. reason=price",
      ],
      [`deal ${dealName} reason=price`, "只有输单（stage=L）或放弃", "A close reason belongs to a lost (stage=L)"],
    ];
    for (const [text, zh, en] of cases) {
      const [zhReply, enReply] = [await say(text), await say(text, "en")];
      expect(zhReply).toContain(zh);
      expect(enReply).toContain(en);
      for (const reply of [zhReply, enReply]) expect(reply).not.toMatch(/changes\.|yuan|GB\/T| is not 2026/);
      expect(zhReply).not.toMatch(/\b(a|the) (lost|close|deal)\b/); // no English service text in a Chinese reply
    }
    // A segment to look at, not to save: its bad key is not "not saved".
    expect(await say("segment 政务 999999")).toMatch(/^没有这样的细分市场：行政区划代码：“999999”不是/);
    expect(await say("segment 政务 999999", "en")).toMatch(/^That is not a segment: /);
    // Industries as each reader types them: Chinese names in Chinese (no English codes), codes in English.
    expect(await say("segment 外星 330000")).toContain(
      "可用：政务、公安、教育、医疗、金融、能源电力、交通、制造、运营商、其他行业",
    );
    expect(await say("segment 外星 330000", "en")).toContain("e_gov, public_security, education");
    expect(await t.store.db.target.count()).toBe(0);
    expect(await t.store.db.opportunity.findFirstOrThrow({ where: { name: dealName } })).toEqual(deal);
  });

  it("refuses a field given twice, under one name or two, and writes nothing", async () => {
    const before = await t.store.db.account.findFirstOrThrow({ where: { name: account } });
    expect(await say(`set ${account} revenue_ttm=300万 revenue_ttm=400万`)).toBe(
      "字段“revenue_ttm”写了两次，没有写入任何内容。每个字段只写一次。",
    );
    expect(await say(`set ${account} revenue_ttm=300万 近12月收入=400万`, "en")).toContain(
      'The field "revenue_ttm / 近12月收入" is given twice; nothing was saved.',
    );
    const after = await t.store.db.account.findFirstOrThrow({ where: { name: account } });
    expect([after.revenueTtm, after.version]).toEqual([before.revenueTtm, before.version]);
  });

  it("answers a bare lang with the current language and the choices, changing nothing", async () => {
    const zh = await say("lang");
    expect(zh).toContain("现在用中文回复你");
    expect(zh).toContain("/kvalue lang en");
    expect(await say("语言", "en")).toContain("I answer you in English now. Switch with `/kvalue lang zh`");
    expect(await t.store.db.userPref.count()).toBe(0);
  });

  it("refuses a target period starting more than 5 years after today, naming it, and keeps every nearer one", async () => {
    // Today is 2026-03-04: a period may start up to 2031-03-04.
    expect(await say("target 华东政企一部 1亿 2099")).toBe(
      "输入有误，没有写入任何内容：目标期间 2099 从 2099-01-01 开始，比今天（2026-03-04）晚了 5 年以上，多半是年份写错了；目标期间最晚只能从 2031-03-04 开始。",
    );
    expect(await say("target 华东政企一部 1亿 2031-04", "en")).toBe(
      "Invalid input, nothing was saved: The target period 2031-04 starts on 2031-04-01, more than 5 years after today (2026-03-04): most likely a typo in the year. A target period may start on 2031-03-04 at the latest.",
    );
    expect(await say("target 华东政企一部 1亿 2099年第3季度")).toContain("目标期间 2099年第3季度 从 2099-07-01 开始");
    expect(await t.store.db.target.count()).toBe(0);
    for (const period of ["2031", "2031-03", "2031-Q1", "2029", "2026", "2020-Q4"])
      expect(await say(`target 华东政企一部 1亿 ${period}`), period).toContain("目标");
    expect((await t.store.db.target.findMany({ orderBy: { period: "asc" } })).map((x) => x.period)).toEqual([
      "2020-Q4",
      "2026",
      "2029",
      "2031",
      "2031-03",
      "2031-Q1",
    ]);
  });
});
