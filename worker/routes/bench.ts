import { Hono } from "hono";
import { createDb } from "../../db/client.ts";
import { type ProposalListOptions, proposalPageQuery } from "../../db/queries/proposals.ts";
import { type AppEnv, readConfig } from "../env.ts";
import { ApiError } from "../errors.ts";
import { hexDigest } from "../lib/encoding.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";

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
 * Baselines for `npm run bench`, mounted only with `BENCH_ROUTES=1` (and refusing to answer
 * without it, should they be mounted anyway); never set it in production:
 * - `GET /__bench/noop`: B1, a bare route doing no I/O (the Worker's floor).
 * - `GET /__bench/list-sql`: B2, a fresh Neon Pool per request running the benchmark list's
 *   statement and returning its rows as JSON, nothing else (the floor of a database read in
 *   Workers: a connection per request and the query).
 */
const padded = new Map<number, { body: string; etag: string }>();

export const benchRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (readConfig(c.env).BENCH_ROUTES !== "1") {
      throw new ApiError("not-found", `No route ${c.req.path}.`);
    }
    await next();
  })
  // `?bytes=N`: a JSON body of about N bytes and its ETag, built once per isolate (to compare a
  // cached read with a route that returns as much from memory, its validator known as well).
  .get("/noop", async (c) => {
    const bytes = Number(c.req.query("bytes") ?? 0);
    if (!(bytes > 0)) return c.json({ ok: true });
    let known = padded.get(bytes);
    if (!known) {
      const body = JSON.stringify({ ok: true, pad: "x".repeat(Math.min(bytes, 10_000_000)) });
      known = { body, etag: `"${await hexDigest("SHA-1", body)}"` };
      // One size at a time: a client asking for many sizes must not fill the isolate's memory.
      padded.clear();
      padded.set(bytes, known);
    }
    return c.body(known.body, 200, { "Content-Type": "application/json", ETag: known.etag });
  })
  .get("/list-sql", async (c) => {
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
