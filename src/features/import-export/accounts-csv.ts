// The accounts file kvalue exports for a round trip (`kvalue export --kind accounts`): every stored account as an
// import record — the CRM id as 客户编号 (never kvalue's internal id), the aliases people gave it, every scalar fact,
// owners and the 管理表 columns — as CSV in the import's own headers, or as §10.1 JSON with needs, contacts and
// opportunities (each with all the store keeps of it). Importing it into an empty database restores the facts;
// importing it back reports 0 changes. Pure: aggregates in, text out.
import { stringify } from "csv-stringify/sync";
import { isOpen } from "../../core/rates.js";
import type { Locale } from "../../i18n/locale.js";
import type { AccountAggregate } from "../accounts/repository.js";
import { ACCOUNT_CSV_COLUMNS, type AccountCsvColumn } from "./csv-columns.js";
import { PART_COLUMNS, type PartKind } from "./part-columns.js";
import { IMPORT_VOCABULARIES, termLabel, type CodeOf, type ImportVocabulary } from "./labels.js";
import type { ImportAccount, ImportOpportunity } from "./records.js";

/** An opportunity's own CRM id if it has one, else its kvalue id (a part made in Slack has no CRM id). */
const partId = (g: AccountAggregate, id: string): string => g.partCrmIds[id] ?? id;

/** The stored account as the import record that would create it, with the aliases people gave it (givenAliases). */
export function accountRecordOf(g: AccountAggregate, aliases: readonly string[] = []): ImportAccount {
  const { id: _internal, name, needs, contacts, opportunities, ...facts } = g.facts;
  const record: ImportAccount = {
    ...(g.crmId === null ? {} : { id: g.crmId }),
    name: name ?? g.crmId ?? "",
    // Only the aliases people gave: the pinyin keys and the CRM id alias are derived again on import.
    ...(aliases.length > 0 ? { aliases: [...aliases] } : {}),
    owner: g.ownerUserId,
    ...facts,
    owner_ar: g.matrix.owner_ar,
    owner_sr: g.matrix.owner_sr,
    owner_fr: g.matrix.owner_fr,
    executive_sponsor: g.matrix.executive_sponsor,
    visit_cadence: g.matrix.visit_cadence as ImportAccount["visit_cadence"],
    revenue_target: g.matrix.revenue_target,
    last_review_date: g.matrix.last_review_date,
    needs: (needs ?? []).map((n) => ({ ...n, id: partId(g, n.id) })),
    contacts: (contacts ?? []).map((c) => {
      const winResult = g.winResults[c.id];
      return { ...c, id: partId(g, c.id), ...(winResult === undefined ? {} : { win_result: winResult }) };
    }),
    opportunities: (opportunities ?? []).map((o): ImportOpportunity => {
      const history = g.stageHistory[o.id] ?? [];
      const last = history[history.length - 1];
      const boxes = o.meddpicc ?? {};
      // The file's checklist has no "not assessed" box: all unknown is no checklist, an unknown box is unticked.
      const meddpicc = Object.values(boxes).some((v) => v !== null && v !== undefined)
        ? {
            metrics: boxes.metrics ?? false,
            economic_buyer: boxes.economic_buyer ?? false,
            decision_criteria: boxes.decision_criteria ?? false,
            decision_process: boxes.decision_process ?? false,
            paper_process: boxes.paper_process ?? false,
            identify_pain: boxes.identify_pain ?? false,
            champion: boxes.champion ?? false,
            competition: boxes.competition ?? false,
          }
        : null;
      return {
        ...o,
        ...g.opportunityDetails[o.id],
        meddpicc,
        id: partId(g, o.id),
        created_date: history[0]?.entered_date ?? null,
        closed_date: isOpen(o.stage) ? null : (last?.entered_date ?? null),
        stage_history: history,
      };
    }),
  };
  return record;
}

const isVocabulary = (field: string): field is ImportVocabulary => field in IMPORT_VOCABULARIES;

/** One cell as the import reads it back: enums by kvalue's name in the locale, yes/no words, plain yuan. */
function cell(column: AccountCsvColumn, value: unknown, locale: Locale): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join("；");
  if (typeof value === "boolean") return locale === "zh-CN" ? (value ? "是" : "否") : value ? "yes" : "no";
  if (typeof value === "string" && isVocabulary(column.field))
    return termLabel(column.field, value as CodeOf<typeof column.field>, locale);
  return String(value);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byName = (records: readonly ImportAccount[]) => [...records].sort((a, b) => compare(a.name, b.name));
const byId = <T extends { id: string }>(parts: readonly T[] | null | undefined) =>
  parts && [...parts].sort((a, b) => compare(a.id, b.id));

/** The accounts as CSV in the import's headers (UTF-8 with BOM, CRLF), one row per account, by name. */
export function accountsCsv(records: readonly ImportAccount[], locale: Locale): string {
  const header = ACCOUNT_CSV_COLUMNS.map((c) => (locale === "zh-CN" ? c.zh : c.en));
  const rows = byName(records).map((r) => ACCOUNT_CSV_COLUMNS.map((c) => cell(c, r[c.field], locale)));
  return stringify([header, ...rows], { bom: true, record_delimiter: "windows", escape_formulas: true });
}

/** The accounts as §10.1 JSON (`{ "accounts": [...] }`) with their needs, contacts and opportunities: accounts by
 *  name and parts by id, as in the CSV files (kvalue's own ids keep creation order only to the millisecond, so a
 *  restored team's would come out in another order). */
export function accountsJson(records: readonly ImportAccount[]): string {
  const sorted = byName(records).map((r) => ({
    ...r,
    needs: byId(r.needs),
    contacts: byId(r.contacts),
    opportunities: byId(r.opportunities),
  }));
  return `${JSON.stringify({ accounts: sorted }, null, 2)}\n`;
}

/** One stored part as an export row: its account's CRM id and name, its id (CRM id, else kvalue's) and fields. */
export interface PartExportRow {
  account: { crmId: string | null; name: string };
  id: string;
  fields: Record<string, unknown>;
}

/** A contacts, needs or opportunities file in the import's own headers, by account then id: importing it back
 *  reports 0 changes. */
export function partsCsv(kind: PartKind, rows: readonly PartExportRow[], locale: Locale): string {
  const columns = PART_COLUMNS[kind];
  const header = columns.map((c) => (locale === "zh-CN" ? c.zh : c.en));
  const body = [...rows]
    .sort((a, b) => (a.account.name + a.id < b.account.name + b.id ? -1 : 1))
    .map((r) =>
      columns.map((c) => {
        const v =
          c.field === "account_id"
            ? r.account.crmId
            : c.field === "account_name"
              ? r.account.name
              : c.field === "id"
                ? r.id
                : r.fields[c.field];
        if (v === null || v === undefined) return "";
        if (c.vocabulary && typeof v === "string")
          return termLabel(c.vocabulary, v as CodeOf<typeof c.vocabulary>, locale);
        if (typeof v === "boolean") return locale === "zh-CN" ? (v ? "是" : "否") : v ? "yes" : "no";
        return String(v);
      }),
    );
  return stringify([header, ...body], { bom: true, record_delimiter: "windows", escape_formulas: true });
}
