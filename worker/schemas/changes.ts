import * as v from "valibot";
import { CHANGE_KINDS } from "../lib/change-text.ts";
import { AgencyCodeParam, Money, Slug, Timestamp } from "./common.ts";
import { listParams } from "./list.ts";

/** The filters of the change list and of the feeds. */
export const ChangeFilters = {
  commission: v.optional(v.pipe(Slug, v.description("Commission slug, e.g. `doge`."))),
  agency: AgencyCodeParam("USAspending toptier agency code."),
  change: v.optional(
    v.pipe(
      v.picklist(CHANGE_KINDS),
      v.description("Only changes of this kind, e.g. `removed` or `identifiers_changed`."),
    ),
  ),
};

const { count: _count, ...pagingParams } = listParams;

export const ChangesQuery = v.strictObject({
  ...ChangeFilters,
  sort: v.optional(
    v.pipe(v.picklist(["-changed_at"]), v.description("Newest first.")),
    "-changed_at",
  ),
  // No `count`: counting every change of every claim is not worth a statement per page.
  ...pagingParams,
});

export const ChangeSchema = v.object({
  proposal_id: v.number(),
  version: v.number(),
  what: v.pipe(
    v.picklist(["new", "changed", "removed", "back", "retracted"]),
    v.description(
      "new claim, changed fields, removed from the source, back at the source, retracted",
    ),
  ),
  change: v.pipe(
    v.picklist(CHANGE_KINDS),
    v.description(
      "What the change tells: `new`; `edited` (a value the source changed); `first_reported` (fields a list shows for the first time, none changed); `identifiers_changed` (the same award, its identifiers written otherwise); `removed` (gone from a complete list); `back`; `retracted`; `matched` and `corrected` (this project's agency matching and editors' corrections, never a change at the source).",
    ),
  ),
  changed_at: v.pipe(
    Timestamp,
    v.description(
      "When the change happened: when the source showed it (a snapshot's capture time, the job's fetch time) or an editor saved it. The list is ordered by it.",
    ),
  ),
  recorded_at: v.pipe(Timestamp, v.description("When cutwatch wrote the change.")),
  actor: v.pipe(
    v.string(),
    v.description(
      "`editor` for an editor's change (never its key); otherwise what made it, e.g. `source:doge` for the job.",
    ),
  ),
  reason: v.nullable(v.string()),
  changed_fields: v.record(v.string(), v.object({ old: v.unknown(), new: v.unknown() })),
  title: v.string(),
  commission: v.string(),
  agency_code: v.nullable(v.string()),
  agency_name: v.nullable(v.string()),
  claimed_savings: v.nullable(Money),
  links: v.object({ proposal: v.string(), version: v.string() }),
});
