// Every message of the `kvalue` CLI follows the user's language (issue 13, item 12): --lang zh-CN|en on any
// command, else KVALUE_DEFAULT_LOCALE / LANG; a wrong --lang exits 2 naming the two it accepts. Import files that
// are wrong at the file, header and row level are said wholly in Chinese (no English word but file names, field
// codes and options) or wholly in English; JSON output keeps its English keys. `kvalue assess` reads money and
// enums in every form the CSV import and /kvalue set read. The real bin/kvalue.js in a child process.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../store/support.js";
import { englishWords } from "../support/language.js";

const BIN = path.join(repoRoot, "bin/kvalue.js");
let dir: string;

function kvalue(args: string[], env: Record<string, string> = {}, input?: string) {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(SLACK_|DATABASE_URL$|OPENAI_|KVALUE_|LANG$|LC_)/.test(k)) base[k] = v;
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { ...base, LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    ...(input === undefined ? {} : { input }),
  });
}

const CJK = /[\u4e00-\u9fff]/;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-cli-lang-"));
  const write = (name: string, content: string | Uint8Array) => fs.writeFileSync(path.join(dir, name), content);
  // Two columns for one field, an unknown column, an id twice, a name twice, a row with a stray cell.
  write(
    "rows.csv",
    "客户编号,客户名称,近12月收入,年收入,最后跟进时间\nA1,东江省水利厅,300万,,2026-11-30\nA1,临海市交通局,80万,,\nA3,东江省水利厅,10万,,\nA4,乙,3,000,000,,2026-11-30\n",
  );
  write("noname.csv", "客户编号,行业\nA1,政务\n");
  write("sheet.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]));
  write(
    "accounts.json",
    JSON.stringify({
      accounts: [
        { id: "A", name: "甲", budget_status: "maybe", revenu_ttm: 1 },
        { id: "A", name: "乙" },
        { id: "A", name: "丙" },
      ],
    }),
  );
  write("broken.json", '{"accounts": [ {"id": "A",, } ] }');
  write("opps.csv", "商机编号,客户编号,商机名称,阶段\nO-1,A1,平台,方案交流\n");
  write("stages.txt", "方案交流,S3\n随便写写\n");
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The import runs whose messages are checked in both languages, with what each must say. */
const IMPORTS: { args: string[]; zh: string[]; en: string[]; allowed?: string[] }[] = [
  {
    args: ["import", "rows.csv"],
    zh: [
      "警告：第 1 行，最后跟进时间：未知列“最后跟进时间”，已跳过",
      "“年收入”和“近12月收入”都对应 revenue_ttm，请只保留一列",
      '客户编号“A1”重复：第 3 行（"临海市交通局"）和第 2 行（"东江省水利厅"）',
      "客户名称“东江省水利厅”重复（第 2 行也有）",
      "这一行有 7 格，表头只有 5 列",
      "个问题；未导入任何数据",
    ],
    en: [
      'warning: row 1, column 最后跟进时间: unknown column "最后跟进时间" skipped',
      '"年收入" and "近12月收入" both give revenue_ttm; keep one',
      'duplicate account id "A1"',
      "row has 7 cells but the header has 5",
      "nothing was imported",
    ],
    allowed: ["A1", "A3", "A4"],
  },
  { args: ["import", "noname.csv"], zh: ["缺少“客户名称”列"], en: ["missing column 客户名称 / name"] },
  {
    args: ["import", "sheet.csv"],
    zh: ["sheet.csv 不是 CSV 或 JSON 文本文件"],
    en: ["sheet.csv is not a CSV or JSON text file"],
    allowed: ["sheet.csv"],
  },
  {
    args: ["import", "nope.csv"],
    zh: ["nope.csv：没有这个文件", "没有导入任何内容"],
    en: ["nope.csv: no such file", "Nothing was imported"],
    allowed: ["nope.csv"],
  },
  {
    args: ["import", "accounts.json"],
    zh: [
      "accounts[0].budget_status：应为以下之一：none|planned|approved（实际是 “maybe”）",
      "accounts[0].revenu_ttm：未知字段“revenu_ttm”；是不是“revenue_ttm”？",
      'accounts[2].id：客户编号 "A" 重复：accounts[2] (A "丙") 与 accounts[1] (A "乙")',
    ],
    en: ['unknown field "revenu_ttm"; did you mean "revenue_ttm"?', "duplicate account id"],
    allowed: ["none", "planned", "approved", "maybe"],
  },
  { args: ["import", "broken.json"], zh: ["不是有效的 JSON（第 1 行第 "], en: ["not valid JSON"] },
  {
    args: ["import", "opps.csv", "--kind", "opportunities", "--stage-map", "stages.txt"],
    zh: ["stages.txt 第 2 行：“随便写写”应为“原系统阶段名,阶段”"],
    en: ['stages.txt: line 2: "随便写写" is not "CRM stage name,stage"'],
    allowed: ["stages.txt", "S0", "S1", "S2", "S3", "S4", "S5", "W", "L", "A"],
  },
  {
    args: ["import", "rows.csv", "--kind", "deals"],
    zh: ["kvalue import：--kind 只能是 accounts、segments、contacts、needs 或 opportunities 之一，不是 deals"],
    en: ["kvalue import: --kind is accounts, segments, contacts, needs or opportunities, not deals"],
    allowed: ["accounts", "segments", "contacts", "needs", "opportunities", "deals"],
  },
  {
    args: ["import", "rows.csv", "--as-of", "soon"],
    zh: ["kvalue import：--as-of 应为日期 YYYY-MM-DD，不是 soon"],
    en: ["--as-of is a date YYYY-MM-DD, not soon"],
    allowed: ["YYYY-MM-DD", "soon"],
  },
];

describe("kvalue import: every message of a refused file in the user's language", () => {
  for (const c of IMPORTS) {
    it(`${c.args.join(" ")}: wholly Chinese with --lang zh-CN, wholly English with --lang en`, () => {
      const zh = kvalue([...c.args, "--lang", "zh-CN"]);
      expect(zh.status).toBe(2);
      expect(zh.stdout).toBe("");
      for (const s of c.zh) expect(zh.stderr).toContain(s);
      expect(englishWords(zh.stderr, [...(c.allowed ?? []), ...c.args.filter((a) => /\.\w+$/.test(a))])).toEqual([]);

      const en = kvalue([...c.args, "--lang", "en"], { LANG: "zh_CN.UTF-8" });
      expect(en.status).toBe(2);
      for (const s of c.en) expect(en.stderr).toContain(s);
      // Chinese only where the file has it (its headers and cells), never in kvalue's own words.
      expect(en.stderr).not.toMatch(/警告|没有|不是|缺少|重复|应为|未知/);
    });
  }

  it("takes the language from LANG or KVALUE_DEFAULT_LOCALE when --lang is not given", () => {
    const envs: Record<string, string>[] = [
      { LANG: "zh_CN.UTF-8" },
      { KVALUE_DEFAULT_LOCALE: "zh-CN", LANG: "en_US.UTF-8" },
    ];
    for (const env of envs) {
      const r = kvalue(["import", "noname.csv"], env);
      expect(r.stderr).toContain("缺少“客户名称”列");
      expect(englishWords(r.stderr, ["noname.csv"])).toEqual([]);
    }
    expect(kvalue(["import", "noname.csv"], { LANG: "en_US.UTF-8" }).stderr).toContain("missing column");
  });
});

describe("--lang on every command", () => {
  it("a wrong value exits 2 naming zh-CN and en, in the environment's language", () => {
    for (const args of [
      ["assess", "--lang", "fr"],
      ["import", "x.csv", "--lang=klingon"],
      ["migrate", "--lang"],
    ]) {
      const r = kvalue(args, { LANG: "en_US.UTF-8" });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^kvalue: --lang is zh-CN or en, not "(fr|klingon|)"\n$/);
    }
    const zh = kvalue(["export", "--lang", "fr"], { LANG: "zh_CN.UTF-8" });
    expect(zh.status).toBe(2);
    expect(zh.stderr).toBe("kvalue：--lang 只能是 zh-CN 或 en，不是“fr”\n");
  });

  it("says usage slips, missing files and database results in Chinese", () => {
    const cases: [string[], string][] = [
      [["export", "--kind", "deals"], "kvalue export：--kind 只能是"],
      [["export", "--format", "xlsx"], "kvalue export：--format 只能是 csv 或 json，不是 xlsx"],
      [["backup"], "kvalue backup：请给出一个要写入的文件"],
      [["restore", "gone.jsonl"], "kvalue restore：gone.jsonl：没有这个文件"],
      [["assess", "gone.json"], "kvalue assess：gone.json：没有这个文件"],
      [["funnel", "--bogus"], "kvalue funnel：未知选项 --bogus"],
      [["bridge", "a.json", "b.json"], "kvalue bridge：最多给一个文件，给了 2 个"],
      [["import", "a.csv", "b.csv"], "kvalue import：最多给一个文件，给了 2 个"],
      [["export", "out.csv"], "kvalue export 写到标准输出，不带文件（out.csv）"],
      [["export", "--kind", "contacts", "--format", "json"], "kvalue export：contacts 只导出 CSV"],
      [["nosuch"], "kvalue：没有“nosuch”这个命令"],
    ];
    for (const [args, said] of cases) {
      const r = kvalue([...args, "--lang", "zh-CN"]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.split("\n")[0]).toContain(said);
      const first = r.stderr.split("\n")[0] ?? "";
      const kinds = ["matrix", "accounts", "segments", "contacts", "needs", "opportunities"];
      const named = ["deals", "xlsx", "csv", "json", "gone.jsonl", "gone.json", "nosuch", ...kinds, ...args];
      expect(englishWords(first, named)).toEqual([]);
    }
    const migrated = kvalue(["migrate", "--lang", "zh-CN"]);
    expect(migrated.status).toBe(0);
    expect(migrated.stdout).toMatch(/^(已执行迁移：|数据库已是最新)/);
    expect(kvalue(["migrate", "--lang", "en"]).stdout).toBe("the database is up to date\n");
  });

  it("says the database commands' refusals in either language: restore, backup, export, calibrate --from-db", () => {
    fs.writeFileSync(path.join(dir, "notbackup.jsonl"), '{"hello": 1}\n');
    fs.writeFileSync(
      path.join(dir, "cut.jsonl"),
      `${JSON.stringify({ kvalue: "backup", format: 1, migrations: [], models: [] })}\n`,
    );
    const cases: { args: string[]; status: number; zh: string; en: string; allowed?: string[] }[] = [
      {
        args: ["restore", "notbackup.jsonl"],
        status: 2,
        zh: 'kvalue restore：第 1 行：不是 kvalue 备份（第一行没有 "kvalue": "backup"）；没有恢复任何数据',
        en: 'kvalue restore: line 1: not a kvalue backup (the first line has no "kvalue": "backup"); nothing was restored',
        allowed: ["notbackup.jsonl", "backup"],
      },
      {
        // A sound header, into this folder's database, which earlier tests filled
        args: ["restore", "cut.jsonl"],
        status: 2,
        zh: "；只能恢复到空数据库（新的 PostgreSQL 数据库或新的 SQLite 文件）；没有恢复任何数据",
        en: "restore only into an empty database (a new PostgreSQL database or a new SQLite file); nothing was restored",
        allowed: ["cut.jsonl", "PostgreSQL", "SQLite"],
      },
      {
        args: ["backup", "no/such/folder/b.jsonl"],
        status: 1,
        zh: "kvalue backup：无法写入 no/such/folder/b.jsonl（ENOENT）",
        en: "kvalue backup: cannot write no/such/folder/b.jsonl (ENOENT)",
        allowed: ["no/such/folder/b.jsonl", "ENOENT"],
      },
      {
        args: ["export", "--team", "NOPE"],
        status: 2,
        zh: "kvalue export：找不到团队“NOPE”",
        en: 'kvalue export: No team "NOPE"',
        allowed: ["NOPE"],
      },
      {
        args: ["calibrate", "--from-db", "--team", "NOPE"],
        status: 2,
        zh: "kvalue calibrate：找不到团队“NOPE”",
        en: 'kvalue calibrate: No team "NOPE"',
        allowed: ["NOPE"],
      },
      {
        args: ["calibrate", "--from-db", "--as-of", "2026-13-01"],
        status: 2,
        zh: "kvalue calibrate：--as-of 应为日期 YYYY-MM-DD，不是 2026-13-01",
        en: "kvalue calibrate: --as-of is a date YYYY-MM-DD, not 2026-13-01",
        allowed: ["YYYY-MM-DD"],
      },
    ];
    for (const c of cases) {
      const zh = kvalue([...c.args, "--lang", "zh-CN"]);
      expect(zh.status, c.args.join(" ")).toBe(c.status);
      expect(zh.stderr).toContain(c.zh);
      const tables = [...zh.stderr.matchAll(/\b([A-Z]\w+) \(\d+\)/g)].map((m) => m[1] ?? "");
      expect(englishWords(zh.stderr, [...(c.allowed ?? []), ...tables])).toEqual([]);
      const en = kvalue([...c.args, "--lang", "en"], { LANG: "zh_CN.UTF-8" });
      expect(en.status).toBe(c.status);
      expect(en.stderr).toContain(c.en);
      expect(en.stderr).not.toMatch(/没有|不是|无法|找不到|文件/);
    }
    expect(fs.existsSync(path.join(dir, "no"))).toBe(false);
  });

  it("kvalue assess: Chinese messages for bad input, the same English-keyed JSON for good input", () => {
    const bad = JSON.stringify({
      as_of: "2026-06-30",
      accounts: [
        { id: "a1", name: "东江省水利厅", revenue_ttm: "很多", budget_status: "maybe", gross_margin_pct: 200 },
      ],
    });
    const zh = kvalue(["assess", "-", "--lang", "zh-CN"], {}, bad);
    expect(zh.status).toBe(2);
    expect(zh.stdout).toBe("");
    expect(zh.stderr).toContain("kvalue assess：输入有误");
    expect(zh.stderr).toContain("accounts[0].revenue_ttm：“很多”不是金额");
    expect(zh.stderr).toContain("accounts[0].budget_status：“maybe”不是可选的值；可选：无预算（none）");
    expect(zh.stderr).toContain("accounts[0].gross_margin_pct：必须 ≤ 100（实际是 200）");
    expect(englishWords(zh.stderr, ["none", "planned", "approved", "maybe"])).toEqual([]);
    const en = kvalue(["assess", "-", "--lang", "en"], { LANG: "zh_CN.UTF-8" }, bad);
    expect(en.stderr).toContain("kvalue assess: invalid input");
    expect(en.stderr).toContain("accounts[0].gross_margin_pct: must be ≤ 100 (got 200)");
    expect(en.stderr).not.toMatch(/输入有误|不是金额|必须/);

    const empty = kvalue(["assess", "-", "--lang", "zh-CN"], {}, "  ");
    expect(empty.stderr).toBe("kvalue assess：输入有误\n(input)：不是有效的 JSON：输入是空的\n");

    const golden = fs.readFileSync(path.join(repoRoot, "test/golden/assess-abc.input.json"), "utf8");
    const a = kvalue(["assess", "-", "--lang", "zh-CN"], {}, golden);
    const b = kvalue(["assess", "-", "--lang", "en"], {}, golden);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toMatch(CJK);
  });
});

