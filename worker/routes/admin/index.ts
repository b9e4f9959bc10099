import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { listAudit, writeAudit } from "../../../db/queries/audit.ts";
import { jobRunById } from "../../../db/queries/jobs.ts";
import { insertKey, listKeys, revokeKey } from "../../../db/queries/keys.ts";
import { whoOf } from "../../edits/http.ts";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { STEP_NAMES } from "../../jobs/crons.ts";
import { runSteps } from "../../jobs/index.ts";
import { generateKey } from "../../lib/keys.ts";
import { limitParam } from "../../lib/listing.ts";
import { toApi } from "../../lib/serialize.ts";
import { requireKey } from "../../middleware/auth.ts";
import { jsonBody } from "../../middleware/json-body.ts";
import { writeLimit } from "../../middleware/limits.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { validate } from "../../validate.ts";
import { JobRunSchema } from "../jobs/index.ts";
import { IdParam, TextField, Timestamp } from "../schemas.ts";

const KeySchema = v.object({
  id: v.number(),
  name: v.string(),
  role: v.picklist(["editor", "admin"]),
  prefix: v.pipe(v.string(), v.description("The key's public handle: its first characters.")),
  created_by: v.nullable(v.string()),
  created_at: Timestamp,
  last_used_at: v.nullable(Timestamp),
  revoked_at: v.nullable(Timestamp),
});
const NewKeySchema = v.object({
  ...KeySchema.entries,
  secret: v.pipe(
    v.string(),
    v.description("The key itself. Shown this once; only its hash is kept."),
  ),
});
const AuditSchema = v.object({
  id: v.number(),
  at: Timestamp,
  actor: v.string(),
  action: v.pipe(v.string(), v.description("e.g. `proposal.update`, `key.revoke`.")),
  resource_type: v.string(),
  resource_id: v.nullable(v.string()),
  request_id: v.nullable(v.string()),
  details: v.unknown(),
});

const NewKeyBody = v.strictObject({
  name: TextField(100),
  role: v.picklist(["editor", "admin"], "role must be editor or admin"),
});
const PageQuery = v.strictObject({
  limit: v.optional(limitParam(500, "Rows per page, newest first (default 50)."), "50"),
  before: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,15}$/, "before must be an id"),
      v.transform(Number),
      v.description("Rows older than this id: the `next_cursor` of the previous page."),
    ),
  ),
});

const StepParam = v.object({
  step: v.pipe(
    v.picklist(STEP_NAMES, `step must be one of ${STEP_NAMES.join(", ")}`),
    v.description("The pipeline step to run now."),
  ),
});

const security = [{ bearer: [] }];
const admin = [requireKey("admin"), writeLimit] as const;
// An admin's reads count against the read quota (every GET under /v1 does), not the write one.
const adminRead = [requireKey("admin")] as const;

/** Newest first, keyed by id: the next page is everything before the last id. */
function pageByIdDesc<T extends { id: number }>(rows: T[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(toApi),
    next_cursor: rows.length > limit && last ? String(last.id) : null,
  };
}

