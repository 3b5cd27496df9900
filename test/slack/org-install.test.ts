// Uninstalls and bot-token revocations for workspace installs and org-wide (Enterprise Grid) installs, through the
// OAuth flow and signed events: afterwards the workspace's (or the org's) commands are not served. An org-wide
// install is stored under its enterprise id with no team, so revoking by team alone would leave its token live.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendSigned, sendSlashCommand } from "../support/slack-request.js";
import { SALES, SIGNING_SECRET, sleep, startHarness, textOf, type Harness } from "./harness.js";

const ORG = "E0GRIDORG";
const ORG_WS = "T0GRIDWS"; // a workspace of the org, where its people type commands
const TEAM_WS = "T0PLAINWS"; // a workspace installed on its own
const ADMIN = "U0ADMIN";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ mode: "oauth", demo: false });
});
afterAll(async () => {
  await h?.close();
});

type Target = { kind: "workspace" } | { kind: "org" };

/** The browser side of "Add to Slack", for a workspace or for the whole org. */
async function install(t: Target): Promise<void> {
  const start = await fetch(`${h.base}/slack/install`, { redirect: "manual" });
  const state = new URL(start.headers.get("location") ?? "").searchParams.get("state") ?? "";
  const cookie = (start.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const code = h.slack.issueOAuthCode(
    t.kind === "org"
      ? { enterpriseId: ORG, teamName: "集团", userId: ADMIN }
      : { teamId: TEAM_WS, teamName: "独立公司", userId: ADMIN },
  );
  const res = await fetch(
    `${h.base}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
    {
      headers: cookie ? { cookie } : {},
      redirect: "manual",
    },
  );
  expect(res.status).toBeLessThan(400);
}

/** `help` from the workspace (of the org); the reply, or null when nothing answered within `ms`. */
async function ask(t: Target, ms = 1500): Promise<string | null> {
  const org = t.kind === "org";
  const res = await sendSlashCommand(
    h.base,
    SIGNING_SECRET,
    {
      team_id: org ? ORG_WS : TEAM_WS,
      user_id: ADMIN,
      channel_id: SALES,
      text: "help",
      extra: org ? { enterprise_id: ORG, is_enterprise_install: "true" } : {},
    },
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

/** An event as Slack sends it for this install: an org-wide one has no team in its authorization. */
async function sendInstallEvent(t: Target, event: Record<string, unknown>): Promise<number> {
  const org = t.kind === "org";
  const now = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    token: "fake-verification-token",
    team_id: org ? ORG : TEAM_WS,
    ...(org ? { enterprise_id: ORG } : {}),
    api_app_id: h.slack.appId,
    event: { event_ts: `${now}.000100`, ...event },
    type: "event_callback",
    event_id: `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
    event_time: now,
    authorizations: [
      {
        enterprise_id: org ? ORG : null,
        team_id: org ? null : TEAM_WS,
        user_id: "U0BOT",
        is_bot: true,
        is_enterprise_install: org,
      },
    ],
    is_ext_shared_channel: false,
  });
  return (await sendSigned(h.base, SIGNING_SECRET, body, "application/json")).status;
}

async function activeInstalls(t: Target): Promise<number> {
  const where = t.kind === "org" ? { enterpriseId: ORG, isEnterpriseInstall: true } : { teamId: TEAM_WS };
  return h.store.db.installation.count({ where: { ...where, revokedAt: null } });
}

async function until(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not reached");
    await sleep(20);
  }
}

const uninstalled = { type: "app_uninstalled" };
const botRevoked = { type: "tokens_revoked", tokens: { oauth: [], bot: ["U0BOT"] } };

describe.each([
  ["a workspace install", { kind: "workspace" } as Target, { kind: "org" } as Target],
  ["an org-wide install", { kind: "org" } as Target, { kind: "workspace" } as Target],
])("%s", (_what, target, other) => {
  it.each([
    ["app_uninstalled", uninstalled],
    ["tokens_revoked (bot)", botRevoked],
  ])(
    "is revoked by %s and its commands are not served afterwards; the other install is untouched",
    async (_event, event) => {
      await install(target);
      await install(other);
      expect(await ask(target, 5000)).toContain("kvalue");
      expect(await sendInstallEvent(target, event)).toBe(200);
      await until(async () => (await activeInstalls(target)) === 0);
      expect(await ask(target)).toBeNull();
      expect(await activeInstalls(other)).toBe(1);
      expect(await ask(other, 5000)).toContain("kvalue");
    },
  );
});
