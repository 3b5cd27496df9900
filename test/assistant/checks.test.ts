// The deterministic parts of the assistant, without a model: reading numbers and dates as reps write them,
// the evidence rules, the figure check, output escaping, the message limits and the extraction token bar.
import { encode } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { proposalMessage } from "../../src/features/assistant/ui/proposal.js";
import { editModal } from "../../src/features/assistant/ui/edit.js";
import { parseCloseDate } from "../../src/features/assistant/extraction/dates.js";
import {
  extractionMessages,
  MAX_PROMPT_SEGMENTS,
  NOTE_TOKEN_BUDGET,
  noteBudget,
  notePrompt,
} from "../../src/features/assistant/extraction/extract.js";
import { quantityFromNote, readQuantities } from "../../src/features/assistant/read-numbers.js";
import { EXTRACTION_SYSTEM_PROMPT, extractionUserPrompt } from "../../src/features/assistant/extraction/prompt.js";
import { extractionSchema, extractionWithSegmentsSchema } from "../../src/features/assistant/extraction/schema.js";
import { inNote, validateExtraction } from "../../src/features/assistant/extraction/validate.js";
import { looksLikeQuestion } from "../../src/features/assistant/question-words.js";
import { isSkip, isStop } from "../../src/features/assistant/interview.js";
import { wireRequest } from "../../src/features/assistant/llm/openai.js";
import { parseStructured } from "../../src/features/assistant/llm/retry.js";
import { unsupportedFigures } from "../../src/features/assistant/qa/numbers.js";
import { safeText } from "../../src/features/assistant/safety/escape.js";
import { assess } from "../../src/core/index.js";
import type { ProposalPreview, ResolvedChanges } from "../../src/features/assistant/proposals.js";
import { checkBlocks, checkView } from "../support/slack-limits.js";
import { ISSUE_EXTRACTION, ISSUE_NOTE, extraction } from "./support.js";

const TODAY = "2026-06-15";

describe("numbers and dates as reps write them", () => {
  it.each([
    ["3000万", 30_000_000],
    ["两千万", 20_000_000],
    ["一个亿", 100_000_000],
    ["三点五亿", 350_000_000],
    ["五百多万", 5_000_000],
    ["约1.2亿", 120_000_000],
    ["3000万左右", 30_000_000],
    ["¥2,500,000", 2_500_000],
    ["九亿八千七百万元", 987_000_000],
    ["一千二百万", 12_000_000],
    ["30 million", 30_000_000],
    ["2.5M", 2_500_000],
  ])("%s is %d yuan", (text, yuan) => {
    expect(readQuantities(text).map((q) => [q.value, q.percent])).toEqual([[yuan, false]]);
  });

  it.each([
    ["25%", 25],
    ["百分之三十", 30],
    ["百分之二十五点五", 25.5],
    ["七成三", 73],
    ["三成", 30],
    ["八折", 80],
    ["八五折", 85],
    ["7成", 70],
  ])("%s is %d percent", (text, points) => {
    expect(readQuantities(text).map((q) => [q.value, q.percent])).toEqual([[points, true]]);
  });

  it("reads no figure in words that only contain numerals (一网通办, 千万不要, 十分, 万一)", () => {
    expect(readQuantities("一网通办千万不要十分重要，万一S4、Q3、P1")).toEqual([]);
  });

  it.each([
    ["毛利率 25%", "2.5%", false],
    ["毛利率 25%", "25%", true],
    ["毛利率 25%", "25", true],
    ["毛利率 25", "25%", false],
    ["去年营收130万", "30万", false],
    ["去年营收130万", "130万元", true],
    ["去年营收130万", "1300000", true],
    ["项目3000万", "300", false],
    ["项目3000万", "三千万", true],
    ["项目三千万", "3000万", true],
    ["合作三年了", "3年", true],
    ["预算一个亿", "1亿", true],
    ["预算一个亿", "10亿", false],
    ["毛利七成三", "73%", true],
    ["毛利七成三", "7.3%", false],
  ])("note %s, value %s: in the note = %s", (note, value, ok) => {
    expect(quantityFromNote(note, value) !== null).toBe(ok);
  });

  it.each([
    ["Q3", "2026-09-30"],
    ["三季度", "2026-09-30"],
    ["9月底", "2026-09-30"],
    ["年底", "2026-12-31"],
    ["明年Q1", "2027-03-31"],
    ["Q1", "2027-03-31"],
    ["2026-08-15", "2026-08-15"],
    ["2026年8月15日", "2026-08-15"],
    ["end of September", "2026-09-30"],
    ["下个月", "2026-07-31"],
    ["H2", "2026-12-31"],
    ["someday", null],
  ])("closing %s reads as %s (today %s)", (text, iso) => {
    expect(parseCloseDate(text, TODAY)).toBe(iso);
  });
});

