// What an import did (or, in a dry run, would do) as text lines in the user's language: the same summary for the
// CLI, the console and Slack. Pure.
import { name, t } from "../../../i18n/catalog.js";
import type { Locale } from "../../../i18n/locale.js";
import { formatMoney } from "../../../i18n/money.js";
import { isOpen, stageIndex, STAGES, type Stage } from "../../../core/index.js";
import { oneLine, truncate } from "../../../ui/limits.js";
import { IMPORT_VOCABULARIES, termLabel, type CodeOf, type ImportVocabulary } from "../labels.js";
import type { FieldChange } from "../match.js";
import { ACCOUNT_CSV_COLUMNS } from "../csv-columns.js";
import { cellErrorText } from "../cells.js";
import { PART_COLUMNS } from "../part-columns.js";
import type { FileProblem } from "../import-parse.js";
import type { ImportProblem } from "../match.js";
import type { FileImportResult, ImportSummary } from "../service.js";
import type { ImportIssue } from "../import-parse.js";
import type { SegmentField, SegmentKey } from "../../../core/index.js";
import { keptOwnText, segmentTitle } from "../../segments/ui/segments.js";
import { segmentHeader } from "../segment-parse.js";
import { issueText as segmentIssueText } from "../../segments/ui/modals.js";

/** How many changed accounts are named one by one; the rest are counted. */
const LISTED = 20;
/** Rows a warning names by number; the rest are counted. */
const ROWS_LISTED = 5;

/** "第 5 行" / "row 5" for a CSV place; a JSON path stays as it is. */
export function placeText(locale: Locale, place: string): string {
  const row = /^row (\d+)$/.exec(place);
  return row ? t(locale, "import.place.row", { row: Number(row[1]) }) : place;
}

/** A field as the file's header names it (客户编号, 近12月收入, 阶段 …). */
export function fieldText(locale: Locale, field: string, kind: ImportSummary["kind"] = "accounts"): string {
  if (field === "crm_id" && kind !== "accounts") field = "id";
  if (kind === "accounts" && (field === "id" || field === "crm_id")) return locale === "zh-CN" ? "客户编号" : "CRM ID";
  if (kind === "segments") return segmentHeader(field as SegmentField, locale);
  const columns = kind === "accounts" ? ACCOUNT_CSV_COLUMNS : PART_COLUMNS[kind];
  const column = columns.find((c) => c.field === field);
  return column ? (locale === "zh-CN" ? column.zh : column.en) : field;
}

export function importProblemText(locale: Locale, p: ImportProblem): string {
  const place = placeText(locale, p.place);
  switch (p.kind) {
    case "crm_id_ambiguous":
      return t(locale, "import.problem.crm_id_ambiguous", { place, id: p.id, accounts: p.accounts });
    case "name_ambiguous":
      return t(locale, "import.problem.name_ambiguous", { place, name: p.name, accounts: p.accounts });
    case "crm_id_mismatch":
      return t(locale, "import.problem.crm_id_mismatch", { place, name: p.name, stored: p.stored, given: p.given });
    case "same_account":
      return t(locale, "import.problem.same_account", { place, account: p.account, other: placeText(locale, p.other) });
    case "name_taken":
      return t(locale, "import.problem.name_taken", { place, name: p.name, account: p.account });
    case "account_missing":
      return t(locale, "import.problem.account_missing", { place, account: p.account });
    case "part_moved":
      return t(locale, "import.problem.part_moved", { place, part: p.part, account: p.account, from: p.from });
    case "same_part":
      return t(locale, "import.problem.same_part", { place, part: p.part, other: placeText(locale, p.other) });
    case "as_of_future":
      return t(locale, "import.problem.as_of_future", { asOf: p.asOf, today: p.today });
    case "stage_before_history":
      return t(locale, "import.problem.stage_before_history", { place, part: p.part, asOf: p.asOf, last: p.last });
    case "two_accounts":
      return t(locale, "import.problem.two_accounts", {
        place,
        id: p.id,
        account: p.account,
        name: p.name,
        other: p.other,
      });
    case "nested_parts":
      return t(locale, "import.problem.nested_parts", { place, account: p.account, parts: p.parts });
  }
}

/** Whether the file had no records at all (a CSV of its header only, `[]`): every record is new, changed or
 *  unchanged, or the import is refused. */
export function noRecords(s: ImportSummary): boolean {
  const created = s.kind === "accounts" ? s.accounts : s.kind === "segments" ? s.segments : s[s.kind];
  return created + s.changed.length + s.unchanged === 0;
}