describe("kvalue assess reads money and enums as the CSV import and /kvalue set do", () => {
  // Each row: a way of writing a value, and what it is. One account per row, all scored in one run.
  const MONEY: [unknown, number][] = [
    ["300万", 3_000_000],
    ["300万元", 3_000_000],
    ["¥3,000,000", 3_000_000],
    ["￥300万", 3_000_000],
    ["3 000 000元", 3_000_000],
    ["3,000,000", 3_000_000],
    ["3000000.00", 3_000_000],
    ["0.03亿", 3_000_000],
    ["３００万", 3_000_000],
    ["RMB 3,000,000", 3_000_000],
    ["3000千元", 3_000_000],
    [3e6, 3_000_000],
    ["1.2亿", 120_000_000],
  ];
  const BUDGET: [string, string][] = [
    ["已立项", "approved"],
    ["已批复", "approved"],
    ["approved", "approved"],
    ["Approved", "approved"],
    ["计划中", "planned"],
    ["无预算", "none"],
  ];
  const doc = (rows: Record<string, unknown>[]) =>
    JSON.stringify({
      as_of: "2026-06-30",
      accounts: rows.map((r, i) => ({ id: `a${i}`, name: `客户${i}`, ...r })),
    });

  it("scores every written form exactly as the contract's own form", () => {
    const friendly = doc([
      ...MONEY.map(([v]) => ({ revenue_ttm: v, wallet_annual: v })),
      ...BUDGET.map(([v]) => ({ budget_status: v })),
    ]);
    const contract = doc([
      ...MONEY.map(([, n]) => ({ revenue_ttm: n, wallet_annual: n })),
      ...BUDGET.map(([, code]) => ({ budget_status: code })),
    ]);
    const a = kvalue(["assess", "-"], {}, friendly);
    const b = kvalue(["assess", "-"], {}, contract);
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
  });

  it("refuses a form none of them reads (3e6 as text, 很多, maybe), naming the forms it takes, in either language", () => {
    const bad = doc([{ revenue_ttm: "3e6" }, { wallet_annual: "很多" }, { budget_status: "maybe" }]);
    const en = kvalue(["assess", "-", "--lang", "en"], {}, bad);
    expect(en.status).toBe(2);
    expect(en.stderr).toContain(
      'accounts[0].revenue_ttm: "3e6" is not an amount of money; write yuan as 3000000, 3,000,000, ¥3,000,000, 300万 or 1.2亿',
    );
    expect(en.stderr).toContain('accounts[1].wallet_annual: "很多" is not an amount of money');
    expect(en.stderr).toContain('accounts[2].budget_status: "maybe" is not allowed; use one of: none');
    const zh = kvalue(["assess", "-", "--lang", "zh-CN"], {}, bad);
    expect(zh.stderr).toContain(
      "accounts[0].revenue_ttm：“3e6”不是金额；可以写 3000000、3,000,000、¥3,000,000、300万 或 1.2亿",
    );
    expect(englishWords(zh.stderr, ["3e6", "none", "planned", "approved", "maybe"])).toEqual([]);
  });
});
