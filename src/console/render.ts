// Block Kit → plain text for the local console: the same messages a Slack user sees, with every button and
// select listed as a numbered choice the user can type.
import os from "node:os";
import type { KnownBlock } from "@slack/types";
import { LOCAL } from "./local-user.js";

/** Something the user can choose by number: a button (action) or an option of a select. */
export interface Choice {
  n: number;
  label: string;
  actionId: string;
  value: string;
  blockId?: string;
}

export interface RenderedMessage {
  text: string;
  choices: Choice[];
}

// The emoji codes kvalue's messages use, as the characters a terminal shows.
const EMOJI: Readonly<Record<string, string>> = {
  warning: "⚠",
  alarm_clock: "⏰",
  hourglass_flowing_sand: "⏳",
  white_check_mark: "✅",
  x: "✖",
  calendar: "📅",
  tada: "🎉",
};

/** The console's user is whoever runs it: named as the system knows them, not by the local stand-in id. */
const LOCAL_NAME = ((): string => {
  try {
    return os.userInfo().username || "local";
  } catch {
    return "local"; // no passwd entry (some containers)
  }
})();

/** Slack mrkdwn → terminal text: bold/italic markers and links become plain, user mentions stay readable. */
export function mrkdwnToText(s: string): string {
  return (
    s
      // Slack shows ```…``` and `…` as code; a terminal would print the marks themselves.
      .replace(/```\n?/g, "")
      .replace(/`([^`\n]+)`/g, "$1")
      .replace(/:([a-z_]+):/g, (whole, code: string) => EMOJI[code] ?? whole)
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, "$2 ($1)")
      .replace(/<@([A-Z0-9]+)>/g, (_m, id: string) => `@${id === LOCAL.userId ? LOCAL_NAME : id}`)
      .replace(/<#([A-Z0-9]+)(\|([^>]+))?>/g, (_m, id: string, _p, name?: string) => `#${name ?? id}`)
      .replace(/<!(here|channel|everyone)>/g, "@$1")
      .replace(/\*([^*\n]+)\*/gu, "$1")
      .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?，。：；！？])/gu, "$1$2")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&")
  );
}

type TextObject = { type: string; text: string };
const textOf = (t: TextObject | undefined): string => (t ? mrkdwnToText(t.text) : "");

export function renderBlocks(blocks: readonly KnownBlock[], firstChoice = 1): RenderedMessage {
  const lines: string[] = [];
  const choices: Choice[] = [];
  const addChoice = (label: string, actionId: string, value: string, blockId?: string) => {
    const n = firstChoice + choices.length;
    choices.push({ n, label, actionId, value, ...(blockId ? { blockId } : {}) });
    return `[${n}] ${label}`;
  };
  for (const block of blocks) {
    switch (block.type) {
      case "header":
        lines.push("", `== ${textOf(block.text)} ==`);
        break;
      case "section": {
        if (block.text) lines.push(textOf(block.text));
        if (block.fields) {
          for (let i = 0; i < block.fields.length; i += 2) {
            const pair = block.fields.slice(i, i + 2).map((f) => textOf(f).replace(/\n/g, " "));
            lines.push(pair.join("    "));
          }
        }
        const acc = block.accessory;
        if (acc && acc.type === "button") {
          lines.push("  " + addChoice(textOf(acc.text), acc.action_id ?? "", acc.value ?? "", block.block_id));
        }
        if (acc && acc.type === "static_select") {
          // A section's menu (the digest's account cards): its placeholder says what picking an option does.
          const picks = (acc.options ?? []).map((o) => addChoice(textOf(o.text), acc.action_id ?? "", o.value ?? ""));
          lines.push(`  ${textOf(acc.placeholder)}: ${picks.join("  ")}`);
        }
        if (acc && acc.type === "overflow") {
          lines.push(
            `  ${acc.options.map((o) => addChoice(textOf(o.text), acc.action_id ?? "", o.value ?? "")).join("  ")}`,
          );
        }
        break;
      }
      case "context":
        lines.push(
          block.elements.map((e) => ("text" in e && typeof e.text === "string" ? mrkdwnToText(e.text) : "")).join("  "),
        );
        break;
      case "divider":
        lines.push("—".repeat(40));
        break;
      case "actions": {
        const labels: string[] = [];
        for (const el of block.elements) {
          if (el.type === "button")
            labels.push(addChoice(textOf(el.text), el.action_id ?? "", el.value ?? "", block.block_id));
          else if (el.type === "static_select") {
            for (const o of el.options ?? [])
              labels.push(addChoice(textOf(o.text), el.action_id ?? "", o.value ?? "", block.block_id));
          }
        }
        lines.push(labels.join("  "));
        break;
      }
      case "image":
        lines.push(`[image: ${block.alt_text}]`);
        break;
      default:
        break;
    }
  }
  return { text: lines.join("\n").replace(/^\n+/, ""), choices };
}
