// Edit of a proposal: account facts as editable `field=value` lines (read back with the same parser as
// `/kvalue set`), and a checkbox per contact, opportunity and need to keep or drop it. Submitting makes a new
// proposal that still needs Confirm: Edit never writes a fact.
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { t, type Locale } from "../../../i18n/index.js";
import { fieldErrorName, parseAssignments } from "../../accounts/service.js";
import type { ProposedChanges } from "../proposals.js";
import { section } from "../../../ui/blocks.js";
import { SLACK_LIMITS, fitModal, oneLine, plain, truncate } from "../../../ui/limits.js";
import type { ViewStateValues } from "../../../ui/types.js";
import { AI_CALLBACK_IDS } from "./ids.js";

export interface EditMetadata {
  proposalId: string;
  /** Where the proposal is shown, so the edited one replaces it (absent for ephemeral messages). */
  channelId?: string;
  messageTs?: string;
  threadTs?: string;
}

const GROUPS = [
  ["contacts", "c"],
  ["opportunities", "o"],
  ["needs", "n"],
] as const;
const KEEP_BLOCK = (g: string) => `keep_${g}`;
const FACTS_BLOCK = "facts";
const ACTION = "value";

const itemLabel = (changes: ProposedChanges, group: (typeof GROUPS)[number][0], i: number): string => {
  switch (group) {
    case "contacts":
      return changes.contacts[i]?.name ?? "";
    case "opportunities":
      return changes.opportunities[i]?.name ?? "";
    case "needs":
      return changes.needs[i]?.description ?? "";
  }
};

export function editModal(
  locale: Locale,
  accountName: string,
  changes: ProposedChanges,
  meta: EditMetadata,
): ModalView {
  const blocks: KnownBlock[] = [section(`*${truncate(oneLine(accountName), 150).replace(/[*<>&]/g, "")}*`)];
  const lines = changes.facts.map((f) => `${f.field}=${f.text}`).join("\n");
  const facts: InputBlock = {
    type: "input",
    block_id: FACTS_BLOCK,
    optional: true,
    label: plain(t(locale, "assistant.edit.facts"), SLACK_LIMITS.inputLabel),
    hint: plain(t(locale, "assistant.edit.facts_hint"), SLACK_LIMITS.inputHint),
    element: {
      type: "plain_text_input",
      action_id: ACTION,
      multiline: true,
      ...(lines ? { initial_value: lines.slice(0, 2900) } : {}),
    },
  };
  blocks.push(facts);
  for (const [group, prefix] of GROUPS) {
    const count = changes[group].length;
    if (count === 0) continue;
    const options: PlainTextOption[] = Array.from({ length: Math.min(count, 10) }, (_, i) => ({
      text: plain(
        `${prefix === "c" ? "👤" : prefix === "o" ? "📈" : "•"} ${oneLine(itemLabel(changes, group, i))}`,
        SLACK_LIMITS.optionText,
      ),
      value: `${prefix}${i}`,
    }));
    blocks.push({
      type: "input",
      block_id: KEEP_BLOCK(group),
      optional: true,
      label: plain(
        `${t(locale, "assistant.edit.keep")}: ${t(locale, `assistant.proposal.${group}`).replace(/\*/g, "")}`,
        SLACK_LIMITS.inputLabel,
      ),
      element: { type: "checkboxes", action_id: ACTION, options, initial_options: options },
    });
  }
  return fitModal(
    {
      type: "modal",
      callback_id: AI_CALLBACK_IDS.edit,
      title: plain(t(locale, "assistant.edit.title"), SLACK_LIMITS.modalTitle),
      submit: plain(t(locale, "assistant.edit.submit"), SLACK_LIMITS.modalButton),
      close: plain(t(locale, "modal.cancel"), SLACK_LIMITS.modalButton),
      private_metadata: JSON.stringify(meta),
      blocks,
    },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}

export function parseEditMetadata(text: string | undefined): EditMetadata | null {
  try {
    const v = JSON.parse(text ?? "") as Record<string, unknown>;
    if (typeof v.proposalId !== "string" || !v.proposalId) return null;
    const id = (x: unknown, re: RegExp) => (typeof x === "string" && re.test(x) ? x : undefined);
    const channelId = id(v.channelId, /^[CDG][A-Z0-9]{1,30}$/);
    const messageTs = id(v.messageTs, /^\d+\.\d+$/);
    const threadTs = id(v.threadTs, /^\d+\.\d+$/);
    return {
      proposalId: v.proposalId,
      ...(channelId ? { channelId } : {}),
      ...(messageTs ? { messageTs } : {}),
      ...(threadTs ? { threadTs } : {}),
    };
  } catch {
    return null;
  }
}

export type EditResult = { ok: true; changes: ProposedChanges } | { ok: false; errors: Record<string, string> };

/** The edited proposal: facts re-read from the lines (the person's own words are the evidence now), unticked items dropped. */
export function applyEdit(locale: Locale, changes: ProposedChanges, values: ViewStateValues): EditResult {
  const text = values[FACTS_BLOCK]?.[ACTION]?.value ?? "";
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const pairs = lines.map((line) => {
    const at = line.search(/[=＝]/);
    return at < 0 ? { field: line, value: "" } : { field: line.slice(0, at).trim(), value: line.slice(at + 1).trim() };
  });
  const { patch, errors } = parseAssignments(pairs);
  if (errors.length > 0) {
    return {
      ok: false,
      errors: {
        [FACTS_BLOCK]: errors
          .map(
            (e) =>
              `${fieldErrorName(e)}: ${
                e.code === "invalid"
                  ? e.message
                  : e.code === "given_twice"
                    ? t(locale, "reply.field_twice")
                    : `${t(locale, "reply.unknown_field")} ${e.hint ?? ""}`
              }`,
          )
          .join("; ")
          .slice(0, 1900),
      },
    };
  }
  const facts: ProposedChanges["facts"] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (
      value === null ||
      value === undefined ||
      (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
    )
      continue;
    const pair = pairs.find((p) => parseAssignments([p]).patch[field as keyof typeof patch] !== undefined);
    const previous = changes.facts.find((f) => f.field === field);
    const written = pair?.value ?? String(value);
    facts.push({
      field: field as ProposedChanges["facts"][number]["field"],
      value,
      text: written.slice(0, 60),
      evidence: previous && previous.value === value ? previous.evidence : `${field}=${written}`.slice(0, 300),
    });
  }
  const kept = (group: (typeof GROUPS)[number][0], prefix: string): Set<number> => {
    const block = values[KEEP_BLOCK(group)]?.[ACTION];
    if (!block) return new Set(changes[group].map((_, i) => i)); // not shown in the modal: left as proposed
    const picked = new Set((block.selected_options ?? []).map((o) => Number(o.value.slice(prefix.length))));
    for (let i = 10; i < changes[group].length; i++) picked.add(i); // a checkbox group shows 10 options at most
    return picked;
  };
  const keepC = kept("contacts", "c"),
    keepO = kept("opportunities", "o"),
    keepN = kept("needs", "n");
  return {
    ok: true,
    changes: {
      ...changes,
      facts,
      contacts: changes.contacts.filter((_, i) => keepC.has(i)),
      opportunities: changes.opportunities.filter((_, i) => keepO.has(i)),
      needs: changes.needs.filter((_, i) => keepN.has(i)),
    },
  };
}