export function importSummaryLines(locale: Locale, s: ImportSummary, where: { file: string; team: string }): string[] {
  const fields = s.changed.reduce((n, c) => n + c.changes.length, 0);
  const sep = t(locale, "common.list_separator");
  // Zeros and every stored account "not in the file" would read as a success: say what the file lacks instead, and
  // not under a head that says it was imported.
  if (noRecords(s)) return [t(locale, "import.no_records", { file: where.file })];
  const head = t(locale, s.dryRun ? "import.head.dry" : "import.head.done", where);
  const named = (x: { name: string; segment?: SegmentKey }) => (x.segment ? segmentTitle(locale, x.segment) : x.name);
  // Deals whose closed outcome would be undone, or that would slide back, come first: the counts hide them.
  const items = [
    ...stageWarnings(locale, s),
    ...s.changed.slice(0, LISTED).map((c) =>
      t(locale, "import.line.changed_item", {
        name: named(c),
        fields: c.changes.map((f) => changeText(locale, f, s.kind)).join(sep),
      }),
    ),
  ];
  const lines =
    s.kind === "segments"
      ? [
          head,
          t(locale, "import.line.new_parts", { n: s.segments, what: t(locale, "import.kind.segments") }),
          t(locale, "import.line.changed_parts", {
            n: s.changed.length,
            what: t(locale, "import.kind.segments"),
            fields,
          }),
          ...items,
        ]
      : s.kind === "accounts"
        ? [
            head,
            t(locale, "import.line.new", {
              n: s.accounts,
              contacts: s.contacts,
              needs: s.needs,
              opportunities: s.opportunities,
            }),
            t(locale, "import.line.changed", { n: s.changed.length, fields }),
            ...items,
          ]
        : [
            head,
            t(locale, "import.line.new_parts", { n: s[s.kind], what: t(locale, `import.kind.${s.kind}`) }),
            t(locale, "import.line.changed_parts", {
              n: s.changed.length,
              what: t(locale, `import.kind.${s.kind}`),
              fields,
            }),
            ...items,
          ];
  if (s.kind === "segments" && !s.dryRun) lines.push(t(locale, "import.line.segments_rescored", { n: s.rescored }));
  if (s.keptOwn.length > 0) lines.push(keptOwnText(locale, s.keptOwn));
  if (s.kind === "opportunities")
    lines.push(t(locale, "import.line.stage_changes", { date: s.asOf, n: s.stageChanges }));
  if (s.stagesMapped > 0) lines.push(t(locale, "import.line.stages_mapped", { n: s.stagesMapped }));
  if (s.changed.length > LISTED) lines.push(`  ${t(locale, "common.more_accounts", { n: s.changed.length - LISTED })}`);
  lines.push(
    t(locale, "import.line.unchanged", { n: s.unchanged }),
    t(locale, "import.line.not_in_file", { n: s.notInFile.length }),
  );
  const stillOpen = s.notInFile.filter((a) => a.open).length;
  if (stillOpen > 0) lines.push(t(locale, "import.line.not_in_file_open", { n: stillOpen }));
  if (s.notInFile.length > 0) {
    const shown = s.notInFile.slice(0, LISTED).map((a) => (a.crmId ? `${a.name} (${a.crmId})` : named(a)));
    const more = s.notInFile.length - shown.length;
    lines.push(`  ${shown.join(sep)}${more > 0 ? ` ${t(locale, "common.more_items", { n: more })}` : ""}`);
  }
  lines.push(t(locale, "import.line.audit", { n: s.auditRows }));
  return [...lines, ...summaryWarnings(locale, s)];
}

/** Characters of one value in a changed line: a long text (a need's description) is cut, so the list stays short. */
const VALUE_CHARS = 30;

const isStage = (v: unknown): v is Stage => typeof v === "string" && (STAGES as readonly string[]).includes(v);
const stageText = (locale: Locale, s: Stage): string => `${s} ${name(locale, "stage", s)}`;

function isMoneyField(field: string, kind: ImportSummary["kind"]): boolean {
  if (kind === "segments") return false;
  if (kind === "accounts") return ACCOUNT_CSV_COLUMNS.some((c) => c.field === field && c.format === "money");
  return PART_COLUMNS[kind].some((c) => c.field === field && c.money === true);
}