describe("evidence rules", () => {
  it("finds a quote regardless of spaces, width and punctuation, part by part across an ellipsis", () => {
    expect(inNote(ISSUE_NOTE, "信息中心 李主任 很支持我们。")).toBe(true);
    expect(inNote(ISSUE_NOTE, "今天见了省大数据局…3000万的数据共享平台")).toBe(true);
    expect(inNote(ISSUE_NOTE, "李主任强烈反对")).toBe(false);
    expect(inNote(ISSUE_NOTE, "")).toBe(false);
  });

  it("keeps the issue note's contacts and opportunity, with the amount and date parsed by the tool", () => {
    const v = validateExtraction(ISSUE_EXTRACTION, ISSUE_NOTE, TODAY, "ref");
    expect(v.accountName).toBe("省大数据局");
    expect(v.changes.contacts.map((c) => c.name)).toEqual(["王副局长", "李主任"]);
    expect(v.changes.opportunities[0]).toMatchObject({ amount: 30_000_000, close: "2026-09-30" });
    expect(v.changes.dropped).toEqual([]);
  });

  it("drops an account name the note does not contain, and titles it does not say", () => {
    const v = validateExtraction(
      extraction({ account: "南岭省公安厅", contacts: [{ ...ISSUE_EXTRACTION.contacts[1]!, title: "处长" }] }),
      ISSUE_NOTE,
      TODAY,
      null,
    );
    expect(v.accountName).toBeNull();
    expect(v.changes.contacts[0]?.title).toBeNull();
  });

  it("re-checks the schema even when a compatible server ignores strict mode", () => {
    const r = parseStructured(
      JSON.stringify({ ...ISSUE_EXTRACTION, contacts: [{ ...ISSUE_EXTRACTION.contacts[0], role: "boss" }] }),
      extractionSchema,
    );
    expect(r).toMatchObject({ ok: false, kind: "schema_invalid" });
    expect(parseStructured("```json\n" + JSON.stringify(ISSUE_EXTRACTION) + "\n```", extractionSchema).ok).toBe(true);
    expect(parseStructured("I think the account is", extractionSchema)).toMatchObject({
      ok: false,
      kind: "malformed_json",
    });
  });
});

describe("routing words", () => {
  it("tells questions from notes before any model call", () => {
    expect(looksLikeQuestion("这季度应该优先投入哪些客户？")).toBe(true);
    expect(looksLikeQuestion("why is Acme only Maintain")).toBe(true);
    expect(looksLikeQuestion("compare A and B")).toBe(true);
    expect(looksLikeQuestion("帮我看看交投集团为什么分这么低")).toBe(true);
    expect(looksLikeQuestion("Isaac from Acme called")).toBe(false);
    expect(looksLikeQuestion(ISSUE_NOTE)).toBe(false);
    expect(isStop("不用了")).toBe(true);
    expect(isStop("stop.")).toBe(true);
    expect(isStop("不用了解他们的预算")).toBe(false);
    expect(isSkip("不知道")).toBe(true);
  });
});

