// The CLI's messages follow the user's language (issue 13, item 12): `kvalue import` speaks the language of
// --lang, else of KVALUE_DEFAULT_LOCALE / LANG; `kvalue assess` reads money and enum values written as the CSV
// import and /kvalue set read them. The real bin/kvalue.js in a child process, on a fresh SQLite file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../store/support.js";

const BIN = path.join(repoRoot, "bin/kvalue.js");
let dir: string;

function kvalue(args: string[], env: Record<string, string>, input?: string) {
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

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-cli-locale-"));
  fs.writeFileSync(
    path.join(dir, "crm.csv"),
    "客户编号,客户名称,近12月收入,预算状态,毛利率\nA1,东江省水利厅,很多钱,已立项,25%\nA2,临海市交通局,80万,也许,abc\n",
  );
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("kvalue import: refused cells in the user's language", () => {
  it("zh-CN from KVALUE_DEFAULT_LOCALE: every cell error in Chinese, nothing in English", () => {
    const r = kvalue(["import", "crm.csv"], { KVALUE_DEFAULT_LOCALE: "zh-CN" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("第 2 行");
    expect(r.stderr).toContain("“很多钱”不是金额");
    expect(r.stderr).toContain("“也许”不是可选的值；可选：无预算（none）");
    expect(r.stderr).toContain("“abc”不是百分比");
    expect(r.stderr).not.toMatch(/is not an amount|is not allowed|is not a percentage/);
  });

  it("zh-CN from LANG=zh_CN.UTF-8 as well", () => {
    const r = kvalue(["import", "crm.csv"], { LANG: "zh_CN.UTF-8" });
    expect(r.stderr).toContain("“很多钱”不是金额");
  });

  it("--lang en wins over the environment", () => {
    const r = kvalue(["import", "crm.csv", "--lang", "en"], { KVALUE_DEFAULT_LOCALE: "zh-CN" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("“很多钱” is not an amount of money");
    expect(r.stderr).toContain("“也许” is not allowed; use one of: none (");
    expect(r.stderr).not.toContain("不是金额");
  });
});

describe("kvalue assess: the same money and enum forms as the CSV import and /kvalue set", () => {
  const account = (facts: Record<string, unknown>) =>
    JSON.stringify({ as_of: "2026-06-30", accounts: [{ id: "a1", name: "东江省水利厅", ...facts }] });

  it("300万, ¥3,000,000, 25% and 已立项 give the same result as 3000000, 3000000, 25 and approved", () => {
    const friendly = kvalue(
      ["assess", "-"],
      {},
      account({
        revenue_ttm: "300万",
        wallet_annual: "¥3,000,000",
        gross_margin_pct: "25%",
        budget_status: "已立项",
      }),
    );
    const contract = kvalue(
      ["assess", "-"],
      {},
      account({
        revenue_ttm: 3_000_000,
        wallet_annual: 3_000_000,
        gross_margin_pct: 25,
        budget_status: "approved",
      }),
    );
    expect(friendly.stderr).toBe("");
    expect(friendly.status).toBe(0);
    expect(contract.status).toBe(0);
    expect(JSON.parse(friendly.stdout)).toEqual(JSON.parse(contract.stdout));
  });

  it("a value in no accepted form is refused with its path and the forms it accepts", () => {
    const r = kvalue(["assess", "-"], {}, account({ revenue_ttm: "很多", budget_status: "maybe" }));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('accounts[0].revenue_ttm: "很多" is not an amount of money; write yuan as 3000000');
    expect(r.stderr).toContain('accounts[0].budget_status: "maybe" is not allowed; use one of: none');
  });
});
