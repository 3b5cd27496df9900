import type { InputBlock, ModalView } from "@slack/types";
import { describe, expect, it } from "vitest";
import { contactModal, factsModal, noteModal, opportunityModal } from "../../src/features/accounts/ui/modals.js";
import { noteSavedMessage } from "../../src/features/accounts/ui/note.js";
import {
  parseContactSubmission,
  parseFactsSubmission,
  parseModalMetadata,
  parseNoteSubmission,
  parseOpportunitySubmission,
} from "../../src/features/accounts/ui/submissions.js";
import type { ViewStateValues } from "../../src/ui/types.js";
import { LOCALES, awkwardName } from "./fixtures.js";
import { allText, checkMessage, checkModal } from "./slack-limits-checker.js";

const inputs = (view: ModalView) => view.blocks.filter((b): b is InputBlock => b.type === "input");
const input = (view: ModalView, blockId: string) => inputs(view).find((b) => b.block_id === blockId);

// What Slack sends back: block_id → action_id → state.
const text = (value: string | null) => ({ value: { type: "plain_text_input", value } });
const number = (value: string | null) => ({ value: { type: "number_input", value } });
const select = (value: string | null) => ({
  value: { type: "static_select", selected_option: value === null ? null : { value } },
});
const date = (value: string | null) => ({ value: { type: "datepicker", selected_date: value } });

describe("update-facts modal", () => {
  it("has a typed input for every scalar fact of METHOD §2.2, with current values preselected", () => {
    for (const locale of LOCALES) {
      const view = factsModal({
        accountId: "A",
        accountName: "某省大数据管理局",
        locale,
        facts: {
          revenue_ttm: 3_000_000,
          gross_margin_pct: 30,
          industry_outlook: "growth",
          segment_match: false,
          incumbent: "unknown",
        },
      });
      expect(checkModal(view)).toEqual([]);
      expect(view.callback_id).toBe("kv_facts_modal");
      expect(JSON.parse(view.private_metadata ?? "")).toEqual({ accountId: "A" });
      expect(
        inputs(view)
          .map((b) => b.block_id)
          .sort(),
      ).toEqual([
        "admin_level",
        "budget_status",
        "customer_type",
        "development_trend",
        "discount_rate",
        "gross_margin_pct",
        "incumbent",
        "industry",
        "industry_outlook",
        "is_existing_customer",
        "market_position",
        "reference_value",
        "region_code",
        "relationship_years",
        "retention_rate",
        "revenue_ttm",
        "segment_match",
        "uscc",
        "wallet_annual",
      ]);
      expect(inputs(view).every((b) => b.optional === true)).toBe(true);
      // In the card's unit, exactly (issue 13, item 9).
      expect(input(view, "revenue_ttm")?.element).toMatchObject({
        type: "plain_text_input",
        initial_value: locale === "en" ? "¥3M" : "300万",
      });
      expect(input(view, "wallet_annual")?.element).not.toHaveProperty("initial_value");
      expect(input(view, "gross_margin_pct")?.element).toMatchObject({
        type: "number_input",
        is_decimal_allowed: true,
        initial_value: "30",
      });
      expect(input(view, "relationship_years")?.element).toMatchObject({
        type: "number_input",
        is_decimal_allowed: false,
      });
      expect(input(view, "industry_outlook")?.element).toMatchObject({
        type: "static_select",
        initial_option: { value: "growth" },
      });
      // Unknown is an explicit, preselected option — distinct from false and from incumbent's own "unknown".
      expect(input(view, "market_position")?.element).toMatchObject({ initial_option: { value: "__unknown__" } });
      expect(input(view, "segment_match")?.element).toMatchObject({ initial_option: { value: "false" } });
      expect(input(view, "is_existing_customer")?.element).toMatchObject({ initial_option: { value: "__unknown__" } });
      expect(input(view, "incumbent")?.element).toMatchObject({ initial_option: { value: "unknown" } });
    }
  });

  it("shows the money hint in the user's language", () => {
    const zh = factsModal({ accountId: "A", accountName: "A", facts: {}, locale: "zh-CN" });
    expect(input(zh, "revenue_ttm")?.hint?.text).toContain("300万");
    // The value carries its unit (300万) and any form is read, so the label names no unit.
    expect(input(zh, "revenue_ttm")?.label.text).toBe("我方近12月收入");
  });
});

