import { stringify } from "csv-stringify/sync";
import type { Context } from "hono";
import * as v from "valibot";
import { datasetFingerprint } from "../../db/queries/fingerprint.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import { type AppEnv, readConfig } from "../env.ts";
import { ApiError } from "../errors.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { hexDigest } from "./encoding.ts";
import { recordEtag } from "./etag.ts";
import { takeStreamSlot } from "./stream-slots.ts";

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** Rows per database round trip while streaming a full CSV export. */
const EXPORT_BATCH = 1000;
/** Lists change with every job run (every 30 minutes); a minute of staleness is harmless. */
export const LIST_CACHE_CONTROL = "public, max-age=60";

const BoolParam = (description: string) =>
  v.optional(v.pipe(v.picklist(["true", "false"]), v.description(description)));

/**
 * The paging and format parameters every list shares. Spread into the list's `v.strictObject`
 * next to its filters, with `sortParam` for its sort whitelist.
 */
export const listParams = {
  limit: v.optional(
    limitParam(
      MAX_LIMIT,
      `Rows per page, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT}). A CSV request without a limit returns every matching row.`,
    ),
  ),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => decodeCursor(s) !== null, "cursor is not one this API issued"),
      v.description("Opaque: the `next_cursor` of the previous page, as given."),
    ),
  ),
  count: BoolParam("`true` adds `total`, the number of rows matching the filters."),
  format: v.optional(
    v.pipe(
      v.picklist(["json", "csv"]),
      v.description("`csv` for RFC 4180 CSV; `Accept: text/csv` does the same."),
    ),
  ),
};

/** A whole number of rows from 1 to `max`, as a query string gives it. */
export function limitParam(max: number, description: string) {
  return v.pipe(
    v.string(),
    v.regex(/^\d+$/, "limit must be a whole number"),
    v.transform(Number),
    v.minValue(1, "limit must be at least 1"),
    v.maxValue(max, `limit must be at most ${max}`),
    v.description(description),
  );
}

/** `name` ascending, `-name` descending, over a whitelist of sort names. */
export function sortParam<const S extends string>(names: readonly S[], fallback: S | `-${S}`) {
  const values = names.flatMap((n) => [n, `-${n}`] as const);
  return v.optional(
    v.pipe(
      v.picklist(values, `sort must be one of ${values.join(", ")}`),
      v.description("Sort field; prefix with `-` for descending. Ties break on the id."),
    ),
    fallback,
  );
}

export function parseSort<S extends string>(sort: S | `-${S}`): { name: S; desc: boolean } {
  return sort.startsWith("-")
    ? { name: sort.slice(1) as S, desc: true }
    : { name: sort as S, desc: false };
}

export type ListRequest = {
  limit?: number | undefined;
  cursor?: string | undefined;
  count?: "true" | "false" | undefined;
  format?: "json" | "csv" | undefined;
  sort: string;
};

export type ListSpec<Row, Rec> = {
  /** Rows after a position, in the requested order; one SQL statement. */
  page: (after: KeysetPosition | undefined, limit: number) => Promise<Row[]>;
  position: (row: Row) => KeysetPosition;
  record: (row: Row) => Rec;
  /** Rows matching the filters, for `count=true`; a list without it does not take `count`. */
  total?: () => Promise<number>;
  csv: {
    filename: string;
    header: readonly string[];
    row: (rec: Rec) => readonly unknown[];
  };
};

/**
 * Answer a list request: a JSON page with `next_cursor` and a `Link: rel="next"`, a CSV page,
 * or (CSV with no limit) every matching row streamed in batches, never held in memory at once.
 */
export async function sendList<Row, Rec>(
  c: Context<AppEnv>,
  query: ListRequest,
  spec: ListSpec<Row, Rec>,
): Promise<Response> {
  const after = readCursor(query.cursor, query.sort);
  const csv = wantsCsv(c, query.format);
  c.header("Vary", "Accept");
  c.header("Cache-Control", LIST_CACHE_CONTROL);
  if (csv && query.limit === undefined) return streamCsv(c, query.sort, after, spec);

  const [{ rows, next }, total] = await Promise.all([
    fetchPage(spec, after, query),
    query.count === "true" ? spec.total?.() : undefined,
  ]);
  if (next) c.header("Link", `<${nextUrl(c, next)}>; rel="next"`);
  const records = rows.map(spec.record);
  if (csv) return csvResponse(c, spec.csv.filename, csvText(spec.csv, records, true));
  return c.json({ data: records, next_cursor: next, ...(total === undefined ? {} : { total }) });
}

