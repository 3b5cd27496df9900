// `kvalue export --kind segments` in-process on a real SQLite file: the demo's segments as CSV with Chinese or
// English headers and as JSON, read back field by field.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kvalue } from "../support/cli.js";

let dir: string;
let saved: string | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-cli-segments-"));
  saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${path.join(dir, "kvalue.db")}`;
  expect((await kvalue("demo")).status).toBe(0);
}, 120_000);
afterAll(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("kvalue export --kind segments", () => {
  it("writes the team's segments as CSV with Chinese headers", async () => {
    const r = await kvalue("export", "--kind", "segments");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const rows = parse(r.stdout.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => `${x.行业}/${x.行政区划代码}/${x["是否选定为目标细分市场"]}`).sort()).toEqual([
      "e_gov/330000/true",
      "healthcare/330000/true",
      "manufacturing/330000/false",
    ]);
    const health = rows.find((x) => x.行业 === "healthcare");
    expect(health?.["定目标（收入目标）"]).toBe("25000000");
    expect(health?.["解决方案匹配度（每行：方案=0–3）"]).toBe("智慧医院=3、互联互通=2、HIS=1");
    expect(health?.主要竞争对手).toBe("智联医疗、康启信息");
  });

  it("writes English headers with --lang en, and JSON with --format json", async () => {
    const en = await kvalue("export", "--kind", "segments", "--lang", "en");
    expect(en.stdout.replace(/^\uFEFF/, "").split("\r\n")[0]).toContain("Industry,Region code,Year,Industry outlook");
    const json = await kvalue("export", "--kind", "segments", "--format", "json");
    const data = JSON.parse(json.stdout) as {
      segments: { industry: string; market_wallet: number; solution_fit: unknown[] }[];
    };
    expect(data.segments).toHaveLength(3);
    expect(data.segments.find((s) => s.industry === "e_gov")?.market_wallet).toBe(1_200_000_000);
    expect(data.segments.find((s) => s.industry === "healthcare")?.solution_fit).toEqual([
      { line: "智慧医院", fit: 3 },
      { line: "互联互通", fit: 2 },
      { line: "HIS", fit: 1 },
    ]);
  });

  it("names segments among the kinds when the kind is unknown", async () => {
    const r = await kvalue("export", "--kind", "markets");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("segments");
  });
});
