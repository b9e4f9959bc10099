import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { DatabaseError, Pool, PoolClient, QueryResult } from "pg";

// Loaded with require, as ws is, so vitest's resolver cannot pick another build.
const pg = createRequire(import.meta.url)("pg") as typeof import("pg");

/** Every value goes back as Postgres' text: the driver parses it by the field's type OID. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

/** The error fields the driver copies from a 400 answer onto its error (as node-postgres has them). */
const ERROR_FIELDS = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

const ISOLATION: Record<string, string> = {
  ReadUncommitted: "read uncommitted",
  ReadCommitted: "read committed",
  RepeatableRead: "repeatable read",
  Serializable: "serializable",
};

type Statement = { query: string; params?: unknown[] };

export type SqlOverHttp = {
  /** Answers `POST /sql`; returns false for any other request (left to the caller). */
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
  close: () => Promise<void>;
};

/**
 * Neon's one-shot HTTP query protocol (what `neon()` and drizzle-orm/neon-http speak) served over
 * a plain Postgres, so the API's HTTP read path runs locally as on Neon: `POST /sql` with the
 * `Neon-Connection-String` header and `{query, params}` (or `{queries: [...]}`, run as one
 * transaction), answered with `{command, rowCount, fields, rows, rowAsArray}`, rows as arrays of
 * text and the fields' type OIDs; a Postgres error is a 400 carrying its fields. One pool of
 * TCP connections per connection string stands in for Neon's own pooler. No maintained local
 * server for this protocol is on npm (Neon's own proxy is a Rust service).
 */
export function sqlOverHttp(opts: { max?: number } = {}): SqlOverHttp {
  const pools = new Map<string, Pool>();
  const poolFor = (connectionString: string) => {
    let pool = pools.get(connectionString);
    if (!pool) {
      pool = new pg.Pool({
        connectionString,
        max: opts.max ?? 20,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: 10_000,
      });
      // A connection dropped while idle (a test database dropped, a server restarted).
      pool.on("error", () => undefined);
      pools.set(connectionString, pool);
    }
    return pool;
  };

  const run = (client: Pool | PoolClient, s: Statement) =>
    client.query({
      text: s.query,
      values: s.params ?? [],
      rowMode: "array",
      types: RAW_TEXT,
    }) as Promise<QueryResult<unknown[]>>;

  const answer = async (req: IncomingMessage, body: string) => {
    const connectionString = req.headers["neon-connection-string"];
    if (typeof connectionString !== "string" || !/^postgres(ql)?:\/\//.test(connectionString)) {
      return { status: 400, body: { message: "missing or invalid Neon-Connection-String header" } };
    }
    let request: Statement | { queries: Statement[] };
    try {
      request = JSON.parse(body);
    } catch {
      return { status: 400, body: { message: "the request body is not JSON" } };
    }
    const pool = poolFor(connectionString);
    try {
      if (!("queries" in request)) return { status: 200, body: shape(await run(pool, request)) };
      const client = await pool.connect();
      try {
        const level = ISOLATION[String(req.headers["neon-batch-isolation-level"])];
        const readOnly = req.headers["neon-batch-read-only"] === "true";
        const deferrable = req.headers["neon-batch-deferrable"] === "true";
        await client.query(
          `begin${level ? ` isolation level ${level}` : ""}${readOnly ? " read only" : ""}${deferrable ? " deferrable" : ""}`,
        );
        const results = [];
        for (const s of request.queries) results.push(shape(await run(client, s)));
        await client.query("commit");
        return { status: 200, body: { results } };
      } catch (err) {
        await client.query("rollback").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    } catch (err) {
      const e = err as DatabaseError;
      if (typeof e.code !== "string" || !e.severity) {
        // Not Postgres answering: the database cannot be reached.
        return { status: 502, text: `database unreachable: ${e.message}` };
      }
      const fields = Object.fromEntries(
        ERROR_FIELDS.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]),
      );
      return { status: 400, body: { message: e.message, ...fields } };
    }
  };

  return {
    handle(req, res) {
      if (req.method !== "POST" || new URL(req.url ?? "/", "http://proxy").pathname !== "/sql") {
        return false;
      }
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        answer(req, Buffer.concat(chunks).toString("utf8")).then((out) => {
          if ("text" in out) {
            res.writeHead(out.status, { "content-type": "text/plain" }).end(out.text);
          } else {
            res
              .writeHead(out.status, { "content-type": "application/json" })
              .end(JSON.stringify(out.body));
          }
        });
      });
      return true;
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.end().catch(() => undefined)));
    },
  };
}

function shape(r: QueryResult<unknown[]>) {
  return {
    command: r.command,
    rowCount: r.rowCount,
    rows: r.rows,
    fields: r.fields.map((f) => ({
      name: f.name,
      tableID: f.tableID,
      columnID: f.columnID,
      dataTypeID: f.dataTypeID,
      dataTypeSize: f.dataTypeSize,
      dataTypeModifier: f.dataTypeModifier,
      format: f.format,
    })),
    rowAsArray: true,
  };
}
