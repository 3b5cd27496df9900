// Slack's Block Kit limits in one place, and the helpers every builder uses to stay inside them whatever the
// data: truncate text, fit lines into a section with a visible "…and N more" marker, and a final
// `fitBlocks`/`fitMessage`/`fitView` pass that clamps every element and drops trailing blocks if a surface
// is still too large. Builders budget first (so the marker says "N more accounts"); the final pass is the net.
import type {
  ActionsBlock,
  ContextBlock,
  HeaderBlock,
  HomeView,
  InputBlock,
  KnownBlock,
  ModalView,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
  TextObject,
} from "@slack/types";

export const SLACK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  /** Slack answers msg_blocks_too_long at about 13k characters of block text; keep a margin. */
  messageTextBudget: 12_000,
  /** No documented total for views; a self-imposed bound that keeps Home readable and payloads small. */
  viewTextBudget: 24_000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  staticSelectOptions: 100,
  optionText: 75,
  /** @slack/types documents 75 (the web docs say 150); the lower one is safe. */
  optionValue: 75,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInputMaxLength: 3000,
  /** The notification text; Slack cuts at 40k, but a long push notification helps nobody. */
  fallbackText: 3000,
} as const;

export type Surface = "message" | "view";

// ---- text -----------------------------------------------------------------------------------------

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Cuts `text` to at most `max` UTF-16 units (what Slack counts), ending with `marker`. Cuts on grapheme
 * boundaries so an emoji or a ZWJ sequence is never split.
 */
export function truncate(text: string, max: number, marker = "…"): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  if (marker.length >= max) return marker.slice(0, max);
  return text.slice(0, graphemeCut(text, max - marker.length)) + marker;
}

/** The largest grapheme boundary ≤ room. Segments only a window around the cut, so long texts stay cheap. */
function graphemeCut(text: string, room: number): number {
  const WINDOW = 64;
  const start = Math.max(0, room - WINDOW);
  let cut = -1;
  let first = true;
  for (const { segment, index } of segmenter.segment(text.slice(start, room + WINDOW))) {
    const end = start + index + segment.length;
    if (end > room) break;
    // The window may begin inside a grapheme; its first segment's end is only trusted at the text start.
    if (!first || start === 0) cut = end;
    first = false;
  }
  if (cut >= 0) return cut;
  let full = 0; // a grapheme longer than the window: segment from the start
  for (const { segment } of segmenter.segment(text)) {
    if (full + segment.length > room) break;
    full += segment.length;
  }
  return full;
}

