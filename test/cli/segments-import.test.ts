// `kvalue import` of market segments in-process on a real SQLite file with the demo loaded: the export imported back
// reports 0 changes (CSV in either language, JSON); a changed file is previewed by --dry-run, then written with an
// audit row per field and the accounts it feeds re-scored; bad values are named by row and field and write nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { kvalue } from "../support/cli.js";
import { migrate, openStore } from "../../src/store/index.js";

// Each command opens and migrates the database: slow on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

let dir: string;
let saved: string | undefined;

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openStore>>["db"]) => Promise<T>): Promise<T> {
  const store = await openStore(process.env.DATABASE_URL);
  try {
    await migrate(store);
    return await fn(store.db);
  } finally {
    await store.close();
  }
}

const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

/** Segments, their audit rows and score snapshots: what a refused or dry-run import must leave alone. */
const counts = () =>
  withDb(async (db) => [
    await db.segment.count(),
    await db.factChange.count({ where: { entity: "segment" } }),
    await db.scoreSnapshot.count(),
  ]);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-cli-segments-import-"));
  saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${path.join(dir, "kvalue.db")}`;
  expect((await kvalue("demo")).status).toBe(0);
}, 120_000);
afterAll(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("kvalue import of segments", () => {
  it("imports its own export back with 0 changes: CSV with Chinese or English headers, and JSON", async () => {
    const before = await counts();
    for (const [name, args] of [
      ["zh.csv", ["--lang", "zh"]],
      ["en.csv", ["--lang", "en"]],
      ["all.json", ["--format", "json"]],
    ] as const) {
      const exported = await kvalue("export", "--kind", "segments", ...args);
      expect(exported.status).toBe(0);
      const r = await kvalue("import", file(name, exported.stdout), "--lang", "en");
      expect(r.stderr, name).toBe("");
      expect(r.status, name).toBe(0);
      expect(r.stdout, name).toContain("New: 0 segments");
      expect(r.stdout, name).toContain("Changed: 0 segments, 0 fields");
      expect(r.stdout, name).toContain("Unchanged: 3");
    }
    expect(await counts()).toEqual(before);
  });

  it("previews a changed file with --dry-run, then writes it with an audit row per field", async () => {
    const text =
      "行业,区划代码,年份,行业前景,收入目标（万元）,主要竞争对手,解决方案匹配度,是否选定,市场内客户数\n" +
      "医疗,330000,2026,增长,3000,智联医疗、康启信息、东软,智慧医院=3、互联互通=2、HIS=1,是,120\n" +
      "教育,330000,2026,平稳,800,,智慧校园=2,否,\n";
    const p = file("market.csv", text);
    const before = await counts();
    const dry = await kvalue("import", p, "--dry-run", "--lang", "zh");
    expect(dry.stderr).toBe("");
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain("试导入");
    expect(dry.stdout).toContain("新增：1 个细分市场");
    expect(dry.stdout).toContain("文件中没有（保留，不删除）：2");
    expect(dry.stdout).toContain("变更：1 个细分市场，3 个字段");
    expect(dry.stdout).toContain("医疗 · 330000 · 2026：行业前景、主要竞争对手、定目标（收入目标）");
    // Segments are named in the reader's words, as the segment screens name them, not by their codes.
    expect(dry.stdout).toContain("  政务 · 330000 · 2026、制造 · 330000 · 2026\n");
    expect(await counts()).toEqual(before);

    const done = await kvalue("import", p, "--lang", "en");
    expect(done.stderr).toBe("");
    expect(done.status).toBe(0);
    const [segments, audit, snapshots] = await counts();
    expect(segments).toBe((before[0] ?? 0) + 1);
    expect(snapshots).toBe(before[2]);
    const rows = await withDb((db) =>
      db.factChange.findMany({ where: { entity: "segment", sourceRef: p }, orderBy: { field: "asc" } }),
    );
    expect(rows.length).toBe((audit ?? 0) - (before[1] ?? 0));
    expect(rows.every((r) => r.source === "import" && r.accountId === null)).toBe(true);
    const health = await withDb((db) => db.segment.findFirstOrThrow({ where: { industry: "healthcare" } }));
    expect([health.industryOutlook, health.revenueTarget]).toEqual(["growth", 30_000_000n]);
    const again = await kvalue("import", p, "--lang", "en");
    expect(again.stdout).toContain("Changed: 0 segments, 0 fields");
  });

  it("re-scores the accounts whose defaults a changed segment moves (an absent column is left alone)", async () => {
    const [, , snapshots] = await counts();
    const r = await kvalue(
      "import",
      file("egov.csv", "行业,行政区划代码,年份,市场内客户数\n政务,330000,2026,80\n"),
      "--lang",
      "zh",
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("重新评分的客户：1");
    const after = await counts();
    expect(after[2]).toBe((snapshots ?? 0) + 1);
    const egov = await withDb((db) => db.segment.findFirstOrThrow({ where: { industry: "e_gov" } }));
    expect([egov.marketAccounts, egov.industryOutlook, egov.marketWallet]).toEqual([80, "growth", 1_200_000_000n]);
  });

  it("refuses bad codes, a target that is not money and a fit outside 0–3, naming row and field, writing nothing", async () => {
    const before = await counts();
    const text =
      "行业,行政区划代码,年份,定目标（收入目标）,解决方案匹配度（每行：方案=0–3）\n" +
      "医学,330000,2026,100万,\n" +
      "医疗,990000,2026,,\n" +
      "医疗,330000,2026,很多,智慧医院=4\n" +
      "政务,330000,2026,500万,政务云=3\n";
    const r = await kvalue("import", file("bad.csv", text), "--lang", "zh");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("第 2 行：行业：“医学”不是行业");
    expect(r.stderr).toContain("第 3 行：行政区划代码：“990000”不是 GB/T 2260 行政区划代码");
    expect(r.stderr).toContain("第 4 行：定目标（收入目标）：“很多”不是金额");
    expect(r.stderr).toContain("第 4 行：解决方案匹配度（每行：方案=0–3）：“智慧医院=4”的匹配度须为 0–3 的整数");
    expect(r.stderr).not.toContain("第 5 行");
    expect(await counts()).toEqual(before);

    const en = await kvalue(
      "import",
      file("bad.json", '[{"industry":"healthcare","region_code":"330000","year":2026,"revenue_target":"lots"}]'),
      "--kind",
      "segments",
      "--lang",
      "en",
    );
    expect(en.status).toBe(2);
    expect(en.stderr).toContain('[0].revenue_target: Revenue target: "lots" is not an amount');
    expect(await counts()).toEqual(before);
  });
});
