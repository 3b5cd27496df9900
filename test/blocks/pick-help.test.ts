import type { ActionsBlock, Button, SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { accountChoicesMessage, createAccountPromptMessage } from "../../src/features/accounts/ui/pick.js";
import { helpMessage } from "../../src/ui/help.js";
import { LOCALES, awkwardName } from "./fixtures.js";
import { allText, checkMessage } from "./slack-limits-checker.js";

describe("several accounts match", () => {
  it("offers a kv_pick_account button per match, carrying the account id", () => {
    const msg = accountChoicesMessage({
      query: "人民医院",
      locale: "zh-CN",
      matches: [
        { id: "B", name: "某地市人民医院", industry: "healthcare", ownerUserId: "U0123ABCD" },
        { id: "B2", name: "某县人民医院" },
      ],
    });
    expect(checkMessage(msg)).toEqual([]);
    expect(allText(msg.blocks)).toContain("有 2 个客户匹配“人民医院”，请选一个：");
    const buttons = msg.blocks.flatMap((b) =>
      b.type === "section" && b.accessory?.type === "button" ? [b.accessory] : [],
    );
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      ["kv_pick_account", "B"],
      ["kv_pick_account", "B2"],
    ]);
  });

  it("shows at most 15 and says how many more there are", () => {
    const matches = Array.from({ length: 120 }, (_, i) => ({ id: `id-${i}`, name: awkwardName(i) }));
    for (const locale of LOCALES) {
      const msg = accountChoicesMessage({ query: "医".repeat(500), matches, locale });
      expect(checkMessage(msg)).toEqual([]);
      expect(
        msg.blocks.filter((b): b is SectionBlock => b.type === "section" && b.accessory !== undefined),
      ).toHaveLength(15);
      expect(allText(msg.blocks)).toContain(locale === "zh-CN" ? "…及另外 105 个客户" : "…and 105 more accounts");
    }
  });
});

describe("unknown account name", () => {
  it("asks whether to create it, with kv_create_account carrying the name", () => {
    for (const locale of LOCALES) {
      const msg = createAccountPromptMessage({ name: "某市 <数据局> & 🚀", locale });
      expect(checkMessage(msg)).toEqual([]);
      const actions = msg.blocks.find((b): b is ActionsBlock => b.type === "actions");
      const btn = actions?.elements[0] as Button | undefined;
      expect(btn?.action_id).toBe("kv_create_account");
      expect(btn?.value).toBe("某市 <数据局> & 🚀");
      expect(allText(msg.blocks)).toContain("某市 &lt;数据局&gt; &amp; 🚀");
    }
    expect(checkMessage(createAccountPromptMessage({ name: "名".repeat(5000), locale: "zh-CN" }))).toEqual([]);
  });
});

describe("help", () => {
  it("lists every command in both languages", () => {
    for (const locale of LOCALES) {
      const msg = helpMessage({ locale });
      expect(checkMessage(msg)).toEqual([]);
      const text = allText(msg.blocks);
      for (const cmd of [
        "/kvalue set",
        "/kvalue matrix",
        "/kvalue top",
        "/kvalue funnel",
        "/kvalue target",
        "/kvalue digest",
        "/kvalue calibration",
        "/kvalue lang",
        "/kvalue help",
      ]) {
        expect(text).toContain(cmd);
      }
    }
  });
});
