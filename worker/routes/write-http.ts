import type { Context } from "hono";
import type { Who } from "../domain/versioned.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { recordEtag, sha256 } from "../lib/etag.ts";

/** The HTTP side of writes: who writes, If-Match, Idempotency-Key, and the written record. */

/** The actor of a request's writes: its API key. */
export function whoOf(c: Context<AppEnv>): Who {
  return { actor: `key:${c.get("apiKey").id}`, requestId: c.get("requestId") ?? null };
}

/**
 * The version an If-Match names. Only the `v<version>` part of the ETag counts, so a recomputed
 * assessment (which changes the body, not the record) never blocks an edit.
 */
export function ifMatchVersion(c: Context<AppEnv>, required: boolean): number | undefined {
  const header = c.req.header("If-Match");
  if (!header) {
    if (!required) return undefined;
    throw new ApiError(
      "precondition-required",
      "Send If-Match with the ETag you read, so a concurrent edit cannot be overwritten.",
    );
  }
  // RFC 9110 §13.1.1: If-Match compares strongly, so a weak ETag never matches.
  if (/^\s*W\//.test(header)) {
    throw new ApiError(
      "precondition-failed",
      "If-Match uses strong comparison: a weak ETag (W/…) never matches. Send the ETag as read.",
    );
  }
  const version = /^"v(\d+)(?:-[0-9a-f]+)?"$/.exec(header.trim())?.[1];
  if (!version) {
    throw new ApiError("bad-request", 'If-Match must be an ETag this API gave, e.g. "v3".', [
      { name: "If-Match", message: "is not an ETag of this API" },
    ]);
  }
  return Number(version);
}

/**
 * The request's Idempotency-Key as a create claims it (the key, its API key, and a hash of the
 * request, so the same key with another request is refused); undefined without the header.
 */
export async function idempotencyOf(c: Context<AppEnv>, request: unknown) {
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ApiError("bad-request", "Idempotency-Key must be 1–255 visible ASCII characters.", [
      { name: "Idempotency-Key", message: "must be 1–255 visible ASCII characters" },
    ]);
  }
  const requestHash = await sha256(`${c.req.method} ${c.req.path} ${JSON.stringify(request)}`);
  return { apiKeyId: c.get("apiKey").id, key, requestHash };
}

/** A written record: its ETag names its version, and it is never cached. */
export async function sendWritten(
  c: Context<AppEnv>,
  body: { data: { version?: number } },
  status: 200 | 201,
  headers: { location?: string | null; replayed?: boolean } = {},
) {
  const text = JSON.stringify(body);
  c.header("ETag", await recordEtag(body.data?.version ?? 1, text));
  if (headers.location) c.header("Location", headers.location);
  if (headers.replayed) c.header("Idempotent-Replayed", "true");
  c.header("Cache-Control", "no-store");
  return c.body(text, status, { "Content-Type": "application/json" });
}
