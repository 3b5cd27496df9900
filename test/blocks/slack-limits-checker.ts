// An independent reading of Slack's Block Kit limits (docs.slack.dev block reference), written without
// looking at src/slack/blocks/limits.ts so that the builders are not checked against themselves.
// Returns a list of violations; an empty list means Slack would accept the payload.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const MESSAGE_MAX_BLOCKS = 50;
const VIEW_MAX_BLOCKS = 100;
const MESSAGE_MAX_TEXT = 12_000; // Slack's msg_blocks_too_long triggers at roughly 13k characters
const VIEW_MAX_TEXT = 30_000; // not documented by Slack; a sanity bound for Home and modals

class Checker {
  readonly problems: string[] = [];
  textTotal = 0;
  private blockIds = new Set<string>();

  bad(path: string, what: string): void {
    this.problems.push(`${path}: ${what}`);
  }

  text(path: string, v: unknown, max: number, plainOnly = false): void {
    if (!isObj(v)) return this.bad(path, "missing text object");
    if (v.type !== "plain_text" && v.type !== "mrkdwn") return this.bad(path, `bad text type ${String(v.type)}`);
    if (plainOnly && v.type !== "plain_text") this.bad(path, "must be plain_text");
    if (typeof v.text !== "string" || v.text.length === 0) return this.bad(path, "empty text");
    if (v.text.length > max) this.bad(path, `text ${v.text.length} > ${max}`);
    this.textTotal += v.text.length;
  }

  option(path: string, o: unknown): void {
    if (!isObj(o)) return this.bad(path, "option not an object");
    this.text(`${path}.text`, o.text, 75, true);
    if (typeof o.value !== "string" || o.value.length === 0 || o.value.length > 75)
      this.bad(path, "option value length");
  }

  element(path: string, e: unknown, inInput: boolean): void {
    if (!isObj(e)) return this.bad(path, "element not an object");
    if (e.action_id !== undefined && (typeof e.action_id !== "string" || e.action_id.length > 255))
      this.bad(path, "action_id");
    if (e.placeholder !== undefined) this.text(`${path}.placeholder`, e.placeholder, 150, true);
    switch (e.type) {
      case "button":
        this.text(`${path}.text`, e.text, 75, true);
        if (e.value !== undefined && (typeof e.value !== "string" || e.value.length === 0 || e.value.length > 2000))
          this.bad(path, "button value must be 1–2000 characters");
        if (e.style !== undefined && e.style !== "primary" && e.style !== "danger") this.bad(path, "button style");
        return;
      case "static_select": {
        const opts = e.options;
        if (!Array.isArray(opts) || opts.length === 0 || opts.length > 100)
          return this.bad(path, "static_select needs 1–100 options");
        opts.forEach((o, i) => this.option(`${path}.options[${i}]`, o));
        const values = opts.map((o) => (isObj(o) ? o.value : undefined));
        if (new Set(values).size !== values.length) this.bad(path, "duplicate option values");
        if (e.initial_option !== undefined) {
          const match = opts.find((o) => JSON.stringify(o) === JSON.stringify(e.initial_option));
          if (!match) this.bad(path, "initial_option is not exactly one of the options");
        }
        return;
      }
      case "overflow": {
        // Slack: an overflow menu holds 1–5 options (plain text, value ≤ 75 here as for selects), never in an input.
        if (inInput) return this.bad(path, "overflow is not an input element");
        const opts = e.options;
        if (!Array.isArray(opts) || opts.length === 0 || opts.length > 5)
          return this.bad(path, "overflow needs 1–5 options");
        opts.forEach((o, i) => this.option(`${path}.options[${i}]`, o));
        return;
      }
      case "plain_text_input": {
        const max = e.max_length;
        if (max !== undefined && (typeof max !== "number" || max < 1 || max > 3000)) this.bad(path, "max_length");
        if (e.initial_value !== undefined) {
          if (typeof e.initial_value !== "string") return this.bad(path, "initial_value");
          if (e.initial_value.length > (typeof max === "number" ? max : 3000))
            this.bad(path, "initial_value longer than max_length");
        }
        return;
      }
      case "number_input":
        if (typeof e.is_decimal_allowed !== "boolean") this.bad(path, "number_input needs is_decimal_allowed");
        if (e.initial_value !== undefined) {
          const v = String(e.initial_value);
          if (!/^-?\d+(\.\d+)?$/.test(v)) this.bad(path, "number initial_value");
          if (e.is_decimal_allowed === false && v.includes("."))
            this.bad(path, "decimal initial_value in an integer input");
          if (e.min_value !== undefined && Number(v) < Number(e.min_value))
            this.bad(path, "initial_value below min_value");
          if (e.max_value !== undefined && Number(v) > Number(e.max_value))
            this.bad(path, "initial_value above max_value");
        }
        return;
      case "datepicker":
        if (e.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(e.initial_date)))
          this.bad(path, "initial_date format");
        return;
      default:
        if (!inInput) this.bad(path, `unexpected element ${String(e.type)}`);
    }
  }

  block(path: string, b: unknown, surface: "message" | "modal" | "home"): void {
    if (!isObj(b)) return this.bad(path, "block not an object");
    if (b.block_id !== undefined) {
      if (typeof b.block_id !== "string" || b.block_id.length > 255) this.bad(path, "block_id");
      else if (this.blockIds.has(b.block_id)) this.bad(path, `duplicate block_id ${b.block_id}`);
      else this.blockIds.add(b.block_id);
    }
    switch (b.type) {
      case "header":
        return this.text(`${path}.text`, b.text, 150, true);
      case "divider":
        return;
      case "section": {
        if (b.text === undefined && b.fields === undefined) return this.bad(path, "section needs text or fields");
        if (b.text !== undefined) this.text(`${path}.text`, b.text, 3000);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length === 0 || b.fields.length > 10)
            this.bad(path, "fields must be 1–10");
          else b.fields.forEach((f, i) => this.text(`${path}.fields[${i}]`, f, 2000));
        }
        if (b.accessory !== undefined) this.element(`${path}.accessory`, b.accessory, false);
        return;
      }
      case "context": {
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10)
          return this.bad(path, "context needs 1–10 elements");
        b.elements.forEach((e, i) => this.text(`${path}.elements[${i}]`, e, 3000));
        return;
      }
      case "actions": {
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25)
          return this.bad(path, "actions needs 1–25 elements");
        const ids = b.elements.map((e) => (isObj(e) ? e.action_id : undefined)).filter((x) => x !== undefined);
        if (new Set(ids).size !== ids.length) this.bad(path, "duplicate action_id in one block");
        b.elements.forEach((e, i) => this.element(`${path}.elements[${i}]`, e, false));
        return;
      }
      case "input": {
        if (surface === "message") return this.bad(path, "input blocks are not allowed in messages");
        if (typeof b.block_id !== "string") this.bad(path, "input without block_id cannot be validated");
        this.text(`${path}.label`, b.label, 2000, true);
        if (b.hint !== undefined) this.text(`${path}.hint`, b.hint, 2000, true);
        this.element(`${path}.element`, b.element, true);
        return;
      }
      default:
        this.bad(path, `unexpected block type ${String(b.type)}`);
    }
  }
}