/** Like `truncate`, but never leaves a half entity (&amp;), a half link/mention (<@U…>) or an open code fence. */
export function truncateMrkdwn(text: string, max: number, marker = "…"): string {
  if (text.length <= max) return text;
  const fence = text.includes("```") ? "\n```" : "";
  let cut = truncate(text, Math.max(0, max - fence.length - marker.length), "");
  cut = cut.replace(/&[#\w]*$/, "").replace(/<[^>\n]*$/, "");
  const open = (cut.match(/```/g) ?? []).length % 2 === 1;
  return truncate(cut + marker + (open ? fence : ""), max, "");
}

/** Escapes the three characters mrkdwn treats as control characters. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Collapses whitespace and newlines, so a name stays on its line. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** A user-supplied name for a list line: one line, escaped, at most `max` characters before escaping. */
export function safeName(s: string, max = 80): string {
  return escapeMrkdwn(truncate(oneLine(s) || "—", max));
}

export interface FitLinesOptions {
  /** The marker for hidden lines, e.g. n => t(locale, "common.more_accounts", { n }). */
  more: (hidden: number) => string;
  /** Text placed before the lines (a heading); counted in the budget. */
  head?: string;
}

/**
 * Joins as many lines as fit into `maxChars` (with the head), then the marker for the rest. A single line
 * longer than the budget is truncated, never dropped silently.
 */
export function fitLines(lines: readonly string[], maxChars: number, opts: FitLinesOptions): string {
  const head = opts.head ?? "";
  const all = [head, ...lines].filter((l, i) => i > 0 || l !== "").join("\n");
  if (all.length <= maxChars) return all || " ";
  const marker = opts.more(lines.length);
  const reserve = marker.length + 1;
  let out = head;
  let shown = 0;
  for (const line of lines) {
    const sep = out === "" ? "" : "\n";
    const room = maxChars - reserve - out.length - sep.length;
    if (line.length <= room) {
      out += sep + line;
      shown++;
      continue;
    }
    if (shown === 0 && room > 20) {
      out += sep + truncateMrkdwn(line, room);
      shown++;
    }
    break;
  }
  const hidden = lines.length - shown;
  const tail = hidden > 0 ? opts.more(hidden) : "";
  return truncateMrkdwn(out + (tail ? (out ? "\n" : "") + tail : ""), maxChars);
}

export interface PackLinesOptions {
  maxCharsPerChunk: number;
  maxChunks: number;
  maxTotalChars: number;
  more: (hidden: number) => string;
  head?: string;
}

/** Splits lines over several section texts (each ≤ maxCharsPerChunk), within a total, ending with the marker. */
export function packLines(lines: readonly string[], opts: PackLinesOptions): string[] {
  const chunks: string[] = [];
  let current = opts.head ?? "";
  let total = 0;
  let shown = 0;
  const reserve = opts.more(lines.length).length + 1;
  const maxChunks = Math.max(1, opts.maxChunks);
  for (const raw of lines) {
    const line = truncateMrkdwn(raw, opts.maxCharsPerChunk - reserve);
    const sep = current === "" ? 0 : 1;
    const fitsChunk = current.length + sep + line.length <= opts.maxCharsPerChunk - reserve;
    const fitsTotal = total + current.length + sep + line.length <= opts.maxTotalChars - reserve;
    if (!fitsTotal) break;
    if (fitsChunk) {
      current += (sep ? "\n" : "") + line;
      shown++;
      continue;
    }
    if (chunks.length + 1 >= maxChunks) break;
    chunks.push(current);
    total += current.length;
    if (total + line.length > opts.maxTotalChars - reserve) {
      current = "";
      break;
    }
    current = line;
    shown++;
  }
  const hidden = lines.length - shown;
  if (hidden > 0) current += (current ? "\n" : "") + opts.more(hidden);
  if (current !== "") chunks.push(current);
  return chunks.length > 0 ? chunks : [" "];
}

// ---- elements --------------------------------------------------------------------------------------

export const plain = (text: string, max: number = SLACK_LIMITS.sectionText): PlainTextElement => ({
  type: "plain_text",
  text: truncate(text || " ", max),
  emoji: true,
});

export const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText): TextObject => ({
  type: "mrkdwn",
  text: truncateMrkdwn(text || " ", max),
});

export const option = (text: string, value: string): PlainTextOption => ({
  text: plain(text, SLACK_LIMITS.optionText),
  value: value.slice(0, SLACK_LIMITS.optionValue),
});

function clampText<T extends TextObject>(t: T, max: number): T {
  const text = t.text === "" ? " " : t.text;
  return { ...t, text: t.type === "mrkdwn" ? truncateMrkdwn(text, max) : truncate(text, max) };
}

function clampOptions(el: { options?: PlainTextOption[]; initial_option?: PlainTextOption }): void {
  if (!el.options) return;
  el.options = el.options.slice(0, SLACK_LIMITS.staticSelectOptions).map((o) => ({
    ...o,
    text: clampText(o.text, SLACK_LIMITS.optionText),
    value: (o.value ?? "").slice(0, SLACK_LIMITS.optionValue),
  }));
  // Slack rejects an initial_option that is not one of the options (text and value must match).
  if (el.initial_option) {
    const v = el.initial_option.value;
    const match = el.options.find((o) => o.value === v);
    if (match) el.initial_option = match;
    else delete el.initial_option;
  }
}

/** A copy of `block` with every text and list clamped to Slack's limits. */
export function clampBlock(block: KnownBlock): KnownBlock {
  const b = structuredClone(block);
  if (b.block_id !== undefined) b.block_id = b.block_id.slice(0, SLACK_LIMITS.blockId);
  switch (b.type) {
    case "header": {
      const h: HeaderBlock = b;
      h.text = { ...clampText(h.text, SLACK_LIMITS.headerText), type: "plain_text" };
      return h;
    }
    case "section": {
      const s: SectionBlock = b;
      if (s.text) s.text = clampText(s.text, SLACK_LIMITS.sectionText);
      if (s.fields)
        s.fields = s.fields.slice(0, SLACK_LIMITS.sectionFields).map((f) => clampText(f, SLACK_LIMITS.fieldText));
      if (!s.text && (!s.fields || s.fields.length === 0)) s.text = { type: "mrkdwn", text: " " };
      if (s.accessory?.type === "button") clampButton(s.accessory);
      if (s.accessory?.type === "static_select") clampOptions(s.accessory);
      return s;
    }
    case "context": {
      const c: ContextBlock = b;
      c.elements = c.elements
        .slice(0, SLACK_LIMITS.contextElements)
        .map((e) => (e.type === "plain_text" || e.type === "mrkdwn" ? clampText(e, SLACK_LIMITS.contextText) : e));
      return c;
    }
    case "actions": {
      const a: ActionsBlock = b;
      a.elements = a.elements.slice(0, SLACK_LIMITS.actionsElements);
      for (const e of a.elements) {
        if (e.type === "button") clampButton(e);
        if (e.type === "static_select") clampOptions(e);
      }
      return a;
    }
    case "input": {
      const i: InputBlock = b;
      i.label = { ...clampText(i.label, SLACK_LIMITS.inputLabel), type: "plain_text" };
      if (i.hint) i.hint = { ...clampText(i.hint, SLACK_LIMITS.inputHint), type: "plain_text" };
      const el = i.element;
      if ("placeholder" in el && el.placeholder)
        el.placeholder = { ...clampText(el.placeholder, SLACK_LIMITS.placeholder), type: "plain_text" };
      if (el.type === "static_select") clampOptions(el);
      if (el.type === "plain_text_input") {
        const max = Math.min(
          el.max_length ?? SLACK_LIMITS.plainTextInputMaxLength,
          SLACK_LIMITS.plainTextInputMaxLength,
        );
        if (el.initial_value !== undefined) el.initial_value = truncate(el.initial_value, max);
      }
      return i;
    }
    default:
      return b;
  }
}

function clampButton(btn: { text: PlainTextElement; value?: string; action_id?: string }): void {
  btn.text = { ...clampText(btn.text, SLACK_LIMITS.buttonText), type: "plain_text" };
  if (btn.value !== undefined) btn.value = btn.value.slice(0, SLACK_LIMITS.buttonValue);
  if (btn.action_id !== undefined) btn.action_id = btn.action_id.slice(0, SLACK_LIMITS.actionId);
}

/** Characters of visible text in the blocks (every plain_text/mrkdwn object), as Slack's size check counts. */
export function blockTextLength(blocks: readonly unknown[]): number {
  let n = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    if ((o.type === "plain_text" || o.type === "mrkdwn") && typeof o.text === "string") {
      n += o.text.length;
      return;
    }
    for (const x of Object.values(o)) walk(x);
  };
  walk(blocks);
  return n;
}

export interface FitBlocksOptions {
  surface: Surface;
  /** Marker for dropped blocks, e.g. n => t(locale, "common.omitted_sections", { n }). */
  more: (hidden: number) => string;
  /** Trailing blocks to keep whatever happens (buttons). */
  keepTail?: number;
  /** Override the text budget (defaults per surface). */
  maxChars?: number;
}

/**
 * Clamps every block, then drops body blocks from the end (keeping `keepTail` trailing blocks) until the
 * block count and total text fit, inserting a context block with the marker where blocks were dropped.
 */
export function fitBlocks(blocks: readonly KnownBlock[], opts: FitBlocksOptions): KnownBlock[] {
  const maxBlocks = opts.surface === "message" ? SLACK_LIMITS.messageBlocks : SLACK_LIMITS.viewBlocks;
  const maxChars =
    opts.maxChars ?? (opts.surface === "message" ? SLACK_LIMITS.messageTextBudget : SLACK_LIMITS.viewTextBudget);
  const clamped = blocks.map(clampBlock);
  const keep = Math.min(opts.keepTail ?? 0, clamped.length, maxBlocks - 1);
  const tail = clamped.slice(clamped.length - keep);
  const body = clamped.slice(0, clamped.length - keep);
  const fits = (b: readonly KnownBlock[]) => b.length <= maxBlocks && blockTextLength(b) <= maxChars;
  if (fits(clamped)) return clamped;
  const tailChars = blockTextLength(tail);
  let dropped = 0;
  while (body.length > 0) {
    body.pop();
    dropped++;
    const marker: ContextBlock = {
      type: "context",
      elements: [{ type: "mrkdwn", text: truncate(opts.more(dropped), SLACK_LIMITS.contextText) }],
    };
    const candidate = [...body, marker, ...tail];
    if (candidate.length <= maxBlocks && blockTextLength(body) + blockTextLength([marker]) + tailChars <= maxChars)
      return candidate;
  }
  // Even the tail alone is too big (cannot happen with builder output): keep what fits of it.
  const out: KnownBlock[] = [];
  for (const b of tail) if (fits([...out, b])) out.push(b);
  return out;
}

/** The final pass for a message: blocks within limits and a short fallback text. */
export function fitMessage(
  msg: { text: string; blocks: readonly KnownBlock[] },
  opts: Omit<FitBlocksOptions, "surface">,
): { text: string; blocks: KnownBlock[] } {
  return {
    text: truncate(oneLine(msg.text) || " ", SLACK_LIMITS.fallbackText),
    blocks: fitBlocks(msg.blocks, { ...opts, surface: "message" }),
  };
}

/** The final pass for a modal: title/buttons ≤ 24, metadata ≤ 3000, blocks within limits. */
export function fitModal(view: ModalView, opts: Omit<FitBlocksOptions, "surface">): ModalView {
  const out: ModalView = {
    ...view,
    title: plain(view.title.text, SLACK_LIMITS.modalTitle),
    blocks: fitBlocks(view.blocks as KnownBlock[], { ...opts, surface: "view" }),
  };
  if (view.submit) out.submit = plain(view.submit.text, SLACK_LIMITS.modalButton);
  if (view.close) out.close = plain(view.close.text, SLACK_LIMITS.modalButton);
  if (view.callback_id) out.callback_id = view.callback_id.slice(0, SLACK_LIMITS.callbackId);
  if (view.private_metadata !== undefined && view.private_metadata.length > SLACK_LIMITS.privateMetadata) {
    // Cut JSON would not parse; the submission handler then reports the form as expired instead of guessing.
    out.private_metadata = "";
  }
  return out;
}

/** The final pass for App Home. */
export function fitHome(view: HomeView, opts: Omit<FitBlocksOptions, "surface">): HomeView {
  return { ...view, blocks: fitBlocks(view.blocks as KnownBlock[], { ...opts, surface: "view" }) };
}
