// A Slack modal as a sequence of prompts: one per input block, selects as numbered options, the current value
// kept on an empty answer and cleared with "-". The answers become `view.state.values` exactly as Slack would send them,
// so the same validation runs as for the real modal. A wrong answer is asked again at once with the reason; the end
// of the input (Ctrl-D) leaves the form with nothing written.
import type { KnownBlock, View } from "@slack/types";
import { isoDate } from "../core/facts.js";
import type { ViewStateValues } from "../ui/types.js";
import { mrkdwnToText } from "./render.js";

export type Ask = (prompt: string) => Promise<string | null>;
export type Say = (text: string) => void;

/** The form's messages for one input, given the answers so far (the same validation as at the end). */
export type CheckField = (values: ViewStateValues, blockId: string) => string | null;

export interface FormText {
  /** Why an answer to a select was not taken: n options. */
  pick: (n: number) => string;
  /** Why an answer to a date was not taken (typed here, where Slack offers a calendar). */
  date: string;
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

const fold = (s: string) => s.normalize("NFKC").toLowerCase();

/** The option an answer names (any case or width): its number, its text or value code (S2), or a part of its text
 *  no other option's has (立项); a part several share names none, so a guess is never taken. */
function pickOption(options: NonNullable<Element["options"]>, answer: string) {
  const a = fold(answer);
  if (/^\d+$/.test(a)) return options[Number(a) - 1];
  const exact = options.find((o) => fold(o.text.text) === a || (o.value !== undefined && fold(o.value) === a));
  if (exact) return exact;
  const parts = options.filter((o) => fold(o.text.text).includes(a));
  return parts.length === 1 ? parts[0] : undefined;
}

/** Asks for every input (or only `only`); returns null when the input ends (the form is left, nothing kept).
 *  `previous` (the answers so far) is kept for the inputs not asked; an input asked again was refused, so its
 *  default is the form's own value again, never the refused answer (Enter must keep the original). */
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
    for (;;) {
      if (el.type === "static_select" && el.options) {
        const current = el.initial_option?.value;
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
        const current = el.type === "datepicker" ? el.initial_date : el.initial_value;
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
      // The form's own message first. A date is typed here but picked from a calendar in Slack, so forms without a
      // check for it (the deal's close date) would take "abc"; a required one left empty is asked again as well.
      let problem = o.check?.(values, blockId) ?? null;
      const date = values[blockId]?.[actionId]?.selected_date;
      if (!problem && el.type === "datepicker" && !(date ? isoDate.safeParse(date).success : block.optional))
        problem = o.text.date;
      if (!problem) break;
      say(`  ! ${mrkdwnToText(block.label.text)}: ${problem}`);
    }
  }
  return values;
}
