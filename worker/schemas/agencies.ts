import * as v from "valibot";
import { AGENCY_SORTS, type AgencySort } from "../../db/queries/agencies.ts";
import { AgencyCodePath, Money, ReasonField, TextField, Timestamp } from "./common.ts";
import { listParams, sortParam } from "./list.ts";
import { PostingSchema } from "./members.ts";

export const AgencyListQuery = v.strictObject({
  sort: sortParam(Object.keys(AGENCY_SORTS) as AgencySort[], "code"),
  ...listParams,
});

export const AgencySchema = v.object({
  code: AgencyCodePath.entries.code,
  name: v.string(),
  abbreviation: v.nullable(v.string()),
  aliases: v.pipe(
    v.array(v.string()),
    v.description("Names the commission's sources use for this agency."),
  ),
  proposal_count: v.pipe(
    v.number(),
    v.description("Live claims at the agency: still listed at the source, not retracted."),
  ),
  claimed_savings_total: v.pipe(
    Money,
    v.description(
      "Their claimed savings as the source states them: the by-agency rollup's `claimed_as_published`.",
    ),
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
  links: v.object({ proposals: v.string() }),
});
export type AgencyRecord = v.InferOutput<typeof AgencySchema>;

/** One agency: its record and who was reported posted there, with dates and sources. */
export const AgencyDetailSchema = v.object({
  ...AgencySchema.entries,
  members: v.pipe(
    v.array(
      v.object({
        member_id: v.number(),
        name: v.string(),
        postings: v.pipe(v.array(PostingSchema), v.description("Their postings at this agency.")),
        links: v.object({ member: v.string() }),
      }),
    ),
    v.description(
      "Members the commission's public reports place at this agency (a sub-agency counts under its department), one entry per member with their postings there: dates as precise as the report gives them, and the source. In the order of their first posting, undated last. Association, not attribution.",
    ),
  ),
});

export const AliasBody = v.strictObject({
  alias: v.pipe(TextField(200), v.description("A name the sources use for this agency.")),
  reason: ReasonField,
});
