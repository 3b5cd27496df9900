// The facts of `kvalue assess` as people write them: an account's scalar facts as the CSV import and
// `/kvalue set` read them (money as 300万 or ¥3,000,000, percentages as 25%, enums by code or Chinese name, 是/否).
// Used by the reference reading of assess (commands/assess-reference.ts) only when the schema refuses a document.
import { ACCOUNT_FACT_FIELDS } from "../core/facts.js";
import { formatPath, type PlacedIssue } from "../core/issues.js";
import { matchHeader } from "../features/import-export/csv-columns.js";
import { cellErrorText } from "../features/import-export/cells.js";
import { inEach } from "../i18n/catalog.js";

const SCALARS = new Set<string>(ACCOUNT_FACT_FIELDS);

/** Each string value of a scalar fact of `accounts[i]`, read as a cell of its column. */
export function readFriendlyFacts(input: unknown): { value: unknown; issues: PlacedIssue[] } {
  const issues: PlacedIssue[] = [];
  if (typeof input !== "object" || input === null || !Array.isArray((input as { accounts?: unknown }).accounts))
    return { value: input, issues };
  const accounts = ((input as { accounts: unknown[] }).accounts ?? []).map((account, i) => {
    if (typeof account !== "object" || account === null || Array.isArray(account)) return account;
    const out: Record<string, unknown> = { ...(account as Record<string, unknown>) };
    for (const [field, raw] of Object.entries(out)) {
      if (typeof raw !== "string" || !SCALARS.has(field)) continue;
      const match = matchHeader(field);
      if (match.kind !== "field" || match.column.field !== field) continue;
      const read = match.column.parse(raw, 0);
      if (read.ok) out[field] = read.value;
      else
        issues.push({
          path: formatPath(["accounts", i, field]),
          message: read.message,
          said: inEach((l) => cellErrorText(l, read)),
        });
    }
    return out;
  });
  return { value: { ...(input as object), accounts }, issues };
}
