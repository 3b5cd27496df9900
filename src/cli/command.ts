// The shape of a `kvalue` command. Commands get their I/O passed in, so tests can run them in-process
// and the binary wires them to the real process.
import type { CliContext } from "./lang.js";

import type { Locale } from "../i18n/locale.js";

/** Exit statuses: 2 is the METHOD §10 status for invalid input, also used for usage errors. */
export const EXIT = { ok: 0, failure: 1, invalid: 2 } as const;

export interface CliIo {
  /** Text of a file, or of standard input for `-`/undefined. Rejects with a message if it cannot be read. */
  readText(source: string | undefined): Promise<string>;
  /** Raw bytes of a file or standard input (imports detect GB18030 and UTF-16 exports themselves). */
  readBytes(source: string | undefined): Promise<Uint8Array>;
  /** The same bytes piece by piece as they are read, for inputs too large to hold parsed (absent: readBytes). */
  readChunks?(source: string | undefined): AsyncIterable<Uint8Array>;
  /** Size in bytes of a file (null for standard input), to refuse a huge file before reading it. */
  fileSize?(source: string | undefined): Promise<number | null>;
  out(text: string): void;
  err(text: string): void;
  /** A status line that replaces the previous one ("" clears it); only where standard error is a terminal. */
  progress?(text: string): void;
}

export interface Command {
  name: string;
  /** Argument synopsis, e.g. "[FILE|-]". */
  args: string;
  /** What it does, per language (inline, not from the catalog: `help` loads nothing else) */
  summary: Readonly<Record<Locale, string>>;
  /** `ctx`: the language of its messages (absent when a test calls a command directly: the environment's). */
  run(args: readonly string[], io: CliIo, ctx?: CliContext): Promise<number>;
}

/** A file that cannot be read, with what the system said (ENOENT …); surfaces say it in the user's language. */
export class CliReadError extends Error {
  constructor(
    readonly source: string,
    readonly code: string | null,
  ) {
    super(code === "ENOENT" ? `${source}: no such file` : `${source}: cannot read (${code ?? "unknown error"})`);
    this.name = "CliReadError";
  }
}

/** What a command's own module exports: how it runs. Its name, synopsis and summary live in the command table
 *  (commands/index.ts), which imports the module only when the command runs. */
export type CommandRun = Pick<Command, "run">;
