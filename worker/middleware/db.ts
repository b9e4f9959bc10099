import { createMiddleware } from "hono/factory";
import { createDb, createReadDb, servesHttpQueries } from "../../db/client.ts";
import { type AppEnv, readConfig } from "../env.ts";
import { asError } from "../lib/as-error.ts";

/**
 * A database client per request, closed once the response is produced. Ending the Pool earlier
 * (e.g. `waitUntil(pool.end())` before `next()`) kills the queries still to come. A handler
 * whose body streams from the database calls `c.get("holdDb")()` and closes when it is done.
 *
 * The number of statements a request ran goes out as `Server-Timing: db;desc="N queries"`, so
 * anyone can see that a page of rows costs one query, not one per row.
 *
 * A GET or HEAD gets the read client (one HTTP round trip per statement where the database
 * serves Neon's HTTP queries, `DB_HTTP_READS`); other methods, the WebSocket Pool. A read that
 * needs a transaction gets the Pool from `withTransaction`.
 *
 * @example app.use("/v1/*", database())
 */
export const database = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const config = readConfig(c.env);
    let queries = 0;
    const dbConfig = {
      databaseUrl: config.DATABASE_URL,
      wsProxy: config.NEON_WS_PROXY,
      timeoutMs: config.DB_TIMEOUT_MS,
      onQuery: () => {
        queries += 1;
      },
    };
    const read = c.req.method === "GET" || c.req.method === "HEAD";
    const overHttp =
      read && (config.DB_HTTP_READS ? config.DB_HTTP_READS === "1" : servesHttpQueries(dbConfig));
    const { db, close } = overHttp ? createReadDb(dbConfig) : createDb(dbConfig);
    let held = false;
    c.set("db", db);
    c.set("holdDb", () => {
      held = true;
      return close;
    });
    try {
      await next();
      c.res.headers.append("Server-Timing", `db;desc="${queries} queries"`);
    } catch (err) {
      // Hono hands only Error instances to onError, and the driver can reject with a WebSocket
      // ErrorEvent: made an Error here, it is answered (503) inside the CORS and security layers.
      throw asError(err);
    } finally {
      if (!held) {
        const closing = close();
        try {
          c.executionCtx.waitUntil(closing);
        } catch {
          await closing; // no execution context (app.request in a unit test)
        }
      }
    }
  });
