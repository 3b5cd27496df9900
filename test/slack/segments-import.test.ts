// A segments file (五看三定 in a spreadsheet) sent to the bot in a DM, through the real Bolt app over signed HTTP with
// the fake Slack serving the file: recognised from its headers, previewed as a dry run with an Import button,
// written with audit rows (source import) when the button is pressed; a bad value is named and nothing is written.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SlackCall } from "../support/fake-slack.js";
import { sendBlockAction, sendEvent } from "../support/slack-request.js";
import { REP, SIGNING_SECRET, startHarness, textOf, type Harness } from "./harness.js";

const DM = "D0REPSEGMENTS";
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ provider: "sqlite" });
});
afterAll(async () => h?.close());
beforeEach(() => h.slack.reset());

async function sendFile(filename: string, bytes: string) {
  const file = h.slack.shareFile(REP, { filename, bytes });
  const res = await sendEvent(
    h.base,
    SIGNING_SECRET,
    {
      event: {
        type: "message",
        subtype: "file_share",
        channel: DM,
        channel_type: "im",
        user: REP,
        text: "",
        ts: `${Date.now() / 1000}`,
        files: [file],
      },
    },
    { slack: h.slack },
  );
  expect(res.status).toBe(200);
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

const segmentRows = () =>
  Promise.all([h.store.db.segment.count(), h.store.db.factChange.count({ where: { entity: "segment" } })]);

describe("a segments file in a DM", () => {
  it("is previewed with an Import button and written, audited, when the button is pressed", async () => {
    const before = await segmentRows();
    const csv =
      "Industry,Region code,Year,Industry outlook,Main competitors,Revenue target,Chosen as a target segment\n" +
      "Education,330000,2026,Flat,智校科技,800万,no\n" +
      "healthcare,330000,2026,,,3000万,\n";
    await sendFile("markets-2026.csv", csv);
    const preview = await botPost("试导入 markets-2026.csv 到");
    const text = textOf(preview.args.blocks);
    expect(text).toContain("新增：1 个细分市场");
    expect(text).toContain("变更：1 个细分市场");
    expect(await segmentRows()).toEqual(before);

    const value = JSON.parse(
      `"${/"action_id":"kv_import_file","value":"((?:[^"\\]|\\.)*)"/.exec(JSON.stringify(preview.args.blocks))?.[1] ?? ""}"`,
    ) as string;
    const mark = h.slack.calls.length;
    const res = await sendBlockAction(
      h.base,
      SIGNING_SECRET,
      {
        user_id: REP,
        channel_id: DM,
        message_ts: String(preview.response.ts),
        actions: [{ action_id: "kv_import_file", value }],
      },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    const done = await botPost("已导入 markets-2026.csv 到", mark);
    expect(textOf(done.args.blocks)).toContain("新增：1 个细分市场");
    const education = await h.store.db.segment.findFirstOrThrow({ where: { industry: "education" } });
    expect([education.industryOutlook, education.revenueTarget, education.chosen]).toEqual(["flat", 8_000_000n, false]);
    const audit = await h.store.db.factChange.findMany({ where: { entity: "segment", sourceRef: "markets-2026.csv" } });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.source === "import" && a.actorUserId === REP)).toBe(true);
  });

  it("names a bad value by row and field and offers no Import button", async () => {
    const before = await segmentRows();
    await sendFile("bad.csv", "行业,行政区划代码,年份,定目标（收入目标）\n医疗,330000,2026,很多\n");
    const reply = await botPost("第 2 行");
    expect(textOf(reply.args.blocks)).toContain("第 2 行：定目标（收入目标）：“很多”不是金额");
    expect(JSON.stringify(reply.args.blocks)).not.toContain("kv_import_file");
    expect(await segmentRows()).toEqual(before);
  });
});
