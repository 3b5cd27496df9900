// The local console: a note logged from an account card becomes a proposal shown as text, and Confirm, typed
// as its number, writes it (source assistant, the note as reference). Driven in-process like a person typing.
import { PassThrough, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConsole } from "../../src/console/console.js";
import { LOCAL } from "../../src/console/local-user.js";
import { confirmSegmentDecision, discardSegmentDecision } from "../../src/features/assistant/decisions.js";
import { CallBudget } from "../../src/features/assistant/llm/retry.js";
import { proposeFromNote } from "../../src/features/assistant/notes/flow.js";
import { loadDemo } from "../../src/features/demo/service.js";
import { saveSegment } from "../../src/features/segments/service.js";
import { ensureWorkspace } from "../../src/features/teams/service.js";
import { resolveScope, type Actor } from "../../src/features/teams/scope.js";
import { extraction, messagesOf, OTHER_REP, REP, startWorld, WS, type World } from "./support.js";

let w: World;
beforeAll(async () => {
  w = await startWorld();
  // Beside the Slack workspace's accounts the console loads no demo by itself: load it as `kvalue demo` does.
  await ensureWorkspace(w.deps, LOCAL.workspaceId, "local");
  await loadDemo(w.deps, { workspaceId: LOCAL.workspaceId, userId: LOCAL.userId, source: "demo" }, LOCAL.channelId, {
    history: true,
  });
});
afterAll(async () => {
  await w?.close();
});

