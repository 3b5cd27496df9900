// `kvalue import` / `kvalue export` in-process on a real SQLite file (DATABASE_URL): the weekly re-import with
// --dry-run and --strict, a 2 GB file refused before it is read, and export --kind accounts → import reporting 0
// changes (issues 11.1, 11.2, 11.4, 13.8).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { processIo } from "../../src/cli/io.js";
import { kvalue, kvalueWith } from "../support/cli.js";
import { syntheticAccountsCsv } from "../../src/features/import-export/synthetic.js";
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

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-cli-import-"));
  saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${path.join(dir, "kvalue.db")}`;
});
afterAll(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("kvalue import: the weekly re-import", () => {
  it("imports, then --dry-run reports the changes and writes nothing, then the import writes them", async () => {
    const w1 = file(
      "w1.csv",
      "客户编号,客户名称,行业,近12月收入\nC-1,东江省水利厅,政务,300万\nC-2,临海市交通局,政务,80万\n",
    );
    const first = await kvalue("import", w1);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("New: 2 accounts (0 contacts, 0 needs, 0 opportunities)");

    const w2 = file(
      "w2.csv",
      "客户编号,客户名称,行业,近12月收入,最后跟进时间\nC-1,东江省水利厅,政务,320万,2026-11-30\n",
    );
    const dry = await kvalue("import", w2, "--dry-run", "--lang", "zh");
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain("试导入");
    expect(dry.stdout).toContain("变更：1 个客户，1 个字段");
    expect(dry.stdout).toContain("  东江省水利厅：近12月收入");
    expect(dry.stdout).toContain("文件中没有（保留，不删除）：1");
    expect(dry.stdout).toContain("警告：第 1 行，最后跟进时间：未知列“最后跟进时间”，已跳过");
    await withDb(async (db) => {
      expect((await db.account.findFirstOrThrow({ where: { crmId: "C-1" } })).revenueTtm).toBe(3_000_000n);
    });

    const strict = await kvalue("import", w2, "--strict");
    expect(strict.status).toBe(2);
    expect(strict.stderr).toContain('row 1, column 最后跟进时间: unknown column "最后跟进时间" (--strict)');
    expect(strict.stderr).toContain("nothing was imported");

    const real = await kvalue("import", w2);
    expect(real.status).toBe(0);
    expect(real.stdout).toContain("Changed: 1 account, 1 field");
    expect(real.stdout).toContain("Not in the file (kept, never deleted): 1");
    await withDb(async (db) => {
      const row = await db.account.findFirstOrThrow({ where: { crmId: "C-1" } });
      expect(row.revenueTtm).toBe(3_200_000n);
      const audit = await db.factChange.findMany({ where: { accountId: row.id, sourceRef: w2 } });
      expect(audit.map((a) => [a.field, a.before, a.after, a.source])).toEqual([
        ["revenue_ttm", "3000000", "3200000", "import"],
      ]);
      expect(await db.account.count({ where: { crmId: "C-2" } })).toBe(1);
    });
  });

  it("shows on a terminal how many rows are written so far, then clears the line; a pipe gets none", async () => {
    const big = file("big.csv", syntheticAccountsCsv(2_500, 17));
    const progress: string[] = [];
    const shared = process.env.DATABASE_URL;
    process.env.DATABASE_URL = `file:${path.join(dir, "progress.db")}`; // the other tests' database stays as it is
    try {
      const r = await kvalueWith(["import", big], progress);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("New: 2500 accounts");
      expect(progress).toEqual(["writing 2,000 of 2,500 rows…", "writing 2,500 of 2,500 rows…", ""]);
      expect(r.stderr).toBe("");
      // The process's own standard error shows status lines only when it is a terminal (not a log or a pipe).
      expect(processIo.progress !== undefined).toBe(process.stderr.isTTY === true);
    } finally {
      process.env.DATABASE_URL = shared;
    }
  });

  it("refuses a 2 GB file before reading it, and a binary file, writing nothing", async () => {
    const huge = path.join(dir, "huge.csv");
    fs.writeFileSync(huge, "");
    fs.truncateSync(huge, 2 * 1024 ** 3); // sparse: no disk space used
    const r = await kvalue("import", huge);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${huge} is 2048 MB; kvalue imports files up to 256 MB. Nothing was imported\n`);
    const bin = path.join(dir, "sheet.xlsx.csv");
    fs.writeFileSync(bin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    const b = await kvalue("import", bin, "--lang", "zh");
    expect(b.status).toBe(2);
    expect(b.stderr).toContain("不是 CSV 或 JSON 文本文件");
  });

  it("exports the accounts with their facts and CRM ids; importing that file back reports 0 changes", async () => {
    const exported = await kvalue("export", "--kind", "accounts");
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain("C-1,东江省水利厅");
    const back = await kvalue("import", file("back.csv", exported.stdout));
    expect(back.status).toBe(0);
    expect(back.stdout).toContain("Changed: 0 accounts, 0 fields");
    expect(back.stdout).toContain("Unchanged: 2");
    // The 管理表 carries the CRM id as 客户编号 too, and imports back without changes.
    const matrix = await kvalue("export");
    expect(matrix.stdout.split("\r\n")[1]?.startsWith("C-")).toBe(true);
    const again = await kvalue("import", file("matrix.csv", matrix.stdout));
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("Changed: 0 accounts, 0 fields");
  });

  it("imports an opportunities file with --as-of and --stage-map; export --kind opportunities imports back with 0 changes", async () => {
    const opps = file("opps.csv", "客户编号,商机编号,商机名称,阶段,金额\nC-1,O-1,水利一期,需求确认,100万\n");
    const first = await kvalue("import", opps, "--as-of", "2026-11-30");
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("New: 1 opportunity");
    const map = file("stages.csv", "CRM方案,S3\n");
    const w2 = file("opps2.csv", "客户编号,商机编号,商机名称,阶段,金额\nC-1,O-1,水利一期,CRM方案,100万\n");
    const moved = await kvalue("import", w2, "--kind", "opportunities", "--as-of", "2026-12-07", "--stage-map", map);
    expect(moved.status).toBe(0);
    expect(moved.stdout).toContain("Stage changes recorded as of 2026-12-07: 1");
    await withDb(async (db) => {
      const o = await db.opportunity.findFirstOrThrow({ where: { crmId: "O-1" }, include: { stageHistory: true } });
      expect(o.stageHistory.map((x) => [x.stage, x.enteredDate]).sort()).toEqual([
        ["S2", "2026-11-30"],
        ["S3", "2026-12-07"],
      ]);
    });
    const exported = await kvalue("export", "--kind", "opportunities", "--lang", "en");
    expect(exported.stdout.split("\r\n")[0]).toContain("account_id,account_name,opportunity_id");
    const back = await kvalue("import", file("opps-back.csv", exported.stdout));
    expect(back.stdout).toContain("Changed: 0 opportunities, 0 fields");
    const bad = await kvalue("import", w2, "--as-of", "12/07");
    expect([bad.status, bad.stderr]).toEqual([2, "kvalue import: --as-of is a date YYYY-MM-DD, not 12/07\n"]);
    const badMap = await kvalue("import", w2, "--stage-map", file("bad-map.csv", "CRM方案,S9\n"));
    expect(badMap.status).toBe(2);
    expect(badMap.stderr).toContain("line 1");
  });

  it("keeps a team's stage map with `kvalue stages --file`, which every import applies; --stage-map wins over it", async () => {
    const w3 = file("opps3.csv", "客户编号,商机编号,商机名称,阶段,金额\nC-1,O-1,水利一期,价格谈判,100万\n");
    const refused = await kvalue("import", w3, "--dry-run");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("kvalue stages --file map.csv");

    const none = await kvalue("stages");
    expect([none.status, none.stdout]).toEqual([0, expect.stringContaining("has no stage map")]);
    const set = await kvalue("stages", "--file", file("team-map.csv", "# 销售易\n价格谈判,S4\n签约,W\n"));
    expect(set.stdout).toContain("now has 2 names (before: 0)");
    expect(set.stdout).toContain("  价格谈判 → S4 Bid");
    const dry = await kvalue("import", w3, "--dry-run");
    expect(dry.stdout).toContain("Changed: 1 opportunity, 1 field");
    expect(dry.stdout).toContain("Stages in the CRM's own words, read through the stage map (`/kvalue stages`): 1 row");
    // A --stage-map file given to one import is read over the team's map, name by name: S3, the stage O-1 is at.
    const over = await kvalue("import", w3, "--dry-run", "--stage-map", file("one-off.csv", "价格谈判=S3\n"));
    expect(over.stdout).toContain("Changed: 0 opportunities, 0 fields");
    const imported = await kvalue("import", w3, "--as-of", "2026-12-07");
    expect(imported.status).toBe(0);
    await withDb(async (db) => {
      expect((await db.opportunity.findFirstOrThrow({ where: { crmId: "O-1" } })).stage).toBe("S4");
      const audit = await db.factChange.findMany({ where: { entity: "team", field: "import_stage_map" } });
      expect(audit.map((a) => [a.source, a.sourceRef, a.before])).toEqual([
        ["cli", path.join(dir, "team-map.csv"), null],
      ]);
    });

    const twice = await kvalue("stages", "--file", file("twice.csv", "价格谈判,S4\n价格谈判,S3\n"));
    expect([twice.status, twice.stderr]).toEqual([
      2,
      `${path.join(dir, "twice.csv")}: line 2: “价格谈判” is given twice, for two stages (first for S4)\n`,
    ]);
    // An empty file would clear the map: refused, the map kept. A CRM's GBK export is read as an import is.
    const empty = await kvalue("stages", "--file", file("empty.csv", ""));
    expect([empty.status, empty.stderr]).toEqual([2, expect.stringContaining("empty.csv")]);
    const blank = await kvalue("stages", "--file", file("blank.csv", "# nothing yet\n"));
    expect([blank.status, blank.stderr]).toEqual([2, expect.stringContaining("no stage names in the file")]);
    const gbk = path.join(dir, "gbk-map.csv");
    fs.writeFileSync(gbk, Buffer.concat([Buffer.from([0xbf, 0xcd, 0xbb, 0xa7]), Buffer.from(",S3\nSigned,W\n")])); // 客户 in GBK
    const fromGbk = await kvalue("stages", "--file", gbk);
    expect(fromGbk.stdout).toContain("now has 2 names (before: 2)");
    expect(fromGbk.stdout).toContain("  客户 → S3");
    expect((await kvalue("stages", "--clear", "--file", "x.csv")).stderr).toContain("Usage: kvalue stages");
    const cleared = await kvalue("stages", "--clear");
    expect(cleared.stdout).toContain("now has 0 names (before: 2)");
  });
});