/**
 * One page of a list: up to `limit` rows after `after` (a position from `readCursor`), read with
 * one row more to learn whether another page follows, and the cursor of that page.
 */
export async function fetchPage<Row>(
  spec: Pick<ListSpec<Row, unknown>, "page" | "position">,
  after: KeysetPosition | undefined,
  query: Pick<ListRequest, "limit" | "sort">,
): Promise<{ rows: Row[]; next: string | null }> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const fetched = await spec.page(after, limit + 1);
  const rows = fetched.slice(0, limit);
  const last = rows.at(-1);
  const more = fetched.length > limit && last !== undefined;
  return {
    rows,
    next: more ? encodeCursor({ sort: query.sort, position: spec.position(last) }) : null,
  };
}

/** A client's cursor for this sort order; a 400 when it was issued for another. */
export function readCursor(text: string | undefined, sort: string): KeysetPosition | undefined {
  if (!text) return undefined;
  const cursor = decodeCursor(text);
  if (!cursor || cursor.sort !== sort) {
    throw new ApiError(
      "bad-request",
      "Invalid query parameters: cursor: this cursor belongs to another sort order; start again without it.",
      [{ name: "cursor", message: "belongs to another sort order" }],
    );
  }
  return cursor.position;
}

function wantsCsv(c: Context<AppEnv>, format: "json" | "csv" | undefined): boolean {
  if (format) return format === "csv";
  const accept = c.req.header("Accept") ?? "";
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}

function nextUrl(c: Context<AppEnv>, cursor: string): string {
  const url = new URL(c.req.url);
  url.searchParams.set("cursor", cursor);
  return `${url.pathname}${url.search}`;
}

/** RFC 4180: CRLF line ends, fields quoted when they must be; nested values as JSON text. */
export function csvText<Rec>(spec: ListSpec<unknown, Rec>["csv"], records: Rec[], header: boolean) {
  const rows = records.map((r) => spec.row(r).map(csvCell));
  return stringify(header ? [spec.header as string[], ...rows] : rows, {
    record_delimiter: "windows",
  });
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return inertCell(String(value));
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
function inertCell(text: string): string {
  return FORMULA_START.test(text) && !DECIMAL.test(text) ? `'${text}` : text;
}

function csvResponse(c: Context<AppEnv>, filename: string, body: BodyInit) {
  return c.body(body as string, 200, {
    "Content-Type": "text/csv; charset=utf-8; header=present",
    "Content-Disposition": `attachment; filename="${filename}"`,
  });
}

/** How a streamed body is written: what opens it, each batch, what closes it. */
type Encoding<Rec> = {
  open: string;
  batch: (records: Rec[], first: boolean) => string;
  close: string;
  respond: (body: ReadableStream<Uint8Array>) => Response;
};

function streamCsv<Row, Rec>(
  c: Context<AppEnv>,
  sort: string,
  start: KeysetPosition | undefined,
  spec: ListSpec<Row, Rec>,
): Promise<Response> {
  return streamRows(c, sort, start, spec, {
    open: "",
    batch: (records, first) => (records.length || first ? csvText(spec.csv, records, first) : ""),
    close: "",
    respond: (body) => csvResponse(c, spec.csv.filename, body),
  });
}

/**
 * Every row of a list, from `start` on, read in batches of 1,000 while the body streams: never
 * held in memory at once. Rows are read in keyset order, each exactly once.
 */
async function streamRows<Row, Rec>(
  c: Context<AppEnv>,
  sort: string,
  start: KeysetPosition | undefined,
  spec: ListSpec<Row, Rec>,
  encoding: Encoding<Rec>,
): Promise<Response> {
  // Too large to keep in the read cache: it streams from the database every time.
  c.set("streamed", true);
  // Streams that may run at once are bounded before any query (lib/stream-slots.ts says why).
  const freeSlot = takeStreamSlot(readConfig(c.env).EXPORT_CONCURRENCY);
  if (!freeSlot) throw exportsBusy(c);
  try {
    // A body too large to hash gets a validator that changes whenever the data could.
    const fingerprint = await datasetFingerprint(c.get("db"));
    c.header("ETag", `W/"${await hexDigest("SHA-1", `${fingerprint}|${sort}|${c.req.url}`)}"`);
  } catch (err) {
    freeSlot();
    throw err;
  }
  // The rows are read while the body streams, after this handler returns: the database
  // middleware must leave the connection open until the stream ends.
  const closeDb = c.get("holdDb")();
  const release = () => {
    freeSlot();
    return closeDb();
  };
  let after = start;
  let first = true;
  const encoder = new TextEncoder();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const rows = await spec.page(after, EXPORT_BATCH);
          const last = rows.at(-1);
          if (last) after = spec.position(last);
          const text = `${first ? encoding.open : ""}${encoding.batch(rows.map(spec.record), first)}`;
          if (text) controller.enqueue(encoder.encode(text));
          first = false;
          if (rows.length < EXPORT_BATCH) {
            if (encoding.close) controller.enqueue(encoder.encode(encoding.close));
            controller.close();
            await release();
          }
        } catch (err) {
          await release();
          if (cancelled) return;
          // Headers are gone already: all a client can be told is that the body broke off.
          console.error(`[${c.get("requestId")}] export failed:`, err);
          controller.error(err);
        }
      },
      async cancel() {
        cancelled = true;
        await release();
      },
    },
    // Nothing is read until the client reads: a 304 or a dropped client costs no query.
    { highWaterMark: 0 },
  );
  return encoding.respond(stream);
}

