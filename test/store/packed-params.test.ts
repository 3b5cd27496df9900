// Packed parameters (store/packed-params.ts): a parked text reaches the driver in place of its ticket, exactly once,
// and the query the driver saw holds only the ticket afterwards. Prisma's driver adapters log every query to a debug
// module that keeps the last 100 calls' arguments even with logging off; an import's megabyte chunks stayed alive
// there until this was done.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { PackedParamsAdapterFactory, park } from "../../src/store/packed-params.js";

/** The edge below the wrapper: a driver that keeps every query object it was given, as the debug module does. */
function recordingDriver(seen: SqlQuery[]): SqlDriverAdapterFactory {
  const adapter = {
    provider: "sqlite",
    adapterName: "recording",
    queryRaw: async (q: SqlQuery) => {
      seen.push(q);
      return { columnNames: ["n"], columnTypes: [], rows: [[String(q.args[0]).length]] };
    },
    executeRaw: async (q: SqlQuery) => {
      seen.push(q);
      return String(q.args[0]).length;
    },
    executeScript: async () => {},
    startTransaction: async () => {
      throw new Error("not used");
    },
    dispose: async () => {},
  } as unknown as SqlDriverAdapter;
  return { provider: "sqlite", adapterName: "recording", connect: async () => adapter };
}

const query = (args: unknown[]): SqlQuery => ({ sql: "INSERT …", args, argTypes: [] }) as unknown as SqlQuery;

describe("packed parameters", () => {
  it("hand the driver the parked text, then leave it only the ticket", async () => {
    const seen: SqlQuery[] = [];
    const adapter = await new PackedParamsAdapterFactory(recordingDriver(seen)).connect();
    const text = `[${"x".repeat(1_000_000)}]`;
    const { ticket } = park(text);
    expect(await adapter.executeRaw(query([ticket, 7]))).toBe(text.length);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.args).toEqual([ticket, 7]);
  });

  it("refuse a ticket used twice instead of binding it again", async () => {
    const adapter = await new PackedParamsAdapterFactory(recordingDriver([])).connect();
    const { ticket } = park("[1]");
    await adapter.executeRaw(query([ticket]));
    await expect(adapter.executeRaw(query([ticket]))).rejects.toThrow(/used twice or released/);
  });

  it("pass a query without tickets through untouched", async () => {
    const seen: SqlQuery[] = [];
    const adapter = await new PackedParamsAdapterFactory(recordingDriver(seen)).connect();
    const q = query(["plain", 1]);
    await adapter.executeRaw(q);
    expect(seen[0]).toBe(q);
  });
});
