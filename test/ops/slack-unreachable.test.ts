// Slack unreachable while the app starts (a proxy not up yet, a network blip): the real Bolt app over HTTP, its Web
// API calls going through a proxy on 127.0.0.1 that drops every connection until it is "up". Until Slack has
// verified the bot token, /readyz answers 503 and requests get no answer; once Slack answers again the next request
// is served and /readyz turns 200, without a restart (Bolt's own authorization kept the failed auth.test forever).
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendSlashCommand } from "../support/slack-request.js";
import { REP, SALES, SIGNING_SECRET, startHarness, type Harness } from "../slack/harness.js";

/** Forwards to `target` while `up`, else drops the connection. */
function dropper(): { server: Server; up: boolean; attach(target: string): string } {
  const state = { up: false, target: new URL("http://127.0.0.1") };
  const server = createServer((req, res) => {
    if (!state.up) {
      req.socket.destroy();
      return;
    }
    const to = request(
      { host: state.target.hostname, port: state.target.port, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(to);
  });
  server.listen(0, "127.0.0.1");
  return {
    server,
    get up() {
      return state.up;
    },
    set up(v: boolean) {
      state.up = v;
    },
    attach(target: string) {
      state.target = new URL(target);
      const { port } = server.address() as AddressInfo;
      return `http://127.0.0.1:${port}${state.target.pathname}`;
    },
  };
}

const readyz = async (base: string) => {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe("Slack unreachable at start", () => {
  let h: Harness;
  const proxy = dropper();
  beforeAll(async () => {
    h = await startHarness({ apiUrl: (url) => proxy.attach(url) });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    proxy.server.close();
  });

  it("is not ready and answers nothing until Slack answers, then serves the next request without a restart", async () => {
    await expect
      .poll(() => h.logs.some((l) => l.msg === "Slack auth.test failed; retrying"), { timeout: 10_000 })
      .toBe(true);
    expect(await readyz(h.base)).toEqual({ status: 503, body: { status: "slack_unverified" } });
    // The Web API client's own complaint comes through the app's log (JSON lines), not as a plain console line.
    expect(h.logs.some((l) => l.msg === "slack sdk" && l.level === "warn")).toBe(true);

    proxy.up = true;
    const res = await sendSlashCommand(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, text: "help" },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    const reply = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 10_000);
    expect(JSON.stringify(reply.args)).toContain("/kvalue");
    expect(await readyz(h.base)).toEqual({ status: 200, body: { status: "ready" } });
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
  }, 60_000);
});
