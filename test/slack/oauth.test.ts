// Multi-workspace installs (OAuth mode: SLACK_CLIENT_ID/SECRET/STATE_SECRET): the install flow against the fake's
// oauth.v2.access stores an Installation; each workspace is served with its own bot token; app_uninstalled and
// tokens_revoked revoke it, and the workspace's requests are refused from then on. One story, in order: the fake
// keeps the issued tokens, so it is not reset between the steps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendEvent, sendSlashCommand } from "../support/slack-request.js";
import { REP, SALES, SIGNING_SECRET, WS, sleep, startHarness, textOf, type Harness } from "./harness.js";

const DSJ = "东江省大数据管理局";
const SECOND = "T0SECOND";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: "oauth" });
});
afterAll(async () => {
  await h?.close();
});

/** The whole browser side of "Add to Slack": /slack/install → Slack's authorize page → /slack/oauth_redirect. */
async function install(teamId: string, userId: string): Promise<Response> {
  const start = await fetch(`${h.base}/slack/install`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get("location") ?? "");
  expect(authorize.hostname).toBe("slack.com");
  expect(authorize.searchParams.get("client_id")).toBe(h.slack.clientId);
  expect(authorize.searchParams.get("scope")).toContain("commands");
  const state = authorize.searchParams.get("state") ?? "";
  const cookie = (start.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  // The person approves; Slack redirects back with a one-time code.
  const code = h.slack.issueOAuthCode({ teamId, teamName: teamId === WS ? "kvalue test" : "第二公司", userId });
  return fetch(`${h.base}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });
}

/** `/kvalue <text>` from a workspace; the reply, or null when nothing answered within `ms`. */
async function ask(team: string, user: string, text: string, ms = 1500): Promise<string | null> {
  const res = await sendSlashCommand(
    h.base,
    SIGNING_SECRET,
    { team_id: team, user_id: user, channel_id: SALES, text },
    { slack: h.slack },
  );
  expect(res.status).toBe(200);
  try {
    const reply = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, ms);
    return textOf(reply.args.blocks ?? reply.args.text);
  } catch {
    return null;
  }
}

describe("the OAuth install flow", () => {
  it("refuses requests of a workspace that has not installed the app", async () => {
    expect(await ask(WS, REP, DSJ)).toBeNull();
    expect(await h.store.db.installation.count()).toBe(0);
  });

  it("refuses a callback whose state is not the one it issued, storing nothing", async () => {
    const code = h.slack.issueOAuthCode({ teamId: WS, userId: REP });
    const res = await fetch(`${h.base}/slack/oauth_redirect?code=${code}&state=forged-state`, { redirect: "manual" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await h.store.db.installation.count()).toBe(0);
  });

  it("stores an Installation for /slack/install → /slack/oauth_redirect with the fake's code and valid state", async () => {
    const res = await install(WS, REP);
    expect(res.status).toBeLessThan(400);
    expect(h.slack.callsTo("oauth.v2.access").at(-1)?.response.ok).toBe(true);
    const row = await h.store.db.installation.findFirstOrThrow({ where: { teamId: WS } });
    expect(row.botToken).toMatch(/^xoxb-/);
    expect(row.userId).toBe(REP);
    expect(row.revokedAt).toBeNull();
  });

  it("then serves the workspace with its own bot token", async () => {
    const text = await ask(WS, REP, DSJ, 5000);
    expect(text).toContain("价值分 V");
    const row = await h.store.db.installation.findFirstOrThrow({ where: { teamId: WS } });
    const usersInfo = h.slack.callsTo("users.info").at(-1);
    expect(usersInfo?.token).toBe(row.botToken);
  });

  it("installs a second workspace that sees none of the first one's accounts", async () => {
    expect((await install(SECOND, "U0SECONDADMIN")).status).toBeLessThan(400);
    expect(await h.store.db.installation.count({ where: { revokedAt: null } })).toBe(2);
    const text = await ask(SECOND, "U0SECONDADMIN", DSJ, 5000);
    expect(text).not.toBeNull();
    expect(text).not.toContain("价值分 V");
  });

  it("marks the installation revoked on app_uninstalled and refuses the workspace's requests afterwards", async () => {
    const res = await sendEvent(
      h.base,
      SIGNING_SECRET,
      { team_id: WS, event: { type: "app_uninstalled" } },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    await until(
      async () => (await h.store.db.installation.findFirstOrThrow({ where: { teamId: WS } })).revokedAt !== null,
    );
    const before = await h.counts();
    expect(await ask(WS, REP, `set ${DSJ} revenue_ttm=1亿`)).toBeNull();
    expect(await h.counts()).toEqual(before);
    // The other workspace is unaffected.
    expect(await ask(SECOND, "U0SECONDADMIN", "help", 5000)).toContain("kvalue");
  });

  it("marks the installation revoked on tokens_revoked (bot token) and refuses the workspace afterwards", async () => {
    const row = await h.store.db.installation.findFirstOrThrow({ where: { teamId: SECOND } });
    await sendEvent(
      h.base,
      SIGNING_SECRET,
      { team_id: SECOND, event: { type: "tokens_revoked", tokens: { oauth: [], bot: [row.botUserId] } } },
      { slack: h.slack },
    );
    await until(
      async () => (await h.store.db.installation.findFirstOrThrow({ where: { teamId: SECOND } })).revokedAt !== null,
    );
    expect(await ask(SECOND, "U0SECONDADMIN", "help")).toBeNull();
  });

  it("ignores tokens_revoked for user tokens only", async () => {
    expect((await install(SECOND, "U0SECONDADMIN")).status).toBeLessThan(400);
    await sendEvent(
      h.base,
      SIGNING_SECRET,
      { team_id: SECOND, event: { type: "tokens_revoked", tokens: { oauth: ["U0SECONDADMIN"], bot: [] } } },
      { slack: h.slack },
    );
    await sleep(300);
    expect((await h.store.db.installation.findFirstOrThrow({ where: { teamId: SECOND } })).revokedAt).toBeNull();
    expect(await ask(SECOND, "U0SECONDADMIN", "help", 5000)).toContain("kvalue");
  });

  it("serves a workspace again once it reinstalls", async () => {
    expect((await install(WS, REP)).status).toBeLessThan(400);
    expect(await ask(WS, REP, DSJ, 5000)).toContain("价值分 V");
  });

  it("keeps /healthz answering", async () => {
    const res = await fetch(`${h.base}/healthz`);
    expect(res.status).toBe(200);
  });
});

async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not reached");
    await sleep(20);
  }
}
