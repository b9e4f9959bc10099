import { createMiddleware } from "hono/factory";
import { createDb } from "../../db/client.ts";
import { type AppEnv, readConfig } from "../env.ts";

/**
 * A database client per request, closed once the response is produced. Ending the Pool earlier
 * (e.g. `waitUntil(pool.end())` before `next()`) kills the queries still to come.
 *
 * @example app.use("/v1/*", database())
 */
export const database = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const config = readConfig(c.env);
    const { db, close } = createDb({
      databaseUrl: config.DATABASE_URL,
      wsProxy: config.NEON_WS_PROXY,
      timeoutMs: config.DB_TIMEOUT_MS,
    });
    c.set("db", db);
    try {
      await next();
    } finally {
      const closing = close();
      try {
        c.executionCtx.waitUntil(closing);
      } catch {
        await closing; // no execution context (app.request in a unit test)
      }
    }
  });
