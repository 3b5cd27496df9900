// `kvalue assess [FILE|-]`: METHOD §10.1. The input is read as it arrives and scored account by account
// (../assess-stream.ts); when that path cannot vouch for it, the reference reading (./assess-reference.ts, zod)
// decides and says what is wrong. zod is loaded only then, which keeps the start of a good run short.
import { AssessPool } from "../assess-pool.js";
import { AssessStream } from "../assess-stream.js";
import { EXIT, type CliIo, type CommandRun } from "../command.js";
import { inputArg } from "../json-command.js";
import { contextOf } from "../lang.js";

async function* pieces(io: CliIo, file: string | undefined): AsyncIterable<Uint8Array> {
  if (io.readChunks) yield* io.readChunks(file);
  else yield await io.readBytes(file);
}

export const assessCommand: CommandRun = {
  async run(args, io, given) {
    const ctx = contextOf(given);
    const file = await inputArg("assess", args, io, ctx);
    if (file === null) return EXIT.invalid;
    const stream = new AssessStream({ pool: () => AssessPool.start() });
    // Standard input is kept (outside the JS heap) in case the reference has to read it after all; a file is read again.
    const stdin = file === undefined || file === "-";
    const bytes: Uint8Array[] = [];
    try {
      for await (const piece of pieces(io, file)) {
        if (stdin) bytes.push(piece);
        await stream.push(piece);
      }
    } catch (e) {
      stream.close();
      const { readErrorText } = await import("../say.js");
      io.err(`${readErrorText(ctx.locale, "assess", e)}\n`);
      return EXIT.invalid;
    }
    const output = await stream.end();
    if (output) {
      for (const part of output) io.out(part);
      return EXIT.ok;
    }
    const { assessReference } = await import("./assess-reference.js");
    const { judgeJson } = await import("../json-judge.js");
    let text: string;
    try {
      text = stdin ? Buffer.concat(bytes).toString("utf8") : await io.readText(file);
    } catch (e) {
      const { readErrorText } = await import("../say.js");
      io.err(`${readErrorText(ctx.locale, "assess", e)}\n`);
      return EXIT.invalid;
    }
    return judgeJson(assessReference, text, io, ctx.locale);
  },
};
