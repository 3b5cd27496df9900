// A Slack modal as a sequence of prompts: one per input block, selects as numbered options, the current value
// kept on an empty answer and cleared with "-". The answers become `view.state.values` exactly as Slack would send them, so the
// same validation runs as for the real modal.
import type { KnownBlock, View } from "@slack/types";
import type { ViewStateValues } from "../ui/types.js";
import { mrkdwnToText } from "./render.js";

export type Ask = (prompt: string) => Promise<string | null>;
export type Say = (text: string) => void;

interface Element {
  type: string;
  action_id?: string;
  initial_value?: string;
  initial_date?: string;
  options?: { text: { text: string }; value?: string }[];
  initial_option?: { value?: string };
}

const inputs = (view: View) =>
  (view.blocks as KnownBlock[]).filter((b): b is Extract<KnownBlock, { type: "input" }> => b.type === "input");

/** Asks for every input (or only `only`); returns null when the input ends. */
export async function fillForm(
  view: View,
  ask: Ask,
  say: Say,
  previous: ViewStateValues = {},
  only?: ReadonlySet<string>,
): Promise<ViewStateValues | null> {
  const values: ViewStateValues = { ...previous };
  for (const block of inputs(view)) {
    const blockId = block.block_id ?? "";
    if (only && !only.has(blockId)) continue;
    const el = block.element as unknown as Element;
    const actionId = el.action_id ?? "value";
    const label = mrkdwnToText(block.label.text) + (block.optional ? "" : " *");
    const prior = previous[blockId]?.[actionId];
    if (el.type === "static_select" && el.options) {
      const current = prior?.selected_option?.value ?? el.initial_option?.value;
      say(`${label}`);
      el.options.forEach((o, i) => say(`  ${i + 1}. ${o.text.text}${o.value === current ? "  ←" : ""}`));
      const answer = await ask("  > ");
      if (answer === null) return null;
      const n = Number(answer.trim());
      const picked = answer.trim() === "" ? el.options.find((o) => o.value === current) : el.options[n - 1];
      values[blockId] = {
        [actionId]: { type: "static_select", selected_option: picked?.value ? { value: picked.value } : null },
      };
      if (answer.trim() !== "" && !picked) say("  (?)");
      continue;
    }
    const current =
      el.type === "datepicker" ? (prior?.selected_date ?? el.initial_date) : (prior?.value ?? el.initial_value);
    const answer = await ask(`${label}${current ? ` [${current}]` : ""}: `);
    if (answer === null) return null;
    // Empty keeps the current value; "-" clears it (unknown).
    const text = answer.trim() === "" ? (current ?? "") : answer.trim() === "-" ? "" : answer.trim();
    values[blockId] = {
      [actionId]:
        el.type === "datepicker"
          ? { type: "datepicker", selected_date: text || null }
          : { type: el.type, value: text || null },
    };
  }
  return values;
}
