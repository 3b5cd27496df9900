// A re-import against what a team already has: each record of the file is matched to a stored account (by its CRM id,
// else by its lookup name), then compared field by field. Pure: the team's account keys and the records in, the plan
// out (new accounts, matched ones, accounts absent from the file, and every problem with its place); a matched
// account's stored fields in, its changes out. Nothing is ever deleted: an account absent from the file is only
// reported.
import { ACCOUNT_FACT_FIELDS, type AccountFactField } from "../../core/facts.js";
import { MATRIX_FIELDS, type MatrixField } from "../../core/fact-columns.js";
import { normalizeName } from "../accounts/keys.js";
import type { ImportAccount } from "./records.js";

/** What a file's row is matched to an account by. */
export interface AccountKeys {
  id: string;
  name: string;
  crmId: string | null;
  /** The keys of its alias rows (short names, pinyin, a CRM id kept as an alias by older imports). */
  aliasKeys: readonly string[];
}

/** A stored account as a re-import compares it: the fields a file can carry, in the record's shape. */
export interface StoredAccount extends AccountKeys {
  ownerUserId: string | null;
  version: number;
  facts: Record<AccountFactField, unknown>;
  matrix: Record<MatrixField, unknown>;
}

/** One changed field: the record's snake_case name (a fact, a 管理表 column, `name`, `crm_id`, `owner`). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface PlannedUpdate {
  account: StoredAccount;
  record: ImportAccount;
  changes: FieldChange[];
  /** Lookup keys the record adds (new aliases), kept as alias rows. */
  newAliases: string[];
}

export type ImportProblem =
  | { kind: "crm_id_ambiguous"; place: string; id: string; accounts: string }
  | { kind: "name_ambiguous"; place: string; name: string; accounts: string }
  | { kind: "crm_id_mismatch"; place: string; name: string; stored: string; given: string }
  | { kind: "same_account"; place: string; other: string; account: string }
  | { kind: "name_taken"; place: string; name: string; account: string }
  | { kind: "account_missing"; place: string; account: string }
  | { kind: "same_part"; place: string; other: string; part: string }
  /** A part kvalue keeps under another account (`from`, an account id the caller names): not moved by an import. */
  | { kind: "part_moved"; place: string; part: string; account: string; from: string }
  | { kind: "nested_parts"; place: string; account: string; parts: string }
  | { kind: "as_of_future"; place: string; asOf: string; today: string }
  | { kind: "stage_before_history"; place: string; part: string; asOf: string; last: string }
  | { kind: "two_accounts"; place: string; id: string; account: string; name: string; other: string };

export interface ImportPlan {
  create: { record: ImportAccount; place: string }[];
  /** Records matched to a stored account, to be compared with what it stores (`plannedUpdate`). */
  /** `byAlias`: found by one of the account's other names, not by its CRM id or its own name. */
  matched: { account: AccountKeys; record: ImportAccount; place: string; byAlias: boolean }[];
  notInFile: AccountKeys[];
  problems: ImportProblem[];
}

/** Values compare as their audit text does (JSON), so 30 and 30.0 or two equal dates are one value. */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `record` that differ from `stored`; a field the record leaves out (absent) is not compared. A record
 *  that found the account `byAlias` (a short name, its pinyin, no CRM id) names it by a name it already goes by:
 *  that is no rename. Matched by CRM id, the file's name is the CRM's, and a new one renames the account. */
export function changedFields(stored: StoredAccount, record: ImportAccount, byAlias = false): FieldChange[] {
  const out: FieldChange[] = [];
  const compare = (field: string, before: unknown, after: unknown) => {
    if (after !== undefined && !same(before, after)) out.push({ field, before: before ?? null, after: after ?? null });
  };
  if (record.name.trim() !== stored.name && !byAlias) compare("name", stored.name, record.name.trim());
  if (record.id != null) compare("crm_id", stored.crmId, record.id);
  compare("owner", stored.ownerUserId, record.owner);
  for (const f of ACCOUNT_FACT_FIELDS) compare(f, stored.facts[f], record[f]);
  for (const f of MATRIX_FIELDS) compare(f, stored.matrix[f], record[f]);
  return out;
}

/** The team's accounts by id, CRM id and lookup key (name and alias keys), read once per import. The lookup-key
 *  index is built on the first name lookup: a parts file whose rows all carry known CRM ids never needs it. */