/** A stored or imported value as a person reads it in the file's terms: S4 投标, 1,500万, a term's name, 是/否. */
export function changeValueText(locale: Locale, field: string, value: unknown, kind: ImportSummary["kind"]): string {
  if (value === null || value === undefined || value === "") return t(locale, "import.value.blank");
  if (field === "stage" && isStage(value)) return stageText(locale, value);
  if (typeof value === "number" && isMoneyField(field, kind)) return formatMoney(locale, value);
  if (typeof value === "boolean") return name(locale, "boolean", value ? "true" : "false");
  if (typeof value === "string" && Object.hasOwn(IMPORT_VOCABULARIES, field))
    return termLabel(field as ImportVocabulary, value as CodeOf<ImportVocabulary>, locale);
  const text = Array.isArray(value)
    ? value.map(String).join(t(locale, "common.list_separator"))
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);
  return truncate(oneLine(text), VALUE_CHARS);
}

/** "阶段 S4 投标 → S2 立项": a changed field with its values. A segment's fields are named only (its form shows
 *  their values), and so are new aliases (added to those stored, not replacing them). */
function changeText(locale: Locale, c: FieldChange, kind: ImportSummary["kind"]): string {
  const field = fieldText(locale, c.field, kind);
  if (kind === "segments" || c.field === "aliases") return field;
  return t(locale, "import.line.changed_value", {
    field,
    before: changeValueText(locale, c.field, c.before, kind),
    after: changeValueText(locale, c.field, c.after, kind),
  });
}

/** A stage change a manager must see before approving: a closed deal's outcome undone (W→L, W→S3, L→S2 …; a
 *  reversed win takes its amount out of 已赢单) or an open deal sliding back (S4→S2). Closing a deal is progress. */
function stageMove(c: FieldChange): "reopened" | "moved_back" | null {
  if (c.field !== "stage" || !isStage(c.before) || !isStage(c.after) || c.before === c.after) return null;
  if (!isOpen(c.before)) return "reopened";
  return isOpen(c.after) && stageIndex(c.after) < stageIndex(c.before) ? "moved_back" : null;
}

/** One warning line per kind of move, naming the first ROWS_LISTED deals with their stages and counting all. */
function stageWarnings(locale: Locale, s: ImportSummary): string[] {
  if (s.kind !== "opportunities") return [];
  const moves = {
    reopened: [] as { name: string; c: FieldChange }[],
    moved_back: [] as { name: string; c: FieldChange }[],
  };
  for (const row of s.changed)
    for (const c of row.changes) {
      const move = stageMove(c);
      if (move) moves[move].push({ name: row.name, c });
    }
  const sep = t(locale, "common.list_separator");
  const list = (found: readonly { name: string; c: FieldChange }[]) => {
    const shown = found.slice(0, ROWS_LISTED).map(({ name: deal, c }) =>
      t(locale, "import.warn.stage_item", {
        name: deal,
        before: changeValueText(locale, "stage", c.before, s.kind),
        after: changeValueText(locale, "stage", c.after, s.kind),
      }),
    );
    const more = found.length - shown.length;
    return shown.join(sep) + (more > 0 ? ` ${t(locale, "common.more_items", { n: more })}` : "");
  };
  const out: string[] = [];
  const { reopened, moved_back: back } = moves;
  if (reopened.length > 0) {
    const p = { n: reopened.length, list: list(reopened) };
    out.push(t(locale, s.dryRun ? "import.warn.reopened_dry" : "import.warn.reopened", p));
  }
  if (back.length > 0) {
    const p = { n: back.length, list: list(back) };
    out.push(t(locale, s.dryRun ? "import.warn.moved_back_dry" : "import.warn.moved_back", p));
  }
  return out.map((text) => t(locale, "import.warning", { text }));
}

/** "第 3、5、9 行" / "rows 3, 5, 9": the first ROWS_LISTED rows, then how many more. */
function rowsText(locale: Locale, rows: readonly number[]): string {
  if (rows.length === 1) return placeText(locale, `row ${rows[0]}`);
  const shown = rows.slice(0, ROWS_LISTED).join(t(locale, "common.list_separator"));
  return t(locale, "import.place.rows", { rows: shown, n: rows.length, more: rows.length - ROWS_LISTED });
}

/** What the import does that the counts do not show: new deals dated by the import (their sales cycle would read
 *  short), and rows naming their account otherwise than kvalue does, one line per account and name. */
