import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

/** A client's own request id is echoed only when it looks like one: 8–128 of [A-Za-z0-9._:-]. */
const CLIENT_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Every request gets the server's own id (`X-Request-Id` on the response, in the logs, problems
 * and audit rows): a client's id is never used as ours, since two clients could send the same
 * one and their audit rows would then share it. A client that sends its own `X-Request-Id` to
 * correlate gets it back as `X-Client-Request-Id` when it is well-formed, and not otherwise.
 */
export const requestIds = createMiddleware<AppEnv>(async (c, next) => {
  const id = crypto.randomUUID();
  c.set("requestId", id);
  c.header("X-Request-Id", id);
  const client = c.req.header("X-Request-Id")?.trim();
  if (client && CLIENT_ID.test(client)) c.header("X-Client-Request-Id", client);
  await next();
});
