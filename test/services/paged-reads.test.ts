// Reads keyed by a list of account ids page through it: a matrix export of 50,000 accounts once stopped with "too
// many SQL variables" (SQLite takes 32,766 a statement, PostgreSQL 65,535). 70,000 ids, on both providers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "../../src/store/index.js";
import { openHarness, PROVIDERS, type Harness } from "./harness.js";

const ids = Array.from({ length: 70_000 }, (_, i) => `missing-${i}`);

function suite(provider: Provider): void {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(provider);
  });
  afterAll(async () => h?.close());

  it("reads snapshots, names and stage dates of more ids than a statement takes parameters", async () => {
    const accounts = h.deps.repos.accounts;
    expect(await accounts.snapshotsUpTo(ids, new Date())).toEqual([]);
    expect(await accounts.weeklySnapshotsBefore(ids, new Date())).toEqual([]);
    expect((await accounts.accountNames("T0", ids)).size).toBe(0);
    expect((await accounts.lastStageDates(ids)).size).toBe(0);
  });
}

for (const provider of PROVIDERS) describe(`paged reads on ${provider}`, () => suite(provider));
