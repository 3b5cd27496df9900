// The real `kvalue` binary (bin/kvalue.js → dist, built by test/global-setup.ts) against METHOD §10.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const GOLDEN = new URL("../golden/", import.meta.url);
const golden = (name: string): string => fileURLToPath(new URL(name, GOLDEN));

function kvalue(args: string[], stdin?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["bin/kvalue.js", ...args], {
    cwd: ROOT,
    input: stdin ?? "",
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const expected = (name: string): unknown => JSON.parse(readFileSync(golden(`${name}.expected.json`), "utf8"));
/** Every golden pair; the command is the name's prefix, so a new pair is run without editing this file. */
const PAIRS = readdirSync(GOLDEN)
  .filter((f) => f.endsWith(".input.json"))
  .map((f) => f.replace(".input.json", ""))
  .sort();

describe("kvalue assess|funnel|bridge|calibrate (METHOD §10)", () => {
  it("runs at least the golden pair of every §10 command", () => {
    expect(PAIRS).toEqual(
      expect.arrayContaining(["assess-abc", "assess-edge", "bridge-2025w28", "calibrate-example", "funnel-2025"]),
    );
  });

  for (const name of PAIRS) {
    it(`prints ${name}.expected.json for ${name}.input.json`, () => {
      const r = kvalue([name.split("-")[0] ?? "", golden(`${name}.input.json`)]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toStrictEqual(expected(name));
    });
  }

  it("reads standard input with - and with no file argument", () => {
    const input = readFileSync(golden("funnel-2025.input.json"), "utf8");
    for (const args of [["funnel", "-"], ["funnel"]]) {
      const r = kvalue(args, input);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toStrictEqual(expected("funnel-2025"));
    }
  });
});

describe("kvalue on bad input", () => {
  it("exits 2 and names the JSON path of a wrong enum value, printing nothing on stdout", () => {
    const input = { accounts: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d", budget_status: "maybe" }] };
    const r = kvalue(["assess", "-"], JSON.stringify(input));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    // Read as the CSV import reads it (issue 13.12), so the message names every accepted form.
    expect(r.stderr).toContain(
      'accounts[3].budget_status: "maybe" is not allowed; use one of: none（无预算）, planned',
    );
  });

  it("lists every problem with its place: types, ranges, required fields, dates", () => {
    const input = {
      as_of: "2025-02-30",
      accounts: [{ id: "a", revenue_ttm: "lots", contacts: [{ id: "c1", role: "coach", attitude: 5 }] }],
    };
    const r = kvalue(["assess"], JSON.stringify(input));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n");
    expect(lines).toContain("as_of: not a calendar date");
    expect(r.stderr).toContain('accounts[0].revenue_ttm: "lots" is not an amount of money; write yuan as 3000000');
    expect(lines).toContain("accounts[0].contacts[0].influence: required: expected one of high|medium|low");
    expect(lines).toContain("accounts[0].contacts[0].attitude: must be ≤ 2 (got 5)");
  });

  it("places a JSON syntax error at its line and column", () => {
    const r = kvalue(["funnel", "-"], '{\n  "as_of": "2025-06-30",\n}');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/\(input\):3:1: invalid JSON/);
  });

  it("rejects an opportunity id that appears twice in one snapshot", () => {
    const opp = { id: "O-1", stage: "S1", amount: 1, expected_close_date: "2025-11-30" };
    const input = {
      period_end: "2025-12-31",
      previous: { as_of: "2025-06-30", opportunities: [opp, opp] },
      current: { as_of: "2025-07-07", opportunities: [] },
    };
    const r = kvalue(["bridge"], JSON.stringify(input));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('previous.opportunities[1].id: duplicate id "O-1" (first at previous.opportunities[0])');
  });

  it("bridge: refuses a current snapshot older than the previous one (swapped), in both languages", () => {
    const opp = { id: "O-1", stage: "S3", amount: 1_000_000, expected_close_date: "2025-11-30" };
    const input = {
      period_end: "2025-12-31",
      previous: { as_of: "2025-07-07", opportunities: [opp] },
      current: { as_of: "2025-06-30", opportunities: [] },
    };
    const r = kvalue(["bridge", "--lang", "en"], JSON.stringify(input));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("current.as_of: 2025-06-30 is before previous.as_of 2025-07-07");
    const zh = kvalue(["bridge", "--lang", "zh-CN"], JSON.stringify(input));
    expect(zh.stderr).toContain("current.as_of：2025-06-30 早于 previous.as_of 2025-07-07");
    // The same day twice is a bridge of nothing moved in time, not a swap.
    const same = { ...input, current: { as_of: "2025-07-07", opportunities: [opp] } };
    expect(kvalue(["bridge"], JSON.stringify(same)).status).toBe(0);
  });

  it("funnel: refuses an opportunity id twice and a cycle past a century (it crashed on the date), in place", () => {
    const input = JSON.parse(readFileSync(golden("funnel-2025.input.json"), "utf8")) as {
      cycle_days: number;
      opportunities: { id: string }[];
    };
    const twice = kvalue(
      ["funnel"],
      JSON.stringify({ ...input, opportunities: [...input.opportunities, input.opportunities[0]] }),
    );
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain(`opportunities[${input.opportunities.length}].id: duplicate id`);
    const long = kvalue(["funnel"], JSON.stringify({ ...input, cycle_days: 1e9 }));
    expect([long.status, long.stdout]).toEqual([2, ""]);
    expect(long.stderr).toMatch(/^cycle_days: must be ≤ 36500/m);
  });

  it("reads JSON saved with a byte-order mark, and calls a binary input binary (not its bytes quoted)", () => {
    const golden1 = readFileSync(golden("assess-abc.input.json"), "utf8");
    const bom = kvalue(["assess"], `\uFEFF${golden1}`);
    expect([bom.status, bom.stderr]).toEqual([0, ""]);
    expect(JSON.parse(bom.stdout)).toStrictEqual(expected("assess-abc"));
    const binary = kvalue(["funnel"], "\u007fELF\u0002\u0001\u0001\u0000\u0000");
    expect(binary.status).toBe(2);
    expect(binary.stderr).toContain("(input): a binary file (a spreadsheet, a program), not JSON text");
  });

  it("exits 2 for a file that does not exist", () => {
    const r = kvalue(["bridge", "no-such-file.json"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("no-such-file.json: no such file");
  });
});

describe("kvalue calibrate on bad input (the rest in-process: calibrate.test.ts)", () => {
  it("exits 2 for a non-binary won and an unknown stage, naming both places", () => {
    const input = {
      holdout_from: "2024-07-01",
      opportunities: [{ id: "O-1", stage: "S9", outcome: "W" }],
      accounts: [{ id: "K-1", scored_on: "2024-03-31", scores: { CV: 1, PT: 2, SF: 3, RA: 4 }, won: 2 }],
    };
    const r = kvalue(["calibrate", "-"], JSON.stringify(input));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.split("\n");
    expect(lines).toContain('opportunities[0].stage: expected one of S0|S1|S2|S3|S4|S5 (got "S9")');
    expect(lines).toContain("accounts[0].won: expected one of 0|1 (got 2)");
  });
});

describe("kvalue help", () => {
  it("lists the commands and exits 0", () => {
    const r = kvalue(["help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/kvalue assess \[FILE\|-\]/);
    expect(r.stdout).toMatch(/kvalue funnel/);
    expect(r.stdout).toMatch(/kvalue bridge/);
    expect(r.stdout).toMatch(/kvalue calibrate/);
  });

  it("speaks the reader's language: each command on its line, what it does indented below", () => {
    for (const [lang, head, assess] of [
      ["zh-CN", "用法：kvalue <命令> [参数]", "为客户打分"],
      ["en", "Usage: kvalue <command> [args]", "score accounts"],
    ] as const) {
      const r = kvalue(["--lang", lang, "help"]);
      expect(r.status).toBe(0);
      const lines = r.stdout.split("\n");
      expect(lines[0]).toBe(head);
      const at = lines.indexOf("  kvalue assess [FILE|-]");
      expect(lines[at + 1]).toMatch(new RegExp(`^ {6}${assess}`));
      // Every command line is followed by its summary, never padded out to the longest synopsis.
      const commands = lines.filter((l) => l.startsWith("  kvalue "));
      expect(commands.length).toBe(14); // 13 commands and help
      for (const c of commands) expect(lines[lines.indexOf(c) + 1]).toMatch(/^ {6}\S/);
      expect(commands.every((c) => !/ {3}/.test(c))).toBe(true);
    }
    expect(kvalue(["--lang", "zh-CN", "help"]).stdout).not.toMatch(/score accounts|Usage/);
    expect(kvalue(["--lang", "zh-CN", "export", "--help"]).stdout).toMatch(
      /^用法：kvalue export \[--kind matrix\|accounts\|segments/,
    );
  });

  it("shows the usage and exits 2 for an unknown command", () => {
    const r = kvalue(["frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain("Usage: kvalue");
  });
});
