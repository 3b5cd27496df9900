// Nobody sees what isn't theirs (DESIGN principle 4): another workspace and a non-member of the team channel can
// neither read nor change an account by any command, button or modal submission — including forged payloads
// that carry the id of an account they cannot see. Managers (KVALUE_MANAGERS) see every team of their workspace.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "../../src/store/index.js";
import { sendBlockAction, sendEvent, sendViewSubmission } from "../support/slack-request.js";
import {
  BOSS,
  ELSEWHERE,
  OUTSIDER,
  REP,
  REP2,
  SALES,
  SIGNING_SECRET,
  postgres,
  sleep,
  startHarness,
  textOf,
  type Harness,
} from "./harness.js";

const DSJ = "东江省大数据管理局";
const OTHER_WS = "T0OTHERCO";
const FOREIGN = "U0FOREIGN";
const FOREIGN_CHANNEL = "C0FOREIGN";

const NO_ACCESS = "没有找到这个客户，或者你不在它所属团队的频道里";

function accessSuite(provider: Provider): void {
  let h: Harness;
  let dsj: string;
  /** The whole database of the demo workspace as rows, to prove that nothing changed. */
  let snapshot: () => Promise<unknown>;

  beforeAll(async () => {
    h = await startHarness({ provider });
    dsj = await h.accountId(DSJ);
    const db = h.store.db;
    snapshot = async () => ({
      counts: await h.counts(),
      account: await db.account.findUniqueOrThrow({ where: { id: dsj } }),
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    h.slack.reset();
  });

  /** Who is tried, and from where. */
  const intruders = [
    { who: "a user of another workspace", user: FOREIGN, team: OTHER_WS, channel: FOREIGN_CHANNEL },
    { who: "a non-member of the team channel, in that channel", user: OUTSIDER, team: undefined, channel: SALES },
    { who: "a non-member of the team channel, elsewhere", user: OUTSIDER, team: undefined, channel: ELSEWHERE },
  ];

  for (const x of intruders) {
    describe(x.who, () => {
      beforeAll(() => {
        h.slack.setChannelMembers(FOREIGN_CHANNEL, [FOREIGN]);
      });
      afterEach(() => {
        h.slack.setChannelMembers(FOREIGN_CHANNEL, [FOREIGN]);
      });

      it.each([[DSJ], ["dongjiangshengdashuju"], ["省大数据局"], ["东江"]])(
        "cannot read the card by name (/kvalue %s)",
        async (query) => {
          const { text } = await h.slash(query, { user: x.user, channel: x.channel, team: x.team });
          expect(text).not.toContain("价值分 V");
          expect(text).not.toContain(DSJ === query ? "战略客户" : DSJ);
        },
      );

      it("cannot read the card by the account's id", async () => {
        const { text } = await h.slash(dsj, { user: x.user, channel: x.channel, team: x.team });
        expect(text).not.toContain(DSJ);
        expect(text).not.toContain("价值分 V");
      });

      it.each([
        [`set ${DSJ} revenue_ttm=1亿`],
        [`set ${"{id}"} revenue_ttm=1亿`],
        ["target 华东政企一部 1亿 2027"],
        ["matrix 华东政企一部"],
        ["funnel 华东政企一部"],
        ["matrix"],
        ["top 50"],
      ])("cannot read or change anything with /kvalue %s", async (command) => {
        const before = await snapshot();
        const { text } = await h.slash(command.replace("{id}", dsj), {
          user: x.user,
          channel: x.channel,
          team: x.team,
        });
        if (!command.includes(DSJ)) expect(text).not.toContain(DSJ); // (a name typed is echoed in "not found")
        expect(text).not.toContain("东江省公安厅");
        expect(text).not.toContain("价值分 V");
        expect(text).not.toContain("已更新");
        expect(await snapshot()).toEqual(before);
      });

      it("cannot open the card with kv_pick_account carrying the account's id", async () => {
        const res = await sendBlockAction(
          h.base,
          SIGNING_SECRET,
          {
            user_id: x.user,
            channel_id: x.channel,
            ...(x.team ? { team_id: x.team } : {}),
            actions: [{ action_id: "kv_pick_account", value: dsj }],
          },
          { slack: h.slack },
        );
        const reply = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl);
        expect(textOf(reply.args.blocks)).toContain(NO_ACCESS);
        expect(textOf(reply.args.blocks)).not.toContain(DSJ);
      });

      it("cannot create an account in the team with kv_create_account", async () => {
        const before = await snapshot();
        const res = await sendBlockAction(
          h.base,
          SIGNING_SECRET,
          {
            user_id: x.user,
            channel_id: x.channel,
            ...(x.team ? { team_id: x.team } : {}),
            actions: [{ action_id: "kv_create_account", value: "渗透测试客户" }],
          },
          { slack: h.slack },
        );
        const reply = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl);
        expect(textOf(reply.args.blocks)).not.toContain("价值分 V");
        expect(await snapshot()).toEqual(before);
      });

      it.each(["kv_update_facts", "kv_add_contact", "kv_add_opportunity", "kv_log_note"])(
        "cannot open a modal of the account with %s carrying its id",
        async (actionId) => {
          const res = await sendBlockAction(
            h.base,
            SIGNING_SECRET,
            {
              user_id: x.user,
              channel_id: x.channel,
              ...(x.team ? { team_id: x.team } : {}),
              actions: [{ action_id: actionId, value: dsj }],
            },
            { slack: h.slack },
          );
          expect(res.status).toBe(200);
          const reply = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl);
          expect(textOf(reply.args.blocks)).toContain(NO_ACCESS);
          expect(h.slack.callsTo("views.open")).toHaveLength(0);
        },
      );

      const forged: [string, string, Record<string, Record<string, unknown>>][] = [
        ["kv_facts_modal", "facts", { revenue_ttm: { value: { type: "plain_text_input", value: "1亿" } } }],
        [
          "kv_contact_modal",
          "contact",
          {
            name: { value: { type: "plain_text_input", value: "内鬼" } },
            role: { value: { type: "static_select", selected_option: { value: "coach" } } },
            influence: { value: { type: "static_select", selected_option: { value: "high" } } },
          },
        ],
        [
          "kv_opportunity_modal",
          "opportunity",
          {
            name: { value: { type: "plain_text_input", value: "伪造商机" } },
            stage: { value: { type: "static_select", selected_option: { value: "S5" } } },
            amount: { value: { type: "plain_text_input", value: "1亿" } },
            expected_close_date: { value: { type: "datepicker", selected_date: "2027-01-31" } },
          },
        ],
        ["kv_note_modal", "note", { note: { value: { type: "plain_text_input", value: "伪造的纪要" } } }],
      ];
      it.each(forged)(
        "cannot write through a %s submission with forged private_metadata",
        async (callbackId, _kind, values) => {
          const before = await snapshot();
          const res = await sendViewSubmission(
            h.base,
            SIGNING_SECRET,
            {
              user_id: x.user,
              ...(x.team ? { team_id: x.team } : {}),
              view: {
                callback_id: callbackId,
                private_metadata: JSON.stringify({ accountId: dsj, channelId: x.channel }),
              },
              state_values: values,
            },
            { slack: h.slack },
          );
          expect(res.status).toBe(200);
          // Ephemeral in the channel the modal names, or a DM when Slack refuses that (not a member there).
          const told = await Promise.any([
            h.slack.waitFor("chat.postEphemeral", (c) => c.args.user === x.user && c.response.ok),
            h.slack.waitFor("chat.postMessage", (c) => c.args.channel === x.user && c.response.ok),
          ]);
          expect(textOf(told.args.blocks)).toContain(NO_ACCESS);
          expect(textOf(told.args.blocks)).not.toContain(DSJ);
          expect(await snapshot()).toEqual(before);
        },
      );

      it("does not see the account on App Home", async () => {
        await sendEvent(
          h.base,
          SIGNING_SECRET,
          {
            ...(x.team ? { team_id: x.team } : {}),
            event: { type: "app_home_opened", user: x.user, channel: "D0HOME", tab: "home" },
          },
          { slack: h.slack },
        );
        const publish = await h.slack.waitFor("views.publish", (c) => c.args.user_id === x.user);
        expect(publish.response.ok).toBe(true);
        expect(textOf(publish.args.view)).not.toContain(DSJ);
      });
    });
  }

  describe("membership follows the channel", () => {
    it("a member who leaves the channel loses access (member_left_channel), and regains it on joining", async () => {
      expect((await h.slash(DSJ, { user: REP2 })).text).toContain("价值分 V");
      await sendEvent(
        h.base,
        SIGNING_SECRET,
        { event: { type: "member_left_channel", user: REP2, channel: SALES, channel_type: "C" } },
        { slack: h.slack },
      );
      await waitUntil(async () => !(await isMember(REP2)));
      expect((await h.slash(DSJ, { user: REP2, channel: ELSEWHERE })).text).not.toContain("价值分 V");
      await sendEvent(
        h.base,
        SIGNING_SECRET,
        { event: { type: "member_joined_channel", user: REP2, channel: SALES, channel_type: "C" } },
        { slack: h.slack },
      );
      await waitUntil(() => isMember(REP2));
      expect((await h.slash(DSJ, { user: REP2, channel: ELSEWHERE })).text).toContain("价值分 V");
    });

    it("the cached members are re-read from conversations.members once stale, so a removed member is refused", async () => {
      h.slack.setChannelMembers(SALES, [REP]); // REP2 was removed while no event arrived
      h.advance(11 * 60_000);
      const { text } = await h.slash(DSJ, { user: REP2 });
      expect(h.slack.callsTo("conversations.members").length).toBeGreaterThan(0);
      expect(text).not.toContain("价值分 V");
      expect(await isMember(REP2)).toBe(false);
      // Restore for the other tests.
      h.slack.setChannelMembers(SALES, [REP, REP2]);
      h.advance(11 * 60_000);
      expect((await h.slash(DSJ, { user: REP2 })).text).toContain("价值分 V");
    });
  });

  describe("managers", () => {
    it("see and change an account of a team they are not in", async () => {
      expect((await h.slash(DSJ, { user: BOSS, channel: ELSEWHERE })).text).toContain("价值分 V");
      await h.slash(`set ${DSJ} 合作年限=9`, { user: BOSS, channel: ELSEWHERE });
      expect((await h.store.db.account.findUniqueOrThrow({ where: { id: dsj } })).relationshipYears).toBe(9);
      const audit = await h.store.db.factChange.findFirstOrThrow({
        where: { accountId: dsj, field: "relationship_years" },
        orderBy: { at: "desc" },
      });
      expect(audit.actorUserId).toBe(BOSS);
    });

    it("do not see another workspace's accounts", async () => {
      const { text } = await h.slash(DSJ, { user: BOSS, channel: FOREIGN_CHANNEL, team: OTHER_WS });
      expect(text).not.toContain("价值分 V");
    });
  });

  async function isMember(user: string): Promise<boolean> {
    const team = await h.store.db.team.findFirstOrThrow({ where: { channelId: SALES } });
    return (await h.store.db.teamMember.count({ where: { teamId: team.id, userId: user } })) > 0;
  }
}

async function waitUntil(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not reached");
    await sleep(20);
  }
}

describe("on SQLite", () => accessSuite("sqlite"));
describe.skipIf(!postgres.available)("on PostgreSQL", () => accessSuite("postgresql"));
