// Rough output (issue 13, item 14) through the real Bolt app over HTTP with signed requests: `/kvalue fields` lists
// every fact `set` writes with its values and an example that `set` takes, in both languages, and `help` points to
// it; an account with no facts at all is exported as 待评估, in no quadrant.
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_FACT_FIELDS } from "../../src/core/facts.js";
import { MATRIX_FIELDS } from "../../src/core/fact-columns.js";
import { fieldValues, matrixFieldValues } from "../../src/features/accounts/ui/fields.js";
import { parseAssignments } from "../../src/features/accounts/service.js";
import { LOCALES } from "../../src/i18n/index.js";
import { sendSlashCommand } from "../support/slack-request.js";
import { REP, REP2, SALES, SIGNING_SECRET, WS, startHarness, type Harness } from "./harness.js";

const DSJ = "东江省大数据管理局";
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.slash("lang en", { user: REP2 });
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.logs.filter((l) => l.level === "error")).toEqual([]);
  h.slack.reset();
});

describe("/kvalue fields", () => {
  it.each([
    ["zh-CN", REP, "可设置的字段", "例："],
    ["en", REP2, "Settable fields", "e.g. "],
  ] as const)("%s: every settable field with its values and an example", async (_locale, user, title, eg) => {
    const { text } = await h.slash("fields", { user });
    expect(text).toContain(title);
    for (const field of ACCOUNT_FACT_FIELDS) expect(text).toMatch(new RegExp(`\\(${field}\\)|（${field}）`));
    const examples = [...text.matchAll(new RegExp(`${eg}(\\w+)=("[^"]*"|\\S+)`, "g"))].map((m) => [m[1], m[2]]);
    expect(examples.map(([f]) => f)).toEqual([...ACCOUNT_FACT_FIELDS, ...MATRIX_FIELDS]);
    // Each example is taken by `set` as it is shown.
    for (const [field, value] of examples) {
      const { text: reply } = await h.slash(`set ${DSJ} ${field}=${value}`, { user });
      expect(reply, `${field}=${value}`).toMatch(/已更新|没有变化|Updated|already had these values/);
    }
  });

  it("every value it lists for a field is one `set` reads, in both languages", () => {
    for (const locale of LOCALES) {
      for (const field of ACCOUNT_FACT_FIELDS) {
        const { values, example } = fieldValues(locale, field);
        const listed = /\|/.test(values) ? values.split(" | ") : [example];
        expect(listed.includes(example.replace(/^"|"$/g, "")) || !/\|/.test(values)).toBe(true);
        for (const value of listed)
          expect(parseAssignments([{ field, value }]).errors, `${field}=${value}`).toEqual([]);
      }
      for (const field of MATRIX_FIELDS) {
        const { values, example } = matrixFieldValues(locale, field);
        const listed = /\|/.test(values) ? values.split(" | ") : [example.replace(/^"|"$/g, "")];
        for (const value of listed)
          expect(parseAssignments([{ field, value }], { matrix: true }).errors, `${field}=${value}`).toEqual([]);
      }
    }
  });

  it("help points to it, in both languages", async () => {
    expect((await h.slash("help")).text).toContain("/kvalue fields");
    expect((await h.slash("help", { user: REP2 })).text).toContain("/kvalue fields");
    // 字段 is the Chinese word for it.
    expect((await h.slash("字段")).text).toContain("可设置的字段");
  });
});

describe("export of an account with no facts", () => {
  it("is 待评估 in the 象限 and 客户分级 columns, with no quadrant", async () => {
    await h.slash("new 全空白测试单位");
    const seen = new Set(h.slack.files().map((f) => f.id));
    // Drawing the matrix chart for the export may take seconds: wait for the upload, not the usual 5 s reply.
    const res = await sendSlashCommand(
      h.base,
      SIGNING_SECRET,
      { user_id: REP, channel_id: SALES, text: "export" },
      { slack: h.slack },
    );
    expect(res.status).toBe(200);
    await h.slack.waitFor("files.completeUploadExternal", (c) => c.response.ok, 60_000);
    const csv = h.slack.files().find((f) => !seen.has(f.id) && f.filename.endsWith(".csv"));
    const rows = parse((csv?.bytes ?? Buffer.alloc(0)).subarray(3).toString("utf8")) as string[][];
    const head = rows[0] ?? [];
    const row = rows.find((r) => r[head.indexOf("客户名称")] === "全空白测试单位");
    expect(row?.[head.indexOf("象限")]).toBe("待评估");
    expect(row?.[head.indexOf("客户分级")]).toBe("待评估");
    expect(await h.store.db.account.count({ where: { workspaceId: WS, name: "全空白测试单位" } })).toBe(1);
  }, 90_000);
});
