// Slack's Block Kit limits, written from Slack's Block Kit reference (never imported from app code), so a
// builder bug surfaces in tests as the same rejection real Slack gives. Problems read like Slack's:
// "[ERROR] <reason> [json-pointer:/blocks/0/text/text]". The reasons are close to Slack's wording; tests should
// assert on the error code and the json-pointer, not on the exact sentence.

export type Surface = "message" | "modal" | "home";

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
const KNOWN_BLOCKS = new Set([
  "section",
  "header",
  "divider",
  "context",
  "actions",
  "image",
  "input",
  "rich_text",
  "markdown",
  "file",
  "video",
  "table",
]);
/** How many options each option-carrying element takes. */
const MAX_OPTIONS: Record<string, number> = {
  static_select: 100,
  multi_static_select: 100,
  overflow: 5,
  checkboxes: 10,
  radio_buttons: 10,
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

class Checker {
  readonly problems: string[] = [];

  fail(pointer: string, reason: string): void {
    this.problems.push(`[ERROR] ${reason} [json-pointer:${pointer}]`);
  }

  maxLength(value: unknown, max: number, pointer: string): void {
    if (value === undefined) return;
    if (typeof value !== "string") this.fail(pointer, "must be a string");
    else if (value.length > max) this.fail(pointer, `must be less than ${max + 1} characters`);
  }

  /** An array of at most `max` items (Slack also rejects an empty one where items are required). */
  items(value: unknown, max: number, pointer: string, min = 1): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(pointer, "must be an array");
      return [];
    }
    if (value.length > max) this.fail(pointer, `no more than ${max} items allowed`);
    if (value.length < min) this.fail(pointer, `must contain at least ${min} item${min === 1 ? "" : "s"}`);
    return value;
  }

  text(value: unknown, pointer: string, max: number, plainOnly = false): void {
    if (!isObject(value)) {
      this.fail(pointer, "must be a text object");
      return;
    }
    const allowed = plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
    if (typeof value.type !== "string" || !allowed.includes(value.type)) {
      this.fail(`${pointer}/type`, `must be one of the following: ${allowed.join(", ")}`);
    }
    if (typeof value.text !== "string") this.fail(`${pointer}/text`, "must be a string");
    else if (value.text.length === 0) this.fail(`${pointer}/text`, "must be more than 0 characters");
    else this.maxLength(value.text, max, `${pointer}/text`);
  }

  optionalText(value: unknown, pointer: string, max: number, plainOnly = false): void {
    if (value !== undefined) this.text(value, pointer, max, plainOnly);
  }

  blocks(blocks: unknown, surface: Surface, pointer: string): void {
    const list = this.items(blocks, MAX_BLOCKS[surface], pointer, 0);
    const blockIds = new Set<string>();
    list.forEach((block, index) => {
      const at = `${pointer}/${index}`;
      if (!isObject(block) || typeof block.type !== "string") {
        this.fail(at, "must be a block object with a type");
        return;
      }
      if (block.block_id !== undefined) {
        this.maxLength(block.block_id, 255, `${at}/block_id`);
        if (typeof block.block_id === "string") {
          if (blockIds.has(block.block_id)) this.fail(`${at}/block_id`, "must be unique within the blocks");
          blockIds.add(block.block_id);
        }
      }
      this.block(block, block.type, at);
    });
  }

  private block(block: Json, type: string, at: string): void {
    switch (type) {
      case "section":
        if (block.text === undefined && block.fields === undefined) {
          this.fail(at, "must provide either text or fields");
        }
        this.optionalText(block.text, `${at}/text`, 3000);
        if (block.fields !== undefined) {
          this.items(block.fields, 10, `${at}/fields`).forEach((field, i) =>
            this.text(field, `${at}/fields/${i}`, 2000),
          );
        }
        if (block.accessory !== undefined) this.element(block.accessory, `${at}/accessory`);
        return;
      case "header":
        this.text(block.text, `${at}/text`, 150, true);
        return;
      case "context":
        this.items(block.elements, 10, `${at}/elements`).forEach((element, i) => {
          if (isObject(element) && element.type === "image") this.element(element, `${at}/elements/${i}`);
          else this.text(element, `${at}/elements/${i}`, 3000);
        });
        return;
      case "actions": {
        const actionIds = new Set<string>();
        this.items(block.elements, 25, `${at}/elements`).forEach((element, i) => {
          this.element(element, `${at}/elements/${i}`);
          if (isObject(element) && typeof element.action_id === "string") {
            if (actionIds.has(element.action_id)) {
              this.fail(`${at}/elements/${i}/action_id`, "must be unique within the block");
            }
            actionIds.add(element.action_id);
          }
        });
        return;
      }
      case "image":
        this.image(block, at);
        this.optionalText(block.title, `${at}/title`, 2000, true);
        return;
      case "input":
        this.text(block.label, `${at}/label`, 2000, true);
        this.optionalText(block.hint, `${at}/hint`, 2000, true);
        if (block.element === undefined) this.fail(`${at}/element`, "must provide an element");
        else this.element(block.element, `${at}/element`);
        return;
      case "markdown":
        this.maxLength(block.text, 12_000, `${at}/text`);
        return;
      default:
        if (!KNOWN_BLOCKS.has(type)) this.fail(`${at}/type`, `unsupported type: ${type}`);
    }
  }

  private image(image: Json, at: string): void {
    if (image.image_url === undefined && image.slack_file === undefined) {
      this.fail(at, "must provide either image_url or slack_file");
    }
    this.maxLength(image.image_url, 3000, `${at}/image_url`);
    if (typeof image.alt_text !== "string") this.fail(`${at}/alt_text`, "must provide alt_text");
    else this.maxLength(image.alt_text, 2000, `${at}/alt_text`);
  }

  private element(element: unknown, at: string): void {
    if (!isObject(element) || typeof element.type !== "string") {
      this.fail(at, "must be an element object with a type");
      return;
    }
    this.maxLength(element.action_id, 255, `${at}/action_id`);
    this.optionalText(element.placeholder, `${at}/placeholder`, 150, true);
    if (element.confirm !== undefined) this.confirm(element.confirm, `${at}/confirm`);
    const type = element.type;
    if (type === "button") {
      this.text(element.text, `${at}/text`, 75, true);
      this.maxLength(element.value, 2000, `${at}/value`);
      this.maxLength(element.url, 3000, `${at}/url`);
      if (element.style !== undefined && element.style !== "primary" && element.style !== "danger") {
        this.fail(`${at}/style`, "must be one of the following: primary, danger");
      }
    } else if (type === "image") {
      this.image(element, at);
    } else if (type === "plain_text_input") {
      if (typeof element.max_length === "number" && element.max_length > 3000) {
        this.fail(`${at}/max_length`, "must be less than or equal to 3000");
      }
    }
    const maxOptions = MAX_OPTIONS[type];
    if (maxOptions === undefined) return;
    if (element.option_groups !== undefined && type.includes("select")) {
      this.items(element.option_groups, 100, `${at}/option_groups`).forEach((group, g) => {
        const groupAt = `${at}/option_groups/${g}`;
        this.text(isObject(group) ? group.label : undefined, `${groupAt}/label`, 75, true);
        this.options(isObject(group) ? group.options : undefined, maxOptions, `${groupAt}/options`, true);
      });
    } else {
      // Checkboxes and radio buttons may use mrkdwn option text; selects and overflow menus may not.
      const plainOnly = type !== "checkboxes" && type !== "radio_buttons";
      this.options(element.options, maxOptions, `${at}/options`, plainOnly);
    }
  }

  private options(options: unknown, max: number, at: string, plainOnly: boolean): void {
    this.items(options, max, at).forEach((option, i) => {
      const optionAt = `${at}/${i}`;
      if (!isObject(option)) {
        this.fail(optionAt, "must be an option object");
        return;
      }
      this.text(option.text, `${optionAt}/text`, 75, plainOnly);
      if (typeof option.value !== "string") this.fail(`${optionAt}/value`, "must provide a value");
      else this.maxLength(option.value, 150, `${optionAt}/value`);
      this.optionalText(option.description, `${optionAt}/description`, 75, true);
    });
  }

  private confirm(confirm: unknown, at: string): void {
    if (!isObject(confirm)) {
      this.fail(at, "must be a confirmation dialog object");
      return;
    }
    this.text(confirm.title, `${at}/title`, 100, true);
    this.text(confirm.text, `${at}/text`, 300, true);
    this.text(confirm.confirm, `${at}/confirm`, 30, true);
    this.text(confirm.deny, `${at}/deny`, 30, true);
  }
}

