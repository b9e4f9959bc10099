import { createMiddleware } from "hono/factory";
import { fanOutChanges } from "../domain/webhooks.ts";
import type { AppEnv } from "../env.ts";
import { asError } from "../lib/as-error.ts";

/**
 * After an editor's successful write, tell the subscribers at once: the fan-out matches the
 * versions written since it last ran and queues their deliveries. It never fails the write
 * (already committed): what it misses, the next write or job run picks up.
 */
export const fanOutAfterWrite = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status >= 400) return;
  const role = c.get("apiKey")?.role;
  if (role !== "editor" && role !== "admin") return;
  const path = c.req.path;
  // Subscriptions change no claim; the admin's job run fans out at its own end.
  if (path.startsWith("/v1/subscriptions") || path.startsWith("/v1/admin")) return;
  try {
    await fanOutChanges(c.get("db"), c.env.WEBHOOK_DELIVERIES, { verdicts: false });
  } catch (err) {
    console.error(`webhooks: the fan-out after a write failed: ${asError(err).message}`);
  }
});