describe("parseFactsSubmission", () => {
  const filled: ViewStateValues = {
    customer_type: select("gov"),
    admin_level: select("provincial"),
    industry: select("e_gov"),
    region_code: text("110000"),
    uscc: text("91110000 600037341l"),
    is_existing_customer: select("true"),
    revenue_ttm: text("300万"),
    gross_margin_pct: number("30"),
    relationship_years: number("4"),
    wallet_annual: text("2,000万"),
    industry_outlook: select("growth"),
    market_position: select("regional_leader"),
    development_trend: select("expanding"),
    budget_status: select("planned"),
    segment_match: select("false"),
    reference_value: select("provincial"),
    incumbent: select("competitor"),
    retention_rate: number("0.9"),
    discount_rate: number("0.1"),
  };

  it("reads a complete, valid submission", () => {
    const r = parseFactsSubmission(filled, "zh-CN");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      customer_type: "gov",
      region_code: "110000",
      uscc: "91110000600037341L",
      is_existing_customer: true,
      revenue_ttm: 3_000_000,
      gross_margin_pct: 30,
      relationship_years: 4,
      wallet_annual: 20_000_000,
      segment_match: false,
      incumbent: "competitor",
      retention_rate: 0.9,
      discount_rate: 0.1,
    });
  });

  it("keeps unknown as null, never 0 or false", () => {
    const empty: ViewStateValues = {
      revenue_ttm: text(""),
      wallet_annual: text(null),
      gross_margin_pct: number(null),
      segment_match: select("__unknown__"),
      is_existing_customer: select(null),
      market_position: select("__unknown__"),
    };
    const r = parseFactsSubmission(empty, "en");
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        revenue_ttm: null,
        wallet_annual: null,
        gross_margin_pct: null,
        segment_match: null,
        is_existing_customer: null,
        market_position: null,
        incumbent: null,
        region_code: null,
      }),
    });
    // A stated zero stays zero.
    const zero = parseFactsSubmission({ revenue_ttm: text("0"), segment_match: select("false") }, "en");
    expect(zero.ok && zero.value.revenue_ttm).toBe(0);
    expect(zero.ok && zero.value.segment_match).toBe(false);
  });

  it("accepts 300万, 3亿 and 3,000,000 for money", () => {
    for (const [typed, yuan] of [
      ["300万", 3_000_000],
      ["3亿", 300_000_000],
      ["3,000,000", 3_000_000],
      ["3000000", 3_000_000],
    ] as const) {
      const r = parseFactsSubmission({ wallet_annual: text(typed) }, "zh-CN");
      expect(r.ok && r.value.wallet_annual, typed).toBe(yuan);
    }
  });

  it("returns field-level errors in the user's language, keyed by block_id", () => {
    const bad: ViewStateValues = {
      ...filled,
      revenue_ttm: text("三百万"),
      wallet_annual: text("1.23456万"),
      gross_margin_pct: number("130"),
      relationship_years: number("2.5"),
      retention_rate: number("1"),
      region_code: text("1100"),
      uscc: text("123"),
      industry: select("space"),
    };
    const zh = parseFactsSubmission(bad, "zh-CN");
    expect(zh.ok).toBe(false);
    if (zh.ok) return;
    expect(zh.errors).toEqual({
      revenue_ttm: "看不懂这个金额，请写成 3000000、3,000,000、300万 或 1.25亿。",
      wallet_annual: "金额请精确到元。",
      gross_margin_pct: "请填写 0 到 100 之间的数。",
      relationship_years: "请填写整数。",
      retention_rate: "请填写大于 0 且小于 1 的数。",
      region_code: "行政区划代码是 6 位数字。",
      uscc: expect.stringContaining("18 位"),
      industry: "请从列表中选择。",
    });
    const en = parseFactsSubmission({ gross_margin_pct: number("abc") }, "en");
    expect(en).toEqual({ ok: false, errors: { gross_margin_pct: "Enter a number." } });
  });
});

