import { createDb, createReadDb } from "../../../db/client.ts";
import { type ProposalListOptions, proposalPageQuery } from "../../../db/queries/proposals.ts";
import { readConfig } from "../../env.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import { factory } from "../factory.ts";

/**
 * The list request the read benchmark measures, and the exact statement the API runs for it:
 * `GET /v1/proposals?kind=contract&sort=-claimed_savings&limit=50` reads 51 rows (one more
 * than the page, to know whether there is a next one).
 */
export const BENCH_LIST_PATH = "/v1/proposals?kind=contract&sort=-claimed_savings&limit=50";
export const BENCH_LIST: ProposalListOptions = {
  filters: { methodologyVersion: METHODOLOGY_VERSION, kind: "contract" },
  sort: "claimed_savings",
  desc: true,
  limit: 51,
};

/**
 * B2, a fresh Neon Pool per request running the benchmark list's statement and returning its
 * rows as JSON, nothing else (the floor of a database read in Workers: a connection per request
 * and the query).
 */
export const listSqlHandlers = factory.createHandlers(async (c) => {
  const config = readConfig(c.env);
  const { db, pool, close } = createDb({
    databaseUrl: config.DATABASE_URL,
    wsProxy: config.NEON_WS_PROXY,
    timeoutMs: config.DB_TIMEOUT_MS,
  });
  try {
    const statement = proposalPageQuery(db, BENCH_LIST).toSQL();
    const result = await pool.query(statement.sql, statement.params);
    return c.json({ data: result.rows });
  } finally {
    c.executionCtx.waitUntil(close());
  }
});

/**
 * B4, the same statement as B2 over Neon's HTTP queries (the read client's path: one round trip,
 * no connection to open), returning its rows as JSON.
 */
export const listHttpHandlers = factory.createHandlers(async (c) => {
  const config = readConfig(c.env);
  const { db, client, close } = createReadDb({
    databaseUrl: config.DATABASE_URL,
    wsProxy: config.NEON_WS_PROXY,
    timeoutMs: config.DB_TIMEOUT_MS,
  });
  try {
    const statement = proposalPageQuery(db, BENCH_LIST).toSQL();
    const result = await client.query(statement.sql, statement.params);
    return c.json({ data: result });
  } finally {
    c.executionCtx.waitUntil(close());
  }
});
