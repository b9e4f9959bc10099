import * as v from "valibot";
import { STEP_NAMES } from "../jobs/crons.ts";
import { toApi } from "../lib/serialize.ts";
import { TextField, Timestamp } from "./common.ts";
import { limitParam } from "./list.ts";

export const KeySchema = v.object({
  id: v.number(),
  name: v.string(),
  role: v.picklist(["editor", "admin", "subscriber"]),
  prefix: v.pipe(v.string(), v.description("The key's public handle: its first characters.")),
  created_by: v.nullable(v.string()),
  created_at: Timestamp,
  last_used_at: v.nullable(Timestamp),
  revoked_at: v.nullable(Timestamp),
});

export const NewKeySchema = v.object({
  ...KeySchema.entries,
  secret: v.pipe(
    v.string(),
    v.description("The key itself. Shown this once; only its hash is kept."),
  ),
});

export const AuditSchema = v.object({
  id: v.number(),
  at: Timestamp,
  actor: v.string(),
  action: v.pipe(v.string(), v.description("e.g. `proposal.update`, `key.revoke`.")),
  resource_type: v.string(),
  resource_id: v.nullable(v.string()),
  request_id: v.nullable(v.string()),
  details: v.unknown(),
});

export const NewKeyBody = v.strictObject({
  name: TextField(100),
  role: v.picklist(
    ["editor", "admin", "subscriber"],
    "role must be editor, admin or subscriber (webhook subscriptions only)",
  ),
});

export const PageQuery = v.strictObject({
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

export const StepParam = v.object({
  step: v.pipe(
    v.picklist(STEP_NAMES, `step must be one of ${STEP_NAMES.join(", ")}`),
    v.description("The pipeline step to run now."),
  ),
});

/** Newest first, keyed by id: the next page is everything before the last id. */
export function pageByIdDesc<T extends { id: number }>(rows: T[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(toApi),
    next_cursor: rows.length > limit && last ? String(last.id) : null,
  };
}
