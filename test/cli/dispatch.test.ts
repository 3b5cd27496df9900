// The command table and dispatch, in-process: adding a command is one entry in the table.
import { describe, expect, it } from "vitest";
import { EXIT, type CliIo, type Command } from "../../src/cli/command.js";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { run, usage } from "../../src/cli/run.js";

function memoryIo(stdin = ""): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    readText: async (source: string | undefined) => {
      if (source === undefined || source === "-") return stdin;
      throw new Error(`${source}: no such file`);
    },
    readBytes: async (source: string | undefined) => {
      if (source === undefined || source === "-") return new TextEncoder().encode(stdin);
      throw new Error(`${source}: no such file`);
    },
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
  };
  return io;
}

describe("kvalue dispatch", () => {
  it("has assess, funnel, bridge and calibrate in its table", () => {
    expect(COMMANDS.map((c) => c.name)).toEqual([
      "assess",
      "funnel",
      "bridge",
      "calibrate",
      "model",
      "import",
      "stages",
      "export",
      "demo",
      "migrate",
      "backup",
      "restore",
      "console",
    ]);
  });

  it("runs a command added to the table", async () => {
    const hello: Command = {
      name: "hello",
      args: "",
      summary: { en: "greets", "zh-CN": "问好" },
      run: async (_a, io) => {
        io.out("hi\n");
        return EXIT.ok;
      },
    };
    const io = memoryIo();
    expect(await run(["hello"], io, [...COMMANDS, hello])).toBe(0);
    expect(io.stdout).toBe("hi\n");
    expect(usage([...COMMANDS, hello])).toContain("kvalue hello");
  });

  it("turns a crash inside a command into exit 1 with the reason on stderr", async () => {
    const broken: Command = {
      name: "broken",
      args: "",
      summary: { en: "", "zh-CN": "" },
      run: async () => {
        throw new Error("boom");
      },
    };
    const io = memoryIo();
    expect(await run(["broken"], io, [broken])).toBe(EXIT.failure);
    expect(io.stderr).toContain("internal error: Error: boom");
  });

  it("says a bad setting in one line naming it (exit 2), as the app does at start-up, not as a crash", async () => {
    const saved = { ...process.env };
    try {
      process.env.KVALUE_DEFAULT_LOCALE = "fr";
      const locale = memoryIo();
      expect(await run(["model"], locale)).toBe(EXIT.invalid);
      expect(locale.stderr).toBe('kvalue model: KVALUE_DEFAULT_LOCALE: Invalid option: expected one of "zh-CN"|"en"\n');
      process.env.KVALUE_DEFAULT_LOCALE = "en";
      process.env.DATABASE_URL = "bogus://x";
      const url = memoryIo();
      expect(await run(["export"], url)).toBe(EXIT.invalid);
      expect(url.stderr).toMatch(/^kvalue export: DATABASE_URL must be unset .* got "bogus:\/\/x"\n$/);
    } finally {
      process.env = saved;
    }
  });

  it("refuses more than one input file", async () => {
    const io = memoryIo();
    expect(await run(["assess", "a.json", "b.json"], io)).toBe(EXIT.invalid);
    expect(io.stdout).toBe("");
  });

  it("assesses from standard input in-process", async () => {
    const io = memoryIo(JSON.stringify({ accounts: [{ id: "x" }] }));
    expect(await run(["assess"], io)).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({
      model_version: "v1-default",
      accounts: [{ id: "x", provisional: true }],
    });
  });
});
