// The confirmation posted after a note is logged: the note quoted back, cut to fit a section.
import type { KnownBlock } from "@slack/types";
import { t } from "../../../i18n/catalog.js";
import { formatInt } from "../../../i18n/format.js";
import { context, fallback, section } from "../../../ui/blocks.js";
import {
  SLACK_LIMITS,
  escapeMrkdwn,
  fitMessage,
  oneLine,
  safeName,
  truncate,
  truncateMrkdwn,
} from "../../../ui/limits.js";
import type { NoteSavedData, SlackMessage } from "../../../ui/types.js";

export function noteSavedMessage(data: NoteSavedData): SlackMessage {
  const { locale } = data;
  const note = data.note.replace(/\r\n?/g, "\n").trim();
  const quoted = escapeMrkdwn(note)
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
  const head = t(locale, "note.saved", { name: safeName(data.accountName, 120) });
  const room = SLACK_LIMITS.sectionText - head.length - 1;
  const body = truncateMrkdwn(quoted || ">", room);
  const blocks: KnownBlock[] = [section(`${head}\n${body}`)];
  if (body.length < quoted.length)
    blocks.push(context(t(locale, "note.truncated", { n: formatInt(Array.from(note).length) })));
  return fitMessage(
    {
      text: fallback(
        t(locale, "note.saved_fallback", { name: escapeMrkdwn(truncate(oneLine(data.accountName), 120)) }),
      ),
      blocks,
    },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}
