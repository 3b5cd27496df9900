// `kvalue assess` loads only what scoring needs (issue 12.5: start within 4× a bare `node -e 0`, measured in
// bench/cli.ts), and `kvalue import` none of the console, Slack or the LLM client: the real binary runs with a
// module-resolution hook that lists every module it loads.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the binary and returns what it printed and every module URL it resolved. */
function loadedBy(
  args: string[],
  stdin = "",
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; modules: string[] } {
  const log = path.join(dir, `modules-${args[0]}.txt`);
  const hooks = path.join(dir, "hooks.mjs");
  // The hooks run on a loader thread: append each resolved URL to the log file.
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + "\\n");
  return r;
}`,
  );
  const register = path.join(dir, "register.mjs");
  writeFileSync(
    register,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  writeFileSync(log, "");
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, "bin/kvalue.js", ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, modules: readFileSync(log, "utf8").split("\n").filter(Boolean) };
}

describe("kvalue loads only the command's modules", () => {
  it("assess of a valid file loads the scoring core, not zod (only bad input needs it), the database, Slack, the LLM client or the other commands", () => {
    const golden = fileURLToPath(new URL("../golden/assess-abc.input.json", import.meta.url));
    const r = loadedBy(["assess", golden]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ model_version: "v1-default" });
    expect(r.modules.some((m) => m.includes("/dist/src/core/"))).toBe(true);
    const unneeded = r.modules.filter((m) =>
      /node_modules\/(zod|@prisma|prisma|openai|@slack|pino|pg|better-sqlite3|csv-parse|pinyin-pro)\/|\/dist\/src\/(features|store|slack|console|commands|i18n|ui)\/|\/dist\/src\/cli\/commands\/(database|calibrate|funnel|bridge|assess-reference)\.js|\/dist\/src\/core\/facts\.js/.test(
        m,
      ),
    );
    expect(unneeded).toEqual([]);
  });

  it("help loads no command at all", () => {
    const r = loadedBy(["help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("kvalue assess");
    expect(r.modules.filter((m) => m.includes("/dist/src/cli/commands/") && !m.endsWith("/index.js"))).toEqual([]);
    expect(r.modules.filter((m) => m.includes("/dist/src/core/"))).toEqual([]);
  });

  it("import loads the database and the import, not the console, Slack or the LLM client", () => {
    const file = path.join(dir, "accounts.csv");
    writeFileSync(file, "客户名称,行业\n甲公司,政府\n");
    const loaded = loadedBy(["import", file, "--dry-run"], "", { DATABASE_URL: `file:${path.join(dir, "import.db")}` });
    expect(loaded.status).toBe(0);
    expect(loaded.modules.some((m) => m.includes("/dist/src/features/import-export/service.js"))).toBe(true);
    const unneeded = loaded.modules.filter((m) =>
      /node_modules\/(openai|@slack)\/|\/dist\/src\/(slack\/|console\/console\.js|features\/assistant\/llm\/)/.test(m),
    );
    expect(unneeded).toEqual([]);
  });

  it("a database command compiles Prisma's WebAssembly query compiler once, at the baseline tier: a 2-row import peaks well under 190 MB (measured: 143 MB; 213 MB when the optimising tier compiles it again)", () => {
    const file = path.join(dir, "two.csv");
    writeFileSync(file, "客户名称,行业\n甲公司,政府\n乙公司,金融\n");
    const peak =
      "data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss '+process.resourceUsage().maxRSS))";
    const r = spawnSync(process.execPath, ["--import", peak, "bin/kvalue.js", "import", file], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "peak.db")}` },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2 accounts|2 个客户/);
    const mb = Number(/maxrss (\d+)/.exec(r.stderr)?.[1]) / 1024;
    expect(mb).toBeGreaterThan(40);
    expect(mb).toBeLessThan(190);
  });

  it("assess of a bad file loads zod, which names the problem", () => {
    const r = loadedBy(["assess", "-"], JSON.stringify({ accounts: [{ id: "a", budget_status: "maybe" }] }));
    expect(r.status).toBe(2);
    expect(r.modules.some((m) => m.includes("/node_modules/zod/"))).toBe(true);
  });
});