class Screen extends Writable {
  text = "";
  private seen = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString("utf8");
    done();
  }
  /** What appeared since the last read, once a prompt waits for input. */
  async next(timeoutMs = 10_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const fresh = this.text.slice(this.seen);
      if (/(kvalue> | {2}> |: )$/.test(fresh)) {
        this.seen = this.text.length;
        return fresh;
      }
      if (Date.now() > end) throw new Error(`no prompt; screen:\n${fresh.slice(-1500)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/** A console on the world's database, waiting at its first prompt. */
async function openConsole(defaultLocale: "zh-CN" | "en") {
  const input = new PassThrough();
  const screen = new Screen();
  const done = runConsole({ deps: w.deps, input, output: screen, defaultLocale, overview: false });
  await screen.next();
  return { input, screen, done };
}

const choice = (screen: string, label: string): string => new RegExp(`\\[(\\d+)\\] ${label}`).exec(screen)?.[1] ?? "?";

describe("the console", () => {
  it("turns a logged note into a proposal and writes it on the typed Confirm", async () => {
    const { input, screen, done } = await openConsole("zh-CN");
    // The console loads the demo, whose history holds assistant rows already; only the ones written here count.
    const demoRows = (
      await w.store.db.factChange.findMany({ where: { source: "assistant" }, select: { id: true } })
    ).map((r) => r.id);
    input.write("省大数据局\n");
    const card = await screen.next();
    input.write(`${choice(card, "记录备注")}\n`);
    await screen.next();
    w.ai.script({
      json: extraction({
        account: "省大数据局",
        facts: [{ field: "reference_value", value: "national", evidence: "成了国家级标杆" }],
      }),
    });
    input.write("省大数据局的一网通办成了国家级标杆\n");
    const proposal = await screen.next();
    expect(proposal).toContain("建议更新：东江省大数据管理局");
    expect(proposal).toContain("标杆价值：省级标杆 → 国家级标杆");
    const before = await w.store.db.factChange.count({ where: { source: "assistant", id: { notIn: demoRows } } });
    expect(before).toBe(0);
    input.write(`${choice(proposal, "确认写入")}\n`);
    const result = await screen.next();
    expect(result).toContain("已写入");
    const rows = await w.store.db.factChange.findMany({
      where: { source: "assistant", workspaceId: LOCAL.workspaceId, id: { notIn: demoRows } },
    });
    expect(rows.map((r) => r.field)).toEqual(["reference_value"]);
    expect(rows[0]?.sourceRef).toMatch(/^note:/);
    input.end();
    await done;
  });

  it("in English, drops a figure the note did not write (25% read as 2.5%) and says why", async () => {
    const { input, screen, done } = await openConsole("en");
    input.write("省电力\n");
    const card = await screen.next();
    input.write(`${choice(card, "Log a note")}\n`);
    await screen.next();
    w.ai.script({
      json: extraction({
        account: "省电力",
        facts: [
          { field: "gross_margin_pct", value: "2.5%", evidence: "gross margin 25%" },
          { field: "wallet_annual", value: "30万", evidence: "annual IT budget 130万" },
        ],
      }),
    });
    input.write("省电力: gross margin 25%, annual IT budget 130万\n");
    const shown = await screen.next();
    expect(shown).toContain("gross_margin_pct=2.5% (the number is not written in the note)");
    expect(shown).toContain("wallet_annual=30万 (the number is not written in the note)");
    expect(shown).not.toContain("Confirm");
    input.end();
    await done;
  });
});

describe("a question typed at the console's prompt", () => {
  it("is answered by the assistant with the figures of its tools, as a direct message in Slack is", async () => {
    const { input, screen, done } = await openConsole("zh-CN");
    w.ai.script(
      { toolCalls: [{ name: "rank_accounts", arguments: { team: null, quadrant: null, limit: 2 } }] },
      (req) => {
        const ranked = (req.messages as { role: string; content: string }[]).filter((m) => m.role === "tool").at(-1);
        const { accounts } = JSON.parse(ranked?.content ?? "{}") as { accounts: { name: string; V: number }[] };
        return { text: accounts.map((a) => `${a.name} V ${a.V.toFixed(2)}`).join("；") };
      },
    );
    input.write("这季度应该优先投入哪些客户？\n");
    const answer = await screen.next();
    expect(answer).toMatch(/东江省电力公司 V \d+\.\d\d；东江省大数据管理局 V \d+\.\d\d/);
    expect(answer).not.toContain("不是客户名");
    expect(w.ai.unscripted).toEqual([]);
    input.end();
    await done;
  });
});

describe("a note about a market in the console (issue 10.3)", () => {
  const NOTE = "政务云市场今年整体预算增长 20%，全省大约80家客户";
  it("shows the segment proposal as numbered choices; only the typed Confirm writes, audited with the note", async () => {
    const seg = await w.store.db.segment.findFirstOrThrow({
      where: { workspaceId: LOCAL.workspaceId, industry: "e_gov" },
    });
    const key = `e_gov/${seg.regionCode}/${seg.year}`;
    const { input, screen, done } = await openConsole("zh-CN");
    input.write("省大数据局\n");
    const card = await screen.next();
    input.write(`${choice(card, "记录备注")}\n`);
    await screen.next();
    w.ai.script({
      json: {
        ...extraction(),
        segments: [
          { segment: key, field: "industry_outlook", value: "strong_growth", evidence: "今年整体预算增长 20%" },
          { segment: key, field: "market_accounts", value: "80", evidence: "全省大约80家客户" },
          { segment: key, field: "market_wallet", value: "8000万", evidence: "今年整体预算增长 20%" },
        ],
      },
    });
    input.write(`${NOTE}\n`);
    const proposal = await screen.next();
    expect(proposal).toContain("细分市场更新建议");
    expect(proposal).toContain("行业前景：增长 → 强劲增长");
    expect(proposal).toContain("市场内客户数：60 → 80");
    expect(proposal).toContain("market_wallet=8000万（数字不是原文写的）");
    const segmentAudit = () =>
      w.store.db.factChange.findMany({ where: { entity: "segment", entityId: seg.id, source: "assistant" } });
    expect(await segmentAudit()).toEqual([]);
    expect((await w.store.db.segment.findUniqueOrThrow({ where: { id: seg.id } })).version).toBe(seg.version);
    input.write(`${choice(proposal, "确认写入")}\n`);
    expect(await screen.next()).toContain("已写入细分市场");
    const rows = await segmentAudit();
    expect(rows.map((r) => r.field).sort()).toEqual(["industry_outlook", "market_accounts"]);
    expect(rows.every((r) => r.actorUserId === LOCAL.userId && /^note:/.test(r.sourceRef ?? ""))).toBe(true);
    const after = await w.store.db.segment.findUniqueOrThrow({ where: { id: seg.id } });
    expect([after.industryOutlook, after.marketAccounts]).toEqual(["strong_growth", 80]);
    input.end();
    await done;
  });

  it("writes nothing when the segment changed after the proposal (stale), and nothing on Discard", async () => {
    const seg = await w.store.db.segment.findFirstOrThrow({ where: { workspaceId: WS, industry: "manufacturing" } });
    const key = `manufacturing/${seg.regionCode}/${seg.year}`;
    const propose = async () => {
      w.ai.script({
        json: {
          ...extraction(),
          segments: [{ segment: key, field: "competition_intensity", value: "low", evidence: "制造业竞争不激烈" }],
        },
      });
      const outcome = await proposeFromNote(
        w.assistant.llm ?? never(),
        { deps: w.deps, actor: w.rep, scope: await w.scope(), note: "制造业竞争不激烈", sourceRef: null },
        new CallBudget(1),
      );
      return outcome.segments?.proposals[0]?.proposalId ?? "";
    };
    const asRep = { deps: w.deps, actor: w.rep, locale: "en" as const, thread: null };
    const stale = await propose();
    // Someone edits the segment's form meanwhile.
    await saveSegment(w.deps, { ...w.rep, source: "slash" }, await w.scope(), {
      team: null,
      key: { industry: "manufacturing", region_code: seg.regionCode, year: seg.year },
      fields: { strategy: "先做两家标杆工厂" },
    });
    const edited = await w.store.db.segment.findUniqueOrThrow({ where: { id: seg.id } });
    const r = await confirmSegmentDecision(asRep, stale);
    expect(r.replies[0]?.message.text).toContain("The segment changed after this proposal was made");
    const discarded = await propose();
    expect((await discardSegmentDecision(asRep, discarded)).replies[0]?.message.text).toContain("Discarded");
    expect((await confirmSegmentDecision(asRep, discarded)).replies[0]?.message.text).toContain("already discarded");
    const now = await w.store.db.segment.findUniqueOrThrow({ where: { id: seg.id } });
    expect([now.version, now.competitionIntensity]).toEqual([edited.version, edited.competitionIntensity]);
    expect(await w.store.db.factChange.count({ where: { entityId: seg.id, source: "assistant" } })).toBe(0);
  });

  it("refuses a user of another team: the segment is not theirs at proposal time, nor at Confirm", async () => {
    const seg = await w.store.db.segment.findFirstOrThrow({ where: { workspaceId: WS, industry: "healthcare" } });
    const key = `healthcare/${seg.regionCode}/${seg.year}`;
    const south: Actor = { workspaceId: WS, userId: OTHER_REP, source: "assistant" };
    const southScope = await resolveScope(w.deps, south);
    // The other team has a segment of its own, so the segment part is asked; the demo team's is not offered.
    await saveSegment(w.deps, { ...south, source: "console" }, southScope, {
      team: null,
      key: { industry: "healthcare", region_code: "440000", year: seg.year },
      fields: { industry_outlook: "flat" },
    });
    const script = (segment: string) =>
      w.ai.script((req) => {
        expect(messagesOf(req, "user")).not.toContain(key);
        return {
          json: {
            ...extraction(),
            segments: [{ segment, field: "industry_outlook", value: "decline", evidence: "医疗市场在收缩" }],
          },
        };
      });
    script(key);
    const before = await w.counts();
    const outcome = await proposeFromNote(
      w.assistant.llm ?? never(),
      { deps: w.deps, actor: south, scope: southScope, note: "医疗市场在收缩", sourceRef: null },
      new CallBudget(1),
    );
    expect(outcome.kind).toBe("segments");
    expect(outcome.segments?.proposals).toEqual([]);
    expect(outcome.segments?.skipped).toEqual([{ item: `${key} industry_outlook=decline`, reason: "unknown_segment" }]);
    expect(await w.counts()).toEqual(before);
    expect(await w.store.db.segmentProposal.count({ where: { userId: OTHER_REP } })).toBe(0);

    // The rep proposes an update of the demo team's segment, then leaves the team before confirming.
    w.ai.script({
      json: {
        ...extraction(),
        segments: [{ segment: key, field: "industry_outlook", value: "decline", evidence: "医疗市场在收缩" }],
      },
    });
    const repScope = await w.scope();
    const mine = await proposeFromNote(
      w.assistant.llm ?? never(),
      { deps: w.deps, actor: w.rep, scope: repScope, note: "医疗市场在收缩", sourceRef: null },
      new CallBudget(1),
    );
    const id = mine.segments?.proposals[0]?.proposalId ?? "";
    expect(id).not.toBe("");
    const asSouth = { deps: w.deps, actor: south, locale: "zh-CN" as const, thread: null };
    expect((await confirmSegmentDecision(asSouth, id)).ephemeral).toBe(true);
    await w.store.db.teamMember.deleteMany({ where: { userId: REP } });
    const refused = await confirmSegmentDecision({ ...asSouth, actor: w.rep }, id);
    expect(refused.replies[0]?.message.text).toContain("你已经不能修改这个团队的细分市场");
    expect(await w.counts()).toEqual(before);
    expect((await w.store.db.segment.findUniqueOrThrow({ where: { id: seg.id } })).version).toBe(seg.version);
  });
});

function never(): never {
  throw new Error("no model");
}
