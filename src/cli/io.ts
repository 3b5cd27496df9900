// CliIo on the real process: files, standard input, standard output and error.
import { open, readFile, stat } from "node:fs/promises";
import { CliReadError, type CliIo } from "./command.js";

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The error to show for a file that cannot be read. */
function unreadable(source: string, e: unknown): Error {
  return new CliReadError(source, (e as NodeJS.ErrnoException).code ?? String(e));
}

async function readSource(source: string | undefined): Promise<Buffer> {
  if (source === undefined || source === "-") return readStdin();
  try {
    return await readFile(source);
  } catch (e) {
    throw unreadable(source, e);
  }
}

/** Pieces of this size: large enough that the per-piece work vanishes, small enough to stay out of the way. */
const CHUNK = 1 << 20;

async function* readChunks(source: string | undefined): AsyncGenerator<Uint8Array> {
  if (source === undefined || source === "-") {
    for await (const chunk of process.stdin) yield typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    return;
  }
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(source);
  } catch (e) {
    throw unreadable(source, e);
  }
  try {
    for (;;) {
      // A new buffer each time: the caller may keep the pieces.
      const { bytesRead, buffer } = await file.read(Buffer.allocUnsafe(CHUNK), 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead);
    }
  } catch (e) {
    throw unreadable(source, e);
  } finally {
    await file.close();
  }
}

export const processIo: CliIo = {
  readText: async (source) => (await readSource(source)).toString("utf8"),
  readBytes: readSource,
  readChunks,
  fileSize: async (source) => {
    if (source === undefined || source === "-") return null;
    try {
      return (await stat(source)).size;
    } catch {
      return null; // readBytes then says why the file cannot be read
    }
  },
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
  // A log or a pipe gets no status lines, only the result.
  ...(process.stderr.isTTY
    ? {
        progress: (text: string) => {
          process.stderr.write(`\r${text}\x1b[K`);
        },
      }
    : {}),
};
