// The fake Slack's shared files: url_private_download serves the bytes to a valid token only, files.info describes
// the file, and each download is recorded (so a test can prove a file was not fetched).
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack.js";

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack?.close());

describe("fake Slack shared files", () => {
  it("serves a shared file's bytes to the bot token, 403 without one, 404 for an unknown file", async () => {
    const f = slack.shareFile("U0X", { filename: "crm.csv", bytes: "客户名称\n甲\n" });
    expect(f).toMatchObject({ name: "crm.csv", size: Buffer.byteLength("客户名称\n甲\n"), filetype: "csv" });
    const ok = await fetch(f.url_private_download, { headers: { authorization: `Bearer ${slack.botToken}` } });
    expect([ok.status, await ok.text()]).toEqual([200, "客户名称\n甲\n"]);
    expect((await fetch(f.url_private_download)).status).toBe(403);
    const unknown = f.url_private_download.replace(f.id, "F999999999");
    expect((await fetch(unknown, { headers: { authorization: `Bearer ${slack.botToken}` } })).status).toBe(404);
    expect(slack.callsTo("files_download").map((c) => c.status)).toEqual([200, 403, 404]);
  });

  it("describes a shared file with files.info, and reports file_not_found otherwise", async () => {
    const f = slack.shareFile("U0X", { filename: "opps.csv", bytes: "a,b\n" });
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const info = await web.files.info({ file: f.id });
    expect(info.file).toMatchObject({
      id: f.id,
      name: "opps.csv",
      size: 4,
      url_private_download: f.url_private_download,
    });
    await expect(web.files.info({ file: "F000000000" })).rejects.toThrow(/file_not_found/);
  });
});
