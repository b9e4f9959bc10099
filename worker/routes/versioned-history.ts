/** GET /{id}/history and its version schema, built once for each versioned resource. */
import * as v from "valibot";
import type { Db } from "../../db/client.ts";
import { ApiError } from "../errors.ts";
import { toApi } from "../lib/serialize.ts";
import { describeList } from "../openapi.ts";
import { IdParam, Timestamp } from "../schemas/common.ts";
import { limitParam } from "../schemas/list.ts";
import { validate } from "../validate.ts";
import { factory } from "./factory.ts";

const HistoryQuery = v.strictObject({
  limit: v.optional(limitParam(500, "Versions per page, oldest first (default 100)."), "100"),
  after: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,9}$/, "after must be a version number"),
      v.transform(Number),
      v.description("Versions after this one: the `next_cursor` of the previous page."),
    ),
  ),
});

/** One history row of a versioned record; `<resource>_id` names the record. */
export const versionSchema = (idField: string) =>
  v.object({
    [idField]: v.number(),
    version: v.number(),
    snapshot: v.pipe(
      v.record(v.string(), v.unknown()),
      v.description("The whole record as it was."),
    ),
    changed_fields: v.pipe(
      v.record(v.string(), v.object({ old: v.unknown(), new: v.unknown() })),
      v.description("Each changed field, old → new; empty for the first version."),
    ),
    actor: v.pipe(
      v.string(),
      v.description("`key:<id>` for an editor, `source:doge` for the job."),
    ),
    reason: v.nullable(v.string()),
    request_id: v.nullable(v.string()),
    created_at: v.pipe(Timestamp, v.description("When cutwatch wrote the version.")),
    observed_at: v.optional(
      v.pipe(
        Timestamp,
        v.description(
          "Proposals: when the change happened, as the source showed it (a snapshot's capture time, the job's fetch time) or an editor saved it.",
        ),
      ),
    ),
  });

/** GET /{id}/history: a record's versions, oldest first, paged by version number. */
export function historyHandlers(spec: {
  resource: "proposal" | "member" | "assessment";
  tag: string;
  path: string;
  list: (
    db: Db,
    opts: { id: number; after?: number | undefined; limit: number },
  ) => Promise<{ version: number }[]>;
  exists: (db: Db, id: number) => Promise<boolean>;
}) {
  return factory.createHandlers(
    describeList(
      {
        operationId: `${spec.resource}History`,
        tag: spec.tag,
        summary: `A ${spec.resource}'s history`,
        description:
          "Every version, oldest first, with the fields each changed (old → new), who changed them (an editor's key or the source) and why.",
      },
      versionSchema(`${spec.resource}_id`),
      [400, 404, 503],
    ),
    validate("param", IdParam(spec.resource)),
    validate("query", HistoryQuery),
    async (c) => {
      const { id } = c.req.valid("param");
      const { limit, after } = c.req.valid("query");
      const db = c.get("db");
      const rows = await spec.list(db, { id, after, limit: limit + 1 });
      if (!rows.length && !(await spec.exists(db, id))) {
        throw new ApiError("not-found", `No ${spec.resource} with id ${id}.`);
      }
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const next = rows.length > limit && last ? String(last.version) : null;
      if (next)
        c.header("Link", `<${spec.path}/${id}/history?limit=${limit}&after=${next}>; rel="next"`);
      c.header("Cache-Control", "public, max-age=60");
      return c.json({ data: page.map((r) => toApi(r)), next_cursor: next });
    },
  );
}
