import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { findKeyByPrefix, type Role, touchKey } from "../../db/queries/keys.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { tokenMatches, tokenPrefix } from "../lib/keys.ts";
import { authFailures } from "./limits.ts";

/**
 * Require `Authorization: Bearer <key>` with at least `role` (admin includes editor; a
 * subscriber key is good for subscriptions only). No key or
 * a bad one is a 401, a key without the role a 403; a revoked key stops working at once because
 * every request reads the key's row. A client past its failed authentications gets 429.
 *
 * @example app.post("/v1/proposals", requireKey("editor"), handler)
 */
export const requireKey = (role: Role) =>
  createMiddleware<AppEnv>(async (c, next) => {
    // A client that keeps failing is refused before its key costs a lookup.
    authFailures.check(c);
    const header = c.req.header("Authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw unauthorized(c, "Send an API key as `Authorization: Bearer <key>`.");
    const prefix = tokenPrefix(token);
    const key = prefix ? await findKeyByPrefix(c.get("db"), prefix) : undefined;
    // Always hash and compare, so an unknown prefix costs the same as a wrong secret.
    const matches = await tokenMatches(token, key?.hash ?? "0".repeat(64));
    if (!key || !matches || key.revokedAt) {
      throw unauthorized(c, "This API key is not valid (unknown, wrong or revoked).");
    }
    await touchKey(c.get("db"), key.id);
    if (role === "admin" && key.role !== "admin") {
      throw new ApiError("forbidden", "This needs an admin key.");
    }
    // A subscriber key only manages its own subscriptions; it never writes records.
    if (role === "editor" && key.role === "subscriber") {
      throw new ApiError("forbidden", "This needs an editor or admin key.");
    }
    if (role === "subscriber" && key.role !== "subscriber") {
      throw new ApiError("forbidden", "This needs a subscriber key (an admin creates one).");
    }
    c.set("apiKey", { id: key.id, role: key.role, name: key.name });
    await next();
  });

function unauthorized(c: Context<AppEnv>, detail: string) {
  authFailures.fail(c);
  c.header("WWW-Authenticate", 'Bearer realm="cutwatch"');
  return new ApiError("unauthorized", detail);
}