export const adminRoutes = new Hono<AppEnv>()
  .post(
    "/jobs/:step/run",
    describeRoute({
      operationId: "runJobStep",
      tags: ["Admin"],
      summary: "Run a job step now (admin)",
      description:
        "Runs the step as the Cron Trigger would, under the same lock and subrequest budget, and answers when it is done. 409 when a run is already going.",
      security,
      responses: {
        200: jsonResponse("The run as recorded.", v.object({ data: JobRunSchema })),
        ...errorResponses(400, 401, 403, 409, 429, 503),
      },
    }),
    ...admin,
    validate("param", StepParam),
    async (c) => {
      const { step } = c.req.valid("param");
      const [result] = await runSteps([step], c.env, `manual:key:${c.get("apiKey").id}`);
      if (!result)
        throw new ApiError(
          409,
          "conflict",
          "Another run holds the pipeline lock; try again when it ends.",
        );
      const [run] = await jobRunById(c.get("db"), result.id);
      c.header("Cache-Control", "no-store");
      return c.json({ data: toApi(run ?? {}) });
    },
  )
  .post(
    "/keys",
    describeRoute({
      operationId: "createKey",
      tags: ["Admin"],
      summary: "Create an API key (admin)",
      description: "The response holds the secret, once. Store it: it cannot be shown again.",
      security,
      responses: {
        201: jsonResponse("The new key and its secret.", v.object({ data: NewKeySchema })),
        ...errorResponses(400, 401, 403, 413, 415, 429, 503),
      },
    }),
    ...admin,
    jsonBody(),
    validate("json", NewKeyBody),
    async (c) => {
      const { name, role } = c.req.valid("json");
      const who = whoOf(c);
      const key = await generateKey();
      const row = await c.get("db").transaction(async (tx) => {
        const stored = await insertKey(tx, {
          name,
          role,
          prefix: key.prefix,
          hash: key.hash,
          createdBy: who.actor,
        });
        await writeAudit(tx, {
          actor: who.actor,
          action: "key.create",
          resourceType: "api_key",
          resourceId: String(stored.id),
          requestId: who.requestId,
          details: { name, role, prefix: key.prefix },
        });
        return stored;
      });
      c.header("Cache-Control", "no-store");
      c.header("Location", `/v1/admin/keys/${row.id}`);
      return c.json({ data: { ...toApi(row), secret: key.token } }, 201);
    },
  )
  .get(
    "/keys",
    describeRoute({
      operationId: "listKeys",
      tags: ["Admin"],
      summary: "List API keys (admin)",
      description: "Names, roles, prefixes and use; never a secret or a hash.",
      security,
      responses: {
        200: jsonResponse(
          "The keys, newest first.",
          v.object({ data: v.array(KeySchema), next_cursor: v.nullable(v.string()) }),
        ),
        ...errorResponses(400, 401, 403, 429, 503),
      },
    }),
    ...adminRead,
    validate("query", PageQuery),
    async (c) => {
      const { limit, before } = c.req.valid("query");
      const rows = await listKeys(c.get("db"), { before, limit: limit + 1 });
      c.header("Cache-Control", "no-store");
      return c.json(pageByIdDesc(rows, limit));
    },
  )
  .delete(
    "/keys/:id",
    describeRoute({
      operationId: "revokeKey",
      tags: ["Admin"],
      summary: "Revoke an API key (admin)",
      description: "Takes effect at once: the next request with the key gets 401.",
      security,
      responses: {
        200: jsonResponse("The revoked key.", v.object({ data: KeySchema })),
        ...errorResponses(400, 401, 403, 404, 429, 503),
      },
    }),
    ...admin,
    validate("param", IdParam("key")),
    async (c) => {
      const { id } = c.req.valid("param");
      const who = whoOf(c);
      const row = await c.get("db").transaction(async (tx) => {
        const revoked = await revokeKey(tx, id);
        if (!revoked) return undefined;
        await writeAudit(tx, {
          actor: who.actor,
          action: "key.revoke",
          resourceType: "api_key",
          resourceId: String(id),
          requestId: who.requestId,
          details: { name: revoked.name, prefix: revoked.prefix },
        });
        return revoked;
      });
      if (!row) throw new ApiError(404, "not-found", `No key with id ${id}.`);
      c.header("Cache-Control", "no-store");
      return c.json({ data: toApi(row) });
    },
  )
  .get(
    "/audit",
    describeRoute({
      operationId: "listAudit",
      tags: ["Admin"],
      summary: "The audit log (admin)",
      description: "Every write and key action: who, what, when, and the request id.",
      security,
      responses: {
        200: jsonResponse(
          "Entries, newest first.",
          v.object({ data: v.array(AuditSchema), next_cursor: v.nullable(v.string()) }),
        ),
        ...errorResponses(400, 401, 403, 429, 503),
      },
    }),
    ...adminRead,
    validate("query", PageQuery),
    async (c) => {
      const { limit, before } = c.req.valid("query");
      const rows = await listAudit(c.get("db"), { before, limit: limit + 1 });
      c.header("Cache-Control", "no-store");
      return c.json(pageByIdDesc(rows, limit));
    },
  );
