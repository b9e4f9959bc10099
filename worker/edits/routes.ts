import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import type { Db, Tx } from "../../db/client.ts";
import type { VersionedTable } from "../../db/queries/versioned.ts";
import { ApiError } from "../errors.ts";
import { recordEtag } from "../lib/etag.ts";
import { fromApi } from "../lib/serialize.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { errorResponses, jsonResponse } from "../openapi.ts";
import { factory } from "../routes/factory.ts";
import { RetractBody } from "../routes/schemas.ts";
import { validate } from "../validate.ts";
import { createRecord, editRecord } from "./apply.ts";
import { createIdempotently, editedRow, ifMatchVersion, whoOf } from "./http.ts";

type Body = Record<string, unknown> & { reason?: string | undefined };

/** What a resource's create, update and retract need beyond the shared mechanics. */
export type WriteSpec<R extends { id: number; version: number }, I> = {
  resource: "proposal" | "member" | "commission";
  tag: string;
  table: VersionedTable<R, I>;
  record: v.GenericSchema;
  createBody: v.GenericSchema;
  patchBody: v.GenericSchema;
  idParam: v.GenericSchema;
  /** The row to insert for a create body (e.g. a commission slug resolved to its id). */
  toInsert: (tx: Tx, body: Body) => Promise<I>;
  /** Columns a patch may write, from its body. */
  toPatch?: (body: Body) => Partial<I>;
  /** For a resource addressed by something other than its id (a commission's slug). */
  resolveId?: (db: Db, param: Record<string, unknown>) => Promise<number | undefined>;
  /** The record as GET shows it. */
  read: (db: Db | Tx, id: number) => Promise<{ version: number } | undefined>;
  path: string;
  /** The created record's URL, when it is not `<path>/<id>`. */
  locate?: (row: R) => string;
};

const security = [{ bearer: [] }];

/**
 * POST, PATCH and DELETE for a versioned resource: creates honour Idempotency-Key and answer
 * 201 with Location; updates need If-Match and answer 412 when stale; deletes are retractions
 * with a reason. Each write is one transaction with its history and audit rows.
 */
export function writeHandlers<R extends { id: number; version: number }, I>(spec: WriteSpec<R, I>) {
  const one = v.object({ data: spec.record });
  const name = spec.resource;

  const create = factory.createHandlers(
    describeRoute({
      operationId: `create${capitalize(name)}`,
      tags: [spec.tag],
      summary: `Add a ${name} (editor)`,
      description:
        "Its first history version names your key. Send `Idempotency-Key` to make retries safe: a repeat returns the first response and writes nothing.",
      security,
      responses: {
        201: jsonResponse("Created; `Location` is its URL.", one),
        ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
      },
    }),
    jsonBody(),
    validate("json", spec.createBody),
    (c) => {
      const body = c.req.valid("json" as never) as Body;
      return createIdempotently(c, body, async (tx, who) => {
        const row = await createRecord(
          tx,
          spec.table,
          await spec.toInsert(tx, body),
          who,
          body.reason ?? null,
        );
        const record = await spec.read(tx, row.id);
        if (!record) throw new Error(`a created ${name} cannot be read back`);
        return {
          id: row.id,
          version: row.version,
          location: spec.locate ? spec.locate(row) : `${spec.path}/${row.id}`,
          body: { data: record },
        };
      });
    },
  );

  const update = factory.createHandlers(
    describeRoute({
      operationId: `update${capitalize(name)}`,
      tags: [spec.tag],
      summary: `Correct a ${name} (editor)`,
      description:
        "Changes the fields sent. Requires `If-Match` with the ETag you read: a stale version gets 412 and writes nothing. Each change is a history version listing the changed fields.",
      security,
      responses: {
        200: jsonResponse(`The ${name} as it is now.`, one),
        ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 428, 429, 503),
      },
    }),
    jsonBody(),
    validate("param", spec.idParam),
    validate("json", spec.patchBody),
    async (c) => {
      const id = await idOf(c, spec);
      const { reason = null, ...fields } = c.req.valid("json" as never) as Body;
      const patch = spec.toPatch ? spec.toPatch(fields) : (fromApi(fields) as Partial<I>);
      return edit(c, spec, id, ifMatchVersion(c, true), patch, reason, "update");
    },
  );

  const retract = factory.createHandlers(
    describeRoute({
      operationId: `retract${capitalize(name)}`,
      tags: [spec.tag],
      summary: `Retract a ${name} (editor)`,
      description:
        "A soft delete: the record stays readable with `retracted_at` and the reason, and the retraction is a history version. `If-Match` is honoured when sent.",
      security,
      responses: {
        200: jsonResponse(`The retracted ${name}.`, one),
        ...errorResponses(400, 401, 403, 404, 412, 413, 415, 429, 503),
      },
    }),
    jsonBody(),
    validate("param", spec.idParam),
    validate("json", RetractBody),
    async (c) => {
      const id = await idOf(c, spec);
      const { reason } = c.req.valid("json" as never) as { reason: string };
      const retraction = { retractedAt: new Date().toISOString(), retractionReason: reason };
      const patch = retraction as unknown as Partial<I>;
      return edit(c, spec, id, ifMatchVersion(c, false), patch, reason, "retract");
    },
  );

  return { create, update, retract };
}

async function edit<R extends { id: number; version: number }, I>(
  c: Parameters<typeof whoOf>[0],
  spec: WriteSpec<R, I>,
  id: number,
  ifVersion: number | undefined,
  patch: Partial<I>,
  reason: string | null,
  action: "update" | "retract",
) {
  const record = await c.get("db").transaction(async (tx) => {
    const outcome = await editRecord(tx, spec.table, {
      id,
      ifVersion,
      patch,
      who: whoOf(c),
      reason,
      action,
    });
    editedRow(outcome, `${spec.resource} ${id}`);
    return spec.read(tx, id);
  });
  if (!record) throw new ApiError("not-found", `No ${spec.resource} ${id}.`);
  const text = JSON.stringify({ data: record });
  c.header("ETag", await recordEtag(record.version, text));
  c.header("Cache-Control", "no-store");
  return c.body(text, 200, { "Content-Type": "application/json" });
}

async function idOf<R extends { id: number; version: number }, I>(
  c: Parameters<typeof whoOf>[0],
  spec: WriteSpec<R, I>,
): Promise<number> {
  const param = c.req.valid("param" as never) as Record<string, unknown>;
  if (!spec.resolveId) return param.id as number;
  const id = await spec.resolveId(c.get("db"), param);
  if (id === undefined)
    throw new ApiError("not-found", `No ${spec.resource} ${Object.values(param).join(" ")}.`);
  return id;
}

/** A commission slug in a body, as its id; a 400 naming the field when there is none. */
export async function commissionIdOf(
  tx: Tx,
  slug: string,
  lookup: (tx: Tx, slug: string) => Promise<number | undefined>,
): Promise<number> {
  const id = await lookup(tx, slug);
  if (id === undefined) {
    throw new ApiError("bad-request", `No commission "${slug}".`, [
      { name: "commission", message: "no such commission" },
    ]);
  }
  return id;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
