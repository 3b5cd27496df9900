// A CRM file sent to the bot in a DM (issue 11.6), through the real Bolt app over signed HTTP with the fake Slack
// serving the file: the dry-run summary with an Import button, nothing written; the button imports in the
// background and reports when done; a file from someone without a team, a binary or 2 GB file, and a forwarded
// button are refused, writing nothing. `/kvalue import` says how to send a file. `/kvalue stages` keeps the team's
// stage map, which a DM upload of the CRM's opportunities export reads.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SlackCall } from "../support/fake-slack.js";
import { sendBlockAction, sendEvent } from "../support/slack-request.js";
import { englishWords } from "../support/language.js";
import { ELSEWHERE, OUTSIDER, REP, REP2, SIGNING_SECRET, startHarness, textOf, type Harness } from "./harness.js";

const DM = "D0REPIMPORT";
const DSJ = "东江省大数据管理局";
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());
beforeEach(() => h.slack.reset());

/** `user` sends `file` in their DM with the bot; returns once Slack's event was acked. */
async function sendFile(
  user: string,
  filename: string,
  bytes: Uint8Array | string,
  o: { size?: number; text?: string } = {},
) {
  const file = h.slack.shareFile(user, { filename, bytes, ...(o.size ? { size: o.size } : {}) });
  const res = await sendEvent(
    h.base,
    SIGNING_SECRET,
    {
      event: {
        type: "message",
        subtype: "file_share",
        channel: DM,
        channel_type: "im",
        user,
        text: o.text ?? "",
        ts: `${Date.now() / 1000}`,
        files: [file],
      },
    },
    { slack: h.slack },
  );
  expect(res.status).toBe(200);
  return file;
}

const botPost = (contains: string, after = 0): Promise<SlackCall> =>
  h.slack.waitFor(
    "chat.postMessage",
    (c) =>
      h.slack.calls.indexOf(c) >= after &&
      c.args.channel === DM &&
      `${textOf(c.args.blocks)}\n${String(c.args.text)}`.includes(contains),
    10_000,
  );
const buttonValue = (call: SlackCall): string =>
  /"action_id":"kv_import_file","value":"((?:[^"\\]|\\.)*)"/.exec(JSON.stringify(call.args.blocks))?.[1] ?? "";
/** `user` presses the Import button of the dry run `preview`; returns once Slack's request was acked. */
const pressImport = (preview: SlackCall, user = REP) =>
  sendBlockAction(
    h.base,
    SIGNING_SECRET,
    {
      user_id: user,
      channel_id: DM,
      message_ts: String(preview.response.ts),
      actions: [{ action_id: "kv_import_file", value: JSON.parse(`"${buttonValue(preview)}"`) as string }],
    },
    { slack: h.slack },
  );