/** Problems with a message's (or any surface's) blocks, in Slack's "[ERROR] … [json-pointer:…]" form. */
export function checkBlocks(blocks: unknown, surface: Surface, pointer = "/blocks"): string[] {
  const checker = new Checker();
  checker.blocks(blocks, surface, pointer);
  return checker.problems;
}

/** Problems with a modal or App Home view as views.open/update/push/publish receive it. */
export function checkView(view: unknown, pointer = "/view"): string[] {
  const checker = new Checker();
  if (!isObject(view)) {
    checker.fail(pointer, "must be a view object");
    return checker.problems;
  }
  if (view.type !== "modal" && view.type !== "home") {
    checker.fail(`${pointer}/type`, "must be one of the following: modal, home");
    return checker.problems;
  }
  if (view.type === "modal") {
    checker.text(view.title, `${pointer}/title`, 24, true);
    checker.optionalText(view.submit, `${pointer}/submit`, 24, true);
    checker.optionalText(view.close, `${pointer}/close`, 24, true);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === "input");
    if (hasInput && view.submit === undefined) {
      checker.fail(`${pointer}/submit`, "must provide submit when the view has input blocks");
    }
  }
  checker.maxLength(view.callback_id, 255, `${pointer}/callback_id`);
  checker.maxLength(view.external_id, 255, `${pointer}/external_id`);
  checker.maxLength(view.private_metadata, 3000, `${pointer}/private_metadata`);
  checker.blocks(view.blocks, view.type, `${pointer}/blocks`);
  return checker.problems;
}

/** Every string under a `text` key, at any depth, in document order: what a person reads in blocks. */
export function collectTexts(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectTexts(item, into);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === "text" && typeof child === "string") into.push(child);
      else collectTexts(child, into);
    }
  }
  return into;
}

/**
 * Characters of text a message's blocks carry. Slack rejects a message whose blocks carry too much text in total
 * (`msg_blocks_too_long`) even when every block is valid on its own.
 */
export function blockTextLength(blocks: unknown): number {
  return collectTexts(blocks).reduce((sum, text) => sum + text.length, 0);
}
