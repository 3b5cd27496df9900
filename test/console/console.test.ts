// The local console as a user meets it: `npm start` (node dist/src/main.js) with no Slack credentials, in a fresh
// directory, so it creates ./data/kvalue.db there and loads the demo portfolio. Driven through stdin like a person:
// each answer is typed when its prompt appears. dist/ is built by test/global-setup.ts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../store/support.js";
import { cleanEnv, Session, withStore } from "./session.js";
import { createAccount } from "../../src/features/accounts/service.js";
import { createServiceDeps } from "../../src/features/deps.js";
import { resolveScope } from "../../src/features/teams/scope.js";
import { createTeam, ensureWorkspace } from "../../src/features/teams/service.js";

const BIN = path.join(repoRoot, "bin/kvalue.js");
const DSJ = "东江省大数据管理局";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-console-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm start without Slack credentials: the local console", () => {
  it("on first run creates ./data/kvalue.db, loads the demo and prints the matrix and the funnel", async () => {
    const s = new Session(dir);
    const first = await s.prompt();
    expect(first).toContain("（演示数据）华东政企一部：31 个客户");
    expect(first).toContain("== 价值客户矩阵 · 华东政企一部 ==");
    expect(first).toContain("战略客户（P1）");
    expect(first).toMatch(/华东政企一部 \d{4}：缺口/); // the funnel in one line (issue 13.15)
    expect(fs.existsSync(path.join(dir, "data/kvalue.db"))).toBe(true);
    // The demo comes with its two years of history, as `kvalue demo` loads it: calibration has deals to check.
    s.type("calibration");
    const report = await s.prompt();
    expect(Number(/商机样本 (\d+) 个/.exec(report)?.[1])).toBeGreaterThan(100);
    expect(Number(/客户样本 (\d+) 个/.exec(report)?.[1])).toBeGreaterThan(30);
    expect(report).toContain("技能分 BSS");
    s.type("exit");
    expect(await s.exited).toBe(0);
  }, 60_000);

  it("loads no demo into a database that holds a Slack workspace's accounts, and says so", async () => {
    const own = fs.mkdtempSync(path.join(dir, "slack-"));
    const actor = { workspaceId: "T0SLACK", userId: "U0BOSS", source: "slash" as const };
    await withStore(own, async (store) => {
      const deps = createServiceDeps(store, { now: () => new Date(), managers: [] });
      await ensureWorkspace(deps, actor.workspaceId);
      await createTeam(deps, actor, { channelId: "C0SALES", name: "华北一部", members: [actor.userId] });
      await createAccount(deps, actor, await resolveScope(deps, actor), { name: "北岭市大数据局" });
    });
    const s = new Session(own);
    const first = await s.prompt();
    expect(first).toContain("这个数据库里已有 Slack 工作区的客户，没有加载演示数据");
    expect(first).not.toContain("（演示数据）");
    s.type("exit");
    expect(await s.exited).toBe(0);
    expect(await withStore(own, (store) => store.db.account.count())).toBe(1);
  }, 60_000);

  it(`prints the card of ${DSJ} for /kvalue ${DSJ}, and writes facts through the numbered 'update facts' choice, re-asking invalid input`, async () => {
    const s = new Session(dir);
    const start = await s.prompt();
    expect(start).not.toContain("演示数据"); // the second run keeps the data it has
    s.type(`/kvalue ${DSJ}`);
    const card = await s.prompt();
    expect(card).toContain(`== ${DSJ} ==`);
    expect(card).toContain("战略客户");
    expect(card).toContain("资源优先级 P1");
    const choice = /\[(\d+)\] 更新信息/.exec(card);
    expect(choice).not.toBeNull();
    s.type(choice?.[1] ?? "");

    // The facts form, prompt by prompt: Enter keeps every value except two answered wrong, asked again at once,
    // then right.
    const reasked: string[] = [];
    let prompt = await s.prompt();
    expect(prompt).toContain("== 更新客户信息 ==");
    for (let i = 0; i < 60; i++) {
      if (/kvalue> $/.test(prompt)) break;
      const again = prompt.includes("! ");
      if (again) reasked.push(prompt);
      if (/近12月收入[^\n]*: $/.test(prompt)) s.type(again ? "500万" : "很多");
      else if (/毛利率[^\n]*: $/.test(prompt)) s.type(again ? "35" : "140");
      else if (/客户预算状态\n[\s\S]* {2}> $/.test(prompt)) s.type(String(prompt.match(/(\d+)\. 已立项/)?.[1] ?? ""));
      else s.type("");
      prompt = await s.prompt();
    }
    expect(reasked).toHaveLength(2);
    expect(reasked[0]).toMatch(/! 我方近12月收入[^\n]*: .*300万[^\n]*\n我方近12月收入[^\n]*: $/);
    expect(reasked[1]).toMatch(/! 毛利率[^\n]*: [^\n]*\n毛利率[^\n]*: $/);
    // The updated card comes back.
    expect(prompt).toContain(`== ${DSJ} ==`);
    s.type(`/kvalue ${DSJ}`);
    expect(await s.prompt()).toContain("我方近12月收入 500万");
    s.type("exit");
    expect(await s.exited).toBe(0);

    await withStore(dir, async ({ db }) => {
      const row = await db.account.findFirstOrThrow({ where: { name: DSJ } });
      expect([row.revenueTtm, row.grossMarginPct, row.budgetStatus]).toEqual([5_000_000n, 35, "approved"]);
      const audit = await db.factChange.findMany({ where: { accountId: row.id, source: "console" } });
      expect(audit.map((a) => a.field).sort()).toEqual(["budget_status", "gross_margin_pct", "revenue_ttm"]);
    });
  }, 60_000);

  it("answers the same commands as Slack: set, top, mine, deal, help, and a bad value changes nothing", async () => {
    const s = new Session(dir);
    await s.prompt();
    s.type("set 省大数据局 合作年限=12");
    expect(await s.prompt()).toMatch(/已更新 \S*东江省大数据管理局/);
    s.type("set 省大数据局 合作年限=很多年");
    expect(await s.prompt()).toContain("没有写入任何内容");
    s.type("top 3");
    const top = await s.prompt();
    expect(top).toContain("Top 3");
    // The console's user is a manager who plays the demo's rep 周立: their week, then the other reps'.
    s.type("mine");
    const mine = await s.prompt();
    expect(mine).toContain("团队的一周（按销售）");
    expect(mine).toContain(DSJ);
    expect(mine).toContain("陈静");
    expect(mine).toContain("在途商机（按预计成交日）");
    // A deal in place: by command, then through its menu (numbered choices) and the close-date form's prompt.
    s.type("deal 一网通办平台三期 amount=1900万");
    expect(await s.prompt()).toContain("金额 1,800万 → 1,900万");
    s.type("deal yiwangtongban");
    const line = await s.prompt();
    s.type(line.match(/\[(\d+)\] 改预计成交日…/)?.[1] ?? "");
    expect(await s.prompt()).toContain("新的预计成交日");
    s.type("2027-05-01");
    expect(await s.prompt()).toMatch(/预计成交日 \S+ → 2027年5月1日/);
    s.type("/kvalue help");
    expect(await s.prompt()).toContain("/kvalue set");
    s.type("exit");
    expect(await s.exited).toBe(0);
    await withStore(dir, async ({ db }) => {
      expect((await db.account.findFirstOrThrow({ where: { name: DSJ } })).relationshipYears).toBe(12);
      const deal = await db.opportunity.findFirstOrThrow({ where: { name: "一网通办平台三期" } });
      expect([deal.amount, deal.expectedCloseDate]).toEqual([19_000_000n, "2027-05-01"]);
      expect(await db.factChange.count({ where: { entityId: deal.id, source: "console" } })).toBe(2);
    });
  }, 60_000);

  it("ends with status 0 when the input ends", async () => {
    const s = new Session(dir);
    await s.prompt();
    s.child.stdin.end();
    expect(await s.exited).toBe(0);
  }, 60_000);
});

