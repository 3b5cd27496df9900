// A command that reads one JSON document (FILE, or standard input for `-`/none), validates it with a zod
// schema and prints the METHOD §10 result. Invalid input exits 2 with `path: message` lines on stderr
// and nothing on stdout.
import type { z } from "zod";
import { issueLines, issueMessage, placeIssues, type PlacedIssue } from "../core/issues.js";
import { EXIT, type CliIo, type CommandRun } from "./command.js";
import { readArgs } from "./options.js";

export interface JsonCommandSpec<S extends z.ZodType> {
  /** The command's name, for its messages. */
  name: string;
  schema: S;
  /** Only when the input fails the schema: rewrites friendly forms into the contract's (e.g. "300万" → 3000000)
   *  and validates again; a value it refuses is reported with its own message instead of the schema's. */
  prepare?: (input: unknown) => { value: unknown; issues: PlacedIssue[] };
  /** Domain checks the schema cannot express (e.g. duplicate ids), placed like schema issues. */
  check?: (input: z.output<S>) => PlacedIssue[];
  compute: (input: z.output<S>) => unknown;
}

/** `JSON.parse` with the failure placed as `(input):line:column` when the engine reports a position. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; issue: PlacedIssue } {
  // An empty file is a common slip (a redirect that failed); the engine's "unexpected end" hides that.
  if (text.trim() === "") return { ok: false, issue: { path: "(input)", message: "invalid JSON: the input is empty" } };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(message);
    let path = "(input)";
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split("\n").length;
      path = `(input):${line}:${before.length - before.lastIndexOf("\n")}`;
    }
    return {
      ok: false,
      issue: { path, message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}` },
    };
  }
}

/** The FILE argument of a JSON command (undefined: standard input), or null after saying what is wrong. */
export function inputArg(name: string, args: readonly string[], io: CliIo): string | undefined | null {
  const read = readArgs(args, {});
  if (!read.ok) {
    io.err(`kvalue ${name}: ${read.message}\n`);
    return null;
  }
  const files = read.positionals;
  if (files.length > 1) {
    io.err(`kvalue ${name}: expected at most one FILE, got ${files.length} arguments\n`);
    return null;
  }
  return files[0];
}

/** Parses, validates and computes one document: the result on stdout, or every problem on stderr (exit 2). */
export function judgeJson<S extends z.ZodType>(spec: JsonCommandSpec<S>, text: string, io: CliIo): number {
  const parsed = parseJson(text);
  if (!parsed.ok) return fail(io, spec.name, [parsed.issue]);
  let result = spec.schema.safeParse(parsed.value, { error: issueMessage });
  if (!result.success && spec.prepare) {
    const prepared = spec.prepare(parsed.value);
    const again = spec.schema.safeParse(prepared.value, { error: issueMessage });
    const refused = new Set(prepared.issues.map((i) => i.path));
    const rest = again.success ? [] : placeIssues(again.error.issues).filter((i) => !refused.has(i.path));
    if (prepared.issues.length + rest.length > 0) return fail(io, spec.name, [...prepared.issues, ...rest]);
    result = again;
  }
  if (!result.success) return fail(io, spec.name, placeIssues(result.error.issues));
  const domain = spec.check?.(result.data) ?? [];
  if (domain.length > 0) return fail(io, spec.name, domain);
  io.out(`${JSON.stringify(spec.compute(result.data), null, 2)}\n`);
  return EXIT.ok;
}

export function jsonCommand<S extends z.ZodType>(spec: JsonCommandSpec<S>): CommandRun {
  return {
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const file = inputArg(spec.name, args, io);
      if (file === null) return EXIT.invalid;
      let text: string;
      try {
        text = await io.readText(file);
      } catch (e) {
        io.err(`kvalue ${spec.name}: ${e instanceof Error ? e.message : String(e)}\n`);
        return EXIT.invalid;
      }
      return judgeJson(spec, text, io);
    },
  };
}

function fail(io: CliIo, name: string, issues: readonly PlacedIssue[]): number {
  io.err(`kvalue ${name}: invalid input\n${issueLines(issues)}\n`);
  return EXIT.invalid;
}