/** Seconds a client is asked to wait when every export slot is taken. */
const EXPORT_RETRY_AFTER = 10;

function exportsBusy(c: Context<AppEnv>) {
  c.header("Retry-After", String(EXPORT_RETRY_AFTER));
  return new ApiError(
    "rate-limited",
    `Too many streamed exports are running; try again in ${EXPORT_RETRY_AFTER} seconds, or download the daily snapshot of the whole dataset from /v1/exports.`,
  );
}

/**
 * A full export: every row of a list as CSV or as one JSON document
 * `{"snapshot_at", "data": [...]}`, streamed. `snapshot_at` is when reading began.
 */
export function sendExport<Row, Rec>(
  c: Context<AppEnv>,
  format: "csv" | "json",
  spec: ListSpec<Row, Rec>,
): Promise<Response> {
  const snapshotAt = new Date().toISOString();
  c.header("Cache-Control", LIST_CACHE_CONTROL);
  c.header("X-Snapshot-At", snapshotAt);
  if (format === "csv") return streamCsv(c, "export", undefined, spec);
  const filename = spec.csv.filename.replace(/\.csv$/, ".json");
  return streamRows(c, "export", undefined, spec, {
    open: `{"snapshot_at":${JSON.stringify(snapshotAt)},"data":[`,
    batch: (records, first) =>
      records.length ? `${first ? "" : ","}${records.map((r) => JSON.stringify(r)).join(",")}` : "",
    close: "]}",
    respond: (body) =>
      c.body(body, 200, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
      }),
  });
}

/** One record, or a 404 naming what was asked for. */
export async function sendRecord<Row, Rec>(
  c: Context<AppEnv>,
  row: Row | undefined,
  record: (row: Row) => Rec,
  missing: string,
): Promise<Response> {
  if (!row) throw new ApiError("not-found", missing);
  const data = record(row);
  const text = JSON.stringify({ data });
  const { version } = data as { version?: unknown };
  // Editable records carry their version in the ETag, for If-Match on a PATCH.
  if (typeof version === "number") c.header("ETag", await recordEtag(version, text));
  c.header("Cache-Control", LIST_CACHE_CONTROL);
  return c.body(text, 200, { "Content-Type": "application/json" });
}

/** CSV columns: the record's own fields in schema order, but its `links` (URLs of other lists). */
export function csvColumns<Rec>(filename: string, schema: { entries: object }) {
  const columns = Object.keys(schema.entries).filter((k) => k !== "links") as (keyof Rec &
    string)[];
  return { filename, header: columns, row: (rec: Rec) => columns.map((col) => rec[col]) };
}

/**
 * A whole, small table (a rollup, not a paged list) as JSON `{data, ...meta}` or, when asked,
 * as RFC 4180 CSV of `columns`.
 */
export function sendTable<Rec extends Record<string, unknown>>(
  c: Context<AppEnv>,
  rows: Rec[],
  opts: {
    format?: "json" | "csv" | undefined;
    filename: string;
    columns: readonly string[];
    meta?: object;
  },
): Response {
  c.header("Vary", "Accept");
  c.header("Cache-Control", LIST_CACHE_CONTROL);
  if (wantsCsv(c, opts.format)) {
    const table = {
      filename: opts.filename,
      header: opts.columns,
      row: (r: Rec) => opts.columns.map((k) => r[k]),
    };
    return csvResponse(c, opts.filename, csvText(table, rows, true));
  }
  return c.json({ data: rows, ...opts.meta });
}
