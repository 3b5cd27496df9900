// A Slack modal as a sequence of prompts: one per input block, selects as numbered options, the current value
// kept on an empty answer and cleared with "-". The answers become `view.state.values` exactly as Slack would send them,
// so the same validation runs as for the real modal. A wrong answer is asked again at once with the reason; the end
// of the input (Ctrl-D) leaves the form with nothing written.
import type { KnownBlock, View } from "@slack/types";
import type { ViewStateValues } from "../ui/types.js";
import { mrkdwnToText } from "./render.js";

export type Ask = (prompt: string) => Promise<string | null>;
export type Say = (text: string) => void;

/** The form's messages for one input, given the answers so far (the same validation as at the end). */
export type CheckField = (values: ViewStateValues, blockId: string) => string | null;

export interface FormText {
  /** Why an answer to a select was not taken: n options. */
  pick: (n: number) => string;
}

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

/** The option an answer names: its number, or its text (any case, surrounding spaces ignored). */
function pickOption(options: NonNullable<Element["options"]>, answer: string) {
  if (/^\d+$/.test(answer)) return options[Number(answer) - 1];
  const folded = answer.normalize("NFKC").toLowerCase();
  return options.find((o) => o.text.text.normalize("NFKC").toLowerCase() === folded);
}

/** Asks for every input (or only `only`); returns null when the input ends (the form is left, nothing kept). */
export async function fillForm(
  view: View,
  ask: Ask,
  say: Say,
  o: { previous?: ViewStateValues; only?: ReadonlySet<string>; check?: CheckField; text: FormText },
): Promise<ViewStateValues | null> {
  const previous = o.previous ?? {};
  const values: ViewStateValues = { ...previous };
  for (const block of inputs(view)) {
    const blockId = block.block_id ?? "";
    if (o.only && !o.only.has(blockId)) continue;
    const el = block.element as unknown as Element;
    const actionId = el.action_id ?? "value";
    const label = mrkdwnToText(block.label.text) + (block.optional ? "" : " *");
    const prior = previous[blockId]?.[actionId];
    for (;;) {
      let problem: string | null;
      if (el.type === "static_select" && el.options) {
        const current = prior?.selected_option?.value ?? el.initial_option?.value;
        say(`${label}`);
        el.options.forEach((opt, i) => say(`  ${i + 1}. ${opt.text.text}${opt.value === current ? "  ←" : ""}`));
        const answer = await ask("  > ");
        if (answer === null) return null;
        const typed = answer.trim();
        const picked = typed === "" ? el.options.find((opt) => opt.value === current) : pickOption(el.options, typed);
        if (typed !== "" && !picked) {
          say(`  ! ${o.text.pick(el.options.length)}`);
          continue;
        }
        values[blockId] = {
          [actionId]: { type: "static_select", selected_option: picked?.value ? { value: picked.value } : null },
        };
      } else {
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
      problem = o.check?.(values, blockId) ?? null;
      if (!problem) break;
      say(`  ! ${mrkdwnToText(block.label.text)}: ${problem}`);
    }
  }
  return values;
}
