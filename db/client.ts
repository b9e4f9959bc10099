import {
  type NeonQueryFunction,
  neon,
  neonConfig,
  Pool,
  type PoolClient,
} from "@neondatabase/serverless";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzleHttp } from "drizzle-orm/neon-http";
import type { NeonQueryResultHKT } from "drizzle-orm/neon-serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import type { PgDatabase, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.ts";

export type DbConfig = {
  /** A postgres:// URL: Neon in production, PGlite or any Postgres locally. */
  databaseUrl: string;
  /** `host:port` of a local WebSocket→TCP proxy; unset on Neon. */
  wsProxy?: string | undefined;
  /** Bound on connecting and on each query, so a dead database never hangs a request. */
  timeoutMs?: number | undefined;
  /** Called once per statement Drizzle sends (for the per-request query count). */
  onQuery?: (() => void) | undefined;
};

export type Db = PgDatabase<NeonQueryResultHKT, typeof schema>;
export type Tx = PgTransaction<
  NeonQueryResultHKT,
  typeof schema,
  ExtractTablesWithRelations<typeof schema>
>;

/**
 * A unit of work: everything `work` writes (the change, its history, its audit row) is committed
 * together or not at all. The domain's write services each run in one.
 *
 * @example
 * const key = await withTransaction(db, async (tx) => { const row = await insertKey(tx, values); await writeAudit(tx, entry); return row });
 */
export function withTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  // A read client has no transactions (one HTTP round trip per statement): its Pool takes them.
  return (pooled.get(db)?.() ?? db).transaction(work);
}

/** A read client's Pool-backed client, opened on first use. */
const pooled = new WeakMap<Db, () => Db>();

/**
 * The only place that knows the driver. Build one per request (or per scheduled run) and
 * close it after the response: a Pool shared across requests fails in Workers.
 *
 * @example
 * const { db, close } = createDb({ databaseUrl: env.DATABASE_URL, wsProxy: env.NEON_WS_PROXY });
 * try { await db.select().from(schema.commissions) } finally { ctx.waitUntil(close()) }
 */
export function createDb(config: DbConfig): { db: Db; pool: Pool; close: () => Promise<void> } {
  if (config.wsProxy) useLocalProxy(config.wsProxy);
  const timeoutMs = config.timeoutMs ?? 5000;
  const pool = new Pool({
    connectionString: config.databaseUrl,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs * 6,
    max: 4,
  });
  let closed: Promise<void> | undefined;
  // Sockets closing because we ended the pool are expected, not worth a log line.
  const report = (err: Error) => {
    if (!closed) console.error("database connection error:", err.message);
  };
  // A dropped idle connection is reported on the pool; without a listener it would be thrown.
  pool.on("error", report);
  // The pool takes its own listener off a client it lends out, so a connection lost between two
  // statements of a transaction was thrown, uncaught, from the socket's event handler, and the
  // runtime cancelled the request as hung (a 500). With a listener of its own the client is just
  // marked broken: its next statement fails, and that failure is the request's 503.
  pool.on("connect", (client: PoolClient) => client.on("error", report));
  const onQuery = config.onQuery;
  const db = drizzle({
    client: pool,
    schema,
    ...(onQuery ? { logger: { logQuery: () => onQuery() } } : {}),
  });
  const close = () => {
    closed ??= pool.end().catch(() => undefined);
    return closed;
  };
  return { db, pool, close };
}

/**
 * The client for a read-only request: each statement is one HTTP round trip (Neon's `neon()`
 * one-shot query, no WebSocket handshake, no connection to open), which is all a list, a record
 * or a page needs. A transaction (`withTransaction`) opens a WebSocket Pool on first use, so a
 * read that needs one still gets one; `close` ends that Pool if it was opened.
 * With `wsProxy` set (locally), statements go to the same proxy's `POST /sql`. Each statement
 * gets `timeoutMs` (a read that takes longer is answered 503, as a database that stopped
 * answering is).
 *
 * @example
 * const { db, close } = createReadDb({ databaseUrl: env.DATABASE_URL, wsProxy: env.NEON_WS_PROXY });
 */
export function createReadDb(config: DbConfig): {
  db: Db;
  /** The driver's query function, for a statement already rendered (the benchmark's B4). */
  client: NeonQueryFunction<false, false>;
  close: () => Promise<void>;
} {
  if (config.wsProxy) useLocalProxy(config.wsProxy);
  const timeoutMs = config.timeoutMs ?? 5000;
  const client = neon(config.databaseUrl, {
    // Each statement is bounded by the timeout, as a pooled connection's connect is: over HTTP
    // a database that stopped answering looks like a slow query, and a request must get its 503
    // rather than hang. The driver spreads these options into every fetch, so the getter gives
    // each statement a deadline of its own.
    fetchOptions: {
      get signal() {
        return AbortSignal.timeout(timeoutMs);
      },
    },
  });
  const onQuery = config.onQuery;
  const db = drizzleHttp({
    client,
    schema,
    ...(onQuery ? { logger: { logQuery: () => onQuery() } } : {}),
  });
  let writer: ReturnType<typeof createDb> | undefined;
  const read = db as unknown as Db;
  pooled.set(read, () => {
    writer ??= createDb(config);
    return writer.db;
  });
  return { db: read, client, close: async () => writer?.close() };
}

/** Whether reads may go over HTTP: Neon's own endpoints, or a local proxy that speaks it. */
export function servesHttpQueries(config: DbConfig): boolean {
  if (config.wsProxy) return true;
  try {
    return /\.neon\.(tech|build)$/.test(new URL(config.databaseUrl).hostname);
  } catch {
    return false;
  }
}

/** Route the Neon driver through a plain-TCP Postgres (PGlite, a local server) via the proxy. */
function useLocalProxy(proxy: string) {
  neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  // The proxy also serves Neon's HTTP query protocol (dev/sql-over-http.ts).
  neonConfig.fetchEndpoint = `http://${proxy}/sql`;
}

export { schema };
