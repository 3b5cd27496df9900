// When a name matches several accounts, ask which one; when it matches none, offer to create it.
import type { KnownBlock } from "@slack/types";
import { name, t } from "../../../i18n/catalog.js";
import { button, context, fallback, mention, section } from "../../../ui/blocks.js";
import { ACTION_IDS } from "../../../ui/ids.js";
import { SLACK_LIMITS, escapeMrkdwn, fitMessage, oneLine, safeName, truncate } from "../../../ui/limits.js";
import type { AccountChoicesData, CreateAccountPromptData, SlackMessage, UnknownTextData } from "../../../ui/types.js";

/** Matches shown as buttons; more than this is noise, the rep should type more of the name. */
export const MAX_CHOICES = 15;

export function accountChoicesMessage(data: AccountChoicesData): SlackMessage {
  const { locale, matches } = data;
  const query = truncate(oneLine(data.query), 100);
  const total = Math.max(data.total ?? 0, matches.length);
  const shown = matches.slice(0, MAX_CHOICES);
  const blocks: KnownBlock[] = [section(t(locale, "choices.title", { n: total, query: escapeMrkdwn(query) }))];
  const pending = data.pendingSet;
  const assignments = pending ? escapeMrkdwn(pending.map((a) => `${a.field}=${a.value}`).join(" ")) : "";
  // The pending update travels in each button's value; when it cannot fit, the buttons only open the card and
  // the message says so, rather than dropping the update silently.
  const carried = pending && shown.every((m) => encodePendingSet(m.id, pending).length <= SLACK_LIMITS.buttonValue);
  if (pending)
    blocks.push(context(t(locale, carried ? "choices.set_pending" : "choices.set_too_long", { assignments })));
  for (const m of shown) {
    const details = [m.industry ? name(locale, "industry", m.industry) : "", mention(m.ownerUserId)]
      .filter(Boolean)
      .join(" · ");
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*${safeName(m.name, 200)}*${details ? `\n${details}` : ""}` },
      accessory:
        carried && pending
          ? button(t(locale, "choices.button_set"), ACTION_IDS.pickAccountSet, encodePendingSet(m.id, pending))
          : data.forHistory
            ? button(t(locale, "choices.button_history"), ACTION_IDS.pickAccountHistory, m.id)
            : button(t(locale, "choices.button"), ACTION_IDS.pickAccount, m.id),
    });
  }
  if (total > shown.length) blocks.push(context(t(locale, "choices.more", { n: total - shown.length })));
  return fitMessage(
    { text: fallback(t(locale, "choices.fallback", { n: total, query: escapeMrkdwn(query) })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

export function createAccountPromptMessage(data: CreateAccountPromptData): SlackMessage {
  const { locale } = data;
  const shown = escapeMrkdwn(truncate(oneLine(data.name), 200));
  const blocks: KnownBlock[] = [
    section(t(locale, "create.prompt", { name: shown })),
    {
      type: "actions",
      block_id: "kv_create_account",
      // The value carries the name as typed (one line), so the handler creates exactly what was asked for.
      elements: [
        button(
          t(locale, "create.button"),
          ACTION_IDS.createAccount,
          truncate(oneLine(data.name), SLACK_LIMITS.buttonValue, ""),
          "primary",
        ),
      ],
    },
  ];
  return fitMessage(
    { text: fallback(t(locale, "create.fallback", { name: shown })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }), keepTail: 1 },
  );
}

/** Text that matched no account and does not look like a name: say what it probably was instead of offering to
 *  create an account called so. */
export function unknownTextMessage(data: UnknownTextData): SlackMessage {
  const { locale, what } = data;
  const text = escapeMrkdwn(truncate(oneLine(data.text), 100));
  const message =
    what.kind === "typo"
      ? t(locale, "unknown.typo", { text, suggestion: escapeMrkdwn(what.suggestion) })
      : what.kind === "number"
        ? t(locale, "unknown.number", { text })
        : what.kind === "no_letters"
          ? t(locale, "unknown.no_letters", { text })
          : what.kind === "question"
            ? t(locale, what.modelConfigured ? "unknown.question" : "unknown.question_no_model")
            : t(locale, what.modelConfigured ? "unknown.note" : "unknown.note_no_model");
  return { text: fallback(message), blocks: [section(message)] };
}

type Assignment = { field: string; value: string };

/** The value of a "pick for this set" button: the account id and the assignments, as JSON. */
export function encodePendingSet(accountId: string, assignments: readonly Assignment[]): string {
  return JSON.stringify({ id: accountId, set: assignments.map((a) => [a.field, a.value]) });
}

/** The inverse of encodePendingSet; null for anything else (a payload is untrusted input). */
export function decodePendingSet(value: string): { accountId: string; assignments: Assignment[] } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const { id, set } = parsed as { id?: unknown; set?: unknown };
  if (typeof id !== "string" || id === "" || !Array.isArray(set) || set.length === 0) return null;
  const assignments: Assignment[] = [];
  for (const pair of set) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string")
      return null;
    assignments.push({ field: pair[0], value: pair[1] });
  }
  return { accountId: id, assignments };
}
