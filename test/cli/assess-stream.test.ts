// `kvalue assess` reads its input piece by piece (src/cli/assess-stream.ts); whatever the pieces, layout, key order
// or faults of a document, it prints exactly what the reference reading (zod, whole document: judgeJson with
// assessReference) prints, on the same stream, with the same exit status.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/command.js";
import { AssessStream } from "../../src/cli/assess-stream.js";
import { assessCommand } from "../../src/cli/commands/assess.js";
import { assessReference } from "../../src/cli/commands/assess-reference.js";
import { judgeJson } from "../../src/cli/json-judge.js";
import { account } from "../core/arbitraries.js";

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** An io whose standard input arrives in pieces cut at `cuts` (byte offsets, so characters get split too). */
function pieceIo(bytes: Uint8Array, cuts: number[]): CliIo & { result: Omit<Run, "status"> } {
  const result = { stdout: "", stderr: "" };
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return {
    result,
    readText: async () => Buffer.from(bytes).toString("utf8"),
    readBytes: async () => bytes,
    async *readChunks() {
      let from = 0;
      for (const to of [...at, bytes.length]) {
        if (to > from) yield bytes.slice(from, to);
        from = Math.max(from, to);
      }
    },
    out: (t) => {
      result.stdout += t;
    },
    err: (t) => {
      result.stderr += t;
    },
  };
}

async function streamed(text: string, cuts: number[]): Promise<Run> {
  const io = pieceIo(new TextEncoder().encode(text), cuts);
  const status = await assessCommand.run(["-"], io);
  return { status, ...io.result };
}

function reference(text: string): Run {
  const bytes = new TextEncoder().encode(text);
  const io = pieceIo(bytes, []);
  // Read from the same bytes the command gets: a damaged document can hold half a surrogate pair, which UTF-8
  // cannot carry (it arrives as U+FFFD), so the reference must not see the JavaScript string itself.
  const status = judgeJson(assessReference, Buffer.from(bytes).toString("utf8"), io);
  return { status, ...io.result };
}

const idChars = fc.constantFrom("A", "b", "7", "客", "户", '"', "\\", "{", "}", "[", "]", ",", " ", "\n", "😀");
const id = fc.array(idChars, { minLength: 1, maxLength: 6 }).map((cs) => cs.join(""));

/** A document: accounts (ids possibly repeated), as_of before, after or absent, an extra member, any indent. */
const document = fc
  .record({
    accounts: fc.array(fc.tuple(account, id), { maxLength: 12 }),
    asOf: fc.constantFrom(undefined, "2025-06-30", "2024-01-15"),
    asOfFirst: fc.boolean(),
    extra: fc.constantFrom(undefined, { note: "x}{" }, [1, 2], "a,b", 3.5, null),
    indent: fc.constantFrom(undefined, 0, 1, 2, "\t"),
  })
  .map(({ accounts, asOf, asOfFirst, extra, indent }) => {
    const list = accounts.map(([a, i]) => ({ ...a, id: i }));
    const doc: Record<string, unknown> = {};
    if (asOf !== undefined && asOfFirst) doc.as_of = asOf;
    if (extra !== undefined) doc.comment = extra;
    doc.accounts = list;
    if (asOf !== undefined && !asOfFirst) doc.as_of = asOf;
    return JSON.stringify(doc, null, indent);
  });

/** Ways to damage a document's text: cut it, drop or insert a character, break a value. */
const damaged = fc
  .tuple(document, fc.nat(), fc.constantFrom("cut", "drop", "insert", "value", "bom", "trailing"))
  .map(([text, n, how]) => {
    const i = n % (text.length + 1);
    switch (how) {
      case "cut":
        return text.slice(0, i);
      case "drop":
        return text.slice(0, i) + text.slice(i + 1);
      case "insert":
        return `${text.slice(0, i)}${'{}[],:"x1 '[n % 11]}${text.slice(i)}`;
      case "value":
        return text.replace('"budget_status":', '"budget_status":"maybe","x":');
      case "bom":
        return `\uFEFF${text}`;
      default:
        return `${text} {}`;
    }
  });

const cuts = fc.array(fc.nat({ max: 5000 }), { maxLength: 6 });

describe("kvalue assess, streamed, against the reference reading", () => {
  it("prints the same for good documents, whatever the pieces", async () => {
    await fc.assert(
      fc.asyncProperty(document, cuts, async (text, at) => {
        const want = reference(text);
        expect(await streamed(text, at)).toStrictEqual(want);
        // And it was the streaming path that printed it (not the reference, which takes over on anything odd):
        // every document here is valid unless two accounts share an id, and an empty list is left to the reference.
        const ids = (JSON.parse(text) as { accounts: { id: string }[] }).accounts.map((a) => a.id);
        const stream = new AssessStream();
        const io = pieceIo(new TextEncoder().encode(text), at);
        for await (const piece of io.readChunks?.(undefined) ?? []) await stream.push(piece);
        expect((await stream.end()) !== null).toBe(ids.length > 0 && new Set(ids).size === ids.length);
      }),
      { numRuns: 400 },
    );
  });

  it("prints the same (nothing on stdout, every problem on stderr, exit 2) for damaged ones", async () => {
    await fc.assert(
      fc.asyncProperty(damaged, cuts, async (text, at) => {
        expect(await streamed(text, at)).toStrictEqual(reference(text));
      }),
      { numRuns: 400 },
    );
  });

  it("reads half an emoji (a damaged file) as the replacement character, as the whole-file reading does", async () => {
    const text = JSON.stringify({ accounts: [{ id: "😀AA" }] }).replace("😀", "\ude00");
    const r = await streamed(text, [12]);
    expect(r).toStrictEqual(reference(text));
    expect(r.stdout).toContain('"id": "\ufffdAA"');
  });

  it("names the account and field of a bad value in a large streamed file", async () => {
    const good = { id: "ok", budget_status: "planned" };
    const accounts = Array.from({ length: 3000 }, (_, i) => ({ ...good, id: `A-${i}` }));
    accounts[2718] = { id: "A-2718", budget_status: "maybe" };
    const r = await streamed(JSON.stringify({ as_of: "2025-06-30", accounts }), [70_000, 140_000]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      'kvalue assess: invalid input\naccounts[2718].budget_status: "maybe" is not allowed; use one of: none（无预算）, planned（规划中）, approved（已立项/已批复）\n',
    );
  });
});
