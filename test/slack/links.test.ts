// Links (issue 14 item 6) through the real Bolt app over HTTP: with KVALUE_CRM_URL_TEMPLATE the card's CRM id links to
// the account's CRM record (only when the account has a CRM id; the id URL-encoded); a bad template stops start-up
// with one line naming the variable; the weekly digest's "Card" button on an account line opens that card for the
// presser only, under their own access; the bridge and risk parts carry a card menu of their lines' accounts (one
// menu per part: a button per line would take the digest past Slack's 50 blocks), answered by the same listener.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { crmUrlOf } from "../../src/features/accounts/service.js";
import type { StaticSelect } from "@slack/types";
import { sendBlockAction } from "../support/slack-request.js";
import { OUTSIDER, REP, REP2, SALES, SIGNING_SECRET, startHarness, textOf, WS, type Harness } from "./harness.js";

const TEMPLATE = "https://crm.example.com/account/{crmId}?tab=overview";

describe("KVALUE_CRM_URL_TEMPLATE", () => {
  it("is optional, and when set must be an http(s) URL with {crmId}; a bad one is one line naming it", () => {
    expect(loadConfig({}).crmUrlTemplate).toBeNull();
    expect(loadConfig({ KVALUE_CRM_URL_TEMPLATE: TEMPLATE }).crmUrlTemplate).toBe(TEMPLATE);
    for (const bad of [
      "https://crm.example.com/account/",
      "crm.example.com/{crmId}",
      "ftp://x/{crmId}",
      "https://x/a b/{crmId}",
    ]) {
      expect(() => loadConfig({ KVALUE_CRM_URL_TEMPLATE: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ KVALUE_CRM_URL_TEMPLATE: bad })).toThrow(
        /^KVALUE_CRM_URL_TEMPLATE: expected an http\(s\) URL with \{crmId\}/,
      );
    }
  });

  it("puts the CRM id in URL-encoded, and gives no link without a template or an id", () => {
    expect(crmUrlOf(TEMPLATE, "XSY/2024 19")).toBe("https://crm.example.com/account/XSY%2F2024%2019?tab=overview");
    expect(crmUrlOf(null, "XSY-1")).toBeNull();
    expect(crmUrlOf(TEMPLATE, null)).toBeNull();
  });
});

