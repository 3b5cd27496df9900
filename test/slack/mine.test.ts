// `/kvalue mine` and App Home through the real Bolt app over HTTP: the rep's own accounts by priority with red
// flags and the next fact to ask, the open deals by close date; a manager sees one section per rep. The expected
// lists are read from the database and the card service, never written down here.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isOpen } from "../../src/core/rates.js";
import type { Stage } from "../../src/core/enums.js";
import { viewAccount } from "../../src/features/accounts/service.js";
import { resolveScope } from "../../src/features/teams/scope.js";
import { collectNextQuestion, redFlagText } from "../../src/i18n/explain.js";
import type { Provider } from "../../src/store/index.js";
import { sendEvent } from "../support/slack-request.js";
import {
  BOSS,
  OUTSIDER,
  REP,
  REP2,
  SIGNING_SECRET,
  WS,
  postgres,
  startHarness,
  textOf,
  type Harness,
} from "./harness.js";

function mineSuite(provider: Provider): void {
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

  /** REP's open deals as the database holds them, soonest close first (no date last). */
  async function openDealsOf(owner: string): Promise<{ name: string; close: string | null }[]> {
    const opps = await h.store.db.opportunity.findMany({
      where: { account: { workspaceId: WS, ownerUserId: owner } },
      select: { name: true, stage: true, expectedCloseDate: true },
    });
    return opps
      .filter((o) => isOpen(o.stage as Stage))
      .map((o) => ({ name: o.name ?? "", close: o.expectedCloseDate }))
      .sort((a, b) => (a.close ?? "9999").localeCompare(b.close ?? "9999"));
  }

  it("lists only the rep's own accounts, each with its red flags and next question, and their deals by close date", async () => {
    const own = await h.store.db.account.findMany({ where: { workspaceId: WS, ownerUserId: REP } });
    const others = await h.store.db.account.findMany({ where: { workspaceId: WS, NOT: { ownerUserId: REP } } });
    expect(own.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    const before = await h.counts();

    const { text, reply } = await h.slash("mine");
    expect(reply.response_type).toBe("ephemeral");
    expect(text).toContain("我的一周");
    expect(text).toContain(`${own.length} 个客户按优先级排序`);
    for (const a of own) expect(text).toContain(a.name);
    for (const a of others) expect(text).not.toContain(`*${a.name}*`);

    // Red flags and the first collect-next question are the card's (one service, two screens).
    const scope = await resolveScope(h.deps, { workspaceId: WS, userId: REP });
    let flagged = 0;
    for (const a of own) {
      const view = await viewAccount(h.deps, scope, a.id);
      for (const f of view.assessment.red_flags) {
        expect(text).toContain(redFlagText("zh-CN", f));
        flagged++;
      }
      const next = view.assessment.collect_next[0];
      if (next) expect(text).toContain(collectNextQuestion("zh-CN", next.field, view.aggregate.facts.contacts ?? []));
    }
    expect(flagged).toBeGreaterThan(0);

    // Deals in close-date order; those past their date are marked.
    const deals = await openDealsOf(REP);
    expect(deals.length).toBeGreaterThan(1);
    const at = deals.map((d) => text.indexOf(d.name));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    const today = new Date().toISOString().slice(0, 10);
    const overdue = deals.filter((d) => d.close !== null && d.close < today).length;
    expect((text.match(/已过期/g) ?? []).length).toBe(overdue);
    expect(await h.counts()).toEqual(before); // reading writes nothing
  });

  it("reads the same in English (我的 works as the subcommand too)", async () => {
    await h.slash("lang en");
    const { text } = await h.slash("我的");
    await h.slash("lang auto");
    expect(text).toContain("My week");
    expect(text).toContain("Accounts by priority");
    expect(text).toContain("Open deals by close date");
    expect(text).not.toContain("我的一周");
  });

  it("tells a rep who owns nothing how to start, and shows an outsider nothing of the team", async () => {
    for (const user of [REP2, OUTSIDER]) {
      const { text } = await h.slash("mine", { user });
      expect(text).toContain("你名下还没有客户");
      expect(text).not.toContain("东江省大数据管理局");
    }
  });

  it("shows a manager one section per rep of their teams, with each rep's deals", async () => {
    const { text } = await h.slash("mine", { user: BOSS });
    expect(text).toContain("团队的一周（按销售）");
    const owners = await h.store.db.account.groupBy({ by: ["ownerUserId"], where: { workspaceId: WS } });
    expect(owners.length).toBeGreaterThan(1);
    for (const o of owners) {
      const label = o.ownerUserId === REP ? `<@${REP}>` : (o.ownerUserId ?? "未分配负责人");
      const n = await h.store.db.account.count({ where: { workspaceId: WS, ownerUserId: o.ownerUserId } });
      const deals = (await openDealsOf(o.ownerUserId ?? "")).length;
      expect(text).toContain(`*${label}* · ${n} 个客户 · ${o.ownerUserId ? deals : ""}`.replace(/ · $/, ""));
    }
  });

  it("App Home shows the user's week under what changed; a manager's Home shows it per rep", async () => {
    for (const user of [REP, BOSS]) {
      const res = await sendEvent(
        h.base,
        SIGNING_SECRET,
        { event: { type: "app_home_opened", user, channel: `D${user}`, tab: "home" } },
        { slack: h.slack },
      );
      expect(res.status).toBe(200);
      const publish = await h.slack.waitFor("views.publish", (c) => c.args.user_id === user);
      expect(publish.response.ok).toBe(true); // the fake rejects a view beyond Slack's limits
      const home = textOf(h.slack.homeView(user));
      expect(home).toContain("上周以来的变化");
      expect(home).toContain(user === BOSS ? "团队的一周（按销售）" : "我的一周");
      expect(home).toContain("在途商机（按预计成交日）");
      const first = (await openDealsOf(REP))[0];
      expect(home).toContain(first?.name ?? "—");
      if (user === BOSS) expect(home).toContain(`<@${REP}>`);
    }
  });
}

describe("/kvalue mine on SQLite", () => mineSuite("sqlite"));
describe.runIf(postgres)("/kvalue mine on PostgreSQL", () => mineSuite("postgresql"));
