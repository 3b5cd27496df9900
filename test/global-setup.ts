// Builds dist/ once per test run, so CLI tests spawn the real binary (bin/kvalue.js → dist/src/cli/main.js).
// The build is skipped when dist/ is newer than every source file (a fresh clone always builds).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = join(root, "dist/src/cli/main.js");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function upToDate(): boolean {
  if (!existsSync(entry)) return false;
  const sources = Math.max(
    newestMtime(join(root, "src")),
    ...["tsconfig.json", "tsconfig.build.json"].map((f) => statSync(join(root, f)).mtimeMs),
  );
  return statSync(entry).mtimeMs >= sources;
}

export default function setup(): void {
  if (upToDate()) return;
  try {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "pipe" });
  } catch (e) {
    // tsc still emits when some file has a type error; the typecheck step reports those. Only a missing
    // entry point stops the run here.
    const out = (e as { stdout?: Buffer }).stdout?.toString() ?? String(e);
    if (!existsSync(entry)) throw new Error(`build failed:\n${out}`);
    console.warn(`tsc -p tsconfig.build.json reported errors (dist was still emitted):\n${out.slice(0, 2000)}`);
  }
}
