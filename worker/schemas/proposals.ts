import * as v from "valibot";
import { PROPOSAL_SORTS, type ProposalSort } from "../../db/queries/proposals.ts";
import { assessmentStatus, proposalKind, proposalStatus } from "../../db/schema/enums.ts";
import type { ProposalFilterQuery, ProposalRecord } from "../domain/proposals.ts";
import { STATUSES_V3 } from "../savings/assess-v3.ts";
import { STATUS_MEANING } from "../savings/statuses.ts";
import {
  AgencyCodeField,
  AgencyCodeParam,
  DateField,
  DateParam,
  HttpUrlField,
  IdParam,
  IsoDate,
  Money,
  MoneyField,
  MoneyParam,
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
import { listParams, sortParam } from "./list.ts";
import { OutcomeFields, OutcomeFilterParams } from "./outcomes.ts";
import { DistrictParam, PlaceFields, StateParam } from "./places.ts";

const nullableText = v.nullable(v.string());

/** The orders a list of claims may take, for the API's and the search page's `sort`. */
export const PROPOSAL_SORT_NAMES = Object.keys(PROPOSAL_SORTS) as ProposalSort[];

export const ProposalListQuery = v.strictObject({
  commission: v.optional(
    v.pipe(Slug, v.description("Commission slug, e.g. `doge`."), v.examples(["doge"])),
  ),
  agency: AgencyCodeParam("USAspending toptier agency code (see /v1/agencies).", "012"),
  kind: v.optional(v.picklist(proposalKind.enumValues)),
  status: v.optional(v.picklist(proposalStatus.enumValues)),
  assessment_status: v.optional(
    v.pipe(
      v.picklist(STATUSES_V3),
      v.description("Verdict of the current methodology's assessment (see /v1/methodology)."),
    ),
  ),
  claim_date_from: DateParam("Claims dated on or after this day."),
  claim_date_to: DateParam("Claims dated on or before this day.", "2025-03-31"),
  min_claimed_savings: MoneyParam("Claimed savings of at least this many dollars."),
  max_claimed_savings: MoneyParam("Claimed savings of at most this many dollars.", "250000.50"),
  recipient: TextParam("Recipient or vendor name contains this text (any case).", "Booz Allen"),
  piid: TextParam("Contract PIID, exactly (any case).", "140D0424F0005", 60),
  fain: TextParam("Grant FAIN, exactly (any case).", "72038623CA00007", 60),
  award_id: TextParam(
    "USAspending award id (CONT_AWD_…, ASST_NON_…), exactly.",
    "CONT_AWD_140D0424F0005_1406_140D0423D0063_1406",
  ),
  q: TextParam(
    "Full-text search over title, description and recipient (web-search syntax: quotes, -word, or).",
    '"diversity training" -lease',
  ),
  removed: v.optional(
    v.pipe(
      v.picklist(["true", "false", "any"]),
      v.description(
        "`true`: only claims gone from the source; `false`: only claims still there; `any` (default): both, each with its `removed` flag.",
      ),
    ),
    "any",
  ),
  state: StateParam,
  district: DistrictParam,
  ...OutcomeFilterParams,
  sort: sortParam(PROPOSAL_SORT_NAMES, "id"),
  ...listParams,
});

export const ProposalIdParam = IdParam("proposal");

const AssessmentSchema = v.object({
  methodology_version: v.string(),
  status: v.pipe(
    v.picklist(assessmentStatus.enumValues),
    v.description(
      Object.entries(STATUS_MEANING)
        .map(([status, meaning]) => `\`${status}\`: ${meaning}`)
        .join(" "),
    ),
  ),
  claimed: v.nullable(Money),
  verified_low: v.pipe(
    v.nullable(Money),
    v.description("Deprecated (methodology 2; removed in the next version): use `taken_back`."),
  ),
  verified_high: v.pipe(
    v.nullable(Money),
    v.description(
      "Deprecated (methodology 2; removed in the next version): not verified; use `not_ruled_out`. What the record allows at most, up to the claim.",
    ),
  ),
  taken_back: v.pipe(
    v.nullable(Money),
    v.description(
      "Verified: money on record as taken back since the commission began, up to the claim; null where no record was compared.",
    ),
  ),
  not_ruled_out: v.pipe(
    v.nullable(Money),
    v.description(
      "Not verified: what the record still allows, up to the claim; null where no record was compared or where the record contradicts the claim (exceeds_record, whose `verified_high` is what its record would allow).",
    ),
  ),
  record_date: v.pipe(
    v.nullable(v.string()),
    v.description("The newest action date of the record the verdict rests on (YYYY-MM-DD)."),
  ),
  record_predates_claim: v.pipe(
    v.nullable(v.boolean()),
    v.description(
      "The record's newest action is older than the claim, so it cannot show the claimed cut; null where either date is unknown.",
    ),
  ),
  potential_avoided: v.nullable(Money),
  ceiling_cut: v.pipe(
    v.nullable(Money),
    v.description(
      "The commission's own measure: ceiling reductions on record. Never added into verified.",
    ),
  ),
  duplicate_of: v.nullable(v.number()),
  computed_at: Timestamp,
});

export const ProposalSchema = v.object({
  id: v.number(),
  commission: v.pipe(v.string(), v.description("Slug of the commission that made the claim.")),
  kind: v.picklist(proposalKind.enumValues),
  natural_key: v.pipe(
    v.string(),
    v.description("The claim's identity at its source; see METHODOLOGY.md for each kind."),
  ),
  former_keys: v.pipe(
    v.array(v.string()),
    v.description(
      "Keys the claim was listed under before, when a list wrote the same award's identifiers otherwise.",
    ),
  ),
  agency_name: v.pipe(nullableText, v.description("The agency as the source names it.")),
  agency_code: v.pipe(
    nullableText,
    v.description("The matched USAspending toptier agency; null when the name is unmatched."),
  ),
  title: v.string(),
  description: nullableText,
  recipient: nullableText,
  piid: nullableText,
  contracting_agency_id: nullableText,
  parent_piid: nullableText,
  parent_agency_id: nullableText,
  mod_number: nullableText,
  fain: nullableText,
  award_id: nullableText,
  lease_location: nullableText,
  lease_sq_ft: v.nullable(v.number()),
  ...PlaceFields,
  ...OutcomeFields,
  claimed_savings: v.nullable(Money),
  claimed_value: v.nullable(Money),
  claim_date: v.nullable(IsoDate),
  status: v.picklist(proposalStatus.enumValues),
  receipt_count: v.pipe(
    v.number(),
    v.description(
      "Receipts behind the claim: 1, or for a pool of unidentified receipts (no PIID, no award, e.g. 'Unavailable'), how many the source lists for that label and agency.",
    ),
  ),
  receipt_dates: v.pipe(
    v.nullable(v.record(v.string(), v.object({ receipts: v.number(), savings: Money }))),
    v.description(
      "A pool's receipts and claimed savings by claim date (`undated` for receipts without one); null for an identified claim. A pool has no claim_date of its own.",
    ),
  ),
  source: v.string(),
  source_url: nullableText,
  source_status: nullableText,
  sources: Sources,
  first_seen_at: Timestamp,
  last_seen_at: Timestamp,
  removed_from_source_at: v.nullable(Timestamp),
  removed: v.pipe(v.boolean(), v.description("Gone from the source's latest complete list.")),
  version: v.number(),
  ...Retraction,
  created_at: Timestamp,
  updated_at: Timestamp,
  assessment: v.pipe(
    v.nullable(AssessmentSchema),
    v.description("Claimed against actual under the current methodology; null until assessed."),
  ),
});

// What the domain returns is what these schemas document (and the list's query is what its
// filters read): a field added to one side only fails the type-check.
export type Agree<T, Documented> = [T] extends [Documented] ? true : never;
true satisfies Agree<ProposalRecord, v.InferOutput<typeof ProposalSchema>>;
true satisfies Agree<v.InferOutput<typeof ProposalSchema>, ProposalRecord>;
true satisfies Agree<v.InferOutput<typeof ProposalListQuery>, ProposalFilterQuery>;

const proposalFields = {
  kind: v.picklist(proposalKind.enumValues),
  title: TextField(500),
  description: OptionalText(10_000),
  agency_name: OptionalText(200),
  agency_code: AgencyCodeField(),
  recipient: OptionalText(300),
  piid: OptionalText(60),
  contracting_agency_id: OptionalText(20),
  parent_piid: OptionalText(60),
  parent_agency_id: OptionalText(20),
  mod_number: OptionalText(40),
  fain: OptionalText(60),
  award_id: OptionalText(200),
  lease_location: OptionalText(300),
  // The column is a Postgres integer: a larger number is a 400 here, not a database error.
  lease_sq_ft: v.optional(
    v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2_147_483_647))),
  ),
  claimed_savings: v.optional(v.nullable(MoneyField)),
  claimed_value: v.optional(v.nullable(MoneyField)),
  claim_date: v.optional(v.nullable(DateField)),
  status: v.optional(v.picklist(proposalStatus.enumValues)),
  source_url: v.optional(v.nullable(HttpUrlField)),
  sources: v.optional(SourcesField),
  reason: ReasonField,
};

export const ProposalCreateBody = v.strictObject({
  commission: Slug,
  ...proposalFields,
});

export const ProposalPatchBody = nonEmptyPatch(v.partial(v.strictObject(proposalFields)));

export const VersionParam = v.object({
  id: v.pipe(
    v.string(),
    v.regex(/^\d{1,15}$/, "id must be a positive integer"),
    v.transform(Number),
  ),
  version: v.pipe(
    v.string(),
    v.regex(/^\d{1,9}$/, "version must be a positive integer"),
    v.transform(Number),
  ),
});

/** What the versioned write endpoints say of a proposal (routes/proposals/create|update|retract). */
export const proposalSpec = {
  resource: "proposal",
  tag: "Proposals",
  record: ProposalSchema,
} as const;
