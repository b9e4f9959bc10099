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
      v.description(
        "Only changes of this kind, e.g. `removed`, `identifiers_changed`, or `outcome` (an outcome event recorded for a claim; `outcome_retracted`, one retracted).",
      ),
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
  version: v.pipe(
    v.nullable(v.number()),
    v.description("The claim's version; null for an outcome event, which is no version."),
  ),
  what: v.pipe(
    v.picklist(["new", "changed", "removed", "back", "retracted", "outcome"]),
    v.description(
      "new claim, changed fields, removed from the source, back at the source, retracted, an outcome event (recorded or retracted)",
    ),
  ),
  change: v.pipe(
    v.picklist(CHANGE_KINDS),
    v.description(
      "What the change tells: `new`; `edited` (a value the source changed); `first_reported` (fields a list shows for the first time, none changed); `identifiers_changed` (the same award, its identifiers written otherwise); `removed` (gone from a complete list); `back`; `retracted`; `matched` and `corrected` (this project's agency matching and editors' corrections, never a change at the source); `outcome` and `outcome_retracted` (an outcome event recorded for the claim by the job, an import of another tracker's ledger or an editor, or retracted by an editor: see `outcome`).",
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
  outcome: v.optional(
    v.pipe(
      v.object({
        event_id: v.number(),
        kind: v.string(),
        occurred_on: v.nullable(v.string()),
        as_of: v.string(),
        evidence: v.string(),
        recorded_by: v.pipe(
          v.string(),
          v.description(
            "`job` (derived from USAspending transactions), `import` (another tracker's ledger, named in `source_name`) or `editor`.",
          ),
        ),
        source_name: v.string(),
        source_url: v.string(),
        modification_number: v.nullable(v.string()),
        action_type: v.nullable(v.string()),
        docket: v.nullable(v.string()),
        detail: v.nullable(v.string()),
        retracted_at: v.nullable(Timestamp),
        retraction_reason: v.nullable(v.string()),
      }),
      v.description(
        "Only on `outcome` and `outcome_retracted` changes: the event, as /v1/proposals/{id}/outcomes lists it.",
      ),
    ),
  ),
  links: v.object({
    proposal: v.string(),
    version: v.nullable(v.string()),
    outcomes: v.optional(v.string()),
  }),
});
