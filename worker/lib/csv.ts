import { stringify } from "csv-stringify/sync";
import { withoutControls } from "./text.ts";

/** How records become CSV: the file's name, its header row, and one row per record. */
export type CsvSpec<Rec> = {
  filename: string;
  header: readonly string[];
  row: (rec: Rec) => readonly unknown[];
};

/** RFC 4180: CRLF line ends, fields quoted when they must be; nested values as JSON text. */
export function csvText<Rec>(spec: CsvSpec<Rec>, records: Rec[], header: boolean) {
  const rows = records.map((r) => spec.row(r).map(csvCell));
  return stringify(header ? [spec.header as string[], ...rows] : rows, {
    record_delimiter: "windows",
    // csv-stringify quotes a field holding the record delimiter (CRLF), not one holding a bare LF
    // or CR; spreadsheets and RFC 4180 readers break the row there. Real titles hold bare LFs.
    quoted_match: /[\r\n]/,
  });
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  // A control character is never sent raw: opened in a terminal, an escape would run.
  return inertCell(withoutControls(String(value)));
}

/** What a spreadsheet would run as a formula: =, +, -, @, tab, CR, or a full-width =, +, -, @. */
const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain decimal: money is sent as decimal strings, and "-12.50" must stay a number. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * CSV formula injection (OWASP "CSV Injection"): a cell that would start a formula gets one
 * leading apostrophe, which spreadsheets read as "text". Cells already starting with apostrophes
 * before such a character get one more, so the rule reverses exactly: drop one apostrophe from a
 * cell of apostrophes followed by one of those characters. Not csv-stringify's
 * `escape_formulas`: it would prefix negative amounts too, since they are strings here.
 */
export function inertCell(text: string): string {
  return FORMULA_START.test(text) && !DECIMAL.test(text) ? `'${text}` : text;
}

/** CSV columns: the record's own fields in schema order, but its `links` (URLs of other lists). */
export function csvColumns<Rec>(filename: string, schema: { entries: object }) {
  const columns = Object.keys(schema.entries).filter((k) => k !== "links") as (keyof Rec &
    string)[];
  return { filename, header: columns, row: (rec: Rec) => columns.map((col) => rec[col]) };
}