describe("contact modal", () => {
  it("adds and edits a contact with role, influence, attitude, strength, layer, title, org unit and last contact", () => {
    for (const locale of LOCALES) {
      const add = contactModal({ accountId: "A", accountName: "某省大数据管理局", locale });
      expect(checkModal(add)).toEqual([]);
      expect(add.callback_id).toBe("kv_contact_modal");
      expect(inputs(add).map((b) => b.block_id)).toEqual([
        "name",
        "title",
        "org_unit",
        "role",
        "influence",
        "attitude",
        "relationship_strength",
        "relationship_layer",
        "response_mode",
        "last_contact_date",
      ]);
      const edit = contactModal({
        accountId: "A",
        accountName: "A",
        contactId: "a1",
        locale,
        contact: {
          name: "副局长",
          role: "economic_buyer",
          influence: "high",
          attitude: -1,
          relationship_strength: 3,
          last_contact_date: "2025-06-01",
        },
      });
      expect(checkModal(edit)).toEqual([]);
      expect(JSON.parse(edit.private_metadata ?? "")).toEqual({ accountId: "A", contactId: "a1" });
      expect(input(edit, "attitude")?.element).toMatchObject({ initial_option: { value: "-1" } });
      expect(input(edit, "relationship_strength")?.element).toMatchObject({ initial_option: { value: "3" } });
      expect(input(edit, "last_contact_date")?.element).toMatchObject({
        type: "datepicker",
        initial_date: "2025-06-01",
      });
    }
    const zh = contactModal({ accountId: "A", accountName: "A", locale: "zh-CN" });
    const attitude = input(zh, "attitude")?.element;
    expect(attitude?.type === "static_select" && attitude.options?.map((o) => o.text.text)).toEqual([
      "— 未知 / 未填写 —",
      "−2 强烈反对",
      "−1 倾向反对",
      "0 中立",
      "+1 支持",
      "+2 强力支持/倡导",
    ]);
  });

  it("parses a contact, keeping unknown attitude and strength as null", () => {
    const r = parseContactSubmission(
      {
        name: text(" 王主任 "),
        title: text(""),
        org_unit: text("财政局"),
        role: select("technical_buyer"),
        influence: select("high"),
        attitude: select("__unknown__"),
        relationship_strength: select("0"),
        relationship_layer: select(null),
        response_mode: select("even_keel"),
        last_contact_date: date("2025-07-01"),
      },
      "zh-CN",
    );
    expect(r).toEqual({
      ok: true,
      value: {
        name: "王主任",
        title: null,
        org_unit: "财政局",
        role: "technical_buyer",
        influence: "high",
        attitude: null,
        relationship_strength: 0,
        relationship_layer: null,
        response_mode: "even_keel",
        last_contact_date: "2025-07-01",
      },
    });
  });

  it("requires name, role and influence", () => {
    const r = parseContactSubmission({ name: text(""), role: select(null), influence: select("huge") }, "en");
    expect(r).toEqual({
      ok: false,
      errors: { name: "Required.", role: "Required.", influence: "Choose an option from the list." },
    });
  });
});

describe("opportunity modal", () => {
  it("offers the eight discovery methods plus other and unknown as sources", () => {
    const view = opportunityModal({ accountId: "B", accountName: "某地市人民医院", locale: "zh-CN" });
    expect(checkModal(view)).toEqual([]);
    expect(view.callback_id).toBe("kv_opportunity_modal");
    const source = input(view, "source")?.element;
    expect(source?.type === "static_select" && source.options?.map((o) => o.value)).toEqual([
      "industry_report",
      "exhibition_event",
      "social_circle",
      "government_policy",
      "industry_association",
      "consultant_institute",
      "ecosystem_partner",
      "customer_referral",
      "other",
      "unknown",
    ]);
    expect(source).toMatchObject({ initial_option: { value: "unknown" } });
    expect(input(view, "expected_close_date")?.element.type).toBe("datepicker");
    expect(input(view, "stage")?.element).toMatchObject({ initial_option: { value: "S0", text: { text: "S0 线索" } } });
    expect(inputs(view).map((b) => b.block_id)).toEqual([
      "name",
      "stage",
      "amount",
      "expected_close_date",
      "source",
      "project_type",
      "procurement_method",
    ]);
  });

  it("prefills an edited opportunity", () => {
    const view = opportunityModal({
      accountId: "B",
      accountName: "B",
      opportunityId: "o1",
      locale: "en",
      opportunity: {
        name: "互联互通",
        stage: "S3",
        amount: 12_000_000,
        expected_close_date: "2025-09-30",
        source: "customer_referral",
        procurement_method: "open_tender",
      },
    });
    expect(checkModal(view)).toEqual([]);
    expect(view.title.text).toBe("Edit opportunity");
    expect(input(view, "amount")?.element).toMatchObject({ initial_value: "¥12M" });
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ accountId: "B", opportunityId: "o1" });
  });

  it("parses amounts like 1.25亿 and rejects a zero or unreadable amount", () => {
    const base: ViewStateValues = {
      name: text("智慧医院二期"),
      stage: select("S2"),
      amount: text("1.25亿"),
      expected_close_date: date("2025-12-31"),
      source: select("exhibition_event"),
      project_type: select("__unknown__"),
      procurement_method: select("single_source"),
    };
    expect(parseOpportunitySubmission(base, "zh-CN")).toEqual({
      ok: true,
      value: {
        name: "智慧医院二期",
        stage: "S2",
        amount: 125_000_000,
        expected_close_date: "2025-12-31",
        source: "exhibition_event",
        project_type: null,
        procurement_method: "single_source",
      },
    });
    expect(parseOpportunitySubmission({ ...base, amount: text("0") }, "zh-CN")).toEqual({
      ok: false,
      errors: { amount: "金额必须大于 0。" },
    });
    expect(
      parseOpportunitySubmission({ ...base, amount: text("a lot"), expected_close_date: date("2025-02-30") }, "en"),
    ).toEqual({
      ok: false,
      errors: { amount: expect.stringContaining("isn't clear"), expected_close_date: "Pick a valid date." },
    });
    expect(parseOpportunitySubmission({ ...base, amount: text(""), expected_close_date: date(null) }, "zh-CN")).toEqual(
      { ok: false, errors: { amount: "必填。", expected_close_date: "必填。" } },
    );
  });
});

