// The local console run in-process on `lines` typed one after another (then `exit`), returning everything it
// printed: the console suites' one way of driving it. The demo portfolio loads on the first run of a database.
import { PassThrough } from "node:stream";
import { runConsole } from "../../src/console/console.js";
import type { ServiceDeps } from "../../src/features/deps.js";
import type { Locale } from "../../src/i18n/index.js";

export async function consoleSession(
  deps: ServiceDeps,
  lines: readonly string[],
  defaultLocale: Locale = "zh-CN",
): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.setEncoding("utf8").on("data", (d: string) => {
    out += d;
  });
  input.end([...lines, "exit", ""].join("\n"));
  await runConsole({ deps, input, output, defaultLocale, overview: false });
  return out;
}