export function indexAccounts<A extends AccountKeys>(accounts: readonly A[]) {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const byCrm = new Map<string, string[]>();
  let names: Map<string, string[]> | null = null;
  const add = (m: Map<string, string[]>, key: string, id: string) => {
    const list = m.get(key);
    if (!list) m.set(key, [id]);
    else if (!list.includes(id)) list.push(id);
  };
  for (const a of accounts) if (a.crmId !== null) add(byCrm, a.crmId, a.id);
  /** The accounts a lookup key (a normalized name or alias) names. */
  const byName = (key: string): readonly string[] => {
    if (names === null) {
      const index = new Map<string, string[]>();
      for (const a of accounts) {
        add(index, normalizeName(a.name), a.id);
        for (const k of a.aliasKeys) add(index, k, a.id);
      }
      names = index;
    }
    return names.get(key) ?? [];
  };
  const label = (id: string) => {
    const a = byId.get(id);
    return a ? (a.crmId ? `${a.name} (${a.crmId})` : a.name) : id;
  };
  return { byId, byCrm, byName, label };
}

/** Matches every record to at most one stored account, or to none (a new account). */
export function planImport(
  accounts: readonly AccountKeys[],
  records: readonly ImportAccount[],
  places: readonly string[],
): ImportPlan {
  const { byId, byCrm, byName, label } = indexAccounts(accounts);

  const plan: ImportPlan = { create: [], matched: [], notInFile: [], problems: [] };
  const claimed = new Map<string, string>(); // account id → the place that matched it
  records.forEach((record, i) => {
    const place = places[i] ?? `accounts[${i}]`;
    const nameKey = normalizeName(record.name);
    let match: string | undefined;
    if (record.id != null) {
      const ids = byCrm.get(record.id) ?? [];
      if (ids.length > 1) {
        plan.problems.push({ kind: "crm_id_ambiguous", place, id: record.id, accounts: ids.map(label).join(", ") });
        return;
      }
      // Accounts imported before CRM ids were kept have theirs as an alias key.
      const legacy = byName(normalizeName(record.id)).filter((id) => byId.get(id)?.crmId === null);
      match = ids[0] ?? (legacy.length === 1 ? legacy[0] : undefined);
    }
    const byCrmId = match !== undefined;
    if (match === undefined) {
      const ids = byName(nameKey);
      if (ids.length > 1) {
        plan.problems.push({ kind: "name_ambiguous", place, name: record.name, accounts: ids.map(label).join(", ") });
        return;
      }
      const found = ids[0] === undefined ? undefined : byId.get(ids[0]);
      if (found && record.id != null && found.crmId !== null && found.crmId !== record.id) {
        plan.problems.push({
          kind: "crm_id_mismatch",
          place,
          name: record.name,
          stored: found.crmId,
          given: record.id,
        });
        return;
      }
      match = found?.id;
    } else {
      // Matched by CRM id under another name: the new name must not be another account's.
      const other = byName(nameKey).find((id) => id !== match);
      if (other !== undefined) {
        plan.problems.push({ kind: "name_taken", place, name: record.name, account: label(other) });
        return;
      }
    }
    if (match === undefined) {
      plan.create.push({ record, place });
      return;
    }
    const first = claimed.get(match);
    if (first !== undefined) {
      plan.problems.push({ kind: "same_account", place, other: first, account: label(match) });
      return;
    }
    claimed.set(match, place);
    const account = byId.get(match) as AccountKeys; // every id in the maps is a stored one
    plan.matched.push({ account, record, place, byAlias: !byCrmId && nameKey !== normalizeName(account.name) });
  });
  plan.notInFile = accounts.filter((a) => !claimed.has(a.id));
  return plan;
}

/** What writing `record` over the account it matched changes (its fields and new aliases), or null: unchanged. */
export function plannedUpdate(account: StoredAccount, record: ImportAccount, byAlias = false): PlannedUpdate | null {
  const keys = new Set([normalizeName(account.name), ...account.aliasKeys]);
  const newAliases = (record.aliases ?? []).filter((a) => !keys.has(normalizeName(a)));
  const changes = changedFields(account, record, byAlias);
  if (newAliases.length > 0) changes.push({ field: "aliases", before: null, after: newAliases });
  return changes.length === 0 ? null : { account, record, changes, newAliases };
}

const NESTED = ["contacts", "needs", "opportunities"] as const;

