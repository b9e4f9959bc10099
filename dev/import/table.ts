import { parse } from "csv-parse/sync";
import { parseJsonKeepingNumbers } from "../../worker/lib/json.ts";
import { withoutControls } from "../../worker/lib/text.ts";

/**
 * The longest cell a list may hold (the archived lists' longest is under 4,000 characters): an
 * 8 MB title would be served in every feed and page that shows the claim.
 */
export const MAX_CELL = 20_000;

/** A cell as stored: control characters dropped, refused past MAX_CELL (row as in the file). */
function cell(text: string, row: number, column: string): string {
  if (text.length > MAX_CELL) {
    throw new Error(`row ${row}, column ${column}: longer than ${MAX_CELL} characters`);
  }
  return withoutControls(text);
}

/** One row of an archived list: every cell as text, blank where the file had nothing. */
export type Row = Record<string, string>;

/** A list as read from its file: column names (normalized, in file order) and rows. */
export type Table = { columns: string[]; rows: Row[] };

/**
 * Column names as the formats match them: lower case, runs of anything else than letters and
 * digits as one `_` ("UPLOADED ON" → `uploaded_on`). A name repeated in the header (the grants
 * archive of 2025-03-30 has DOGE's `description`, then USAspending's) keeps its first column;
 * the later ones become `description_2`…, kept as extra columns.
 */
export function normalizeColumns(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const base = name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, "");
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/**
 * A CSV file (header row first) or a JSON one (an array of receipts, or the DOGE API's body
 * `{"result": {"<kind>": [...]}}`), told apart by its first character. JSON numbers keep their
 * exact text; null becomes blank.
 */
export function parseTable(text: string): Table {
  const body = text.replace(/^\uFEFF/, "");
  if (/^\s*[[{]/.test(body)) return jsonTable(body);
  const records = parse(body, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const [header, ...data] = records;
  if (!header) return { columns: [], rows: [] };
  const columns = normalizeColumns(header);
  // Row numbers as in the file: the header is line 1.
  const rows = data.map((cells, r) =>
    Object.fromEntries(columns.map((c, i) => [c, cell(cells[i] ?? "", r + 2, c)])),
  );
  return { columns, rows };
}

function jsonTable(text: string): Table {
  const parsed = parseJsonKeepingNumbers(text) as unknown;
  const result = (parsed as { result?: Record<string, unknown> } | null)?.result;
  const items = Array.isArray(parsed)
    ? parsed
    : Object.values(result ?? {}).find((value) => Array.isArray(value));
  if (!Array.isArray(items)) {
    throw new Error("a JSON list must be an array of receipts or the DOGE API's {result: {...}}");
  }
  const names = [...new Set(items.flatMap((item) => Object.keys(item as object)))];
  const columns = normalizeColumns(names);
  const rows = (items as Record<string, unknown>[]).map((item, r) =>
    Object.fromEntries(
      names.map((name, i) => [
        columns[i] as string,
        item[name] == null ? "" : cell(String(item[name]), r + 1, name),
      ]),
    ),
  );
  return { columns, rows };
}
