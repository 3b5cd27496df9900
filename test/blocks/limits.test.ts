import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
  clampBlock,
  escapeMrkdwn,
  fitBlocks,
  fitLines,
  packLines,
  truncate,
  truncateMrkdwn,
} from "../../src/ui/limits.js";
import { checkHome, checkMessage, checkModal } from "./slack-limits-checker.js";

const more = (n: number) => `…and ${n} more`;

describe("the independent checker catches what Slack rejects", () => {
  it("flags oversize payloads", () => {
    const long = "x".repeat(3001);
    expect(checkMessage({ text: "t", blocks: Array.from({ length: 51 }, () => ({ type: "divider" })) })).toContain(
      "blocks: 51 blocks > 50",
    );
    expect(checkMessage({ text: "t", blocks: [{ type: "section", text: { type: "mrkdwn", text: long } }] })[0]).toMatch(
      /text 3001 > 3000/,
    );
    expect(
      checkMessage({ text: "t", blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }] }),
    ).toHaveLength(1);
    expect(checkMessage({ text: "", blocks: [{ type: "divider" }] })).toContain("text: fallback text missing");
    expect(
      checkMessage({
        text: "t",
        blocks: [{ type: "section", fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "f" })) }],
      }),
    ).toHaveLength(1);
    expect(
      checkMessage({
        text: "t",
        blocks: Array.from({ length: 5 }, () => ({
          type: "section",
          text: { type: "mrkdwn", text: "y".repeat(2900) },
        })),
      }),
    ).toContain("blocks: total text 14500 > 12000");
    expect(
      checkModal({
        type: "modal",
        title: { type: "plain_text", text: "a title that is far too long" },
        callback_id: "c",
        blocks: [{ type: "divider" }],
      }),
    ).toHaveLength(1);
    expect(
      checkHome({
        type: "home",
        blocks: [
          {
            type: "input",
            block_id: "x",
            label: { type: "plain_text", text: "l" },
            element: { type: "static_select", options: [] },
          },
        ],
      }),
    ).toContain("blocks[0].element: static_select needs 1–100 options");
    expect(checkMessage({ text: "t", blocks: [{ type: "input", block_id: "x" }] })).toContain(
      "blocks[0]: input blocks are not allowed in messages",
    );
  });
});

describe("truncate", () => {
  it("keeps short text and cuts long text with a marker", () => {
    expect(truncate("abc", 5)).toBe("abc");
    expect(truncate("abcdef", 5)).toBe("abcd…");
    expect(truncate("abcdef", 5).length).toBe(5);
  });

  it("never splits an emoji or a ZWJ sequence", () => {
    const family = "👩‍👩‍👧‍👦"; // 11 UTF-16 units
    const cut = truncate(`ab${family}cd`, 10);
    expect(cut).toBe("ab…");
    expect(truncate("😀😀😀", 4)).toBe("😀…");
  });

  it("never leaves half an entity, mention or an open code fence in mrkdwn", () => {
    expect(truncateMrkdwn(escapeMrkdwn("a&b"), 4)).toBe("a…");
    expect(truncateMrkdwn("hi <@U0123ABCD> there", 8)).toBe("hi …");
    const fenced = truncateMrkdwn("```\ncode code code code\n```", 15);
    expect(fenced.length).toBeLessThanOrEqual(15);
    expect((fenced.match(/```/g) ?? []).length % 2).toBe(0);
  });
});

describe("fitLines and packLines", () => {
  const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${"·".repeat(20)}`);

  it("fits what it can and says how many it left out", () => {
    const s = fitLines(lines, 300, { head: "*Head*", more });
    expect(s.length).toBeLessThanOrEqual(300);
    const shown = s.split("\n").filter((l) => l.startsWith("line ")).length;
    expect(s).toContain(`…and ${100 - shown} more`);
    expect(fitLines(lines.slice(0, 2), 300, { more })).toBe(lines.slice(0, 2).join("\n"));
  });

  it("truncates a single huge line rather than dropping it", () => {
    const s = fitLines(["x".repeat(10_000)], 200, { more });
    expect(s.length).toBeLessThanOrEqual(200);
    expect(s.startsWith("xxx")).toBe(true);
  });

  it("spreads lines over chunks within the per-chunk and total budgets", () => {
    const chunks = packLines(lines, { maxCharsPerChunk: 400, maxChunks: 3, maxTotalChars: 1000, more });
    expect(chunks.every((c) => c.length <= 400)).toBe(true);
    expect(chunks.reduce((s, c) => s + c.length, 0)).toBeLessThanOrEqual(1000);
    const shown = chunks
      .join("\n")
      .split("\n")
      .filter((l) => l.startsWith("line ")).length;
    expect(chunks.at(-1)).toContain(`…and ${100 - shown} more`);
  });
});

describe("fitBlocks", () => {
  it("clamps every element and keeps the buttons when dropping blocks", () => {
    const body: KnownBlock[] = Array.from({ length: 80 }, (_, i) => ({
      type: "section",
      text: { type: "mrkdwn", text: `${i} ${"z".repeat(5000)}` },
    }));
    const buttons: KnownBlock = {
      type: "actions",
      elements: Array.from({ length: 30 }, (_, i) => ({
        type: "button",
        text: { type: "plain_text", text: "b".repeat(100) },
        action_id: `a${i}`,
        value: "v".repeat(3000),
      })),
    };
    const out = fitBlocks([{ type: "header", text: { type: "plain_text", text: "H".repeat(500) } }, ...body, buttons], {
      surface: "message",
      more,
      keepTail: 1,
    });
    expect(checkMessage({ text: "t", blocks: out })).toEqual([]);
    expect(out.at(-1)?.type).toBe("actions");
    expect(out.at(-2)).toMatchObject({
      type: "context",
      elements: [{ text: expect.stringMatching(/^…and \d+ more$/) }],
    });
  });

  it("drops an initial_option that is not among the options left", () => {
    const options = Array.from({ length: 150 }, (_, i) => ({
      text: { type: "plain_text" as const, text: `o${i}` },
      value: `v${i}`,
    }));
    const block = clampBlock({
      type: "input",
      block_id: "x",
      label: { type: "plain_text", text: "L" },
      element: { type: "static_select", action_id: "value", options, initial_option: options[120] },
    });
    expect(
      checkModal({
        type: "modal",
        title: { type: "plain_text", text: "T" },
        submit: { type: "plain_text", text: "S" },
        callback_id: "c",
        blocks: [block],
      }),
    ).toEqual([]);
  });
});
