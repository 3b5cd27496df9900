// The import's CSV reader (csv-read.ts) against csv-parse, the library it replaced, reading with the options the
// import used (relax_quotes, relax_column_count, empty lines kept): the same cells for any text of delimiters,
// quotes, line breaks and letters, one kind of line break per text; and the same verdict on a quote left open.
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvQuoteError, eachCsvRecord } from "../../src/features/import-export/csv-read.js";

const read = (text: string, delimiter = ","): string[][] => {
  const out: string[][] = [];
  eachCsvRecord(text, delimiter, (cells) => {
    out.push(cells);
  });
  return out;
};
const oracle = (text: string, delimiter = ","): string[][] =>
  parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];

describe("eachCsvRecord", () => {
  it("reads what csv-parse reads, for any text of one delimiter and one kind of line break", () => {
    const pieces = ["a", "b", "中", " ", ",", ";", "\t", '"', '""', "\n", "x,y", '"q,r"', '"s\nt"'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 40 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.constantFrom(",", ";", "\t"),
        (parts, eol, delimiter) => {
          const text = parts.join("").replace(/\n/g, eol);
          let expected: string[][] | "open quote";
          try {
            expected = oracle(text, delimiter);
          } catch {
            expected = "open quote";
          }
          let actual: string[][] | "open quote";
          try {
            actual = read(text, delimiter);
          } catch (e) {
            if (!(e instanceof CsvQuoteError)) throw e;
            actual = "open quote";
          }
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it("reads quoted cells, doubled quotes, quotes inside plain cells and empty lines as exports have them", () => {
    expect(read('id,name\r\n1,"东江, 大数据局"\r\n2,"say ""hi"""\r\n\r\n3,12" screen\r\n4,"A"B\r\n')).toEqual([
      ["id", "name"],
      ["1", "东江, 大数据局"],
      ["2", 'say "hi"'],
      [""],
      ["3", '12" screen'],
      ["4", '"A"B'],
    ]);
    expect(read('a;"x\ny";\n', ";")).toEqual([["a", "x\ny", ""]]);
    expect(read("")).toEqual([]);
  });

  it("names the line an open quote is on, and the records read before it", () => {
    const text = 'id,name\n1,"two\nlines"\n2,"never closed\n3,x\n';
    expect(() => read(text)).toThrow(CsvQuoteError);
    try {
      read(text);
    } catch (e) {
      expect(e).toMatchObject({ line: 4, records: 2 });
    }
  });
});
