import { createMiddleware } from "hono/factory";
import { createDb } from "../../db/client.ts";
import { fanOutChanges } from "../domain/webhooks.ts";
import { type AppEnv, type Env, readConfig } from "../env.ts";
import { asError } from "../lib/as-error.ts";

/**
 * After an editor's successful write, tell the subscribers: once the response is out
 * (`waitUntil`), the fan-out matches the versions written since it last ran and queues their
 * deliveries. The editor never waits for it, however big the backlog, and it never fails the
 * write (already committed): what it misses, the next write or job run picks up.
 */
export const fanOutAfterWrite = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status >= 400) return;
  const role = c.get("apiKey")?.role;
  if (role !== "editor" && role !== "admin") return;
  const path = c.req.path;
  // Subscriptions change no claim; the admin's job run fans out at its own end.
  if (path.startsWith("/v1/subscriptions") || path.startsWith("/v1/admin")) return;
  const work = fanOutInBackground(c.env);
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    await work; // no execution context (app.request in a unit test)
  }
});

/**
 * A fan-out on a database client of its own: the request's is closed once the response is
 * produced.
 */
async function fanOutInBackground(env: Env) {
  const config = readConfig(env);
  const { db, close } = createDb({
    databaseUrl: config.DATABASE_URL,
    wsProxy: config.NEON_WS_PROXY,
    timeoutMs: config.DB_TIMEOUT_MS,
  });
  try {
    await fanOutChanges(db, env.WEBHOOK_DELIVERIES, { verdicts: false });
  } catch (err) {
    console.error(`webhooks: the fan-out after a write failed: ${asError(err).message}`);
  } finally {
    await close();
  }
}
