// Plain text replies: one mrkdwn section, cut to Slack's limits, with a notification fallback.
import { escapeMrkdwn, SLACK_LIMITS, truncateMrkdwn } from "./limits.js";
import type { SlackMessage } from "./types.js";

export function textMessage(text: string): SlackMessage {
  const body = truncateMrkdwn(text, SLACK_LIMITS.sectionText);
  return { text: body.slice(0, 300), blocks: [{ type: "section", text: { type: "mrkdwn", text: body } }] };
}

/** User-typed text inside mrkdwn: `<`, `>` and `&` escaped so it cannot mention, link or format. */
export const esc = escapeMrkdwn;