describe("note modal", () => {
  it("prefills at most 3,000 characters of a 10,000-character note", () => {
    const long = "拜访纪要：".concat("客户确认了预算并希望推进试点。🚀".repeat(600)).slice(0, 10_000);
    for (const locale of LOCALES) {
      const view = noteModal({ accountId: "A", accountName: awkwardName(0), initialText: long, locale });
      expect(checkModal(view)).toEqual([]);
      const el = input(view, "note")?.element;
      expect(el).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000 });
      expect(el?.type === "plain_text_input" && (el.initial_value ?? "").length).toBeLessThanOrEqual(3000);
      expect(view.callback_id).toBe("kv_note_modal");
    }
  });

  it("rejects an empty or over-long note", () => {
    expect(parseNoteSubmission({ note: text("  见了院长，下周演示。 ") }, "zh-CN")).toEqual({
      ok: true,
      value: { note: "见了院长，下周演示。" },
    });
    expect(parseNoteSubmission({ note: text("   ") }, "zh-CN")).toEqual({ ok: false, errors: { note: "必填。" } });
    expect(parseNoteSubmission({ note: text("x".repeat(10_000)) }, "en")).toEqual({
      ok: false,
      errors: { note: "At most 3000 characters." },
    });
  });

  it("echoes a 10,000-character note within a message's limits", () => {
    for (const locale of LOCALES) {
      const msg = noteSavedMessage({
        accountName: awkwardName(2),
        note: "<b>注意</b> & 👩‍👩‍👧‍👦\n".repeat(700),
        locale,
      });
      expect(checkMessage(msg)).toEqual([]);
      const all = allText(msg.blocks);
      expect(all).toContain("&lt;b&gt;注意&lt;/b&gt; &amp;");
      expect(all).toContain(locale === "zh-CN" ? "这里只显示开头" : "only the start is shown");
    }
  });
});

describe("private_metadata", () => {
  it("round-trips ids and rejects anything else", () => {
    expect(parseModalMetadata(JSON.stringify({ accountId: "A", contactId: "c1" }))).toEqual({
      accountId: "A",
      contactId: "c1",
    });
    expect(parseModalMetadata("")).toBeNull();
    expect(parseModalMetadata("not json")).toBeNull();
    expect(parseModalMetadata(JSON.stringify({ accountId: 3 }))).toBeNull();
  });

  it("drops metadata that would exceed 3,000 characters instead of cutting the JSON", () => {
    const view = noteModal({ accountId: "x".repeat(5000), accountName: "A", locale: "en" });
    expect(checkModal(view)).toEqual([]);
    expect(parseModalMetadata(view.private_metadata)).toBeNull();
  });
});

describe("modal titles fit 24 characters in both languages", () => {
  it("for every modal", () => {
    for (const locale of LOCALES) {
      const views = [
        factsModal({ accountId: "A", accountName: "A", facts: {}, locale }),
        contactModal({ accountId: "A", accountName: "A", contactId: "c", locale }),
        opportunityModal({ accountId: "A", accountName: "A", locale }),
        noteModal({ accountId: "A", accountName: "A", locale }),
      ];
      for (const v of views) {
        expect(v.title.text.length).toBeLessThanOrEqual(24);
        expect(checkModal(v)).toEqual([]);
      }
    }
  });
});
