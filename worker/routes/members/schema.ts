import * as v from "valibot";
import { MEMBER_SORTS, type MemberSort } from "../../../db/queries/members.ts";
import { listParams, sortParam } from "../../lib/listing.ts";
import {
  DateField,
  IsoDate,
  nonEmptyPatch,
  OptionalText,
  ReasonField,
  Retraction,
  Slug,
  Sources,
  SourcesField,
  TextField,
  Timestamp,
} from "../schemas.ts";

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

const memberFields = {
  name: TextField(200),
  role: OptionalText(500),
  affiliation: OptionalText(300),
  appointed_on: v.optional(v.nullable(DateField)),
  departed_on: v.optional(v.nullable(DateField)),
  notes: OptionalText(2000),
  // Every fact about a person needs a source.
  sources: v.pipe(SourcesField, v.minLength(1, "at least one source is required")),
  reason: ReasonField,
};

export const MemberCreateBody = v.strictObject({ commission: Slug, ...memberFields });
export const MemberPatchBody = nonEmptyPatch(v.partial(v.strictObject(memberFields)));
