// The segment proposal message (issue 10.3): per segment, each field before → after with the note's words, what was
// not used and why, and Confirm / Discard; then the replies to those buttons. Pure: preview in, Block Kit out.
import type { KnownBlock } from "@slack/types";
import type { SegmentField } from "../../../core/index.js";
import { t, type Locale } from "../../../i18n/index.js";
import { button, context, fallback, header, section } from "../../../ui/blocks.js";
import { fitLines, fitMessage } from "../../../ui/limits.js";
import { esc, textMessage } from "../../../ui/text.js";
import type { SlackMessage } from "../../../ui/types.js";
import { keptOwnText, segmentTitle, segmentValueText } from "../../segments/ui/segments.js";
import type { StoredSegment } from "../../segments/service.js";
import type { SegmentDecision, SegmentPreview } from "../segment-proposals.js";
import { AI_ACTION_IDS } from "./ids.js";
import { skippedText, sourceText } from "./proposal.js";
import { shown } from "./values.js";

const valueText = (locale: Locale, s: StoredSegment, field: SegmentField, v: unknown) =>
  segmentValueText(locale, { ...s, [field]: v } as StoredSegment, field);

/** The change lines of each segment (also what the console prints). */
export function segmentSections(locale: Locale, preview: SegmentPreview): string[] {
  const more = (n: number) => t(locale, "common.more_items", { n });
  return preview.items.map((i) => {
    const lines = i.changes.flatMap((c) => [
      t(locale, "assistant.proposal.fact_line", {
        field: t(locale, `segment.field.${c.field}`),
        before: valueText(locale, i.segment, c.field, c.before),
        after: valueText(locale, i.segment, c.field, c.after),
      }) + (typeof c.after === "number" ? t(locale, "assistant.proposal.as_written", { text: shown(c.text, 40) }) : ""),
      t(locale, "assistant.proposal.quote", { quote: shown(c.evidence, 140) }),
    ]);
    const head = t(locale, "assistant.segment.section", { label: segmentTitle(locale, i.segment) });
    return fitLines(lines, 2_200, { head, more });
  });
}

export function segmentProposalMessage(d: {
  locale: Locale;
  proposalId: string;
  preview: SegmentPreview;
  sourceUrl: string | null;
}): SlackMessage {
  const { locale, preview } = d;
  const team = shown(preview.team.name, 80);
  const blocks: KnownBlock[] = [
    header(t(locale, "assistant.segment.header", { team: preview.team.name.slice(0, 80) })),
    section(`${t(locale, "assistant.segment.intro")}\n${t(locale, "assistant.proposal.intro")}`),
    ...segmentSections(locale, preview).map((text) => section(text)),
  ];
  const skipped = skippedText(locale, preview.skipped);
  const source = sourceText(locale, d.sourceUrl);
  blocks.push(context(...[skipped, source].filter(Boolean)));
  blocks.push({
    type: "actions",
    block_id: "kv_ai_segment_proposal",
    elements: [
      button(t(locale, "assistant.button.confirm"), AI_ACTION_IDS.segmentConfirm, d.proposalId, "primary"),
      button(t(locale, "assistant.button.discard"), AI_ACTION_IDS.segmentDiscard, d.proposalId, "danger"),
    ],
  });
  const n = preview.items.reduce((k, i) => k + i.changes.length, 0);
  return fitMessage(
    { text: fallback(t(locale, "assistant.segment.fallback", { team, n })), blocks },
    { more: (k) => t(locale, "common.omitted_sections", { n: k }) },
  );
}

/** Segment updates the note asked for, none of them usable: why. */
export const segmentNothingMessage = (locale: Locale, skipped: SegmentPreview["skipped"]): SlackMessage => {
  const text = t(locale, "assistant.segment.nothing");
  const why = skippedText(locale, skipped);
  return why ? { text: fallback(text), blocks: [section(text), context(why)] } : textMessage(text);
};

/** The reply to Confirm / Discard of a segment proposal. */
export function segmentDecisionMessage(locale: Locale, r: SegmentDecision): SlackMessage {
  switch (r.kind) {
    case "written": {
      const labels = r.saves.map((s) => segmentTitle(locale, s.segment)).join(t(locale, "common.list_separator"));
      const n = r.saves.reduce((k, s) => k + s.changed.length, 0);
      const rescored = new Set(r.saves.flatMap((s) => s.rescored)).size;
      const kept = keptOwnText(
        locale,
        r.saves.flatMap((s) => s.keptOwn),
      );
      const confirmed = t(locale, "assistant.segment.confirmed", { labels, n, rescored });
      return textMessage(kept ? `${confirmed}\n${esc(kept)}` : confirmed);
    }
    case "nothing":
      return textMessage(t(locale, "assistant.segment.nothing_left"));
    case "stale":
      return textMessage(t(locale, "assistant.segment.stale"));
    case "discarded":
      return textMessage(t(locale, "assistant.discarded"));
    case "decided":
      return textMessage(t(locale, `assistant.decided.${r.status}`));
    case "not_yours":
      return textMessage(t(locale, "assistant.not_yours", { user: r.userId }));
    case "refused":
      return textMessage(t(locale, "assistant.segment.refused"));
  }
}
