import { neonConfig, Pool } from "@neondatabase/serverless";
import type { ExtractTablesWithRelations } from "drizzle-orm";
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
  // A dropped idle connection is reported here; without a listener it would be an uncaught
  // error. Sockets closing because we ended the pool are expected, not worth a log line.
  pool.on("error", (err: Error) => {
    if (!closed) console.error("database pool error:", err.message);
  });
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

/** Route the Neon driver through a plain-TCP Postgres (PGlite, a local server) via the proxy. */
function useLocalProxy(proxy: string) {
  neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

export { schema };
