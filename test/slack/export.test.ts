// `/kvalue export [team]` through the real Bolt app over HTTP: the 管理表 as a UTF-8 CSV with BOM and the matrix PNG,
// uploaded with files.getUploadURLExternal / completeUploadExternal into the team's own channel, or by DM when asked
// elsewhere; someone outside the team gets nothing.
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sendSlashCommand } from "../support/slack-request.js";
import {
  ELSEWHERE,
  OUTSIDER,
  REP,
  SALES,
  SIGNING_SECRET,
  WS,
  postgres,
  startHarness,
  textOf,
  type Harness,
} from "./harness.js";

const TEAM = "华东政企一部";

function exportSuite(provider: "sqlite" | "postgresql"): void {
  let h: Harness;
  const seen = new Set<string>();
  beforeAll(async () => {
    h = await startHarness({ provider });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.level === "error" || l.level === "warn")).toEqual([]);
    h.slack.reset();
  });

  /** `/kvalue <text>`; drawing the first chart loads vega and the CJK font, so the reply may take seconds. */
  async function slash(text: string, user = REP, channel = SALES): Promise<string> {
    const res = await sendSlashCommand(
      h.base,
      SIGNING_SECRET,
      { user_id: user, channel_id: channel, text },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    const call = await h.slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 60_000);
    return textOf(call.args.blocks ?? call.args.text);
  }

  /** The two files this test's command uploaded (the fake keeps earlier tests' files). */
  async function uploaded(): Promise<{ channel: string | undefined; csv: Buffer; png: Buffer }> {
    await h.slack.waitFor("files.completeUploadExternal", (c) => c.response.ok, 60_000);
    const files = h.slack.files().filter((f) => f.completed && !seen.has(f.id));
    for (const f of files) seen.add(f.id);
    const csv = files.find((f) => f.filename.endsWith(".csv"));
    const png = files.find((f) => f.filename.endsWith(".png"));
    expect(csv?.channel).toBe(png?.channel);
    return { channel: csv?.channel, csv: csv?.bytes ?? Buffer.alloc(0), png: png?.bytes ?? Buffer.alloc(0) };
  }

  it("posts an Excel-ready CSV (BOM, one row per account of the team) and the matrix chart in the team's channel", async () => {
    const text = await slash("export");
    expect(text).toContain(`已把 *${TEAM}* 的价值客户矩阵管理表`);
    const { channel, csv, png } = await uploaded();
    expect(channel).toBe(SALES);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv.subarray(3).toString("utf8")) as string[][];
    expect(rows[0]).toContain("客户名称");
    const accounts = await h.store.db.account.findMany({ where: { workspaceId: WS }, select: { name: true } });
    expect(rows.length - 1).toBe(accounts.length);
    const nameCol = rows[0]?.indexOf("客户名称") ?? -1;
    expect(
      rows
        .slice(1)
        .map((r) => r[nameCol])
        .sort(),
    ).toEqual(accounts.map((a) => a.name).sort());
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  }, 90_000);

  it("sends it by DM when asked in another channel, with English headers for an English user", async () => {
    await h.slash("lang en", { channel: ELSEWHERE });
    const text = await slash(`export ${TEAM}`, REP, ELSEWHERE);
    await h.slash("lang auto", { channel: ELSEWHERE });
    expect(text).toContain("by direct message");
    const { channel, csv } = await uploaded();
    expect(channel).not.toBe(ELSEWHERE);
    expect(channel).not.toBe(SALES);
    expect(h.slack.callsTo("conversations.open").some((c) => JSON.stringify(c.args).includes(REP))).toBe(true);
    expect(csv.subarray(3).toString("utf8").split("\r\n")[0]).toContain("Account");
  }, 90_000);

  it("gives someone outside the team no table and uploads nothing", async () => {
    const text = await slash(`export ${TEAM}`, OUTSIDER, ELSEWHERE);
    expect(text).toContain(TEAM);
    expect(text).not.toContain("已把");
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.callsTo("files.getUploadURLExternal")).toHaveLength(0);
  });
}

describe("/kvalue export on SQLite", () => exportSuite("sqlite"));
describe.runIf(postgres)("/kvalue export on PostgreSQL", () => exportSuite("postgresql"));
