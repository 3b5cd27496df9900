// CliIo on the real process: files, standard input, standard output and error.
import { readFile, stat } from "node:fs/promises";
import type { CliIo } from "./command.js";

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function readSource(source: string | undefined): Promise<Buffer> {
  if (source === undefined || source === "-") return readStdin();
  try {
    return await readFile(source);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `${source}: no such file` : `${source}: cannot read (${code ?? String(e)})`);
  }
}

export const processIo: CliIo = {
  readText: async (source) => (await readSource(source)).toString("utf8"),
  readBytes: readSource,
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
};