function summaryWarnings(locale: Locale, s: ImportSummary): string[] {
  const warn = (text: string) => t(locale, "import.warning", { text });
  const out: string[] = [];
  if (s.undatedDeals > 0)
    out.push(
      warn(
        t(locale, s.dryRun ? "import.warn.undated_dry" : "import.warn.undated", {
          n: s.undatedDeals,
          date: s.asOf,
        }),
      ),
    );
  // A renamed account has every deal row under its new name: one line for all of them.
  const byName = new Map<string, { crmId: string; name: string; stored: string; rows: number[] }>();
  for (const o of s.otherNames) {
    const key = `${o.crmId}\u0000${o.name}`;
    const group = byName.get(key);
    if (group) group.rows.push(o.row);
    else byName.set(key, { crmId: o.crmId, name: o.name, stored: o.stored, rows: [o.row] });
  }
  const groups = [...byName.values()];
  for (const g of groups.slice(0, LISTED))
    out.push(
      warn(
        t(locale, "import.warn.other_name", {
          rows: rowsText(locale, g.rows),
          id: g.crmId,
          name: g.name,
          stored: g.stored,
        }),
      ),
    );
  if (groups.length > LISTED) out.push(`  ${t(locale, "common.more_items", { n: groups.length - LISTED })}`);
  return out;
}

export function fileProblemText(locale: Locale, file: string, p: FileProblem): string {
  switch (p.kind) {
    case "too_large":
      return t(locale, "import.file_too_large", { file, size: p.sizeMb, max: p.maxMb });
    case "binary":
      return t(locale, "import.file_binary", { file });
    case "empty":
      return t(locale, "import.file_empty", { file });
    case "mixed_encoding":
      return t(locale, "import.file_mixed_encoding", { file, line: p.line });
  }
}

/** "第 3 行，近12月收入：…" / "row 3, column 近12月收入: …": a parse issue with its place. */
export function issueText(locale: Locale, i: ImportIssue): string {
  const zh = locale === "zh-CN";
  const where =
    i.row !== null
      ? `${placeText(locale, `row ${i.row}`)}${i.column && !i.segment ? (zh ? `，${i.column}` : `, column ${i.column}`) : ""}`
      : i.path;
  // A segment issue names its field itself: the column as the file has it, else the field's label.
  const message = i.segment
    ? segmentIssueText(locale, { ...i.segment, field: i.column ?? i.segment.field })
    : i.cell
      ? cellErrorText(locale, i.cell)
      : (i.said?.[locale] ?? i.message);
  return where ? `${where}${zh ? "：" : ": "}${message}` : message;
}

/** A file's problems shown one per line, at most PROBLEMS_LISTED: a wrong export (every row for accounts not yet
 *  imported) has one per row, and 100,000 lines say no more than the first ones and the count. */
const PROBLEMS_LISTED = 50;
function firstOf<P>(
  locale: Locale,
  problems: readonly P[],
  text: (p: P) => string,
  total: number = problems.length,
): string[] {
  const lines = problems.slice(0, PROBLEMS_LISTED).map(text);
  const more = total - lines.length;
  return more > 0 ? [...lines, t(locale, "common.more_items", { n: more })] : lines;
}

/** Every line a surface shows for an import's result: warnings, then the summary or what stopped it. */
export function importResultLines(
  locale: Locale,
  r: FileImportResult,
  where: { file: string; team: string },
): { ok: boolean; lines: string[] } {
  const warn = (w: ImportIssue) => t(locale, "import.warning", { text: issueText(locale, w) });
  switch (r.status) {
    case "done":
      return { ok: true, lines: [...r.warnings.map(warn), ...importSummaryLines(locale, r.summary, where)] };
    case "unreadable":
      return { ok: false, lines: [fileProblemText(locale, where.file, r.problem)] };
    case "invalid": {
      // Bad cells first, then the rows whose account the team lacks: one report, one count. Only the lines shown
      // are said (a file can have an error in each of 100,000 rows).
      const problems = r.problems ?? [];
      const total = r.errors.length + problems.length;
      const said = [
        ...r.errors.slice(0, PROBLEMS_LISTED).map((e) => issueText(locale, e)),
        ...problems.slice(0, PROBLEMS_LISTED).map((p) => importProblemText(locale, p)),
      ];
      return {
        ok: false,
        lines: [
          ...r.warnings.map(warn),
          ...firstOf(locale, said, (line) => line, total),
          t(locale, "import.refused", { n: total }),
          // A stage kvalue does not know is most often the CRM's own name for one.
          // Only a stage name kvalue does not know is helped by a map (not an empty or doubled column).
          ...(r.errors.some((e) => e.path === "stage" && e.cell !== undefined)
            ? [t(locale, "import.stage_map_hint")]
            : []),
        ],
      };
    }
    case "refused":
      return {
        ok: false,
        lines: [
          ...r.warnings.map(warn),
          ...firstOf(locale, r.problems, (p) => importProblemText(locale, p)),
          t(locale, "import.refused", { n: r.problems.length }),
        ],
      };
  }
}
