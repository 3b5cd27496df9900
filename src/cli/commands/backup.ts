// `kvalue backup FILE [--workspace ID]` and `kvalue restore FILE`: the backup feature's service on DATABASE_URL,
// with the file streamed (gzip when FILE ends in .gz on backup; detected from the content on restore).
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { createGunzip, createGzip } from "node:zlib";
import { EXIT, type CommandRun } from "../command.js";
import { isServiceError, type ServiceError } from "../../features/errors.js";
import { restoreBackup, writeBackup, type TextSink } from "../../features/backup/service.js";
import { withMigratedStore } from "../local.js";
import { readArgs } from "../options.js";
import { contextOf } from "../lang.js";
import { argsText } from "../say.js";
import { t, tCode } from "../../i18n/catalog.js";
import type { Locale } from "../../i18n/locale.js";

/** "kvalue <version>" from the package.json above this file (src/ or dist/src/ or a release bundle). */
function producer(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "kvalue") return `kvalue ${pkg.version ?? "?"}`;
  }
  return "kvalue";
}

/** Writes with backpressure; `close` resolves when the stream has flushed everything. */
function textSink(out: Writable): { write: TextSink; close: () => Promise<void> } {
  return {
    write: async (text) => {
      // events.once rejects when the stream emits "error" first.
      if (!out.write(text)) await once(out, "drain");
    },
    close: async () => {
      const finished = once(out, "finish");
      out.end();
      await finished;
    },
  };
}

/** A backup service problem in the reader's language (the service carries its reason code and values). */
function reasonText(locale: Locale, e: ServiceError): string {
  const { reason, line, ...values } = e.params;
  if (typeof reason !== "string") return e.message;
  const said = tCode(locale, `backup.reason.${reason}` as Parameters<typeof tCode>[1], values);
  return line === undefined ? said : t(locale, "backup.line", { line, reason: said });
}

const perSecond = (rows: number, ms: number): number => Math.round(rows / Math.max(ms / 1000, 0.001));

export const backupCommand: CommandRun = {
  async run(args, io, given) {
    const { locale } = contextOf(given);
    const parsed = readArgs(args, { workspace: { type: "string" } });
    if (!parsed.ok) {
      io.err(`${argsText(locale, "backup", parsed)}\n`);
      return EXIT.invalid;
    }
    const file = parsed.positionals[0];
    if (!file || parsed.positionals.length > 1) {
      io.err(`${t(locale, "cli.backup.one_file")}\n`);
      return EXIT.invalid;
    }
    // Written beside the target and renamed at the end: a failed backup never leaves a half file under FILE.
    const partial = `${file}.partial`;
    return withMigratedStore(async (deps) => {
      // Owner-only: a backup holds the Installation table's tokens and people's data (like the env file, 0600).
      const fileStream = fs.createWriteStream(partial, { mode: 0o600 });
      const gzip = file.endsWith(".gz") ? createGzip() : null;
      gzip?.pipe(fileStream);
      const sink = textSink(gzip ?? fileStream);
      const started = performance.now();
      try {
        // A folder that does not exist fails here, as a rejection (unheard, the stream's error event ended the process).
        await once(fileStream, "open");
        // A partial file left by an interrupted backup keeps its old mode when reopened.
        await fs.promises.chmod(partial, 0o600);
        const r = await writeBackup(deps, sink.write, {
          workspaceId: parsed.values.workspace?.trim() || null,
          producer: producer(),
        });
        await sink.close();
        if (gzip) await once(fileStream, "close");
        fs.renameSync(partial, file);
        const ms = performance.now() - started;
        const said = { rows: r.rows, models: r.models.length, file, ms: Math.round(ms), rate: perSecond(r.rows, ms) };
        io.out(`${t(locale, "cli.backup.done", said)}\n`);
        return EXIT.ok;
      } catch (e) {
        fileStream.destroy();
        fs.rmSync(partial, { force: true });
        const code = (e as NodeJS.ErrnoException).code;
        if ((e as NodeJS.ErrnoException).syscall && typeof code === "string") {
          // The file cannot be written (no such folder, no permission, disk full): the reader's problem, not a bug.
          io.err(`${t(locale, "cli.backup.cannot_write", { file, code })}\n`);
          return EXIT.failure;
        }
        if (!isServiceError(e)) throw e;
        io.err(`${t(locale, "cli.backup.failed", { reason: reasonText(locale, e) })}\n`);
        return EXIT.invalid;
      }
    });
  },
};

/** The lines of FILE, gunzipped when it starts with gzip's magic bytes. */
async function fileLines(file: string): Promise<AsyncIterable<string>> {
  const handle = await fs.promises.open(file, "r");
  const magic = Buffer.alloc(2);
  await handle.read(magic, 0, 2, 0);
  await handle.close();
  const raw = fs.createReadStream(file);
  const input: Readable = magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  return readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

export const restoreCommand: CommandRun = {
  async run(args, io, given) {
    const { locale } = contextOf(given);
    const parsed = readArgs(args, {});
    if (!parsed.ok) {
      io.err(`${argsText(locale, "restore", parsed)}\n`);
      return EXIT.invalid;
    }
    const file = parsed.positionals[0];
    if (!file || parsed.positionals.length > 1) {
      io.err(`${t(locale, "cli.restore.one_file")}\n`);
      return EXIT.invalid;
    }
    if (!fs.existsSync(file)) {
      io.err(`${t(locale, "cli.no_such_file", { command: "restore", file })}\n`);
      return EXIT.invalid;
    }
    return withMigratedStore(async (deps) => {
      const started = performance.now();
      try {
        const r = await restoreBackup(deps, await fileLines(file));
        const ms = performance.now() - started;
        const said = {
          rows: r.rows,
          models: r.models.length,
          file,
          producer: r.header.producer,
          created: r.header.createdAt,
          provider: r.header.provider,
          ms: Math.round(ms),
          rate: perSecond(r.rows, ms),
        };
        io.out(`${t(locale, "cli.restore.done", said)}\n`);
        return EXIT.ok;
      } catch (e) {
        // A cut or damaged .gz: zlib's error, before or during the restore's transaction (nothing written either way).
        const zlib = String((e as NodeJS.ErrnoException).code ?? "").startsWith("Z_");
        if (!zlib && !isServiceError(e)) throw e;
        const reason = isServiceError(e)
          ? reasonText(locale, e)
          : t(locale, "cli.restore.damaged", { detail: (e as Error).message });
        io.err(`${t(locale, "cli.restore.failed", { reason })}\n`);
        return EXIT.invalid;
      }
    });
  },
};
