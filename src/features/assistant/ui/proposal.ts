// The proposal message: every change field by field (before → after) with the words of the note it came from,
// the score and quadrant the account WOULD get (computed by the core on the hypothetical facts), what was not
// used and why, and Confirm / Edit / Discard. Pure: preview data in, Block Kit out, within Slack's limits.
import type { KnownBlock } from "@slack/types";
import { formatScore, quadrantLabel, t, type Locale, type MessageKey } from "../../../i18n/index.js";
import type { ProposalPreview, ResolvedChanges } from "../proposals.js";
import { button, context, fallback, header, section } from "../../../ui/blocks.js";
import { fitLines, fitMessage } from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";
import { AI_ACTION_IDS } from "./ids.js";
import { fieldLabel, shown, valueText, type Entity } from "./values.js";

const REASONS: Readonly<Record<string, MessageKey>> = {
  no_evidence: "assistant.reason.no_evidence",
  number_not_in_note: "assistant.reason.number_not_in_note",
  bad_value: "assistant.reason.bad_value",
  duplicate: "assistant.reason.duplicate",
  too_many: "assistant.reason.too_many",
  name_not_in_note: "assistant.reason.name_not_in_note",
  bad_amount: "assistant.reason.bad_amount",
  bad_date: "assistant.reason.bad_date",
  ambiguous_contact: "assistant.reason.ambiguous_contact",
  ambiguous_opportunity: "assistant.reason.ambiguous_opportunity",
  opportunity_needs_amount: "assistant.reason.opportunity_needs_amount",
  opportunity_needs_close_date: "assistant.reason.opportunity_needs_close_date",
  need_exists: "assistant.reason.need_exists",
  note_truncated: "assistant.reason.note_truncated",
  unknown_segment: "assistant.reason.unknown_segment",
  fit_range: "assistant.reason.fit_range",
};

/** Per change section: four of them stay well inside the ~12k characters a message may carry, so the
 *  final fitting pass never has to drop the Confirm / Edit / Discard buttons at the end. */
const SECTION_BUDGET = 2_200;

export const changeCount = (r: ResolvedChanges): number =>
  r.facts.length + r.contacts.length + r.opportunities.length + r.needs.length;

const quote = (locale: Locale, evidence: string) =>
  t(locale, "assistant.proposal.quote", { quote: shown(evidence, 140) });

function diffText(
  locale: Locale,
  entity: Entity,
  diffs: readonly { field: string; before: unknown; after: unknown }[],
  isNew: boolean,
): string {
  return diffs
    .filter((d) => !(isNew && (d.field === "name" || d.after === null)))
    .map((d) =>
      isNew
        ? t(locale, "assistant.proposal.value", {
            field: fieldLabel(locale, entity, d.field),
            value: valueText(locale, entity, d.field, d.after),
          })
        : t(locale, "assistant.proposal.change", {
            field: fieldLabel(locale, entity, d.field),
            before: valueText(locale, entity, d.field, d.before),
            after: valueText(locale, entity, d.field, d.after),
          }),
    )
    .join(t(locale, "reply.list_separator"));
}

function assumedText(locale: Locale, entity: Entity, assumed: readonly string[]): string {
  if (assumed.length === 0) return "";
  const fields = assumed.map((f) => fieldLabel(locale, entity, f)).join(t(locale, "common.list_separator"));
  return t(locale, "assistant.proposal.assumed", { fields });
}

