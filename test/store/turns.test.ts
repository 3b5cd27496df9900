// better-sqlite3 answers at once, so a request's queries used to resolve as microtasks only: a command reading a
// 50,000-account team kept the event loop for seconds, and other people's Slack requests waited for their ack. Each
// query outside a transaction now waits for the next turn (sqlite-gate.ts), and team-wide JavaScript runs a slice at
// a time (in-turns.ts): timers and other requests get turns while a long read goes on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapInTurns } from "../../src/features/in-turns.js";
import { migrate, openStore, type Store } from "../../src/store/index.js";
import { newDatabase, type TestDatabase } from "./support.js";

/** How many turns the event loop took while `fn` ran (a setImmediate chain counting). */
async function turnsDuring(fn: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  await fn();
  running = false;
  return turns;
}

describe("the event loop takes turns", () => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await newDatabase("sqlite");
    store = await openStore(database.url);
    await migrate(store);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("between SQLite queries", async () => {
    const turns = await turnsDuring(async () => {
      for (let i = 0; i < 20; i++) await store.db.account.count();
    });
    expect(turns).toBeGreaterThanOrEqual(19);
  });

  it("between the slices of a team-wide map, which keeps its order", async () => {
    let out: number[] = [];
    const turns = await turnsDuring(async () => {
      out = await mapInTurns(
        Array.from({ length: 10_000 }, (_, i) => i),
        (slice) => slice.map((x) => x * 2),
        1_000,
      );
    });
    expect(turns).toBeGreaterThanOrEqual(9);
    expect(out).toEqual(Array.from({ length: 10_000 }, (_, i) => i * 2));
  });
});
