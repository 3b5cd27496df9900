// The weekly digest as a Slack message (METHOD §5.7): one header, the nine parts in order (the segment part after the matrix), a footer; within Slack's
// limits whatever the data (fitMessage drops trailing parts with a marker if ever needed). Pure.
import type { KnownBlock } from "@slack/types";
import { formatDate, formatMoney, formatPercent, t, type Locale } from "../../i18n/index.js";
import { context, divider, fallback, fieldsSection, header, section } from "../../ui/blocks.js";
import { blockTextLength, fitMessage, oneLine, SLACK_LIMITS, truncate } from "../../ui/limits.js";
import type { SlackMessage } from "../../ui/types.js";
import {
  bridgeBlock,
  conversionTable,
  flowTable,
  footerText,
  headlineFields,
  matrixBlocks,
  riskBlock,
  sourceText,
  stageTable,
  velocityText,
} from "./render-parts.js";
import { segmentBlocks } from "./render-segments.js";
import type { Digest } from "./types.js";

export interface DigestRenderOptions {
  locale: Locale;
  /** The scheduled post says the charts follow in its thread; the ephemeral preview has none. */
  chartsBelow: boolean;
  /** Shown in the context line of a preview */
  preview?: boolean;
  /** The quarter's calibration figures, in the first digest of a quarter */
  calibration?: { model: string; bss: number | null; auc: number | null } | null;
}

export function digestMessage(d: Digest, o: DigestRenderOptions): SlackMessage {
  const l = o.locale;
  const team = truncate(oneLine(d.team.name), 60) || "—";
  const context1 =
    d.previousAsOf === null
      ? t(l, "digest.context_first", {
          date: formatDate(l, d.asOf),
          period: d.period.key,
          end: formatDate(l, d.period.end),
          model: d.modelVersion,
        })
      : t(l, "digest.context", {
          date: formatDate(l, d.asOf),
          previous: formatDate(l, d.previousAsOf),
          period: d.period.key,
          end: formatDate(l, d.period.end),
          model: d.modelVersion,
        });
  const before: KnownBlock[] = [
    header(t(l, o.preview ? "digest.header_preview" : "digest.header", { team, week: d.periodKey })),
    context(context1),
    section(t(l, "digest.h.title")),
    fieldsSection(headlineFields(d, l)),
    // Said once, under the headline that leaves the target's figures out, with the command that sets one.
    ...(d.target === null ? [section(t(l, "digest.no_target", { team, period: d.period.key }))] : []),
    section(stageTable(d, l)),
    divider(),
    bridgeBlock(d, l),
    section(flowTable(d, l)),
    section(conversionTable(d, l)),
    divider(),
    riskBlock(d, l),
    section(sourceText(d, l)),
    ...matrixBlocks(d, l),
  ];
  const after: KnownBlock[] = [
    section(velocityText(d, l)),
    ...(o.calibration
      ? [
          section(
            t(l, "calibration.digest", {
              model: o.calibration.model,
              bss: o.calibration.bss === null ? "—" : o.calibration.bss.toFixed(3),
              auc: o.calibration.auc === null ? "—" : o.calibration.auc.toFixed(3),
            }),
          ),
        ]
      : []),
    context(footerText(d, l, o.chartsBelow)),
  ];
  // The segment part takes what the nine parts leave, so it never pushes the velocity or the footer out.
  const others = [...before, ...after];
  const blocks = [
    ...before,
    ...segmentBlocks(d, l, {
      chars: SLACK_LIMITS.messageTextBudget - blockTextLength(others),
      blocks: SLACK_LIMITS.messageBlocks - others.length,
    }),
    ...after,
  ];
  const text = fallback(fallbackText(d, l, team));
  return fitMessage({ text, blocks }, { more: (n) => t(l, "common.omitted_sections", { n }) });
}

/** The notification text: weighted pipeline, and its coverage of the gap when there is a target to measure it by. */
function fallbackText(d: Digest, l: Locale, team: string): string {
  const weighted = formatMoney(l, d.funnel.weighted_amount, { compact: true });
  if (d.target === null) return t(l, "digest.fallback_no_target", { team, week: d.periodKey, weighted });
  const coverage = d.headline.coverage.now === null ? "—" : formatPercent(l, d.headline.coverage.now);
  return t(l, "digest.fallback", { team, week: d.periodKey, weighted, coverage });
}