/** The change lines of a preview, grouped (also the console's and the Edit modal's view of a proposal). */
export function changeSections(locale: Locale, r: ResolvedChanges): string[] {
  const more = (n: number) => t(locale, "common.more_items", { n });
  const out: string[] = [];
  if (r.facts.length) {
    const lines = r.facts.flatMap((f) => [
      t(locale, "assistant.proposal.fact_line", {
        field: fieldLabel(locale, "account", f.field),
        before: valueText(locale, "account", f.field, f.before),
        after: valueText(locale, "account", f.field, f.after),
      }) + (typeof f.after === "number" ? t(locale, "assistant.proposal.as_written", { text: shown(f.text, 40) }) : ""),
      quote(locale, f.evidence),
    ]);
    out.push(fitLines(lines, SECTION_BUDGET, { head: t(locale, "assistant.proposal.facts"), more }));
  }
  if (r.contacts.length) {
    const lines = r.contacts.flatMap((c) => {
      const details =
        diffText(locale, "contact", c.diffs, c.contactId === null) + assumedText(locale, "contact", c.assumed);
      const key = c.contactId === null ? "assistant.proposal.new_contact" : "assistant.proposal.update";
      return [t(locale, key, { name: shown(c.name, 60), details }), quote(locale, c.evidence)];
    });
    out.push(fitLines(lines, SECTION_BUDGET, { head: t(locale, "assistant.proposal.contacts"), more }));
  }
  if (r.opportunities.length) {
    const lines = r.opportunities.flatMap((o) => {
      const details =
        diffText(locale, "opportunity", o.diffs, o.opportunityId === null) +
        assumedText(locale, "opportunity", o.assumed);
      const key = o.opportunityId === null ? "assistant.proposal.new_opportunity" : "assistant.proposal.update";
      const written = [o.amountText, o.closeText]
        .filter((x): x is string => Boolean(x))
        .map((x) => shown(x, 30))
        .join(" · ");
      return [
        t(locale, key, { name: shown(o.name, 80), details }) +
          (written ? t(locale, "assistant.proposal.as_written", { text: written }) : ""),
        quote(locale, o.evidence),
      ];
    });
    out.push(fitLines(lines, SECTION_BUDGET, { head: t(locale, "assistant.proposal.opportunities"), more }));
  }
  if (r.needs.length) {
    const lines = r.needs.flatMap((n) => {
      const { description, ...rest } = n.input;
      const details = Object.entries(rest)
        .filter(([, v]) => v !== null)
        .map(([field, v]) =>
          t(locale, "assistant.proposal.value", {
            field: fieldLabel(locale, "need", field),
            value: valueText(locale, "need", field, v),
          }),
        )
        .join(t(locale, "reply.list_separator"));
      return [
        t(locale, "assistant.proposal.new_need", { description: shown(description, 120), details }),
        quote(locale, n.evidence),
      ];
    });
    out.push(fitLines(lines, SECTION_BUDGET, { head: t(locale, "assistant.proposal.needs"), more }));
  }
  return out;
}

export function scoreLine(locale: Locale, p: Pick<ProposalPreview, "before" | "after">): string {
  return t(locale, "assistant.proposal.score", {
    vBefore: formatScore(p.before.scores.V),
    vAfter: formatScore(p.after.scores.V),
    qBefore: quadrantLabel(locale, p.before.quadrant, p.before.provisional),
    qAfter: quadrantLabel(locale, p.after.quadrant, p.after.provisional),
  });
}

/** Where the note came from: a link only to a Slack message URL (anything else could lead a reader astray). */
export function sourceText(locale: Locale, sourceUrl: string | null): string {
  return sourceUrl && /^https:\/\/[\w.-]+\.slack\.com\//.test(sourceUrl)
    ? t(locale, "assistant.proposal.source", { link: `<${sourceUrl}|${t(locale, "assistant.proposal.link")}>` })
    : t(locale, "assistant.proposal.source_plain");
}

export function skippedText(locale: Locale, skipped: ResolvedChanges["skipped"]): string {
  if (skipped.length === 0) return "";
  const list = skipped
    .slice(0, 8)
    .map((s) =>
      t(locale, "assistant.proposal.skipped_item", {
        item: shown(s.item, 40),
        reason: t(locale, REASONS[s.reason] ?? "assistant.reason.other"),
      }),
    )
    .join(t(locale, "reply.list_separator"));
  return t(locale, "assistant.proposal.skipped", { list });
}

export interface ProposalMessageData {
  preview: ProposalPreview;
  proposalId: string;
  locale: Locale;
  /** The note's Slack permalink (a URL Slack gave us), or null. */
  sourceUrl: string | null;
  /** Re-checked after the account changed (Confirm of an outdated proposal). */
  stale?: boolean;
  edited?: boolean;
}

export function proposalMessage(d: ProposalMessageData): SlackMessage {
  const { locale, preview } = d;
  const r = preview.resolved;
  const name = shown(preview.accountName, 120);
  const intro = [
    d.stale ? t(locale, "assistant.proposal.stale") : "",
    d.edited ? t(locale, "assistant.edited") : "",
    t(locale, "assistant.proposal.intro"),
  ]
    .filter(Boolean)
    .join("\n");
  const blocks: KnownBlock[] = [
    header(t(locale, "assistant.proposal.header", { name: preview.accountName.slice(0, 100) })),
    section(intro),
  ];
  for (const text of changeSections(locale, r)) blocks.push(section(text));
  blocks.push(section(scoreLine(locale, preview)));
  const skipped = skippedText(locale, r.skipped);
  const source = sourceText(locale, d.sourceUrl);
  blocks.push(context(...[skipped, source].filter(Boolean)));
  blocks.push({
    type: "actions",
    block_id: "kv_ai_proposal",
    elements: [
      button(t(locale, "assistant.button.confirm"), AI_ACTION_IDS.confirm, d.proposalId, "primary"),
      button(t(locale, "assistant.button.edit"), AI_ACTION_IDS.edit, d.proposalId),
      button(t(locale, "assistant.button.discard"), AI_ACTION_IDS.discard, d.proposalId, "danger"),
    ],
  });
  return fitMessage(
    { text: fallback(t(locale, "assistant.proposal.fallback", { name, n: changeCount(r) })), blocks },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}