function checkBlocks(c: Checker, blocks: unknown, surface: "message" | "modal" | "home"): void {
  if (!Array.isArray(blocks)) {
    c.bad("blocks", "not an array");
    return;
  }
  const max = surface === "message" ? MESSAGE_MAX_BLOCKS : VIEW_MAX_BLOCKS;
  if (blocks.length === 0) c.bad("blocks", "empty");
  if (blocks.length > max) c.bad("blocks", `${blocks.length} blocks > ${max}`);
  blocks.forEach((b, i) => c.block(`blocks[${i}]`, b, surface));
  const maxText = surface === "message" ? MESSAGE_MAX_TEXT : VIEW_MAX_TEXT;
  if (c.textTotal > maxText) c.bad("blocks", `total text ${c.textTotal} > ${maxText}`);
}

export function checkMessage(msg: { text?: unknown; blocks?: unknown }): string[] {
  const c = new Checker();
  if (typeof msg.text !== "string" || msg.text.trim() === "") c.bad("text", "fallback text missing");
  else if (msg.text.length > 40_000) c.bad("text", "fallback text > 40000");
  checkBlocks(c, msg.blocks, "message");
  return c.problems;
}

export function checkModal(payload: object): string[] {
  const view = payload as Obj;
  const c = new Checker();
  if (view.type !== "modal") c.bad("type", "not a modal");
  c.text("title", view.title, 24, true);
  if (view.submit !== undefined) c.text("submit", view.submit, 24, true);
  if (view.close !== undefined) c.text("close", view.close, 24, true);
  if (typeof view.callback_id !== "string" || view.callback_id.length > 255)
    c.bad("callback_id", "missing or too long");
  if (typeof view.private_metadata === "string" && view.private_metadata.length > 3000)
    c.bad("private_metadata", "> 3000");
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (blocks.some((b) => isObj(b) && b.type === "input") && view.submit === undefined)
    c.bad("submit", "inputs need a submit button");
  c.textTotal = 0;
  checkBlocks(c, view.blocks, "modal");
  return c.problems;
}

export function checkHome(payload: object): string[] {
  const view = payload as Obj;
  const c = new Checker();
  if (view.type !== "home") c.bad("type", "not a home view");
  checkBlocks(c, view.blocks, "home");
  return c.problems;
}

/** All visible text of a payload, for content assertions. */
export function allText(v: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      x.forEach(walk);
      return;
    }
    if (!isObj(x)) return;
    if ((x.type === "plain_text" || x.type === "mrkdwn") && typeof x.text === "string") out.push(x.text);
    for (const [k, y] of Object.entries(x)) if (k !== "text" || typeof y !== "string") walk(y);
  };
  walk(v);
  return out.join("\n");
}
