// `kvalue backup` / `kvalue restore` (issue 12 item 4): SQLite → PostgreSQL → SQLite loses nothing, compared table by
// table and row by row through the Prisma clients (not through the backup code). Every model must hold rows in the
// seed (seed.ts), so a model added later is covered or this test names it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../prisma/sqlite/generated/client.js";
import type { CliIo } from "../../src/cli/command.js";
import { run } from "../../src/cli/run.js";
import { loadDataModel } from "../../src/features/backup/datamodel.js";
import { migrate, openStore, type Store } from "../../src/store/index.js";
import { checkPostgres, newDatabase, sqliteDatabase, type TestDatabase } from "../store/support.js";
import { seedEveryModel, WS_A, WS_B } from "./seed.js";

const pg = await checkPostgres();
const MODELS = Object.values(Prisma.ModelName);
type Row = Record<string, unknown>;
const delegate = (store: Store, model: string) =>
  (store.db as unknown as Record<string, { findMany(): Promise<Row[]>; count(): Promise<number> }>)[
    model.charAt(0).toLowerCase() + model.slice(1)
  ] ?? expect.fail(`no delegate for ${model}`);

/** A row as comparable text: BigInt and Date kept distinct from strings and numbers. */
const canonical = (row: Row): string =>
  JSON.stringify(row, (_k, v: unknown) =>
    typeof v === "bigint" ? `bigint:${v}` : v instanceof Date ? `date:${v.toISOString()}` : v,
  );

/** Every table of the database: model → its rows as canonical text, sorted. */
async function tables(url: string): Promise<Record<string, string[]>> {
  const store = await openStore(url);
  try {
    const out: Record<string, string[]> = {};
    for (const model of MODELS) out[model] = (await delegate(store, model).findMany()).map(canonical).sort();
    return out;
  } finally {
    await store.close();
  }
}

async function migrationSteps(url: string): Promise<string[]> {
  const store = await openStore(url);
  try {
    const rows = await store.db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name"`,
    );
    return rows.map((r) => r.migration_name.replace(/^\d+_/, ""));
  } finally {
    await store.close();
  }
}

