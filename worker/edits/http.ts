import type { Context } from "hono";
import type { Tx } from "../../db/client.ts";
import { claimIdempotencyKey, storeIdempotentResponse } from "../../db/queries/idempotency.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { recordEtag, sha256 } from "../lib/etag.ts";
import type { EditOutcome, Who } from "./apply.ts";

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
  const version = /^(?:W\/)?"v(\d+)(?:-[0-9a-f]+)?"$/.exec(header.trim())?.[1];
  if (!version) {
    throw new ApiError("bad-request", 'If-Match must be an ETag this API gave, e.g. "v3".', [
      { name: "If-Match", message: "is not an ETag of this API" },
    ]);
  }
  return Number(version);
}

/** Turn an edit's outcome into its error, or the edited row. */
export function editedRow<R extends { version: number }>(outcome: EditOutcome<R>, what: string): R {
  if (outcome.outcome === "missing") throw new ApiError("not-found", `No ${what}.`);
  if (outcome.outcome === "stale") {
    throw new ApiError(
      "precondition-failed",
      `The ${what} is at version ${outcome.current.version} now; read it again and reapply your change.`,
    );
  }
  return outcome.row;
}

export type Created = { id: number; location: string; version: number; body: unknown };

/**
 * Run a create in one transaction, honouring `Idempotency-Key`: the key is claimed in the same
 * transaction, so a retry (even a concurrent one) gets the first response and writes nothing.
 */
export async function createIdempotently(
  c: Context<AppEnv>,
  request: unknown,
  create: (tx: Tx, who: Who) => Promise<Created>,
): Promise<Response> {
  const key = idempotencyKey(c);
  const apiKeyId = c.get("apiKey").id;
  const requestHash = await sha256(`${c.req.method} ${c.req.path} ${JSON.stringify(request)}`);
  const result = await c.get("db").transaction(async (tx) => {
    if (key) {
      const earlier = await claimIdempotencyKey(tx, { apiKeyId, key, requestHash });
      if (earlier) {
        if (earlier.requestHash !== requestHash) {
          throw new ApiError(
            "idempotency-key-reused",
            "This Idempotency-Key was used for a different request.",
          );
        }
        return {
          replayed: true,
          status: earlier.status ?? 201,
          location: earlier.location,
          body: earlier.body,
        };
      }
    }
    const created = await create(tx, whoOf(c));
    const response = { status: 201, location: created.location, body: created.body };
    if (key) await storeIdempotentResponse(tx, { apiKeyId, key }, response);
    return { replayed: false, ...response };
  });
  const text = JSON.stringify(result.body);
  const version = (result.body as { data?: { version?: number } }).data?.version ?? 1;
  c.header("ETag", await recordEtag(version, text));
  if (result.location) c.header("Location", result.location);
  if (result.replayed) c.header("Idempotent-Replayed", "true");
  c.header("Cache-Control", "no-store");
  return c.body(text, result.status as 201, { "Content-Type": "application/json" });
}

function idempotencyKey(c: Context<AppEnv>): string | undefined {
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ApiError("bad-request", "Idempotency-Key must be 1–255 visible ASCII characters.", [
      { name: "Idempotency-Key", message: "must be 1–255 visible ASCII characters" },
    ]);
  }
  return key;
}
