// Bulk INSERTs (store/bulk.ts) on both databases: rows written by `insertPackedRows` (a batch run on the connection
// itself: on SQLite by a prepared statement, store/row-batch.ts; on PostgreSQL with COPY, store/pg-copy.ts) read back exactly as the rows Prisma's `create`
// writes from the same values, and a batch that fails takes the whole transaction with it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertPackedRows } from "../../src/store/bulk.js";
import { migrate, openStore, type Provider, type Store } from "../../src/store/index.js";
import { checkPostgres, newDatabase, type TestDatabase } from "./support.js";

const postgres = await checkPostgres();
const WS = "T_BULK";

/** A name longer than COPY's piece of 256 KiB once encoded (3 bytes a character): sent as a piece of its own. */
const LONG_NAME = "长".repeat(100_000);

/** Account rows with a value of every kind a column holds: text, integer, real, boolean both ways, BIGINT, dates,
 *  NULL given and NULL left out. */
function accountRow(id: string, teamId: string, n: number): Record<string, unknown> {
  const at = new Date(Date.UTC(2026, 11, 7, 1, 2, 3, n));
  return {
    id,
    workspaceId: WS,
    teamId,
    name: n === 1 ? "tab\there, new\nline, back\\slash, cr\r, \\N" : n === 2 ? LONG_NAME : `某省大数据局${n}`,
    normalizedName: `某省大数据局${n}`,
    ownerUserId: n % 2 === 0 ? null : "U_OWNER",
    crmId: `CRM-${n}`,
    version: n + 1,
    customerType: "government",
    isExistingCustomer: n % 2 === 0,
    segmentMatch: n % 2 === 1,
    revenueTtm: 9_007_199_254_740_993n + BigInt(n), // beyond a double's exact integers
    grossMarginPct: 12.5 + n,
    relationshipYears: n,
    walletAnnual: undefined,
    lastReviewDate: "2026-11-30",
    createdAt: at,
    updatedAt: n === 2 ? new Date(at.getTime() + 86_400_000) : at, // dates of a row differ, not only across rows
  };
}
const COLUMNS = Object.keys(accountRow("x", "t", 0));

function bulkSuite(provider: Provider): void {
  let database: TestDatabase;
  let store: Store;
  let teamId: string;

  beforeAll(async () => {
    database = await newDatabase(provider);
    store = await openStore(database.url);
    await migrate(store);
    await store.db.workspace.create({ data: { id: WS, name: "bulk" } });
    teamId = (await store.db.team.create({ data: { workspaceId: WS, channelId: "C_BULK", name: "t", createdBy: "U" } }))
      .id;
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("writes rows that read back as Prisma's create writes them", async () => {
    const rows = [0, 1, 2].map((n) => accountRow(`bulk-${n}`, teamId, n));
    const written = await store.db.$transaction((tx) => insertPackedRows(tx, provider, "Account", COLUMNS, rows));
    expect(written).toBe(3);
    for (const [n, row] of rows.entries()) {
      const { id: _id, walletAnnual: _w, ...data } = row;
      await store.db.account.create({
        data: {
          ...(data as { name: string; normalizedName: string; workspaceId: string }),
          id: `orm-${n}`,
          walletAnnual: null,
        },
      });
    }
    const bulk = await store.db.account.findMany({ where: { id: { startsWith: "bulk-" } }, orderBy: { id: "asc" } });
    const orm = await store.db.account.findMany({ where: { id: { startsWith: "orm-" } }, orderBy: { id: "asc" } });
    expect(bulk).toHaveLength(3);
    expect(bulk.map(({ id: _id, ...rest }) => rest)).toEqual(orm.map(({ id: _id, ...rest }) => rest));
    expect(bulk[1]?.revenueTtm).toBe(9_007_199_254_740_994n);
    expect(bulk[0]?.isExistingCustomer).toBe(true);
    expect(bulk[1]?.name).toBe("tab\there, new\nline, back\\slash, cr\r, \\N"); // COPY's specials, escaped
    expect(bulk[2]?.name).toBe(LONG_NAME);
    const [created, updated] = [bulk[2]?.createdAt.getTime() ?? 0, bulk[2]?.updatedAt.getTime() ?? 0];
    expect(updated - created).toBe(86_400_000);
    expect(bulk[0]?.createdAt).toEqual(new Date(Date.UTC(2026, 11, 7, 1, 2, 3, 0)));
    if (provider === "sqlite") {
      // Stored alike too, not only read alike: SQL compares and sorts the stored text and storage classes.
      const stored = (prefix: string) =>
        store.db.$queryRawUnsafe<Record<string, string>[]>(
          `SELECT ${COLUMNS.filter((c) => c !== "id")
            .map((c) => `typeof("${c}") || ':' || coalesce(CAST("${c}" AS TEXT), '') AS "${c}"`)
            .join(", ")} FROM "Account" WHERE "id" LIKE '${prefix}%' ORDER BY "id"`,
        );
      expect(await stored("bulk-")).toEqual(await stored("orm-"));
    }
  });

  it("writes outside a transaction too (PostgreSQL: as packed JSON)", async () => {
    const rows = [accountRow("solo-0", teamId, 20), accountRow("solo-1", teamId, 21)];
    expect(await insertPackedRows(store.db, provider, "Account", COLUMNS, rows)).toBe(2);
    const read = await store.db.account.findMany({ where: { id: { startsWith: "solo-" } }, orderBy: { id: "asc" } });
    expect(read.map((a) => [a.name, a.revenueTtm, a.segmentMatch, a.createdAt.getTime()])).toEqual(
      rows.map((r) => [r.name, r.revenueTtm, r.segmentMatch, (r.createdAt as Date).getTime()]),
    );
  });

  it("stops a long batch at a refused row and writes none of it", async () => {
    // Long enough to be sent in many pieces (PostgreSQL): the refusal arrives while later rows are still being sent.
    const rows = Array.from({ length: 20_000 }, (_, n) => accountRow(`long-${n === 5_000 ? 0 : n}`, teamId, n));
    await expect(
      store.db.$transaction((tx) => insertPackedRows(tx, provider, "Account", COLUMNS, rows), { timeout: 60_000 }),
    ).rejects.toThrow(/UNIQUE|unique|duplicate/);
    expect(await store.db.account.count({ where: { id: { startsWith: "long-" } } })).toBe(0);
  });

  it("writes nothing when a row of the batch fails", async () => {
    const before = await store.db.account.count();
    const rows = [accountRow("dup-0", teamId, 10), accountRow("dup-1", teamId, 11), accountRow("dup-0", teamId, 12)];
    await expect(
      store.db.$transaction(async (tx) => {
        await tx.workspace.create({ data: { id: "T_LATER", name: "written before the batch" } });
        await insertPackedRows(tx, provider, "Account", COLUMNS, rows);
      }),
    ).rejects.toThrow(/UNIQUE|unique|duplicate/);
    expect(await store.db.account.count()).toBe(before);
    expect(await store.db.workspace.findUnique({ where: { id: "T_LATER" } })).toBeNull();
  });
}

describe("bulk inserts on SQLite", () => bulkSuite("sqlite"));
describe.skipIf(!postgres.available)("bulk inserts on PostgreSQL", () => bulkSuite("postgresql"));