describe("the figure check", () => {
  const tools = [
    JSON.stringify({
      name: "东江省大数据管理局",
      V: 71.42,
      open: "3,000万",
      en: "¥30M",
      completeness: 0.7735,
      team: "华东2部",
    }),
  ];
  it.each([
    ["V 71.42，在手 3,000万", []],
    ["V 71.4（约 71）", []],
    ["open ¥30M = 30 million = 30000000 yuan", []],
    ["完整度 77%", []],
    ["华东2部 2026年9月30日前，S4、P1、Q3", []],
    ["1. 第一\n2. 第二", []],
    ["V 72.5", ["72.5"]],
    ["两者差 16.12 分", ["16.12"]],
    ["在手 3,500万", ["3,500万"]],
    ["完整度 85%", ["85%"]],
    ["在手三千万，完整度七成七", []],
    ["第一，一网通办十分重要；二〇二六年三月", []],
    ["在手九亿八千七百万元", ["九亿八千七百万元"]],
    ["完整度七成三", ["七成三"]],
    ["完整度百分之四十", ["百分之四十"]],
    ["在手3,500万", ["3,500万"]],
  ])("%s → unsupported %j", (answer, bad) => {
    expect(unsupportedFigures(answer, tools, ["华东2部"])).toEqual(bad);
  });
  it("does not take a date in a tool result (2027年9月30日, 2026-09-30) for the figures 30 or 9", () => {
    const dated = [JSON.stringify({ close: "2027年9月30日", at: "2026-09-30" })];
    expect(unsupportedFigures("赢率百分之三十，9个商机", dated)).toEqual(["百分之三十", "9"]);
  });
});

describe("escaping model output", () => {
  it.each([
    ["<!channel> 注意", "＠channel 注意"],
    ["@here 和 @everyone", "＠here 和 ＠everyone"],
    ["<@U0BOSS> 看一下", "&lt;@U0BOSS&gt; 看一下"],
    ["见 https://evil.example/a", "见 [link removed]"],
    ["<https://evil.example|点这里>", "&lt;[link removed]&gt;"],
    ["A&B <b>", "A&amp;B &lt;b&gt;"],
  ])("%s → %s", (input, output) => {
    expect(safeText(input)).toBe(output);
  });
  it("keeps links and mentions the model was given", () => {
    expect(
      safeText("见 https://kvalue-test.slack.com/archives/C1/p1 <@U0REP>", {
        allowedUrls: ["https://kvalue-test.slack.com/archives/C1/p1"],
        allowedUserIds: ["U0REP"],
      }),
    ).toBe("见 https://kvalue-test.slack.com/archives/C1/p1 <@U0REP>");
  });
});

describe("the proposal message", () => {
  it("fits Slack's limits with the most changes a note may carry, buttons included", () => {
    const facts = assess({ id: "a", name: "x" });
    const long = "很长的描述".repeat(60);
    const resolved: ResolvedChanges = {
      patch: {},
      facts: Array.from({ length: 10 }, (_, i) => ({
        field: "wallet_annual",
        before: null,
        after: 1_000_000 * (i + 1),
        text: `${i + 1}00万`,
        evidence: long,
      })),
      contacts: Array.from({ length: 8 }, (_, i) => ({
        contactId: null,
        name: `联系人${i}${long}`,
        assumed: ["role"],
        evidence: long,
        input: {
          name: `联系人${i}`,
          title: long,
          org_unit: long,
          role: "coach",
          influence: "high",
          attitude: 2,
          relationship_strength: 3,
          relationship_layer: null,
          response_mode: null,
          last_contact_date: null,
        },
        diffs: [
          { field: "title", before: null, after: long },
          { field: "role", before: null, after: "coach" },
        ],
      })),
      opportunities: Array.from({ length: 5 }, (_, i) => ({
        opportunityId: null,
        name: `商机${i}${long}`,
        assumed: ["stage"],
        evidence: long,
        amountText: "3000万",
        closeText: "Q3",
        input: {
          name: `商机${i}`,
          stage: "S0",
          amount: 30_000_000,
          expected_close_date: "2026-09-30",
          source: "unknown",
          project_type: null,
          procurement_method: "unknown",
        },
        diffs: [{ field: "amount", before: null, after: 30_000_000 }],
      })),
      needs: Array.from({ length: 5 }, () => ({
        input: { description: long, category: "efficiency", severity: 5, urgency: 5, our_fit: 3, confirmed: true },
        evidence: long,
      })),
      skipped: Array.from({ length: 12 }, () => ({ item: long, reason: "no_evidence" })),
    };
    const preview: ProposalPreview = {
      accountId: "a",
      accountName: long,
      version: 1,
      resolved,
      before: facts,
      after: facts,
      asOf: TODAY,
    };
    for (const locale of ["zh-CN", "en"] as const) {
      const m = proposalMessage({
        preview,
        proposalId: "p1",
        locale,
        sourceUrl: "https://kvalue-test.slack.com/archives/D1/p1",
      });
      expect(checkBlocks(m.blocks, "message")).toEqual([]);
      expect(JSON.stringify(m.blocks)).toMatch(/kv_ai_confirm.*kv_ai_edit.*kv_ai_discard/);
    }
  });

  it("builds an Edit modal Slack accepts", () => {
    const v = validateExtraction(ISSUE_EXTRACTION, ISSUE_NOTE, TODAY, null);
    expect(checkView(editModal("zh-CN", "东江省大数据管理局", v.changes, { proposalId: "p1" }))).toEqual([]);
  });
});

