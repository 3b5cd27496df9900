// `import path.csv` in the local console (issue 11.6): the same dry run as a file sent to the bot in Slack, with
// the Import button as a numbered choice; choosing it imports. Driven in-process through runConsole's streams on a
// real SQLite database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConsole } from "../../src/console/console.js";
import { openHarness, type Harness } from "../services/harness.js";

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await openHarness("sqlite");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-console-import-"));
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the console over `lines` (typed one after another) and returns everything it printed. */
async function session(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (d: Buffer) => {
    out += d.toString("utf8");
  });
  input.end(`${lines.join("\n")}\n`);
  await runConsole({ deps: h.deps, input, output, defaultLocale: "en", overview: false });
  return out;
}

describe("import in the console", () => {
  it("shows the dry run, writes nothing until the Import choice, then imports", async () => {
    const file = path.join(dir, "crm.csv");
    fs.writeFileSync(file, "客户编号,客户名称,行业,近12月收入\nXSY-9,东江省水利厅,政务,300万\n");
    const dry = await session([`import ${file}`]);
    expect(dry).toContain(`Dry run of ${file} into`);
    expect(dry).toContain("New: 1 account");
    expect(dry).toMatch(/\[(\d+)\] Import/);
    expect(await h.store.db.account.count({ where: { crmId: "XSY-9" } })).toBe(0);

    const n = /\[(\d+)\] Import/.exec(dry)?.[1] ?? "";
    const real = await session([`/kvalue import ${file}`, n]);
    expect(real).toContain(`Imported ${file} into`);
    const row = await h.store.db.account.findFirstOrThrow({ where: { crmId: "XSY-9" } });
    expect(row.revenueTtm).toBe(3_000_000n);
    const audit = await h.store.db.factChange.findMany({ where: { accountId: row.id } });
    expect(audit.every((a) => a.source === "import" && a.sourceRef === file)).toBe(true);
  });

  it("says that a missing file cannot be read", async () => {
    const out = await session([`import ${path.join(dir, "nope.csv")}`]);
    expect(out).toContain("nope.csv: ENOENT");
  });
});