/**
 * The nested contacts, needs and opportunities of `record` (a JSON file's account that matched a stored one) that
 * are new or differ from what `stored` (the account exported as a record) holds, as "O-2 (new)", "O-1: amount".
 * A JSON file updates a stored account's own fields; its parts change through the flat files, so these refuse the
 * file rather than be dropped. A part is compared on the fields the file gives.
 */
export function nestedPartChanges(stored: ImportAccount, record: ImportAccount): string[] {
  const out: string[] = [];
  for (const kind of NESTED) {
    const have = new Map((stored[kind] ?? []).map((p) => [p.id, p as Record<string, unknown>]));
    for (const part of record[kind] ?? []) {
      const before = have.get(part.id);
      if (before === undefined) {
        out.push(`${part.id} (new)`);
        continue;
      }
      const fields = Object.entries(part).filter(([f, v]) => f !== "id" && v !== undefined && !same(before[f], v));
      if (fields.length > 0) out.push(`${part.id}: ${fields.map(([f]) => f).join(", ")}`);
    }
  }
  return out;
}

// ---- contacts, needs and opportunities files ----------------------------------------------------

/** A stored contact, need or opportunity (accounts repository `teamParts`). */
export interface StoredPartRow {
  id: string;
  accountId: string;
  crmId: string | null;
  fields: Record<string, unknown>;
}

/** One row of a parts file: its account's key, the part's id and the fields the file gives. */
export interface PartInput {
  /** Its spreadsheet row (the header being 1): a number, made into a place only for a problem. */
  row: number;
  account: { id: string | null; name: string | null };
  id: string;
  fields: Record<string, unknown>;
  given: readonly string[];
}

/** A parts row whose CRM id found its account under another name than kvalue stores: imported under the CRM id's
 *  account (the CRM id wins, nothing is renamed), and said, since a row pasted from the wrong account looks the same. */
export interface OtherAccountName {
  row: number;
  crmId: string;
  /** The name the file gives. */
  name: string;
  /** The account's name in kvalue. */
  stored: string;
}

export interface PartPlan {
  create: { accountId: string; input: PartInput }[];
  update: { part: StoredPartRow; input: PartInput; changes: FieldChange[] }[];
  unchanged: number;
  notInFile: StoredPartRow[];
  problems: ImportProblem[];
  otherNames: OtherAccountName[];
}

const placeOf = (row: Pick<PartInput, "row">): string => `row ${row.row}`;

/** Fields a re-import never compares: dates derived from the stage history, kept as the history says. */
const DERIVED_PART_FIELDS = new Set(["created_date", "closed_date"]);

/** A parts row's account among the team's (`indexAccounts`): by its CRM id, else its lookup name; none, several, or
 *  a row whose two keys name two accounts is a problem. Found by CRM id under a name that is not the account's,
 *  `otherName` says so. */
export function accountOfRow(
  { byId, byCrm, byName, label }: ReturnType<typeof indexAccounts>,
  row: Pick<PartInput, "row" | "account">,
): { accountId: string; otherName?: OtherAccountName } | { problem: ImportProblem } {
  const place = placeOf(row);
  const key = row.account.id ?? row.account.name ?? "";
  const ids =
    row.account.id !== null ? (byCrm.get(row.account.id) ?? []) : byName(normalizeName(row.account.name ?? ""));
  const byNameToo =
    ids.length === 0 && row.account.id !== null && row.account.name !== null
      ? byName(normalizeName(row.account.name))
      : ids;
  if (byNameToo.length > 1) {
    const accounts = byNameToo.map(label).join(", ");
    return {
      problem:
        row.account.id !== null && ids.length > 1
          ? { kind: "crm_id_ambiguous", place, id: row.account.id, accounts }
          : { kind: "name_ambiguous", place, name: key, accounts },
    };
  }
  const accountId = byNameToo[0];
  if (accountId === undefined || !byId.has(accountId))
    return { problem: { kind: "account_missing", place, account: key } };
  // A row with both keys must name one account, as an accounts file's must: its CRM id one account and its name
  // another, or a name found under another CRM id, is a row pasted from the wrong place.
  if (row.account.id !== null && row.account.name !== null) {
    const crmId = byId.get(accountId)?.crmId ?? null;
    const named = byName(normalizeName(row.account.name));
    const other = named.find((id) => id !== accountId);
    if (ids.length === 1 && other !== undefined && !named.includes(accountId)) {
      const [id, name] = [row.account.id, row.account.name];
      return { problem: { kind: "two_accounts", place, id, account: label(accountId), name, other: label(other) } };
    }
    if (ids.length === 0 && crmId !== null && crmId !== row.account.id)
      return {
        problem: { kind: "crm_id_mismatch", place, name: row.account.name, stored: crmId, given: row.account.id },
      };
    // Compared with the stored name alone (case, width and spacing aside), as both ways of matching read it: a page
    // matched by CRM id has no alias keys.
    const stored = byId.get(accountId)?.name;
    if (ids.length === 1 && stored !== undefined && normalizeName(row.account.name) !== normalizeName(stored))
      return { accountId, otherName: { row: row.row, crmId: row.account.id, name: row.account.name, stored } };
  }
  return { accountId };
}

