// Issue 11.5: restoring an export into an empty team loses nothing. In-process on real SQLite files: every kind of the
// demo (accounts, contacts, needs, opportunities, segments; CSV and JSON) is exported, imported into a fresh database
// and exported again, and the two exports must be the same text; importing the files back reports 0 changes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kvalue } from "../support/cli.js";

const KINDS = ["accounts", "segments", "contacts", "needs", "opportunities"] as const;
const FORMATS = ["csv", "json"] as const;
type Exports = Map<string, string>;

let dir: string;
let saved: string | undefined;
let original: Exports;

/** Points the CLI at a database file of the test's directory (created and migrated on first use). */
const useDb = (name: string): void => {
  process.env.DATABASE_URL = `file:${path.join(dir, `${name}.db`)}`;
};

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

async function exportAll(): Promise<Exports> {
  const out: Exports = new Map();
  // Contacts, needs and opportunities are CSV only (in JSON they are nested in the accounts).
  for (const kind of KINDS)
    for (const format of kind === "accounts" || kind === "segments" ? FORMATS : (["csv"] as const)) {
      const r = await kvalue("export", "--kind", kind, "--format", format, "--lang", "en");
      expect([r.status, r.stderr]).toEqual([0, ""]);
      out.set(`${kind}.${format}`, r.stdout);
    }
  return out;
}

type AccountsJson = { accounts: { id: string; aliases?: string[]; contacts: { win_result?: string }[] }[] };
const aliasesOf = (exports: Exports, id: string): string[] | undefined =>
  (JSON.parse(exports.get("accounts.json") ?? "") as AccountsJson).accounts.find((a) => a.id === id)?.aliases;

async function importOk(name: string, kind: string): Promise<string> {
  const p = path.join(dir, name);
  fs.writeFileSync(p, original.get(name) ?? "");
  const r = await kvalue("import", p, "--kind", kind, "--lang", "en");
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-cli-roundtrip-"));
  saved = process.env.DATABASE_URL;
  useDb("demo");
  expect((await kvalue("demo")).status).toBe(0);
  // The demo's deals have no CRM owner: give one an owner through the opportunities file, as a CRM export would.
  const opps = await kvalue("export", "--kind", "opportunities", "--lang", "en");
  const rows = parse(opps.stdout.replace(/^\uFEFF/, "")) as string[][];
  const owner = rows[0]?.indexOf("owner") ?? -1;
  const first = rows[1];
  expect(owner).toBeGreaterThan(0);
  if (first) first[owner] = "U0DEALOWNER";
  const owned = await kvalue("import", file("owned.csv", stringify(rows)), "--kind", "opportunities");
  expect(owned.stdout).toContain("Changed: 1 opportunity, 1 field");
  original = await exportAll();
}, 120_000);
afterAll(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("export → import into an empty database → export", () => {
  it("keeps the aliases people gave an account (not its pinyin keys or CRM id), in CSV and JSON", () => {
    expect(aliasesOf(original, "DJ-DSJ")).toEqual(["DJ Big Data Bureau", "东江大数据局", "省大数据局"]);
    const json = JSON.parse(original.get("accounts.json") ?? "") as AccountsJson;
    const dsj = json.accounts.find((a) => a.id === "DJ-DSJ");
    expect(dsj?.contacts.some((c) => c.win_result === "年内完成省级一网通办考核")).toBe(true);
    const csv = parse((original.get("accounts.csv") ?? "").replace(/^\uFEFF/, ""), { columns: true }) as Record<
      string,
      string
    >[];
    expect(csv.find((r) => r.id === "DJ-DSJ")?.aliases).toBe("DJ Big Data Bureau；东江大数据局；省大数据局");
  });

  it("carries every field of the opportunities file in the accounts JSON", () => {
    const json = JSON.parse(original.get("accounts.json") ?? "") as { accounts: { opportunities: object[] }[] };
    const opps = json.accounts.flatMap((a) => a.opportunities) as Record<string, unknown>[];
    const header = parse((original.get("opportunities.csv") ?? "").replace(/^\uFEFF/, ""), { to: 1 }) as string[][];
    // The file's columns by field name (its English headers), less the account's keys and the part's own id.
    const fields = (header[0] ?? []).filter((h) => !["account_id", "account_name", "opportunity_id"].includes(h));
    const named = fields.map((h) => (h === "opportunity_name" ? "name" : h));
    for (const o of opps) expect(Object.keys(o)).toEqual(expect.arrayContaining(named));
    expect(opps.filter((o) => o.owner === "U0DEALOWNER")).toHaveLength(1);
    expect(opps.some((o) => typeof o.final_amount === "number" && o.project_type !== null)).toBe(true);
  });

  it("restores the JSON files into an empty database with every export the same", async () => {
    useDb("from-json");
    expect(await importOk("accounts.json", "accounts")).toContain("New: 31 accounts");
    expect(await importOk("segments.json", "segments")).toContain("New: 3 segments");
    const again = await exportAll();
    for (const name of original.keys()) expect(again.get(name), name).toBe(original.get(name));
    expect(await importOk("accounts.json", "accounts")).toContain("Changed: 0 accounts, 0 fields");
    expect(await importOk("segments.json", "segments")).toContain("Changed: 0 segments, 0 fields");
  }, 120_000);

  it("restores the CSV files into an empty database with every CSV export the same", async () => {
    useDb("from-csv");
    expect(await importOk("accounts.csv", "accounts")).toContain("New: 31 accounts");
    for (const kind of KINDS.slice(1)) expect(await importOk(`${kind}.csv`, kind)).toContain("New: ");
    const again = await exportAll();
    for (const kind of KINDS) expect(again.get(`${kind}.csv`), kind).toBe(original.get(`${kind}.csv`));
    // The restored accounts are still found by their aliases (the CSV's 别名 column).
    expect(aliasesOf(again, "DJ-DSJ")).toEqual(["DJ Big Data Bureau", "东江大数据局", "省大数据局"]);
    for (const kind of KINDS) expect(await importOk(`${kind}.csv`, kind)).toMatch(/Changed: 0 [a-z]+, 0 fields/);
  }, 120_000);

  it("names no field as a hint for itself", async () => {
    useDb("hint");
    const bad = file(
      "owner.json",
      JSON.stringify({ accounts: [{ name: "甲", contacts: [{ id: "C1", owner: "U1" }] }] }),
    );
    const r = await kvalue("import", bad, "--lang", "en");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown field "owner"');
    expect(r.stderr).not.toContain('did you mean "owner"');
  });
});
