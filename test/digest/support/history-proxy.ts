// The shared fake Slack (test/support/fake-slack.ts) has no conversations.history, which the digest needs to resume a
// run safely. This proxy answers conversations.history from the fake's channel state (with message metadata, as
// Slack does with include_all_metadata) and forwards every other request to the fake unchanged.
import { sendJson, startLocalServer, type LocalServer } from "../../support/local-server.js";
import type { FakeSlack } from "../../support/fake-slack.js";

export interface HistoryProxy {
  /** Base for `slackApiUrl`, like FakeSlack.url */
  readonly url: string;
  /** conversations.history calls answered */
  readonly historyCalls: { channel: string; oldest: string | undefined }[];
  close(): Promise<void>;
}

export async function startHistoryProxy(slack: FakeSlack): Promise<HistoryProxy> {
  const historyCalls: { channel: string; oldest: string | undefined }[] = [];
  let server: LocalServer | undefined;
  server = await startLocalServer(async ({ req, res, body, url }) => {
    if (url.pathname === "/api/conversations.history") {
      const args = new URLSearchParams(body.toString("utf8"));
      const token = (req.headers.authorization ?? "").replace(/^Bearer /i, "") || args.get("token");
      if (token !== slack.botToken) return sendJson(res, 200, { ok: false, error: "invalid_auth" });
      const channel = args.get("channel") ?? "";
      const oldest = args.get("oldest") ?? undefined;
      historyCalls.push({ channel, oldest });
      const since = Number(oldest ?? "0");
      // Slack returns newest first; thread replies are not part of a channel's history.
      const messages = slack
        .messages(channel)
        .filter((m) => Number(m.ts) > since && (m.thread_ts === undefined || m.thread_ts === m.ts))
        .reverse()
        .map(({ channel: _c, ...m }) => m);
      return sendJson(res, 200, { ok: true, messages, has_more: false, response_metadata: { next_cursor: "" } });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
    const forwarded = await fetch(`${slack.origin}${url.pathname}${url.search}`, {
      method: req.method ?? "POST",
      headers,
      body: body.length ? body : undefined,
    });
    const text = Buffer.from(await forwarded.arrayBuffer());
    const out: Record<string, string> = {};
    forwarded.headers.forEach((v, k) => {
      if (k !== "content-length" && k !== "transfer-encoding" && k !== "connection") out[k] = v;
    });
    res.writeHead(forwarded.status, out);
    res.end(text);
  });
  const origin = server.origin;
  return { url: `${origin}/api/`, historyCalls, close: () => server.close() };
}