/** `kvalue ARGS` in this process with DATABASE_URL = url. */
async function kvalue(url: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = {
    readText: async () => "",
    readBytes: async () => new Uint8Array(),
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  };
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    return { code: await run(args, io), out, err };
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-backup-"));
const file = (name: string) => path.join(dir, name);
const dbs: TestDatabase[] = [];
const sqlite = (): TestDatabase => {
  const d = sqliteDatabase();
  dbs.push(d);
  return d;
};
let source: TestDatabase;
let seeded: Record<string, string[]>;

beforeAll(async () => {
  source = sqlite();
  const store = await openStore(source.url);
  try {
    await migrate(store);
    await seedEveryModel(store);
  } finally {
    await store.close();
  }
  seeded = await tables(source.url);
}, 180_000);

afterAll(async () => {
  for (const d of dbs) await d.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("kvalue backup / restore", () => {
  it("has seed rows in every model (add rows for a new model to test/ops/seed.ts)", () => {
    const empty = MODELS.filter((m) => (seeded[m]?.length ?? 0) === 0);
    expect(empty, `models without rows in the seed: ${empty.join(", ")}`).toEqual([]);
    // The backup's generated data model lists the same models as the client (a stale one: npm run db:generate).
    expect(
      loadDataModel("sqlite")
        .models.map((m) => m.name)
        .sort(),
    ).toEqual([...MODELS].sort());
    expect(
      loadDataModel("postgresql")
        .models.map((m) => m.name)
        .sort(),
    ).toEqual([...MODELS].sort());
  });

  it.skipIf(!pg.available)(
    "round trip SQLite → PostgreSQL → SQLite loses nothing: every table, row by row",
    async () => {
      const middle = await newDatabase("postgresql");
      dbs.push(middle);
      const back = sqlite();

      const b1 = await kvalue(source.url, "backup", file("one.jsonl"));
      expect(b1.err).toBe("");
      expect(b1.code).toBe(0);
      const total = Object.values(seeded).reduce((s, rows) => s + rows.length, 0);
      expect(b1.out).toContain(`backed up ${total} rows of ${MODELS.length} models`);

      const r1 = await kvalue(middle.url, "restore", file("one.jsonl"));
      expect(r1.err).toBe("");
      expect(r1.code).toBe(0);
      expect(await tables(middle.url)).toEqual(seeded);

      // gzip on the way back, chosen by the file name
      const b2 = await kvalue(middle.url, "backup", file("two.jsonl.gz"));
      expect(b2.code).toBe(0);
      expect(fs.readFileSync(file("two.jsonl.gz")).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      const r2 = await kvalue(back.url, "restore", file("two.jsonl.gz"));
      expect(r2.err).toBe("");
      expect(r2.code).toBe(0);

      const after = await tables(back.url);
      for (const model of MODELS) expect(after[model], model).toEqual(seeded[model]);
      expect(await migrationSteps(back.url)).toEqual(await migrationSteps(source.url));
      expect(await migrationSteps(middle.url)).toEqual(await migrationSteps(source.url));
    },
    300_000,
  );

  it("writes a versioned header with the migrations, and one section per model", async () => {
    const b = await kvalue(source.url, "backup", file("header.jsonl"));
    expect(b.code).toBe(0);
    const lines = fs.readFileSync(file("header.jsonl"), "utf8").trimEnd().split("\n");
    const header = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    expect(header).toMatchObject({ kvalue: "backup", format: 1, provider: "sqlite", workspace: null });
    expect((header.migrations as string[]).map((m) => m.replace(/^\d+_/, ""))).toEqual(
      await migrationSteps(source.url),
    );
    expect([...(header.models as string[])].sort()).toEqual([...MODELS].sort());
    expect(JSON.parse(lines.at(-1) ?? "")).toEqual({
      end: "backup",
      rows: Object.values(seeded).reduce((s, r) => s + r.length, 0),
    });
    // Parents come before children, so foreign keys hold at every insert.
    const order = header.models as string[];
    expect(order.indexOf("Workspace")).toBeLessThan(order.indexOf("Account"));
    expect(order.indexOf("Opportunity")).toBeLessThan(order.indexOf("StageChange"));
    expect(order.indexOf("DigestSubscription")).toBeLessThan(order.indexOf("DigestRun"));
  });

  it("writes the backup owner-only (0600): it holds the installations' tokens, also over a leftover partial file", async () => {
    const modeOf = (name: string) => (fs.statSync(file(name)).mode & 0o777).toString(8);
    const b = await kvalue(source.url, "backup", file("private.jsonl.gz"));
    expect(b.code).toBe(0);
    expect(modeOf("private.jsonl.gz")).toBe("600");
    // An interrupted backup's partial file (0644, from before) is reused: its mode is tightened too.
    fs.writeFileSync(file("stale.jsonl.partial"), "");
    fs.chmodSync(file("stale.jsonl.partial"), 0o644);
    expect((await kvalue(source.url, "backup", file("stale.jsonl"))).code).toBe(0);
    expect(modeOf("stale.jsonl")).toBe("600");
  });

  it("--workspace writes that workspace's rows only, and every one of them", async () => {
    const b = await kvalue(source.url, "backup", file("bravo.jsonl"), "--workspace", WS_B);
    expect(b.err).toBe("");
    expect(b.code).toBe(0);
    const target = sqlite();
    const r = await kvalue(target.url, "restore", file("bravo.jsonl"));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const got = await tables(target.url);
    for (const model of MODELS) {
      // nothing invented: each restored row is a row of the source
      for (const row of got[model] ?? []) expect(seeded[model], model).toContain(row);
      for (const row of got[model] ?? []) expect(row, model).not.toContain(WS_A);
    }
    expect(got.Workspace).toHaveLength(1);
    expect(got.Workspace?.[0]).toContain(WS_B);
    // the second workspace's own rows all came along, and its children through their parents
    for (const model of ["Team", "Account", "UserPref", "Conversation", "ProcessedEvent"]) {
      expect(got[model], model).toEqual((seeded[model] ?? []).filter((row) => row.includes(`"${WS_B}"`)));
    }
    for (const model of ["TeamMember", "Note"]) expect(got[model]?.length, model).toBeGreaterThan(0);

    const unknown = await kvalue(source.url, "backup", file("nobody.jsonl"), "--workspace", "T0NOBODY");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("no workspace T0NOBODY");
    expect(fs.existsSync(file("nobody.jsonl"))).toBe(false);
  });

  it("refuses a database that is not empty, and changes nothing", async () => {
    await kvalue(source.url, "backup", file("again.jsonl"));
    const r = await kvalue(source.url, "restore", file("again.jsonl"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the database is not empty: Workspace \(2\), .*restore only into an empty database/);
    expect(await tables(source.url)).toEqual(seeded);
  });

  it("says why a file cannot be written or read back (no such folder, a .gz cut short), writing nothing", async () => {
    const nowhere = path.join(dir, "no-such-folder", "x.jsonl.gz");
    const unwritable = await kvalue(source.url, "backup", nowhere);
    expect([unwritable.code, unwritable.err]).toEqual([1, `kvalue backup: cannot write ${nowhere} (ENOENT)\n`]);
    await kvalue(source.url, "backup", file("whole.jsonl.gz"));
    fs.writeFileSync(file("cut.jsonl.gz"), fs.readFileSync(file("whole.jsonl.gz")).subarray(0, 2000));
    const target = sqlite();
    const cut = await kvalue(target.url, "restore", file("cut.jsonl.gz"));
    expect(cut.code).toBe(2);
    expect(cut.err).toContain("kvalue restore: the file is not a whole gzip backup (unexpected end of file)");
    expect(cut.err).toContain("nothing was restored");
    expect(Object.values(await tables(target.url)).flat()).toEqual([]);
  });

  it("restores a backup made before a migration dropped a column (AccountAlias.id before alias_key)", async () => {
    await kvalue(source.url, "backup", file("now.jsonl"));
    const lines = fs.readFileSync(file("now.jsonl"), "utf8").trimEnd().split("\n");
    const header = JSON.parse(lines[0] ?? "") as { migrations: string[] };
    const start = lines.findIndex((l) => l.startsWith('{"model":"AccountAlias"'));
    const end = lines.findIndex((l) => l.startsWith('{"end":"AccountAlias"'));
    const section = JSON.parse(lines[start] ?? "") as { columns: string[] };
    expect(section.columns).not.toContain("id");
    // The same rows as the version before alias_key wrote them: an id column first.
    const old = lines.map((line, i) => {
      if (i === 0)
        return JSON.stringify({ ...header, migrations: header.migrations.filter((m) => !m.endsWith("_alias_key")) });
      if (i === start) return JSON.stringify({ ...section, columns: ["id", ...section.columns] });
      if (i > start && i < end) return JSON.stringify([`alias-${i}`, ...(JSON.parse(line) as unknown[])]);
      return line;
    });
    expect(end - start - 1).toBeGreaterThan(5);
    fs.writeFileSync(file("before-alias-key.jsonl"), old.join("\n"));
    const target = sqlite();
    const r = await kvalue(target.url, "restore", file("before-alias-key.jsonl"));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(await tables(target.url)).toEqual(seeded);

    // A backup that names alias_key has no such column: one there is refused, and nothing is restored.
    const stray = [...old];
    stray[0] = lines[0] ?? "";
    fs.writeFileSync(file("stray-column.jsonl"), stray.join("\n"));
    const other = sqlite();
    const bad = await kvalue(other.url, "restore", file("stray-column.jsonl"));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`line ${start + 1}: AccountAlias has no field id`);
    for (const [model, rows] of Object.entries(await tables(other.url))) expect(rows, model).toEqual([]);
  });

  it("pages a table keyed by two columns past a page of rows (AccountAlias: account, key)", async () => {
    const many = sqlite();
    const store = await openStore(many.url);
    try {
      await migrate(store);
      await seedEveryModel(store);
      const account = await store.db.account.findFirstOrThrow({ select: { id: true } });
      // Keys that sort around the rows the seed has, past two pages of the backup (2,000 rows).
      const data = Array.from({ length: 4_500 }, (_, i) => ({
        accountId: account.id,
        alias: `别名${i}`,
        normalized: `k${String(i % 1500).padStart(4, "0")}${"abc"[Math.floor(i / 1500)]}`,
      }));
      await store.db.accountAlias.createMany({ data });
    } finally {
      await store.close();
    }
    const before = await tables(many.url);
    expect(before.AccountAlias?.length).toBe((seeded.AccountAlias?.length ?? 0) + 4_500);
    const b = await kvalue(many.url, "backup", file("many.jsonl"));
    expect(b.code).toBe(0);
    const back = sqlite();
    const r = await kvalue(back.url, "restore", file("many.jsonl"));
    expect(r.err).toBe("");
    expect(await tables(back.url)).toEqual(before);
  });

  for (const kind of ["sqlite", "postgresql"] as const) {
    it.skipIf(kind === "postgresql" && !pg.available)(
      `a cut-off or damaged file fails cleanly on ${kind}: nothing restored, the place named`,
      async () => {
        await kvalue(source.url, "backup", file("whole.jsonl"));
        const lines = fs.readFileSync(file("whole.jsonl"), "utf8").split("\n");
        fs.writeFileSync(file("cut.jsonl"), lines.slice(0, Math.floor(lines.length * 0.8)).join("\n"));
        // a BigInt column of the first account holding text
        const at = lines.findIndex((l) => l.startsWith('{"model":"Account"')) + 1;
        const columns = (JSON.parse(lines[at - 1] ?? "") as { columns: string[] }).columns;
        const row = JSON.parse(lines[at] ?? "") as unknown[];
        row[columns.indexOf("revenueTtm")] = "一千万";
        const damaged = [...lines];
        damaged[at] = JSON.stringify(row);
        fs.writeFileSync(file("damaged.jsonl"), damaged.join("\n"));

        const target = kind === "sqlite" ? sqlite() : await newDatabase("postgresql");
        if (kind === "postgresql") dbs.push(target);
        const cut = await kvalue(target.url, "restore", file("cut.jsonl"));
        expect(cut.code).toBe(2);
        expect(cut.err).toContain("it is cut off; nothing was restored");
        const bad = await kvalue(target.url, "restore", file("damaged.jsonl"));
        expect(bad.code).toBe(2);
        expect(bad.err).toContain(`line ${at + 1}: Account.revenueTtm: "一千万" is not a BigInt`);
        for (const [model, rows] of Object.entries(await tables(target.url))) expect(rows, model).toEqual([]);
      },
      120_000,
    );
  }
});