describe("the extraction request stays under 2,000 prompt tokens", () => {
  it("even for the longest note it sends, with the conversation's account and question", async () => {
    const note =
      "客户说预算大概在两千万左右，明年一季度启动招标，技术负责人张处长比较倾向华为的方案，但是信息中心主任对我们印象不错。".repeat(
        40,
      );
    const cut = await notePrompt(note);
    expect(cut.truncated).toBe(true);
    expect(encode(cut.text).length).toBeLessThanOrEqual(NOTE_TOKEN_BUDGET);
    const body = wireRequest("kvalue-test-model", {
      purpose: "extract",
      maxTokens: 1500,
      messages: [
        { role: "system", content: EXTRACTION_SYSTEM_PROMPT },
        {
          role: "user",
          content: extractionUserPrompt(cut.text, {
            today: TODAY,
            accountName: "东江省大数据管理局",
            question: "客户这件事有预算吗：没有、在规划中，还是已经立项？",
          }),
        },
      ],
      format: { name: "note_facts", schema: extractionSchema },
    });
    const tokens = encode(JSON.stringify(body.messages)).length + encode(JSON.stringify(body.response_format)).length;
    expect(tokens).toBeLessThanOrEqual(2_000);
  });

  it("and with the segment part (prompt line, schema, the most segments listed): the note gives up the room", async () => {
    const segments = ["e_gov", "healthcare", "manufacturing", "education", "finance", "energy", "transport", "other"]
      .map((industry, i) => `${industry}/${330100 + i * 100}/2026`)
      .slice(0, MAX_PROMPT_SEGMENTS + 2);
    const ctx = {
      today: TODAY,
      accountName: "东江省大数据管理局",
      question: "客户这件事有预算吗：没有、在规划中，还是已经立项？",
      segments,
    };
    const note = "华东政务云今年整体预算增长 20%，竞争对手华为在省级份额最大，省级部门预算集中在年初批复。".repeat(60);
    const cut = await notePrompt(note, noteBudget(ctx));
    expect(cut.truncated).toBe(true);
    const body = wireRequest("kvalue-test-model", {
      purpose: "extract",
      maxTokens: 1500,
      messages: extractionMessages(cut.text, ctx),
      format: { name: "note_facts", schema: extractionWithSegmentsSchema },
    });
    expect(JSON.stringify(body.messages)).toContain(segments[MAX_PROMPT_SEGMENTS - 1]);
    const tokens = encode(JSON.stringify(body.messages)).length + encode(JSON.stringify(body.response_format)).length;
    expect(tokens).toBeLessThanOrEqual(2_000);
  });
});
