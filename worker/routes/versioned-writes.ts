import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Db } from "../../db/client.ts";
import {
  createVersioned,
  editVersioned,
  retraction,
  type VersionedResource,
} from "../domain/versioned.ts";
import { ApiError } from "../errors.ts";
import { fromApi } from "../lib/serialize.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { BEARER, errorResponses, jsonResponse } from "../openapi.ts";
import { RetractBody } from "../schemas/common.ts";
import { validate } from "../validate.ts";
import { factory } from "./factory.ts";
import { idempotencyOf, ifMatchVersion, sendWritten, whoOf } from "./write-http.ts";

/**
 * POST, PATCH and DELETE of a versioned resource (proposals, members, commissions), each built
 * here once: creates honour Idempotency-Key and answer 201 with Location; updates need If-Match
 * and answer 412 when stale; deletes are retractions with a reason. The writing itself is the
 * domain's (worker/domain/versioned.ts).
 */

type Body = Record<string, unknown> & { reason?: string | undefined };

// biome-ignore lint/suspicious/noExplicitAny: the record row and insert types vary by resource
type AnyResource = VersionedResource<any, any, Body>;

type Spec = {
  resource: "proposal" | "member" | "commission" | "assessment";
  tag: string;
  /** The record as GET shows it (the response's `data`). */
  record: v.GenericSchema;
  writes: AnyResource;
};

type Addressed = Spec & {
  idParam: v.GenericSchema;
  /** For a resource addressed by something other than its id (a commission's slug). */
  resolveId?: (db: Db, param: Record<string, unknown>) => Promise<number | undefined>;
};

const one = (spec: Spec) => v.object({ data: spec.record });

export function createHandlers(spec: Spec & { body: v.GenericSchema }) {
  return factory.createHandlers(
    describeRoute({
      operationId: `create${capitalize(spec.resource)}`,
      tags: [spec.tag],
      summary: `Add a ${spec.resource} (editor)`,
      description:
        "Its first history version names your key. Send `Idempotency-Key` to make retries safe: a repeat returns the first response and writes nothing.",
      security: BEARER,
      responses: {
        201: jsonResponse("Created; `Location` is its URL.", one(spec)),
        ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
      },
    }),
    jsonBody(),
    validate("json", spec.body),
    async (c) => {
      const body = c.req.valid("json" as never) as Body;
      const idempotency = await idempotencyOf(c, body);
      const created = await createVersioned(c.get("db"), spec.writes, {
        body,
        reason: body.reason ?? null,
        who: whoOf(c),
        idempotency,
      });
      return sendWritten(c, created.body, created.status as 201, created);
    },
  );
}

export function updateHandlers(spec: Addressed & { body: v.GenericSchema }) {
  return factory.createHandlers(
    describeRoute({
      operationId: `update${capitalize(spec.resource)}`,
      tags: [spec.tag],
      summary: `Correct a ${spec.resource} (editor)`,
      description:
        "Changes the fields sent. Requires `If-Match` with the ETag you read: a stale version gets 412 and writes nothing. Each change is a history version listing the changed fields.",
      security: BEARER,
      responses: {
        200: jsonResponse(`The ${spec.resource} as it is now.`, one(spec)),
        ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 428, 429, 503),
      },
    }),
    jsonBody(),
    validate("param", spec.idParam),
    validate("json", spec.body),
    async (c) => {
      const id = await idOf(c, spec);
      const { reason = null, ...fields } = c.req.valid("json" as never) as Body;
      const record = await editVersioned(c.get("db"), spec.writes, {
        id,
        ifVersion: ifMatchVersion(c, true),
        patch: fromApi(fields),
        who: whoOf(c),
        reason,
        action: "update",
      });
      return sendWritten(c, { data: record }, 200);
    },
  );
}

export function retractHandlers(spec: Addressed) {
  return factory.createHandlers(
    describeRoute({
      operationId: `retract${capitalize(spec.resource)}`,
      tags: [spec.tag],
      summary: `Retract a ${spec.resource} (editor)`,
      description:
        "A soft delete: the record stays readable with `retracted_at` and the reason, and the retraction is a history version. `If-Match` is honoured when sent.",
      security: BEARER,
      responses: {
        200: jsonResponse(`The retracted ${spec.resource}.`, one(spec)),
        ...errorResponses(400, 401, 403, 404, 412, 413, 415, 429, 503),
      },
    }),
    jsonBody(),
    validate("param", spec.idParam),
    validate("json", RetractBody),
    async (c) => {
      const id = await idOf(c, spec);
      const { reason } = c.req.valid("json" as never) as { reason: string };
      const record = await editVersioned(c.get("db"), spec.writes, {
        id,
        ifVersion: ifMatchVersion(c, false),
        patch: retraction(reason),
        who: whoOf(c),
        reason,
        action: "retract",
      });
      return sendWritten(c, { data: record }, 200);
    },
  );
}

async function idOf(c: Parameters<typeof whoOf>[0], spec: Addressed): Promise<number> {
  const param = c.req.valid("param" as never) as Record<string, unknown>;
  if (!spec.resolveId) return param.id as number;
  const id = await spec.resolveId(c.get("db"), param);
  if (id === undefined)
    throw new ApiError("not-found", `No ${spec.resource} ${Object.values(param).join(" ")}.`);
  return id;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
