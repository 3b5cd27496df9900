// The kvalue CLI run in-process, as `bin/kvalue.js` runs it, with its output captured: the CLI suites' one way of
// calling it. Standard error is not a terminal unless `progress` is given, which then collects the status lines.
import type { CliIo } from "../../src/cli/command.js";
import { processIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/run.js";

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function kvalueWith(argv: readonly string[], progress?: string[]): Promise<CliResult> {
  const out = { stdout: "", stderr: "" };
  const { progress: _terminal, ...streams } = processIo;
  const io: CliIo = {
    ...streams,
    out: (t) => {
      out.stdout += t;
    },
    err: (t) => {
      out.stderr += t;
    },
    ...(progress ? { progress: (t: string) => progress.push(t) } : {}),
  };
  const status = await run([...argv], io);
  return { status, ...out };
}

export const kvalue = (...argv: string[]): Promise<CliResult> => kvalueWith(argv);
