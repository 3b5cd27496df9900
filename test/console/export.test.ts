// `export` in the console (issue 14 item 5): the same 管理表 CSV and matrix chart as Slack's `/kvalue export`, saved
// as files whose paths the console prints, said in the reader's language — not "posted in this channel", which only
// Slack does.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleSession } from "../support/console.js";
import { openHarness, type Harness } from "../services/harness.js";

describe("export in the console", () => {
  let h: Harness;
  let out = "";
  beforeAll(async () => {
    h = await openHarness("sqlite", () => new Date());
    out = await consoleSession(h.deps, ["export", "lang en", "export"]);
  });
  afterAll(async () => h?.close());

  it.each([
    ["zh-CN", 0, /价值客户矩阵管理表（31 个客户，截至 [\d-]+）：CSV/, /文件已保存：(\S+\.csv)\s+(\S+\.png)/],
    [
      "en",
      1,
      /key-account matrix table of 华东政企一部 \(31 accounts, as of [\d-]+\): a CSV/,
      /Saved: (\S+\.csv)\s+(\S+\.png)/,
    ],
  ] as const)("%s: says what was exported and where the two files are", (_l, i, said, saved) => {
    const reply = out.split("kvalue> ").filter((x) => x.includes("kvalue-files-"))[i] ?? "";
    expect(reply).toMatch(said);
    expect(reply).not.toMatch(/本频道|私信|this channel|direct message/);
    const [, csv, png] = saved.exec(reply) ?? [];
    const table = readFileSync(csv ?? "", "utf8");
    expect(table.charCodeAt(0)).toBe(0xfeff); // Excel reads the BOM as UTF-8
    expect(table.split("\n").filter((l) => l.trim()).length).toBe(32); // header + 31 accounts
    expect(
      readFileSync(png ?? "")
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });
});
