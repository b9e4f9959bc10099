import * as v from "valibot";
import { MEMBER_SORTS, type MemberSort } from "../../../db/queries/members.ts";
import { listParams, sortParam } from "../../lib/listing.ts";
import { IsoDate, Retraction, Slug, Sources, Timestamp } from "../schemas.ts";

export const MemberListQuery = v.strictObject({
  commission: v.optional(v.pipe(Slug, v.description("Commission slug, e.g. `doge`."))),
  sort: sortParam(Object.keys(MEMBER_SORTS) as MemberSort[], "id"),
  ...listParams,
});

export const MemberSchema = v.object({
  id: v.number(),
  commission: v.string(),
  name: v.string(),
  role: v.nullable(v.string()),
  affiliation: v.nullable(v.string()),
  appointed_on: v.nullable(IsoDate),
  departed_on: v.nullable(IsoDate),
  notes: v.pipe(
    v.nullable(v.string()),
    v.description("What a date alone cannot say, e.g. a start date never disclosed."),
  ),
  sources: Sources,
  version: v.number(),
  ...Retraction,
  created_at: Timestamp,
  updated_at: Timestamp,
});

export type MemberRecord = v.InferOutput<typeof MemberSchema>;
