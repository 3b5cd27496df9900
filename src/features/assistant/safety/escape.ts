// Model output (and text quoted from notes) made safe for Slack mrkdwn before it is posted. The model cannot
// ping a channel, mention people it was not given, or add links: everything it writes is escaped, broadcast
// words are defused, and only mentions and links that reached it from the person or from tool results survive.
import { escapeMrkdwn } from "../../../ui/limits.js";

export interface SafeTextOptions {
  /** Slack user ids the model received (in the question or in tool results): <@U…> to them stays a mention. */
  allowedUserIds?: Iterable<string>;
  /** URLs the model received verbatim; any other link is replaced. */
  allowedUrls?: Iterable<string>;
  /** What an invented link becomes, in the reader's language. */
  linkRemoved?: string;
}

const MENTION = /<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>/g;
const URL = /\b(?:(?:https?|ftp|mailto|slack|tel|file):\/*[^\s<>"'）)\]]+|www\.[^\s<>"'）)\]]+)/gi;
/** Bare domains Slack would turn into links (example.com, foo.gov.cn). */
const DOMAIN =
  /\b(?:[a-z0-9-]+\.)+(?:com|cn|net|org|io|ai|gov|edu|info|xyz|top|co|me|app|dev|link|ly)\b(?:\/[^\s<>]*)?/gi;
const BROADCAST = /<!(channel|here|everyone)[^>]*>|[@＠](channel|here|everyone)\b/gi;

/** Text from the model or a note → mrkdwn that shows the same words and can do nothing else. */
export function safeText(text: string, o: SafeTextOptions = {}): string {
  const allowedUsers = new Set(o.allowedUserIds ?? []);
  const allowedUrls = [...(o.allowedUrls ?? [])];
  const removed = o.linkRemoved ?? "[link removed]";
  // eslint-disable-next-line no-control-regex
  let s = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "");
  const kept: string[] = [];
  s = s.replace(MENTION, (whole, id: string) => {
    if (!allowedUsers.has(id)) return whole; // escaped below: shows as text, pings nobody
    kept.push(`<@${id}>`);
    return `\u0000${kept.length - 1}\u0000`;
  });
  s = s.replace(BROADCAST, (_w, a?: string, b?: string) => `＠${a ?? b ?? ""}`);
  s = s.replace(URL, (url) => (allowedUrls.some((u) => url === u || url.startsWith(u)) ? url : removed));
  s = s.replace(DOMAIN, (domain) => (allowedUrls.some((u) => u.includes(domain)) ? domain : removed));
  s = escapeMrkdwn(s);
  return s.replace(/\u0000(\d+)\u0000/g, (_w, i: string) => kept[Number(i)] ?? "");
}

/** Slack user ids and URLs appearing in some text (a question, tool results): what the model may repeat. */
export function receivedRefs(texts: Iterable<string>): { userIds: Set<string>; urls: Set<string> } {
  const userIds = new Set<string>();
  const urls = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(/<@([UW][A-Z0-9]{2,})/g)) if (m[1]) userIds.add(m[1]);
    for (const m of t.matchAll(/"(?:owner|user_id|owner_user_id)":"([UW][A-Z0-9]{2,})"/g)) if (m[1]) userIds.add(m[1]);
    for (const m of t.matchAll(URL)) urls.add(m[0]);
  }
  return { userIds, urls };
}

/**
 * Free text the model wrote (a contact's name, an opportunity's name, a need), made inert before it is stored:
 * Slack control sequences become the words they show — <!channel> → ＠channel, <@U1|王> → ＠王, <#C1|sales> →
 * #sales, <https://x|label> → label — so no later surface (a card, the digest, App Home, a CSV opened in a
 * tool that renders mrkdwn) can turn them back into a ping or a disguised link. Displays escape as well.
 */
export function inertText(text: string): string {
  return text
    .replace(/<!([a-z]+)(?:\^[^|>]*)?(?:\|@?([^>]*))?>/gi, (_w, word: string, label?: string) => `＠${label || word}`)
    .replace(/<@([A-Z0-9]+)(?:\|([^>]*))?>/gi, (_w, id: string, label?: string) => `＠${label || id}`)
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/gi, (_w, id: string, label?: string) => `#${label || id}`)
    .replace(/<((?:https?|mailto|ftp|slack|tel|file):[^|>]*)(?:\|([^>]*))?>/gi, (_w, url: string, label?: string) =>
      label?.trim() ? label : url,
    )
    .replace(/[@＠](channel|here|everyone)\b/gi, "＠$1");
}