/** The account problems of a file's rows (their keys alone): said beside its bad cells, so one report lists both. */
export function accountProblems(
  accounts: readonly AccountKeys[],
  rows: readonly Pick<PartInput, "row" | "account">[],
): ImportProblem[] {
  const index = indexAccounts(accounts);
  return rows.flatMap((row) => {
    const matched = accountOfRow(index, row);
    return "problem" in matched ? [matched.problem] : [];
  });
}

/** Plans a parts file against the team's stored parts, a page of rows at a time, each page with the accounts its
 *  rows may name (all of them, or those of its CRM ids: then the whole team's keys are never in memory at once).
 *  Each row's account (CRM id, else lookup name: it must exist) and part (its CRM id, else kvalue's own id, which
 *  an export of a part made in Slack carries), then the changed fields. Nothing is deleted. */
export function partPlanner(parts: readonly StoredPartRow[]) {
  const partsOf = new Map<string, StoredPartRow[]>();
  for (const p of parts) {
    const list = partsOf.get(p.accountId);
    if (list) list.push(p);
    else partsOf.set(p.accountId, [p]);
  }
  const plan: PartPlan = { create: [], update: [], unchanged: 0, notInFile: [], problems: [], otherNames: [] };
  const claimed = new Map<string, string>();
  const byCrmId = new Map(parts.flatMap((p) => (p.crmId === null ? [] : [[p.crmId, p] as const])));
  /** Plans `rows`, matched among `accounts`. */
  const add = (accounts: readonly AccountKeys[], rows: readonly PartInput[]): void => {
    const index = indexAccounts(accounts);
    const { label } = index;
    for (const row of rows) {
      const matched = accountOfRow(index, row);
      if ("problem" in matched) {
        plan.problems.push(matched.problem);
        continue;
      }
      const { accountId } = matched;
      if (matched.otherName) plan.otherNames.push(matched.otherName);
      const own = partsOf.get(accountId) ?? [];
      const part = own.find((p) => p.crmId === row.id) ?? own.find((p) => p.crmId === null && p.id === row.id);
      if (!part) {
        // The same CRM id under another account: creating it here would count the deal twice.
        const elsewhere = byCrmId.get(row.id);
        if (elsewhere && elsewhere.accountId !== accountId) {
          plan.problems.push({
            kind: "part_moved",
            place: placeOf(row),
            part: row.id,
            account: label(accountId),
            from: elsewhere.accountId,
          });
        } else plan.create.push({ accountId, input: row });
        continue;
      }
      const first = claimed.get(part.id);
      if (first !== undefined) {
        plan.problems.push({
          kind: "same_part",
          place: placeOf(row),
          other: first,
          part: `${label(accountId)} · ${row.id}`,
        });
        continue;
      }
      claimed.set(part.id, placeOf(row));
      const changes: FieldChange[] = [];
      // kvalue's own id is only the key of a part made in Slack, never recorded as its CRM id.
      if (part.crmId === null && row.id !== part.id) changes.push({ field: "crm_id", before: null, after: row.id });
      for (const field of row.given) {
        if (DERIVED_PART_FIELDS.has(field)) continue;
        const after = row.fields[field] ?? null;
        if (!same(part.fields[field], after)) changes.push({ field, before: part.fields[field] ?? null, after });
      }
      if (changes.length === 0) plan.unchanged++;
      else plan.update.push({ part, input: row, changes });
    }
  };
  /** The plan of every row added; parts none of them named are not in the file. */
  const done = (): PartPlan => {
    plan.notInFile = parts.filter((p) => !claimed.has(p.id));
    return plan;
  };
  return { add, done };
}
