// CSV text read record by record, for the import of CRM exports: csv-parse took a fifth of a 100,000-row import
// (issue 11.7), most of it in bookkeeping an import does not use. RFC 4180 with the leniency of real exports, as
// csv-parse reads them with relax_quotes and relax_column_count (its reading is the oracle of this module's tests):
// - a field that starts with `"` is quoted: delimiters and line breaks inside it are text, `""` is one quote;
// - a quote anywhere else is text (`12"` screen), and so are the quotes of a quoted field with text after its
//   closing quote (`"A"B` reads as written);
// - records end at CRLF, LF or CR; an empty line is a record of one empty cell; a last line break ends nothing;
// - rows may have any number of cells.
// A quote left open at the end of the text is the one error.

/** A quote opened and never closed: nothing after it can be read as cells. */
export class CsvQuoteError extends Error {
  constructor(
    /** The line (from 1) the open quote is on. */
    readonly line: number,
    /** Records read in full before it. */
    readonly records: number,
  ) {
    super(`a quote opened on line ${line} is never closed`);
    this.name = "CsvQuoteError";
  }
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Calls `onRecord` with the cells of each record of `text`, in order, until it returns false; throws CsvQuoteError
 *  on a quote left open. */
export function eachCsvRecord(text: string, delimiter: string, onRecord: (cells: string[]) => boolean | void): void {
  const delim = delimiter.charCodeAt(0);
  const end = text.length;
  let pos = 0;
  let line = 1;
  let records = 0;
  while (pos < end) {
    const cells: string[] = [];
    // An empty line is a record of one empty cell; a delimiter at the end of a line leaves one more.
    for (;;) {
      let next: number; // where the cell's text ends: at a delimiter, a line break or the end
      if (text.charCodeAt(pos) === QUOTE) {
        const quoted = readQuoted(text, pos, delim);
        if (quoted === null) throw new CsvQuoteError(line, records);
        cells.push(quoted.cell);
        next = quoted.next;
        line += quoted.lines;
      } else {
        next = cellEnd(text, pos, delim);
        cells.push(own(text.slice(pos, next)));
      }
      pos = next;
      if (pos >= end || text.charCodeAt(pos) !== delim) break;
      pos++;
    }
    if (onRecord(cells) === false) return;
    records++;
    if (pos < end) {
      pos += text.charCodeAt(pos) === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
    }
  }
}

/** Where the plain text starting at `from` ends: at the next delimiter, line break, or the end. */
function cellEnd(text: string, from: number, delim: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === delim || c === LF || c === CR) break;
  }
  return i;
}

/** Every record of `text` (a small file: segments, a header row's kind). */
export function csvRecords(text: string, delimiter: string): string[][] {
  const out: string[][] = [];
  eachCsvRecord(text, delimiter, (cells) => {
    out.push(cells);
  });
  return out;
}

/** The quoted cell opening at `start`: its text, where it ends, and the line breaks it holds; null if never closed.
 *  Text after the closing quote makes the cell plain text up to the next delimiter or line break: the quotes, what
 *  they held (a doubled quote read as one) and what follows. */
function readQuoted(text: string, start: number, delim: number): { cell: string; next: number; lines: number } | null {
  let cell = "";
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return null;
    if (text.charCodeAt(q + 1) === QUOTE) {
      cell += text.slice(from, q + 1);
      from = q + 2;
      continue;
    }
    cell = own(cell + text.slice(from, q));
    const after = q + 1;
    const c = text.charCodeAt(after);
    const lines = countBreaks(text, start, after);
    if (after >= text.length || c === delim || c === LF || c === CR) return { cell, next: after, lines };
    const next = cellEnd(text, after, delim);
    return { cell: `"${cell}"${text.slice(after, next)}`, next, lines };
  }
}

/** `cell` as a string of its own. A slice of 13 characters or more is a view into the whole text, and one such cell
 *  kept in a record would keep the text (tens of MB) alive through the import; a short one is copied anyway. */
function own(cell: string): string {
  return cell.length < 13 ? cell : (cell + " ").slice(0, -1);
}

/** Line breaks (CRLF, LF or CR) in text[from, to). */
function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}
