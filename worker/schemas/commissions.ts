import * as v from "valibot";
import {
  DateField,
  IsoDate,
  ListsFreshness,
  Money,
  nonEmptyPatch,
  OptionalText,
  ReasonField,
  Retraction,
  Slug,
  Sources,
  SourcesField,
  TextField,
  Timestamp,
} from "./common.ts";
import { listParams, sortParam } from "./list.ts";

const commissionFields = {
  slug: v.pipe(Slug, v.description("Lower-case letters, digits and dashes; used in URLs.")),
  name: TextField(300),
  jurisdiction: TextField(200),
  established_on: v.optional(v.nullable(DateField)),
  scheduled_end_on: v.optional(v.nullable(DateField)),
  dissolved_on: v.optional(v.nullable(DateField)),
  mandate: OptionalText(10_000),
  sources: v.pipe(SourcesField, v.minLength(1, "at least one source is required")),
  reason: ReasonField,
};
export const CommissionCreateBody = v.strictObject(commissionFields);
// A slug is an identifier: an admin changes it, with POST /v1/commissions/{slug}/rename.
const { slug: _slug, ...patchable } = commissionFields;
export const CommissionPatchBody = nonEmptyPatch(v.partial(v.strictObject(patchable)));

export const CommissionRenameBody = v.strictObject({
  slug: v.pipe(Slug, v.description("The new slug. The old one keeps naming the commission.")),
  reason: v.pipe(TextField(2000), v.description("Why it is renamed (kept in the audit log).")),
});

export const CommissionListQuery = v.strictObject({
  sort: sortParam(["id"], "id"),
  ...listParams,
});

export const SlugParam = v.object({ slug: Slug });

export const CommissionSchema = v.object({
  id: v.number(),
  slug: v.string(),
  former_slugs: v.pipe(
    v.array(v.string()),
    v.description(
      "Slugs it had before an admin renamed it, oldest first: they still name it (a 308 here, the same rows in `commission=` filters).",
    ),
  ),
  name: v.string(),
  jurisdiction: v.string(),
  established_on: v.nullable(IsoDate),
  scheduled_end_on: v.pipe(v.nullable(IsoDate), v.description("The end its charter set.")),
  dissolved_on: v.pipe(v.nullable(IsoDate), v.description("When it actually stopped, if it did.")),
  mandate: v.nullable(v.string()),
  sources: Sources,
  version: v.number(),
  ...Retraction,
  created_at: Timestamp,
  updated_at: Timestamp,
  member_count: v.number(),
  proposal_count: v.pipe(
    v.number(),
    v.description("Live claims: still listed at the source, not retracted (a pool counts once)."),
  ),
  claimed_savings_total: v.pipe(
    Money,
    v.description(
      "Sum of the live claims' savings as the source states them, before any assessment: the savings summary's `claimed_as_published`.",
    ),
  ),
  lists_last_changed_at: v.pipe(
    v.nullable(Timestamp),
    v.description(
      "When the commission's source last showed a change to any of its lists (as observed: an archived snapshot's capture time or a fetch's time); null before any. The lists end at different dates: see `lists` for each kind's.",
    ),
  ),
  lists: ListsFreshness,
  links: v.object({ members: v.string(), proposals: v.string() }),
});
export type CommissionRecord = v.InferOutput<typeof CommissionSchema>;

/** The write routes' shared description of a commission. */
export const commissionSpec = {
  resource: "commission",
  tag: "Commissions",
  record: CommissionSchema,
} as const;