describe("kvalue import", () => {
  const header = "客户编号,客户名称,行业,近12月收入,预算状态\n";

  it("exits 2 naming the row and column of the one bad cell, and writes nothing", () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-import-"));
    try {
      const csv = path.join(cwd, "crm.csv");
      fs.writeFileSync(
        csv,
        `${header}A1,东江省水利厅,政务,300万,已立项\nA2,临海市交通局,政务,很多钱,规划中\nA3,江川市财政局,政务,120万,\n`,
      );
      const r = spawnSync(process.execPath, [BIN, "import", csv, "--lang", "en"], {
        cwd,
        env: cleanEnv(),
        encoding: "utf8",
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("row 3, column 近12月收入");
      expect(r.stderr).toContain("nothing was imported");
      expect(r.stdout).toBe("");
      const db = path.join(cwd, "data/kvalue.db");
      if (fs.existsSync(db)) {
        const rows = spawnSync(process.execPath, [BIN, "export", "--format", "json"], {
          cwd,
          env: cleanEnv(),
          encoding: "utf8",
        });
        expect(rows.stdout).not.toContain("东江省水利厅");
      }
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("imports a good CSV, which the console then shows", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-import-"));
    try {
      const csv = path.join(cwd, "crm.csv");
      fs.writeFileSync(csv, `\ufeff${header}A1,东江省水利厅,政务,300万,已立项\nA2,临海市交通局,政务,80万,规划中\n`);
      const r = spawnSync(process.execPath, [BIN, "import", csv, "--lang", "en"], {
        cwd,
        env: cleanEnv(),
        encoding: "utf8",
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("New: 2 accounts");
      await withStore(cwd, async ({ db }) => {
        const row = await db.account.findFirstOrThrow({ where: { name: "东江省水利厅" } });
        expect([row.revenueTtm, row.budgetStatus, row.industry]).toEqual([3_000_000n, "approved", "e_gov"]);
        // Audited as written by the CLI, naming the file it came from.
        const audit = await db.factChange.findMany({ where: { accountId: row.id } });
        expect(audit.length).toBeGreaterThan(0);
        expect(audit.every((a) => a.source === "import" && a.sourceRef === csv)).toBe(true);
      });
      const s = new Session(cwd);
      const start = await s.prompt();
      expect(start).not.toContain("演示数据"); // the workspace has accounts: no demo on top of them
      s.type("/kvalue 水利厅");
      expect(await s.prompt()).toContain("== 东江省水利厅 ==");
      s.type("exit");
      expect(await s.exited).toBe(0);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("/kvalue calibration in the console", () => {
  it("after `kvalue demo` shows the report and saves the two charts; Keep, Adopt and Revert are numbered choices, as `kvalue model` is on the command line", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-calibration-"));
    try {
      const demo = spawnSync(process.execPath, [BIN, "demo"], { cwd, env: cleanEnv(), encoding: "utf8" });
      expect(demo.status).toBe(0);
      let s = new Session(cwd);
      await s.prompt();
      s.type("/kvalue calibration");
      const report = await s.prompt(60_000);
      expect(report).toContain("== 模型校准 · 全部团队 ==");
      expect(report).toContain("当前模型版本 v1-default");
      expect(report).toContain("不建议采用，原因：训练样本少于 200 个");
      const saved = /文件已保存：(\S+\.png)\s+(\S+\.png)/.exec(report);
      expect(saved).not.toBeNull();
      for (const file of saved?.slice(1) ?? []) expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe("PNG");
      s.type("exit");
      expect(await s.exited).toBe(0);

      // A history on which the refit proposes an adoption.
      await withStore(cwd, async (store) => {
        const team = await store.db.team.findFirstOrThrow({ where: { workspaceId: "T0LOCAL" } });
        const { seedAdoptable } = await import("../calibration/support/adoptable.js");
        const asOf = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
        await seedAdoptable(store, { workspaceId: "T0LOCAL", teamId: team.id, asOf });
      });
      s = new Session(cwd);
      await s.prompt();
      s.type("calibration");
      const proposal = await s.prompt(60_000);
      const keep = /\[(\d+)\] 保持当前版本/.exec(proposal)?.[1];
      const adopt = /\[(\d+)\] 采用新版本/.exec(proposal)?.[1];
      expect(keep && adopt).toBeTruthy();
      s.type(keep ?? "");
      expect(await s.prompt()).toContain("已记录：保持模型版本 v1-default");
      s.type("calibration");
      await s.prompt(60_000);
      s.type(adopt ?? "");
      expect(await s.prompt()).toContain("采用新模型版本？");
      s.type("y");
      expect(await s.prompt(60_000)).toMatch(/已采用新模型版本 v2-\d{4}Q[1-4]（基于 v1-default）/);
      s.type("matrix");
      expect(await s.prompt()).toMatch(/模型版本 v2-\d{4}Q[1-4]/);
      // The versions screen: its Revert is a numbered choice with Slack's confirm dialog as a question.
      s.type("calibration versions");
      const versions = await s.prompt();
      expect(versions).toMatch(/当前版本：v2-\d{4}Q[1-4]/);
      const revert = /\[(\d+)\] 回退到 v1-default/.exec(versions)?.[1];
      expect(revert).toBeTruthy();
      s.type(revert ?? "");
      expect(await s.prompt()).toContain("更换当前模型版本？");
      s.type("y");
      expect(await s.prompt(60_000)).toMatch(/已回退：模型版本 v1-default 重新生效（替换 v2-\d{4}Q[1-4]）/);
      s.type("exit");
      expect(await s.exited).toBe(0);
      await withStore(cwd, async ({ db }) => {
        expect(await db.modelVersion.count({ where: { workspaceId: "T0LOCAL" } })).toBe(3);
        expect(
          await db.factChange.count({ where: { workspaceId: "T0LOCAL", entity: "model_version", source: "console" } }),
        ).toBe(2);
      });

      // The CLI lists the same versions and puts the adopted one back by its label.
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [BIN, "--lang", "en", "model", ...args], {
          cwd,
          env: cleanEnv(),
          encoding: "utf8",
        });
      const listed = cli();
      expect(listed.status).toBe(0);
      expect(listed.stdout).toMatch(/In force: v1-default\n.*put v1-default back in force \(over v2-\d{4}Q[1-4]\)/s);
      expect(listed.stdout).toContain("Put a version back in force: kvalue model --revert LABEL");
      const label = /adopted (v2-\d{4}Q[1-4])/.exec(listed.stdout)?.[1] ?? "?";
      const back = cli("--revert", label);
      expect([back.status, back.stdout]).toEqual([
        0,
        expect.stringContaining(`Model version ${label} is back in force`),
      ]);
      const again = cli("--revert", label);
      expect([again.status, again.stderr]).toEqual([2, `${label} is already in force.\n`]);
      await withStore(cwd, async ({ db }) => {
        expect(await db.factChange.count({ where: { entity: "model_version", source: "cli" } })).toBe(1);
      });
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 180_000);
});
