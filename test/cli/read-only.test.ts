// The commands that only read write nothing: run on a fresh DATABASE_URL, `export` (every kind), `model`,
// `import --dry-run`, `stages` and `calibrate --from-db` answer as for an empty team and leave the database empty, so
// a `kvalue restore` into it afterwards is not refused as "not empty". In-process on real SQLite files.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma } from "../../prisma/sqlite/generated/client.js";
import { openStore } from "../../src/store/index.js";
import { kvalue } from "../support/cli.js";

// Each command opens and migrates the database: slow on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

let dir: string;
let saved: string | undefined;
let demoExport: string;

/** Points the CLI at a database file of the test's directory (created and migrated on first use). */
const useDb = (name: string): void => {
  process.env.DATABASE_URL = `file:${path.join(dir, `${name}.db`)}`;
};

const file = (name: string, text: string): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

/** The models of the database of DATABASE_URL that hold rows, as "Model (n)". */
async function filledTables(): Promise<string[]> {
  const store = await openStore(process.env.DATABASE_URL);
  try {
    const db = store.db as unknown as Record<string, { count(): Promise<number> }>;
    const filled: string[] = [];
    for (const model of Object.values(Prisma.ModelName)) {
      const n = (await db[model.charAt(0).toLowerCase() + model.slice(1)]?.count()) ?? expect.fail(model);
      if (n > 0) filled.push(`${model} (${n})`);
    }
    return filled;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-cli-read-only-"));
  saved = process.env.DATABASE_URL;
  useDb("demo");
  expect((await kvalue("demo")).status).toBe(0);
  const backup = await kvalue("backup", path.join(dir, "backup.json.gz"));
  expect([backup.status, backup.stderr]).toEqual([0, ""]);
  demoExport = (await kvalue("export", "--kind", "accounts", "--format", "json")).stdout;
}, 120_000);
afterAll(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("read-only commands on a fresh database", () => {
  it("export every kind as for an empty team, and write nothing", async () => {
    useDb("export");
    const matrix = await kvalue("export", "--lang", "en");
    expect([matrix.status, matrix.stderr]).toEqual([0, ""]);
    expect(matrix.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(matrix.stdout).toContain("Account ID,Account,Industry");
    const json = await kvalue("export", "--kind", "accounts", "--format", "json");
    expect([json.status, json.stderr]).toEqual([0, ""]);
    expect(JSON.parse(json.stdout)).toEqual({ accounts: [] });
    for (const kind of ["accounts", "segments", "contacts", "needs", "opportunities"]) {
      const r = await kvalue("export", "--kind", kind);
      expect([r.status, r.stderr], kind).toEqual([0, ""]);
      expect(r.stdout.trimEnd().split("\n"), kind).toHaveLength(1);
    }
    // A team named that is not there is refused as before, naming the team the local user would have.
    const unknown = await kvalue("export", "--team", "华东");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('No team "华东" (teams you can see: 默认团队)');
    expect(await filledTables()).toEqual([]);
  });

  it("model lists the default version in force, and writes nothing", async () => {
    useDb("model");
    const r = await kvalue("model");
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain("In force: v1-default");
    expect(await filledTables()).toEqual([]);
  });

  it("import --dry-run reports what the import would create in 默认团队, and writes nothing", async () => {
    useDb("dry-run");
    const csv = file("w1.csv", "客户编号,客户名称,行业\nC-1,东江省水利厅,政务\nC-2,临海市交通局,政务\n");
    const r = await kvalue("import", csv, "--dry-run");
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain(`Dry run of ${csv} into 默认团队: nothing was written`);
    expect(r.stdout).toContain("New: 2 accounts (0 contacts, 0 needs, 0 opportunities)");
    expect(await filledTables()).toEqual([]);
  });

  it("stages and calibrate --from-db show an empty team's answer, and write nothing", async () => {
    useDb("stages");
    const stages = await kvalue("stages");
    expect([stages.status, stages.stderr]).toEqual([0, ""]);
    expect(stages.stdout).toContain("默认团队 has no stage map");
    const calibrate = await kvalue("calibrate", "--from-db");
    expect([calibrate.status, calibrate.stderr]).toEqual([0, ""]);
    expect(JSON.parse(calibrate.stdout)).toMatchObject({ model_version: "v1-default", stage: { n: 0 } });
    expect(await filledTables()).toEqual([]);
  });

  it("leave the database empty for a restore: export, model and a dry run, then restore succeeds", async () => {
    useDb("restore");
    const csv = file("w2.csv", "客户编号,客户名称\nC-1,东江省水利厅\n");
    for (const args of [["export"], ["export", "--kind", "segments"], ["model"], ["import", csv, "--dry-run"]]) {
      const r = await kvalue(...args);
      expect([r.status, r.stderr], args.join(" ")).toEqual([0, ""]);
    }
    const restored = await kvalue("restore", path.join(dir, "backup.json.gz"));
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    expect((await kvalue("export", "--kind", "accounts", "--format", "json")).stdout).toBe(demoExport);
  });

  it("a command that writes still creates the local workspace and 默认团队 (import without --dry-run)", async () => {
    useDb("write");
    const r = await kvalue("import", file("w3.csv", "客户编号,客户名称\nC-1,东江省水利厅\n"));
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain("into 默认团队");
    expect(await filledTables()).toEqual(expect.arrayContaining(["Workspace (1)", "Team (1)", "Account (1)"]));
  });
});