describe("a CRM file in a DM", () => {
  it("answers with the dry run and an Import button; the button imports in the background and reports", async () => {
    const before = await h.counts();
    const csv = `客户名称,近12月收入,预算状态,负责人部门\n${DSJ},888万,已立项,政务部\n新客户乙,50万,,医疗部\n`;
    await sendFile(REP, "crm-week49.csv", csv);
    const preview = await botPost("试导入 crm-week49.csv 到");
    const text = textOf(preview.args.blocks);
    expect(text).toContain("新增：1 个客户");
    expect(text).toContain(`${DSJ}：近12月收入 680万 → 888万、预算状态 规划中 → 已立项/已批复`);
    expect(text).toContain("警告：第 1 行，负责人部门：未知列“负责人部门”，已跳过");
    expect(h.slack.callsTo("files_download").map((c) => c.status)).toEqual([200]);
    expect(await h.counts()).toEqual(before);

    const value = JSON.parse(`"${buttonValue(preview)}"`) as string;
    expect(JSON.parse(value)).toMatchObject({ fileName: "crm-week49.csv" });
    const mark = h.slack.calls.length;
    const res = await pressImport(preview);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1_000);
    await botPost("正在导入 crm-week49.csv", mark);
    const done = await botPost("已导入 crm-week49.csv 到", mark);
    expect(textOf(done.args.blocks)).toContain("变更：1 个客户，2 个字段");
    const row = await h.store.db.account.findFirstOrThrow({ where: { name: DSJ } });
    expect(row.revenueTtm).toBe(8_880_000n);
    const audit = await h.store.db.factChange.findMany({ where: { accountId: row.id, sourceRef: "crm-week49.csv" } });
    expect(audit.map((a) => [a.field, a.source, a.actorUserId]).sort()).toEqual([
      ["budget_status", "import", REP],
      ["revenue_ttm", "import", REP],
    ]);
    expect(await h.store.db.account.count({ where: { name: "新客户乙" } })).toBe(1);

    // The same button pressed by someone outside the team (a forwarded message) imports nothing.
    const counts = await h.counts();
    const later = h.slack.calls.length;
    await pressImport(preview, OUTSIDER);
    await h.slack.waitFor(
      "chat.postMessage",
      (c) => h.slack.calls.indexOf(c) >= later && !String(c.args.text).includes("正在导入"),
      10_000,
    );
    expect(await h.counts()).toEqual(counts);
  });

  it("refuses a file from someone without a team, a binary file and a 2 GB file, writing nothing", async () => {
    const before = await h.counts();
    await sendFile(OUTSIDER, "crm.csv", `客户名称\n${DSJ}\n`);
    const noTeam = await h.slack.waitFor("chat.postMessage", (c) => c.args.channel === DM, 10_000);
    expect(textOf(noTeam.args.blocks)).not.toContain("试导入");
    await sendFile(REP, "sheet.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]));
    await botPost("不是 CSV 或 JSON 文本文件");
    const mark = h.slack.callsTo("files_download").length;
    await sendFile(REP, "huge.csv", "客户名称\n甲\n", { size: 2 * 1024 ** 3 });
    await botPost("大小为 2048 MB");
    expect(h.slack.callsTo("files_download")).toHaveLength(mark); // refused before it was fetched
    expect(await h.counts()).toEqual(before);
  });

  it("says every problem of a bad file in the sender's language, zh-CN or en, writing nothing (issue 13.12)", async () => {
    const before = await h.counts();
    // Two columns for one field, a refused amount, a name twice, an unknown column.
    const bad = "客户名称,近12月收入,年收入,负责人部门\n东江省水利厅,很多,,政务部\n东江省水利厅,80万,,\n";
    await sendFile(REP, "bad.csv", bad);
    const zh = textOf((await botPost("未导入任何数据")).args.blocks);
    expect(zh).toContain("警告：第 1 行，负责人部门：未知列“负责人部门”，已跳过");
    expect(zh).toContain("第 1 行，年收入：“年收入”和“近12月收入”都对应 revenue_ttm，请只保留一列");
    expect(zh).toContain("第 2 行，近12月收入：“很多”不是金额");
    expect(zh).toContain("第 3 行，客户名称：客户名称“东江省水利厅”重复（第 2 行也有）");
    expect(englishWords(zh, ["bad.csv"])).toEqual([]);

    h.slack.setUser(REP2, { locale: "en-US" });
    const mark = h.slack.calls.length;
    await sendFile(REP2, "bad.csv", bad);
    const en = textOf((await botPost("nothing was imported", mark)).args.blocks);
    expect(en).toContain('warning: row 1, column 负责人部门: unknown column "负责人部门" skipped');
    expect(en).toContain('row 1, column 年收入: "年收入" and "近12月收入" both give revenue_ttm; keep one');
    expect(en).toContain("row 2, column 近12月收入: “很多” is not an amount of money");
    expect(en).toContain('row 3, column 客户名称: duplicate name "东江省水利厅" (also on row 2)');
    expect(en).not.toMatch(/警告|未知列|不是金额|重复/);
    expect(await h.counts()).toEqual(before);
  });

  it("/kvalue import says how to send the file", async () => {
    const { text } = await h.slash("import");
    expect(text).toContain("在此私信中把 CSV");
  });
});

