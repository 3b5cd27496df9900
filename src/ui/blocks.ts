// Small Block Kit constructors and the §4.4 ordering shared by the builders.
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  SectionBlock,
} from "@slack/types";
import type { Priority } from "../core/enums.js";
import { compareQuantized } from "../i18n/decimal.js";
import { SLACK_LIMITS, mrkdwn, plain, truncate } from "./limits.js";
import type { MatrixRow } from "./types.js";

export const header = (text: string): HeaderBlock => ({ type: "header", text: plain(text, SLACK_LIMITS.headerText) });

export const section = (text: string, blockId?: string): SectionBlock => ({
  type: "section",
  text: mrkdwn(text),
  ...(blockId ? { block_id: blockId } : {}),
});

export const fieldsSection = (fields: readonly string[]): SectionBlock => ({
  type: "section",
  fields: fields.slice(0, SLACK_LIMITS.sectionFields).map((f) => mrkdwn(f, SLACK_LIMITS.fieldText)),
});

export const context = (...texts: string[]): ContextBlock => {
  const shown = texts.filter((s) => s.trim() !== "").slice(0, SLACK_LIMITS.contextElements);
  // A context block needs at least one element.
  return {
    type: "context",
    elements: (shown.length > 0 ? shown : [" "]).map((s) => mrkdwn(s, SLACK_LIMITS.contextText)),
  };
};

export const divider = (): DividerBlock => ({ type: "divider" });

export const button = (text: string, actionId: string, value: string, style?: "primary" | "danger"): Button => ({
  type: "button",
  text: plain(text, SLACK_LIMITS.buttonText),
  action_id: actionId,
  // Slack rejects an empty value; a button without one still reports its action_id.
  ...(value !== "" ? { value: value.slice(0, SLACK_LIMITS.buttonValue) } : {}),
  ...(style ? { style } : {}),
});

/** `b` behind Slack's confirm dialog: the press arrives only after `yes`. */
export const confirmed = (b: Button, dialog: { title: string; text: string; yes: string; no: string }): Button => ({
  ...b,
  confirm: { title: plain(dialog.title), text: plain(dialog.text), confirm: plain(dialog.yes), deny: plain(dialog.no) },
});

/** Buttons in rows of at most 25 (one actions block each). */
export function actionRows(buttons: readonly Button[], blockIdPrefix?: string): ActionsBlock[] {
  const rows: ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += SLACK_LIMITS.actionsElements) {
    rows.push({
      type: "actions",
      elements: buttons.slice(i, i + SLACK_LIMITS.actionsElements),
      ...(blockIdPrefix ? { block_id: `${blockIdPrefix}_${rows.length}` } : {}),
    });
  }
  return rows;
}

/** A Slack user mention, if the id looks like one (anything else could break the mrkdwn). */
export const mention = (userId: string | null | undefined): string =>
  userId && /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : "";

const PRIORITY_RANK: Record<Priority, number> = { P1: 1, P2: 2, P3: 3, P4: 4 };

/** METHOD §4.4 order: priority (untiered last), then V descending (on quantized values), then id ascending. */
export function compareRows(a: MatrixRow, b: MatrixRow): number {
  const pa = a.assessment.priority ? PRIORITY_RANK[a.assessment.priority] : 5;
  const pb = b.assessment.priority ? PRIORITY_RANK[b.assessment.priority] : 5;
  if (pa !== pb) return pa - pb;
  const v = compareQuantized(b.assessment.scores.V, a.assessment.scores.V);
  if (v !== 0) return v;
  return a.account.id < b.account.id ? -1 : a.account.id > b.account.id ? 1 : 0;
}

export const sortRows = (rows: readonly MatrixRow[]): MatrixRow[] => [...rows].sort(compareRows);

/** A fallback that is never empty. */
export const fallback = (text: string): string => truncate(text.trim() || "kvalue", SLACK_LIMITS.fallbackText);

export type { KnownBlock };
