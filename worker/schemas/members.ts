import * as v from "valibot";
import { MEMBER_SORTS, type MemberSort } from "../../db/queries/members.ts";
import type { NewPosting } from "../../db/queries/postings.ts";
import { dateColumns } from "../domain/postings.ts";
import { AffiliationSchema } from "./affiliations.ts";
import {
  AgencyCodeField,
  AgencyCodeParam,
  DateField,
  DateParam,
  HttpUrlField,
  IdParam,
  IsoDate,
  nonEmptyPatch,
  OptionalText,
  ReasonField,
  Retraction,
  Slug,
  Sources,
  SourcesField,
  TextField,
  TextParam,
  Timestamp,
} from "./common.ts";
import { Precision, ReportedDate } from "./dates.ts";
import { listParams, sortParam } from "./list.ts";

/** Posting types as the roster's reports give them. */
const POSTING_TYPES = ["appointed", "detailed", "internal", "consultant", "unknown"];

export const MemberListQuery = v.strictObject({
  commission: v.optional(v.pipe(Slug, v.description("Commission slug, e.g. `doge`."))),
  agency: AgencyCodeParam(
    "Members posted at this agency (sub-agencies count under their department, e.g. CMS under HHS 075).",
    "024",
  ),
  type: v.optional(
    v.pipe(
      v.picklist(POSTING_TYPES),
      v.description("Members with a posting of this type, as the reports describe it."),
    ),
  ),
  posted_on: DateParam(
    "Members posted (at `agency`, if given) on this day. A posting reported only by month (2025-02-XX) covers its whole month; one with no start date reported is on no day.",
    "2025-02-14",
  ),
  name: TextParam("Part of the member's name, any case.", "Gleason"),
  sort: sortParam(Object.keys(MEMBER_SORTS) as MemberSort[], "id"),
  ...listParams,
});

export const PostingSchema = v.object({
  id: v.number(),
  agency: v.pipe(v.string(), v.description("The agency as the roster names it, e.g. `CMS`.")),
  agency_name: v.string(),
  agency_code: v.pipe(
    v.nullable(v.string()),
    v.description(
      "The cutwatch agency it falls under: its own, else its parent's (CMS → HHS, 075); null when none.",
    ),
  ),
  title: v.nullable(v.string()),
  type: v.nullable(v.string()),
  start_on: v.nullable(IsoDate),
  start_precision: Precision,
  end_on: v.nullable(IsoDate),
  end_precision: Precision,
  dates: v.pipe(
    v.string(),
    v.description('As a reader reads them: "February 2025 to about 2025-04-30", "not reported".'),
  ),
  source: v.object({ url: v.string(), note: v.nullable(v.string()) }),
  ...Retraction,
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
  postings: v.pipe(
    v.array(PostingSchema),
    v.description("Where the member was reported posted, each posting with its source."),
  ),
  affiliations: v.pipe(
    v.array(AffiliationSchema),
    v.description(
      "Organisations the member is reported tied to, each with its source, and the federal awards of the recipient it names.",
    ),
  ),
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

const postingFields = {
  agency: v.pipe(TextField(100), v.description("The agency as the report names it, e.g. `CMS`.")),
  agency_name: TextField(300),
  agency_code: AgencyCodeField(
    "The cutwatch agency it falls under (its department for a sub-agency).",
  ),
  title: OptionalText(300),
  type: v.optional(v.nullable(v.picklist(POSTING_TYPES))),
  start: ReportedDate,
  end: ReportedDate,
  // A posting without the report it comes from cannot be created.
  source: v.pipe(HttpUrlField, v.description("The public report the posting comes from.")),
  reason: ReasonField,
};

export const PostingCreateBody = v.strictObject(postingFields);
export const PostingPatchBody = nonEmptyPatch(v.partial(v.strictObject(postingFields)));
export const PostingParam = v.object({
  id: v.pipe(v.string(), v.regex(/^\d{1,15}$/, "must be a member id"), v.transform(Number)),
  posting: v.pipe(v.string(), v.regex(/^\d{1,15}$/, "must be a posting id"), v.transform(Number)),
});

export const MemberIdParam = IdParam("member");

/** The write routes' shared description of a member. */
export const memberSpec = { resource: "member", tag: "Members", record: MemberSchema } as const;

/** A posting body's fields as posting columns; a field not sent is not touched. */
export function postingColumns(
  body: Partial<v.InferOutput<typeof PostingCreateBody>>,
): Partial<NewPosting> {
  const set = <K extends keyof NewPosting>(key: K, value: NewPosting[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    ...set("agencyRef", body.agency),
    ...set("agencyName", body.agency_name),
    ...set("agencyCode", body.agency_code),
    ...set("title", body.title),
    ...set("postingType", body.type),
    ...dateColumns(body.start, "start"),
    ...dateColumns(body.end, "end"),
    // An editor's posting cites its report; the roster's note no longer applies.
    ...(body.source === undefined ? {} : { sourceUrl: body.source, sourceNote: null }),
  };
}