describe("links over HTTP", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ crmUrlTemplate: TEMPLATE });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    h.slack.reset();
  });

  it("the card links its CRM id to the CRM record; an account without a CRM id has no link", async () => {
    const id = await h.accountId("东江省公安厅");
    await h.store.db.account.update({ where: { id }, data: { crmId: "XSY-2024-0019", version: { increment: 1 } } });
    const { text } = await h.slash("东江省公安厅");
    expect(text).toContain("<https://crm.example.com/account/XSY-2024-0019?tab=overview|客户编号 XSY-2024-0019>");
    // A demo account's CRM id is the 客户编号 it was imported with; an account made in Slack has none, and no link.
    expect((await h.slash("东江省大数据管理局")).text).toContain(
      "<https://crm.example.com/account/DJ-DSJ?tab=overview|",
    );
    const created = await h.slash("new 东江省档案馆");
    expect(created.text).toContain("东江省档案馆");
    expect(created.text).not.toContain("crm.example.com");
    expect(created.text).not.toContain("客户编号");
  });

  async function pressCard(accountId: string, user: string) {
    await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      { user_id: user, channel_id: SALES, actions: [{ action_id: "kv_open_card", value: accountId }] },
      { slack: h.slack },
    );
    const call = await h.slack.waitFor("response_url", () => true);
    return call.args;
  }

  it("a digest line's Card button shows the card to the presser below the digest; an outsider gets no card", async () => {
    const id = await h.accountId("东江省大数据管理局");
    const answer = await pressCard(id, REP);
    expect(answer.replace_original).toBe(false);
    expect(answer.response_type).toBe("ephemeral");
    expect(textOf(answer.blocks)).toContain("东江省大数据管理局");
    expect(textOf(answer.blocks)).toContain("价值分 V");
    h.slack.reset();
    const refused = await pressCard(id, OUTSIDER);
    expect(textOf(refused.blocks ?? refused.text)).toContain("没有找到");
    expect(textOf(refused.blocks ?? refused.text)).not.toContain("价值分");
  });

  type Block = { type: string; text?: { text: string }; accessory?: StaticSelect | { type: string } };
  const menuOf = (b: Block | undefined): StaticSelect | undefined =>
    b?.accessory?.type === "static_select" ? (b.accessory as StaticSelect) : undefined;
  /** A part's deal lines: "• …（account）…" in zh-CN. */
  const linesOf = (part: string) => part.split("\n").filter((x) => x.startsWith("• "));

  async function pick(option: { value: string; text: string }, user: string, locale?: "en") {
    h.slack.reset();
    if (locale) h.slack.setUser(user, { locale });
    await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      {
        user_id: user,
        channel_id: SALES,
        actions: [{ action_id: "kv_open_card", type: "static_select", selected_option: option }],
      },
      { slack: h.slack },
    );
    return (await h.slack.waitFor("response_url", () => true)).args;
  }

  it("every bridge and risk line of the digest offers its account's card; a pick shows it to the presser only", async () => {
    // Last week's snapshot, then two deals of two accounts change, so this week's digest has a bridge.
    const week = 7 * 24 * 3600 * 1000;
    h.advance(-week);
    await h.slash("digest preview");
    h.advance(week);
    const deals = await h.store.db.opportunity.findMany({
      // The earliest closes: inside the digest's period, so their change is on its bridge.
      where: { account: { workspaceId: WS }, stage: { in: ["S1", "S2", "S3", "S4", "S5"] } },
      orderBy: [{ expectedCloseDate: "asc" }, { id: "asc" }],
      select: { id: true, amount: true, accountId: true },
    });
    const moved = deals.filter((d, i) => deals.findIndex((x) => x.accountId === d.accountId) === i).slice(0, 2);
    expect(moved).toHaveLength(2);
    for (const d of moved)
      await h.store.db.opportunity.update({ where: { id: d.id }, data: { amount: d.amount + 1_000_000n } });

    const { reply } = await h.slash("digest preview");
    const blocks = reply.blocks as Block[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    const part = (title: string) => blocks.find((b) => b.type === "section" && b.text?.text.startsWith(title));
    const bridge = part("*③ 加权金额桥*"),
      risks = part("*⑥ 风险*");
    const bridgeMenu = menuOf(bridge),
      riskMenu = menuOf(risks);
    for (const [block, menu] of [
      [bridge, bridgeMenu],
      [risks, riskMenu],
    ] as const) {
      expect(menu?.action_id).toBe("kv_open_card");
      expect(menu?.placeholder?.text).toBe("打开客户卡片");
      // Every line's account is in the menu, and every account in the menu is on a line.
      const lines = linesOf(block?.text?.text ?? "");
      const labels = menu?.options?.map((o) => o.text.text) ?? [];
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines)
        expect(
          labels.some((a) => line.includes(`（${a}）`)),
          line,
        ).toBe(true);
      for (const a of labels)
        expect(
          lines.some((line) => line.includes(`（${a}）`)),
          a,
        ).toBe(true);
      expect(new Set(menu?.options?.map((o) => o.value)).size).toBe(labels.length);
    }
    // The options carry the accounts' ids: the two whose deals moved are on the bridge.
    const bridgeIds = bridgeMenu?.options?.map((o) => o.value) ?? [];
    for (const d of moved) expect(bridgeIds).toContain(d.accountId);

    for (const option of [riskMenu?.options?.[0], bridgeMenu?.options?.[0]]) {
      if (!option) throw new Error("no option");
      const picked = { value: option.value ?? "", text: option.text.text };
      const answer = await pick(picked, REP);
      expect(answer.replace_original).toBe(false);
      expect(answer.response_type).toBe("ephemeral");
      const card = textOf(answer.blocks);
      expect(card).toContain(picked.text);
      expect(card).toContain("价值分 V");
      // The same menu in English for an English reader.
      const en = await pick(picked, REP2, "en");
      expect(textOf(en.blocks)).toContain("Value score V");
      // A user without access to the team gets a refusal, not the card.
      const refused = await pick(picked, OUTSIDER);
      expect(textOf(refused.blocks ?? refused.text)).toContain("没有找到");
      expect(textOf(refused.blocks ?? refused.text)).not.toContain("价值分");
    }
  });
});
