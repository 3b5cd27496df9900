// Replies that tell a user what to do next (issue 13): a funnel without a target, a typo, an ambiguous `set`, and
// errors in the user's language. Through the real Bolt app over HTTP with signed requests, on SQLite, and on
// PostgreSQL when the test server answers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OpenAIAdapter } from "../../src/features/assistant/llm/openai.js";
import { attachAssistant } from "../../src/features/assistant/setup.js";
import type { Provider } from "../../src/store/index.js";
import { sendBlockAction } from "../support/slack-request.js";
import { REP, REP2, SALES, SIGNING_SECRET, WS, postgres, startHarness, textOf, type Harness } from "./harness.js";

function guidanceSuite(provider: Provider): void {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider });
    await h.slash("lang en", { user: REP2 });
    noModel();
  });
  const quiet = { warn: () => undefined, error: () => undefined };
  const noModel = () => attachAssistant(h.deps, { llm: null, retries: 0, timeoutMs: 1_000, log: quiet });
  /** Runs `fn` with a model configured (never called: only whether one is set matters to these replies). */
  const withModel = async (fn: () => Promise<void>) => {
    const llm = new OpenAIAdapter({ apiKey: "k", baseURL: "http://127.0.0.1:9/v1", model: "m", timeoutMs: 1_000 });
    attachAssistant(h.deps, { llm, retries: 0, timeoutMs: 1_000, log: quiet });
    try {
      await fn();
    } finally {
      noModel();
    }
  };
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    h.slack.reset();
  });

  describe("funnel without a target", () => {
    it("says that no target is set for the period and how to set one, with no gap and no 'target reached'", async () => {
      const { text } = await h.slash("funnel 2031");
      expect(text).toContain("2031 还没有设定目标");
      expect(text).toMatch(/\/kvalue target \S+ 3000万 2031/);
      expect(text).not.toContain(":tada:");
      expect(text).not.toContain("已达成目标");
      expect(text).not.toContain("缺口 G");
      expect(text).toContain("在手商机");
    });

    it("says the same in English", async () => {
      const { text } = await h.slash("funnel 2031", { user: REP2 });
      expect(text).toContain("No target is set for 2031");
      expect(text).toMatch(/\/kvalue target \S+ 30M 2031/);
      expect(text).not.toContain("Target reached");
      expect(text).not.toContain("Gap G");
    });

    it("once the target is set, shows it and the gap", async () => {
      const team = await h.store.db.team.findFirstOrThrow({ where: { workspaceId: WS, channelId: SALES } });
      await h.slash(`target ${team.name} 3000万 2031`);
      const { text } = await h.slash("funnel 2031", { user: REP });
      expect(text).not.toContain("还没有设定目标");
      expect(text).toContain("3,000万");
      expect(text).toContain("缺口 G");
    });
  });

  describe("text that matches no account", () => {
    const offersCreate = (reply: { blocks?: unknown }) =>
      JSON.stringify(reply.blocks ?? []).includes("kv_create_account");

    it.each([
      ["fnnel", "/kvalue funnel"],
      ["tpo 5", "/kvalue top 5"],
      ["matirx", "/kvalue matrix"],
    ])("%s → did you mean %s? No offer to create an account, nothing written", async (typed, suggestion) => {
      const before = await h.counts();
      const { reply, text } = await h.slash(typed);
      expect(text).toContain(`你是不是想输入 ${suggestion}？`);
      expect(offersCreate(reply)).toBe(false);
      expect(await h.counts()).toEqual(before);
    });

    it("a bare number is not offered as an account name; it points to top n", async () => {
      const { reply, text } = await h.slash("5");
      expect(text).toContain("/kvalue top 5");
      expect(text).not.toContain("要新建吗");
      expect(offersCreate(reply)).toBe(false);
    });

    it("in English too", async () => {
      const { reply, text } = await h.slash("fnnel", { user: REP2 });
      expect(text).toContain("Did you mean /kvalue funnel?");
      expect(offersCreate(reply)).toBe(false);
    });

    it("a note without a configured model says notes need a model and how to turn it on", async () => {
      const before = await h.counts();
      const { reply, text } = await h.slash("今天拜访了省大数据局，预算 3000万 已经立项，下周出招标文件");
      expect(text).toContain("这看起来是一段备注");
      expect(text).toContain("需要模型");
      expect(text).toContain("OPENAI_API_KEY");
      expect(offersCreate(reply)).toBe(false);
      expect(await h.counts()).toEqual(before);
      const en = await h.slash("Met the bureau today, budget 30M approved", { user: REP2 });
      expect(en.text).toContain("needs a model");
      expect(en.text).toContain("OPENAI_API_KEY");
    });

    it("with a model configured, a note is pointed to Log a note instead", async () => {
      await withModel(async () => {
        const { text } = await h.slash("今天拜访了省大数据局，预算 3000万 已经立项");
        expect(text).toContain("记录备注");
        expect(text).not.toContain("OPENAI_API_KEY");
      });
    });

    it("a question says it is one: without a model, the commands that answer it; with one, ask in a DM", async () => {
      const before = await h.counts();
      const { reply, text } = await h.slash("这季度应该优先投入哪些客户？");
      expect(text).toContain("这看起来是一个问题");
      expect(text).toContain("/kvalue top");
      expect(text).toContain("OPENAI_API_KEY");
      expect(offersCreate(reply)).toBe(false);
      const en = await h.slash("Which accounts should we prioritise this quarter", { user: REP2 });
      expect(en.text).toContain("This looks like a question");
      expect(en.text).toContain("/kvalue mine");
      expect(await h.counts()).toEqual(before);
      await withModel(async () => {
        const { text: dm } = await h.slash("哪些客户应该优先跟进？");
        expect(dm).toContain("请私信 kvalue 提问");
        expect(dm).not.toContain("OPENAI_API_KEY");
      });
    });

    it("a name still gets the offer to create the account", async () => {
      const { reply, text } = await h.slash("东江省水利厅");
      expect(text).toContain("要新建吗");
      expect(offersCreate(reply)).toBe(true);
    });
  });

  describe("set on a name that matches several accounts", () => {
    type Block = { accessory?: { action_id: string; value: string }; text?: { text: string } };

    it("the picker's choice applies the pending update, with an audit row and V before → after", async () => {
      const before = await h.counts();
      const { res, reply, text } = await h.slash("set 大数据局 毛利率=31");
      expect(text).toMatch(/客户匹配“大数据局”/);
      expect(text).toContain("毛利率=31");
      expect(await h.counts()).toEqual(before); // nothing written until a choice is made
      const buttons = (reply.blocks as Block[]).flatMap((b) => (b.accessory ? [b] : []));
      expect(buttons.length).toBeGreaterThan(1);
      expect(buttons.every((b) => b.accessory?.action_id === "kv_pick_account_set")).toBe(true);
      const chosen = buttons[1];
      const chosenName = chosen?.text?.text.match(/^\*([^*]+)\*/)?.[1] ?? "";
      const accountId = await h.accountId(chosenName);
      await sendBlockAction(
        h.base,
        SIGNING_SECRET,
        {
          user_id: REP,
          channel_id: SALES,
          actions: [{ action_id: "kv_pick_account_set", value: chosen?.accessory?.value ?? "" }],
          response_url: res.responseUrl ?? "",
        },
        { slack: h.slack },
      );
      const answer = await h.slack.waitFor("response_url", (c) => c.args.replace_original === true);
      const answered = textOf(answer.args.blocks ?? answer.args.text);
      expect(answered).toContain(chosenName);
      expect(answered).toMatch(/价值分 V [\d.]+ → [\d.]+/);
      const account = await h.store.db.account.findUniqueOrThrow({ where: { id: accountId } });
      expect(account.grossMarginPct).toBe(31);
      const audit = await h.store.db.factChange.findMany({ where: { accountId, field: "gross_margin_pct" } });
      expect(audit.at(-1)?.actorUserId).toBe(REP);
    });

    it("a forged button value writes nothing and says so", async () => {
      const before = await h.counts();
      await sendBlockAction(
        h.base,
        SIGNING_SECRET,
        {
          user_id: REP,
          channel_id: SALES,
          actions: [{ action_id: "kv_pick_account_set", value: "not json" }],
        },
        { slack: h.slack },
      );
      const answer = await h.slack.waitFor("response_url", () => true);
      expect(textOf(answer.args.blocks ?? answer.args.text)).toContain("什么也没有写入");
      expect(await h.counts()).toEqual(before);
    });

    it("a bad value is refused before any picker", async () => {
      const { reply, text } = await h.slash("set 大数据局 毛利率=abc");
      expect(text).toContain("毛利率");
      expect(JSON.stringify(reply.blocks ?? [])).not.toContain("kv_pick_account");
    });
  });

  describe("errors follow the locale", () => {
    it("zh-CN: set with bad values names each field in Chinese, with no English, and writes nothing", async () => {
      const before = await h.counts();
      const { text } = await h.slash("set 东江省大数据管理局 毛利率=abc 预算状态=maybe 年度预算=很多");
      expect(text).toContain("没有写入任何内容");
      expect(text).toContain("毛利率：“abc”不是百分比");
      expect(text).toContain("预算状态：“maybe”不是可选的值；可选：");
      expect(text).toContain("“很多”不是金额");
      expect(text).not.toMatch(/is not|allowed|use one of/);
      expect(await h.counts()).toEqual(before);
    });

    it("en: the same errors in English", async () => {
      const { text } = await h.slash("set 东江省大数据管理局 毛利率=abc 预算状态=maybe", { user: REP2 });
      expect(text).toContain("“abc” is not a percentage");
      expect(text).toContain("“maybe” is not allowed; use one of: none (");
      expect(text).not.toContain("不是");
    });
  });

  describe("rough output", () => {
    it("en top 3 counts every ranked account, not the three shown", async () => {
      const ranked = await h.store.db.account.count({ where: { workspaceId: WS } });
      expect(ranked).toBeGreaterThan(3);
      const { text } = await h.slash("top 3", { user: REP2 });
      expect(text).toContain(`out of ${ranked} accounts`);
      expect(text).not.toContain("out of 3 accounts");
    });

    it("funnel offers no '+0' late-stage equivalent", async () => {
      const { text } = await h.slash("funnel");
      expect(text).not.toMatch(/\+0 个|\+0元/);
    });
  });
}

describe("on SQLite", () => guidanceSuite("sqlite"));
describe.skipIf(!postgres)("on PostgreSQL", () => guidanceSuite("postgresql"));
