import type { Context } from "hono";
import { datasetFingerprint } from "../../db/queries/fingerprint.ts";
import { type AppEnv, readConfig } from "../env.ts";
import { ApiError } from "../errors.ts";
import { csvText } from "../lib/csv.ts";
import { decodeCursor, type KeysetPosition } from "../lib/cursor.ts";
import { hexDigest } from "../lib/encoding.ts";
import { recordEtag } from "../lib/etag.ts";
import { fetchPage, type ListSpec } from "../lib/paging.ts";
import { takeStreamSlot } from "../lib/stream-slots.ts";

/**
 * List responses, shared by the API's routes and the pages: a page of a list as JSON or CSV
 * with its cursor and Link, the full streamed export, one record, a small table.
 */

/** Rows per database round trip while streaming a full CSV export. */
const EXPORT_BATCH = 1000;
/** Lists change with every job run (every 30 minutes); a minute of staleness is harmless. */
export const LIST_CACHE_CONTROL = "public, max-age=60";

export type ListRequest = {
  limit?: number | undefined;
  cursor?: string | undefined;
  count?: "true" | "false" | undefined;
  format?: "json" | "csv" | undefined;
  sort: string;
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
  const { EXPORT_CONCURRENCY, EXPORT_LEASE_MS } = readConfig(c.env);
  const freeSlot = takeStreamSlot(EXPORT_CONCURRENCY, EXPORT_LEASE_MS);
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
  let lease: ReturnType<typeof setTimeout> | undefined;
  let released: Promise<void> | undefined;
  // Once, whichever comes first: the end, an error, the client leaving, the lease.
  const release = () => {
    clearTimeout(lease);
    freeSlot();
    released ??= Promise.resolve(closeDb());
    return released;
  };
  let after = start;
  let first = true;
  const encoder = new TextEncoder();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // The slot's lease ends the stream: a client reading slowly cannot hold it for longer.
        lease = setTimeout(() => {
          cancelled = true;
          controller.error(new Error("the export ran past its lease"));
          void release();
        }, EXPORT_LEASE_MS);
      },
      async pull(controller) {
        if (cancelled) return;
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