describe("a team's stage map", () => {
  it("is set with /kvalue stages in the team's channel, and a DM upload of the CRM's opportunities export reads it", async () => {
    const opps = `客户名称,商机编号,商机名称,阶段,金额\n${DSJ},XSY-OPP-7,政务云扩容,商务洽谈,200万\n`;
    // A stage name the team's map (the demo's: 初步沟通, 需求分析, 方案报价, 合同签订) lacks stops the file, and the
    // answer says how to map it.
    const before = await h.counts();
    await sendFile(REP, "opps-w1.csv", opps);
    const refused = textOf((await botPost("未导入任何数据")).args.blocks);
    expect(refused).toContain("第 2 行，阶段：“商务洽谈”");
    expect(refused).toContain("`/kvalue stages [团队] 初步沟通=S1 方案报价=S3`");
    expect(await h.counts()).toEqual(before);

    const set = await h.slash("stages 商务洽谈=方案 价格谈判=S5");
    expect(set.text).toContain("已保存：*华东政企一部* 的阶段映射现有 6 个名称（之前 4 个）");
    expect(set.text).toContain("• 初步沟通 → S1 商机");
    expect(set.text).toContain("• 商务洽谈 → S3 方案");
    const DEMO_MAP = '[["初步沟通","S1"],["需求分析","S2"],["方案报价","S3"],["合同签订","W"]]';
    const audit = await h.store.db.factChange.findMany({
      where: { entity: "team", field: "import_stage_map", source: "slash" },
    });
    expect(audit.map((a) => [a.actorUserId, a.source, a.before, a.after])).toEqual([
      [REP, "slash", DEMO_MAP, `${DEMO_MAP.slice(0, -1)},["商务洽谈","S3"],["价格谈判","S5"]]`],
    ]);

    const mark = h.slack.calls.length;
    await sendFile(REP, "opps-w1.csv", opps);
    const preview = await botPost("试导入 opps-w1.csv 到", mark);
    expect(textOf(preview.args.blocks)).toContain("新增：1 个商机");
    expect(textOf(preview.args.blocks)).toContain("按阶段映射（`/kvalue stages`）读取 CRM 自己的阶段名称：1 行");
    await pressImport(preview);
    await botPost("已导入 opps-w1.csv 到", mark);
    const deal = await h.store.db.opportunity.findFirstOrThrow({ where: { crmId: "XSY-OPP-7" } });
    expect([deal.stage, deal.amount]).toEqual(["S3", 2_000_000n]);

    // A week later the deal is 合同签订 in the CRM: won, as of the import's day.
    const later = h.slack.calls.length;
    await sendFile(REP, "opps-w2.csv", opps.replace("商务洽谈", "合同签订"));
    await pressImport(await botPost("试导入 opps-w2.csv 到", later));
    await botPost("已导入 opps-w2.csv 到", later);
    expect((await h.store.db.opportunity.findFirstOrThrow({ where: { crmId: "XSY-OPP-7" } })).stage).toBe("W");
  });

  it("removes a name with `name=` and all with `clear`; a name not in the map or a bad stage changes nothing", async () => {
    await h.slash("stages clear");
    await h.slash("stages 初步沟通=S1 需求分析=S2");
    const audits = () => h.store.db.factChange.count({ where: { entity: "team", field: "import_stage_map" } });
    const n = await audits();
    expect((await h.slash("stages 不存在=")).text).toContain("阶段映射中没有：不存在。现有名称：初步沟通、需求分析。");
    const bad = await h.slash("stages 商务谈判=S9");
    // Told in the form typed (name=stage), not the file's "name,stage".
    expect(bad.text).toContain(
      "“商务谈判=S9”：阶段写 S0、S1、S2、S3、S4、S5、W、L、A 之一或其名称（方案、投标 …），如 初步沟通=S1",
    );
    expect(bad.text).not.toContain("原系统阶段名,阶段");
    expect(bad.text).toContain("用法：`/kvalue stages [团队]`");
    expect((await h.slash("stages 需求分析=S2")).text).toContain("没有变化：阶段映射已是如此。");
    expect(await audits()).toBe(n);

    const removed = await h.slash("stages 初步沟通=");
    expect(removed.text).toContain("现有 1 个名称（之前 2 个）");
    expect(removed.text).not.toContain("初步沟通 →");
    // An outsider names no team of theirs; the map is the team's, not the channel's.
    expect((await h.slash("stages", { user: OUTSIDER, channel: ELSEWHERE })).text).not.toContain("需求分析");
    const cleared = await h.slash("stages 华东政企一部 clear");
    expect(cleared.text).toContain("现有 0 个名称（之前 1 个）");
    expect(cleared.text).toContain("没有阶段映射");
    expect(await audits()).toBe(n + 2);
  });
});
