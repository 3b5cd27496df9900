// `/kvalue …` through the real Bolt app over HTTP: signed slash commands to the receiver, replies read where
// Slack would show them (the fake's response_url), writes checked in the database. SQLite always; the same
// suite on PostgreSQL when the test server answers (KVALUE_REQUIRE_PG=1 makes its absence a failure).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServiceDeps } from "../../src/features/deps.js";
import { createAccount, updateFacts } from "../../src/features/accounts/service.js";
import { saveContact } from "../../src/features/accounts/entities.js";
import { openStore } from "../../src/store/index.js";
import { resolveScope } from "../../src/features/teams/scope.js";
import type { Provider } from "../../src/store/index.js";
import { sendBlockAction } from "../support/slack-request.js";
import {
  BOSS,
  ELSEWHERE,
  OUTSIDER,
  REP,
  REP2,
  SALES,
  SIGNING_SECRET,
  WS,
  postgres,
  startHarness,
  textOf,
  type Harness,
} from "./harness.js";

const DSJ = "东江省大数据管理局";

function commandSuite(provider: Provider): void {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
    h.slack.reset();
  });

  describe("/kvalue <account>", () => {
    it(`acks at once with an empty 200 and shows 战略客户 P1 on the card of ${DSJ}`, async () => {
      const { res, reply, text } = await h.slash(DSJ);
      expect(res.status).toBe(200);
      expect(res.body).toBe("");
      expect(res.ms).toBeLessThan(1000);
      const call = h.slack.callsTo("response_url").find((c) => c.responseUrl === res.responseUrl);
      expect(call?.status).toBe(200); // the fake enforces Slack's block limits: the card fits
      expect(call?.response.ok).toBe(true);
      expect(reply.response_type).toBe("ephemeral");
      expect(text).toContain(DSJ);
      expect(text).toContain("战略客户");
      expect(text).toContain("P1");
      expect(text).toContain("价值分 V");
      const actions = JSON.stringify(reply.blocks);
      for (const id of ["kv_update_facts", "kv_add_contact", "kv_add_opportunity", "kv_log_note"])
        expect(actions).toContain(id);
    });

    it.each([
      ["pinyin", "dongjiangshengdashuju"],
      ["initials", "djsdsjglj"],
      ["case and full-width letters of an alias", "ｄｊ BIG data BUREAU"],
      ["spaces and full-width", "东江省 大数据 管理局"],
      ["a Chinese alias", "省大数据局"],
      ["the ideographic space", "东江省\u3000大数据管理局"],
    ])("finds %s (/kvalue %s)", async (_what, query) => {
      const { text } = await h.slash(query);
      expect(text).toContain(DSJ);
      expect(text).toContain("价值分 V");
    });

    it("offers choices when several accounts match, and kv_pick_account shows the chosen card", async () => {
      const { res, reply, text } = await h.slash("临海");
      expect(text).toMatch(/有 \d+ 个客户匹配“临海”/);
      const blocks = reply.blocks as { accessory?: { action_id: string; value: string }; text?: { text: string } }[];
      const pick = blocks.find(
        (b) => b.accessory?.action_id === "kv_pick_account" && b.text?.text.includes("临海港务集团"),
      );
      expect(pick?.accessory?.value).toBe(await h.accountId("临海港务集团"));
      const clicked = await sendBlockAction(
        h.base,
        SIGNING_SECRET,
        {
          user_id: REP,
          channel_id: SALES,
          actions: [{ action_id: "kv_pick_account", value: pick?.accessory?.value ?? "" }],
          response_url: res.responseUrl ?? "",
        },
        { slack: h.slack },
      );
      expect(clicked.status).toBe(200);
      const card = await h.slack.waitFor("response_url", (c) => c.args.replace_original === true);
      expect(textOf(card.args.blocks)).toContain("临海港务集团");
      expect(textOf(card.args.blocks)).toContain("价值分 V");
    });

    it("says how many match when there are more than the 15 buttons it shows", async () => {
      const scope = await resolveScope(h.deps, { workspaceId: WS, userId: REP });
      for (let i = 1; i <= 20; i++) {
        await createAccount(h.deps, { workspaceId: WS, userId: REP, source: "slash" }, scope, {
          name: `样例客户${String(i).padStart(2, "0")}`,
          channelId: SALES,
        });
      }
      const { reply, text } = await h.slash("样例客户");
      expect(text).toContain("有 20 个客户匹配“样例客户”");
      expect(JSON.stringify(reply.blocks).match(/kv_pick_account/g)).toHaveLength(15);
      expect(text).toContain("另外 5 个客户");
    });

    it("offers to create an unknown account; kv_create_account creates it with an audit row and shows its card", async () => {
      const before = await h.counts();
      const { res, reply, text } = await h.slash("东江省水利厅");
      expect(text).toContain("没有找到名为“东江省水利厅”的客户");
      expect(await h.counts()).toEqual(before); // asking writes nothing
      const button = JSON.stringify(reply.blocks).match(/"action_id":"kv_create_account","value":"([^"]+)"/);
      expect(button?.[1]).toBe("东江省水利厅");
      await sendBlockAction(
        h.base,
        SIGNING_SECRET,
        {
          user_id: REP,
          channel_id: SALES,
          actions: [{ action_id: "kv_create_account", value: button?.[1] ?? "" }],
          response_url: res.responseUrl ?? "",
        },
        { slack: h.slack },
      );
      const card = await h.slack.waitFor(
        "response_url",
        (c) => c.responseUrl === res.responseUrl && c.args.replace_original === true,
      );
      expect(textOf(card.args.blocks)).toContain("东江省水利厅");
      const account = await h.store.db.account.findFirstOrThrow({ where: { workspaceId: WS, name: "东江省水利厅" } });
      expect(account.ownerUserId).toBe(REP);
      const audit = await h.store.db.factChange.findMany({ where: { accountId: account.id } });
      expect(audit.length).toBeGreaterThan(0);
      expect(audit.every((a) => a.actorUserId === REP && a.source === "slash")).toBe(true);
      expect(await h.store.db.scoreSnapshot.count({ where: { accountId: account.id } })).toBe(1);
      // …and now the name finds it.
      expect((await h.slash("东江省 水利厅")).text).toContain("价值分 V");
    });
  });

  describe("another instance", () => {
    it("a change written by another process shows on the next card (no stale cache)", async () => {
      const id = await h.accountId("东江交通投资集团");
      expect((await h.slash("东江交投")).text).toContain("价值分 V");
      // A second store on the same database is what another instance behind the load balancer has.
      const other = await openStore(h.databaseUrl);
      try {
        const deps = createServiceDeps(other, { now: () => new Date(), managers: [] });
        const scope = await resolveScope(deps, { workspaceId: WS, userId: REP });
        await updateFacts(deps, { workspaceId: WS, userId: REP, source: "slash" }, scope, id, {
          revenue_ttm: 123_450_000,
        });
        await saveContact(deps, { workspaceId: WS, userId: REP, source: "modal" }, scope, id, {
          name: "另一实例的联系人",
          title: null,
          org_unit: null,
          role: "coach",
          influence: "high",
          attitude: 2,
          relationship_strength: 4,
          relationship_layer: null,
          response_mode: null,
          last_contact_date: null,
        });
      } finally {
        await other.close();
      }
      const { text } = await h.slash("东江交投");
      expect(text).toContain("1.23亿");
    });
  });

  describe("/kvalue set", () => {
    it("sets 300万 and 预算状态=已立项 with one FactChange per changed field, a new ScoreSnapshot and V before → after", async () => {
      const id = await h.accountId(DSJ);
      const before = await h.store.db.account.findUniqueOrThrow({ where: { id } });
      expect([before.revenueTtm, before.budgetStatus]).toEqual([6_800_000n, "planned"]);
      const audits = await h.store.db.factChange.count({ where: { accountId: id } });
      const snaps = await h.store.db.scoreSnapshot.count({ where: { accountId: id } });
      const { text } = await h.slash("set 省大数据局 revenue_ttm=300万 预算状态=已立项");
      const after = await h.store.db.account.findUniqueOrThrow({ where: { id } });
      expect(after.revenueTtm).toBe(3_000_000n);
      expect(after.budgetStatus).toBe("approved");
      const rows = await h.store.db.factChange.findMany({ where: { accountId: id }, orderBy: { at: "desc" }, take: 2 });
      expect(await h.store.db.factChange.count({ where: { accountId: id } })).toBe(audits + 2);
      expect(rows.every((r) => r.actorUserId === REP && r.source === "slash")).toBe(true);
      expect(rows.map((r) => [r.field, r.before, r.after]).sort()).toEqual([
        ["budget_status", '"planned"', '"approved"'],
        ["revenue_ttm", "6800000", "3000000"],
      ]);
      expect(await h.store.db.scoreSnapshot.count({ where: { accountId: id } })).toBe(snaps + 1);
      expect(text).toContain(`已更新 *${DSJ}*`);
      expect(text).toContain("680万 → 300万");
      expect(text).toContain("规划中 → 已立项");
      expect(text).toMatch(/价值分 V \d+\.\d\d → \d+\.\d\d/);
      // Values read as people write them, not as stored codes.
      expect(text).toContain("300万");
      expect(text).toContain("已立项");
      expect(text).not.toContain("3000000");
      expect(text).not.toContain("approved");
    });

    it("takes Chinese field names and values: 毛利率=25% 行业前景=稳定 是否老客户=是", async () => {
      const id = await h.accountId("东江大学");
      await h.slash("set 东江大学 毛利率=25% 行业前景=稳定 是否老客户=是");
      const row = await h.store.db.account.findUniqueOrThrow({ where: { id } });
      expect(row.grossMarginPct).toBe(25);
      expect(row.industryOutlook).toBe("flat");
      expect(row.isExistingCustomer).toBe(true);
    });

    it("answers 'no change' and writes nothing when the values are already so", async () => {
      await h.slash("set 东江大学 毛利率=26%");
      const before = await h.counts();
      const { text } = await h.slash("set 东江大学 毛利率=26%");
      expect(text).toContain("没有变化");
      expect(await h.counts()).toEqual(before);
    });

    it.each([
      ["a bad money value", "set 省公安厅 revenue_ttm=很多 预算状态=已立项", "revenue_ttm"],
      ["an unknown field", "set 省公安厅 收入=300万 预算状态=已立项", "不认识这个字段"],
      ["a bad enum value", "set 省公安厅 预算状态=差不多", "预算状态"],
      ["a percent out of range", "set 省公安厅 毛利率=140", "毛利率"],
      ["no value at all", "set 省公安厅 revenue_ttm", "用法"],
    ])("rejects %s with a clear message and changes NOTHING", async (_what, command, mention) => {
      const id = await h.accountId("东江省公安厅");
      const row = await h.store.db.account.findUniqueOrThrow({ where: { id } });
      const before = await h.counts();
      const { text } = await h.slash(command);
      expect(text).toContain(mention);
      if (!text.includes("用法")) expect(text).toContain("没有写入任何内容");
      expect(await h.counts()).toEqual(before);
      expect(await h.store.db.account.findUniqueOrThrow({ where: { id } })).toEqual(row);
    });
  });

  describe("portfolio commands", () => {
    it("matrix shows the four quadrants of the team of the channel", async () => {
      const { text } = await h.slash("matrix");
      expect(text).toContain("价值客户矩阵");
      for (const q of ["战略客户", "发展客户", "维持客户", "机会客户"]) expect(text).toContain(q);
    });

    it("top 5 lists five accounts by priority, P1 first", async () => {
      const { text } = await h.slash("top 5");
      expect(text).toContain("Top 5");
      expect(text).toMatch(/1\. \*[^*]+\* · P1/);
      expect(text).toContain("5. *");
      expect(text).not.toContain("6. *");
    });

    it("funnel shows target, won and gap of the team for the year", async () => {
      const { text } = await h.slash("funnel");
      expect(text).toContain("双漏斗");
      expect(text).toContain("目标");
      expect(text).toContain("缺口");
    });

    it("top with a bad number explains the usage and writes nothing", async () => {
      const before = await h.counts();
      const { text } = await h.slash("top lots");
      expect(text).toContain("用法");
      expect(await h.counts()).toEqual(before);
    });

    it("target sets the team's target with an audit row", async () => {
      const team = await h.store.db.team.findFirstOrThrow({ where: { workspaceId: WS, channelId: SALES } });
      const audits = await h.store.db.factChange.count({ where: { entity: "target" } });
      const { text } = await h.slash(`target ${team.name} 3000万 2027`);
      expect(text).toContain("3,000万");
      const target = await h.store.db.target.findFirstOrThrow({ where: { teamId: team.id, period: "2027" } });
      expect(target.amount).toBe(30_000_000n);
      const audit = await h.store.db.factChange.findMany({ where: { entity: "target" } });
      expect(audit.length).toBe(audits + 1);
      expect(audit.at(-1)?.actorUserId).toBe(REP);
    });

    it("target names the teams the user can see when the team is unknown, and writes nothing", async () => {
      const before = await h.counts();
      const { text } = await h.slash("target 不存在的团队 3000万 2027");
      expect(text).toContain("找不到团队“不存在的团队”");
      expect(text).toContain("华东政企一部");
      expect(await h.counts()).toEqual(before);
    });

    it("help lists the commands", async () => {
      const { text } = await h.slash("help");
      expect(text).toContain("kvalue");
      expect(text).toContain("/kvalue set");
      expect(text).toContain("/kvalue matrix");
    });
  });

  describe("languages", () => {
    it("switches to English with lang en and back with lang zh", async () => {
      const en = await h.slash("lang en", { user: REP2 });
      expect(en.text).toMatch(/English/i);
      const card = await h.slash(DSJ, { user: REP2 });
      expect(card.text).toContain("Strategic");
      expect(card.text).not.toContain("价值分 V");
      const zh = await h.slash("lang zh", { user: REP2 });
      expect(zh.text).toContain("中文");
      expect((await h.slash(DSJ, { user: REP2 })).text).toContain("价值分 V");
    });

    it("follows the user's Slack locale (users.info) when no language was chosen", async () => {
      const user = `U0ENGLISH${provider === "sqlite" ? "1" : "2"}`; // users.info answers are cached per process
      h.slack.setUser(user, { locale: "en-US" });
      h.slack.setChannelMembers(SALES, [REP, REP2, user]);
      const team = await h.store.db.team.findFirstOrThrow({ where: { workspaceId: WS, channelId: SALES } });
      await h.store.db.teamMember.create({ data: { teamId: team.id, userId: user, syncedAt: h.deps.now() } });
      const { text } = await h.slash(DSJ, { user });
      expect(text).toContain("Strategic");
      expect(h.slack.callsTo("users.info").some((c) => c.args.user === user)).toBe(true);
    });
  });

  describe("teams", () => {
    it("team create makes the channel a team of its members (conversations.members), with an audit row", async () => {
      const channel = "C0NEWTEAM";
      h.slack.setChannelMembers(channel, [REP2, OUTSIDER, "U0NEW1"], { name: "gov-west" });
      const { text } = await h.slash("team create 西区政企部", { user: REP2, channel });
      expect(text).toContain("西区政企部");
      expect(text).toContain("3 位");
      const team = await h.store.db.team.findFirstOrThrow({ where: { workspaceId: WS, channelId: channel } });
      const members = await h.store.db.teamMember.findMany({ where: { teamId: team.id } });
      expect(members.map((m) => m.userId).sort()).toEqual([OUTSIDER, REP2, "U0NEW1"].sort());
      expect(await h.store.db.factChange.count({ where: { entity: "team", entityId: team.id } })).toBe(1);
      // Again: it says so and writes nothing.
      const before = await h.counts();
      expect((await h.slash("team create", { user: REP2, channel })).text).toContain("已经是团队");
      expect(await h.counts()).toEqual(before);
      // A member can now create an account in that team from the channel.
      await h.slash("new 西区测试客户", { user: OUTSIDER, channel });
      const created = await h.store.db.account.findFirstOrThrow({ where: { workspaceId: WS, name: "西区测试客户" } });
      expect(created.teamId).toBe(team.id);
    });

    it("team create in a direct message explains that a team is a channel, and creates nothing", async () => {
      const before = await h.counts();
      const { text } = await h.slash("team create 私人团队", { channel: "D0REPDM" });
      expect(text).toContain("团队频道");
      expect(await h.counts()).toEqual(before);
    });

    it("team create names the channel when no name is given", async () => {
      const channel = "C0NAMED";
      h.slack.setChannelMembers(channel, [REP], { name: "gov-north" });
      const { text } = await h.slash("team create", { channel });
      expect(text).toContain("gov-north");
    });

    it("managers (KVALUE_MANAGERS) see the card and the matrix of a team they are not in", async () => {
      expect((await h.slash(DSJ, { user: BOSS, channel: ELSEWHERE })).text).toContain("价值分 V");
      expect((await h.slash("matrix 华东政企一部", { user: BOSS, channel: ELSEWHERE })).text).toContain("价值客户矩阵");
    });
  });
}

describe("on SQLite", () => commandSuite("sqlite"));
describe.skipIf(!postgres.available)("on PostgreSQL", () => commandSuite("postgresql"));
