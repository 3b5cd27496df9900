// Accounts with their parts, read by hand-written SQL: one query per table for a page of accounts. Prisma's nested
// include cost ~2.5× as much for the same rows, nearly all of it in mapping them in JS, and re-reading the accounts an
// opportunities import touched (to score them) was half of that import's time: the reads of 20,000 accounts with
// their parts took 2.2–3.4 s that way, 0.8–1.1 s this way (issue 11.7). Raw results come back in the model's own types (the
// driver adapters type them by column: Date, bigint, boolean), so `toAggregate` reads them as it reads Prisma's.
import { join } from "@prisma/client/runtime/client";
import type { Account, Contact, Need, Opportunity, StageChange } from "../../../prisma/sqlite/generated/client.js";
import type { DbClient } from "../../store/open.js";
import type { AccountRow } from "./aggregate.js";

/** Prisma's raw IN lists stay far below every provider's parameter limit. */
export const PAGE = 500;

/** `read` over `ids` a page at a time (SQLite takes at most 32,766 parameters a statement), the pages' rows in
 *  order. */
export async function pagesOf<T>(ids: readonly string[], read: (page: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += PAGE) for (const row of await read(ids.slice(i, i + PAGE))) out.push(row);
  return out;
}

/** Rows grouped by a key, each group in the rows' order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** `accounts` (at most PAGE) with their needs, contacts and opportunities in id order, each opportunity with its
 *  stage history by date then id: the order every reader of an aggregate relies on (METHOD §2.1). */
export async function withParts(db: DbClient, accounts: readonly Account[]): Promise<AccountRow[]> {
  if (accounts.length === 0) return [];
  const ids = join(accounts.map((a) => a.id));
  // One after another: a transaction's queries share one connection.
  const needs = await db.$queryRaw<Need[]>`SELECT * FROM "Need"
    WHERE "accountId" IN (${ids}) ORDER BY "accountId", "id"`;
  const contacts = await db.$queryRaw<Contact[]>`SELECT * FROM "Contact"
    WHERE "accountId" IN (${ids}) ORDER BY "accountId", "id"`;
  const opportunities = await db.$queryRaw<Opportunity[]>`SELECT * FROM "Opportunity"
    WHERE "accountId" IN (${ids}) ORDER BY "accountId", "id"`;
  // By the opportunities' ids, not joined to them: PostgreSQL planned the join as a scan of both tables (statistics
  // lag behind an import's own rows), 22 ms a page against 0.1 ms.
  const stages = await pagesOf(
    opportunities.map((o) => o.id),
    (page) => db.$queryRaw<StageChange[]>`SELECT * FROM "StageChange"
      WHERE "opportunityId" IN (${join(page)}) ORDER BY "opportunityId", "enteredDate", "id"`,
  );
  const needsOf = groupBy(needs, (n) => n.accountId);
  const contactsOf = groupBy(contacts, (c) => c.accountId);
  const opportunitiesOf = groupBy(opportunities, (o) => o.accountId);
  const stagesOf = groupBy(stages, (s) => s.opportunityId);
  // The rows are this read's own: completed in place (copying a 36-column row per account cost more than the read).
  return accounts.map((a) =>
    Object.assign(a, {
      needs: needsOf.get(a.id) ?? [],
      contacts: contactsOf.get(a.id) ?? [],
      opportunities: (opportunitiesOf.get(a.id) ?? []).map((o) =>
        Object.assign(o, { stageHistory: stagesOf.get(o.id) ?? [] }),
      ),
    }),
  );
}

/** The accounts of one team with their parts, in id order, a page at a time. */
export async function teamAccountRows(db: DbClient, workspaceId: string, teamId: string): Promise<AccountRow[]> {
  const out: AccountRow[] = [];
  for (let after = ""; ; ) {
    const page = await db.$queryRaw<Account[]>`SELECT * FROM "Account"
      WHERE "workspaceId" = ${workspaceId} AND "teamId" = ${teamId} AND "id" > ${after} ORDER BY "id" LIMIT ${PAGE}`;
    out.push(...(await withParts(db, page)));
    const last = page[page.length - 1];
    if (page.length < PAGE || last === undefined) return out;
    after = last.id;
  }
}

/** These accounts of a workspace with their parts (in the order of `ids`' pages, each by id). The workspace is checked
 *  on the rows, not in the query: given both, SQLite without statistics walks the workspace's index and tests every
 *  account against the ids, so an import's re-reads grew with the square of its size. */
export async function accountRowsByIds(
  db: DbClient,
  workspaceId: string,
  ids: readonly string[],
): Promise<AccountRow[]> {
  return pagesOf(ids, async (page) => {
    const accounts = await db.$queryRaw<Account[]>`SELECT * FROM "Account"
      WHERE "id" IN (${join(page)}) ORDER BY "id"`;
    return withParts(
      db,
      accounts.filter((a) => a.workspaceId === workspaceId),
    );
  });
}

/** What a parts write added and changed (changed parts by id, in their columns). */
export interface WrittenParts {
  needs: Need[];
  contacts: Contact[];
  opportunities: Opportunity[];
  stages: StageChange[];
  changed: Map<string, Record<string, unknown>>;
}

/** Accounts read before a parts write, completed in place with what it wrote, as reading them again would return
 *  them: new parts in id order, changed parts with their new columns, each opportunity's stage history by date then
 *  id, and the version bump. */
export function withWrittenParts(accounts: AccountRow[], written: WrittenParts, at: Date): AccountRow[] {
  const byAccount = new Map(accounts.map((a) => [a.id, a]));
  const add = <P extends { id: string; accountId: string }>(parts: readonly P[], list: (a: AccountRow) => P[]) => {
    for (const part of parts) {
      const account = byAccount.get(part.accountId);
      if (account) list(account).push(part);
    }
  };
  add(written.needs, (a) => a.needs);
  add(written.contacts, (a) => a.contacts);
  add(
    written.opportunities.map((o) => Object.assign(o, { stageHistory: [] as StageChange[] })),
    (a) => a.opportunities,
  );
  const byOpportunity = new Map<string, StageChange[]>();
  for (const a of accounts) {
    a.version += 1;
    a.updatedAt = at;
    for (const part of [...a.needs, ...a.contacts, ...a.opportunities]) {
      const data = written.changed.get(part.id);
      if (data) Object.assign(part, data);
    }
    for (const o of a.opportunities) byOpportunity.set(o.id, o.stageHistory);
    a.needs.sort(idOrder);
    a.contacts.sort(idOrder);
    a.opportunities.sort(idOrder);
  }
  for (const s of written.stages) byOpportunity.get(s.opportunityId)?.push(s);
  for (const history of byOpportunity.values())
    history.sort((x, y) => (x.enteredDate === y.enteredDate ? idOrder(x, y) : x.enteredDate < y.enteredDate ? -1 : 1));
  return accounts;
}

const idOrder = (x: { id: string }, y: { id: string }): number => (x.id === y.id ? 0 : x.id < y.id ? -1 : 1);
