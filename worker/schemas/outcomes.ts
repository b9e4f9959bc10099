import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { errorResponses, jsonResponse } from "../openapi.ts";
import {
  DIVERGENCE_MEANING,
  DIVERGENCES,
  OUTCOME_EVIDENCE,
  OUTCOME_KINDS,
  OUTCOME_MEANING,
  OUTCOME_RECORDERS,
} from "../savings/outcomes.ts";
import {
  AgencyCodeParam,
  DateField,
  HttpUrlField,
  IsoDate,
  Money,
  OptionalText,
  ReasonField,
  Slug,
  TextField,
  Timestamp,
} from "./common.ts";

const meanings = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, text]) => `\`${k}\`: ${text}`)
    .join(" ");

export const OutcomeKindSchema = v.pipe(
  v.picklist(OUTCOME_KINDS),
  v.description(meanings(OUTCOME_MEANING)),
);
export const DivergenceSchema = v.pipe(
  v.picklist(DIVERGENCES),
  v.description(meanings(DIVERGENCE_MEANING)),
);

/** The outcome fields of a proposal record. */
export const OutcomeFields = {
  outcome: v.pipe(
    v.nullable(v.picklist(OUTCOME_KINDS)),
    v.description(
      "What became of the claim, by precedence over its outcome events (an editor's beats a machine's; the latest evidence wins): see /v1/proposals/{id}/outcomes. Null when no evidence of an outcome is on record.",
    ),
  ),
  outcome_on: v.pipe(v.nullable(IsoDate), v.description("The date of the outcome's evidence.")),
  divergence: v.pipe(
    v.nullable(v.picklist(DIVERGENCES)),
    v.description(
      `Claim against outcome, from the award's money and end date after the claim. ${meanings(DIVERGENCE_MEANING)} Null when the evidence does not measure them.`,
    ),
  ),
};

export const OutcomeFilterParams = {
  outcome: v.optional(
    v.pipe(v.picklist(OUTCOME_KINDS), v.description("Claims whose current outcome is this.")),
  ),
  divergence: v.optional(
    v.pipe(v.picklist(DIVERGENCES), v.description("Claims whose current divergence is this.")),
  ),
};

export const OutcomeEventSchema = v.object({
  id: v.number(),
  proposal_id: v.number(),
  kind: OutcomeKindSchema,
  occurred_on: v.pipe(
    v.nullable(IsoDate),
    v.description("When it happened, as the evidence dates it."),
  ),
  as_of: v.pipe(IsoDate, v.description("When the evidence was read or last verified.")),
  evidence: v.pipe(
    v.picklist(OUTCOME_EVIDENCE),
    v.description(
      "`transaction`: a USAspending transaction (modification number, action type); `tracker_ledger`: another tracker's ledger, named in `source_name`, its finding not cutwatch's; `court_docket`: a court's docket.",
    ),
  ),
  recorded_by: v.pipe(
    v.picklist(OUTCOME_RECORDERS),
    v.description("`job` (derived from the award's transactions), `import`, `editor`."),
  ),
  actor: v.string(),
  source_name: v.string(),
  source_url: v.string(),
  modification_number: v.nullable(v.string()),
  action_type: v.pipe(v.nullable(v.string()), v.description("FPDS reason for modification code.")),
  action_type_description: v.nullable(v.string()),
  obligation: v.nullable(Money),
  docket: v.nullable(v.string()),
  amount_trend: v.nullable(v.picklist(["grew", "shrank", "flat"])),
  end_date_trend: v.nullable(v.picklist(["extended", "truncated", "unchanged"])),
  stated_divergence: v.pipe(
    v.nullable(v.picklist(DIVERGENCES)),
    v.description("The evidence's own reading of claim against outcome, where it gives one."),
  ),
  detail: v.nullable(v.string()),
  evidence_key: v.string(),
  request_id: v.nullable(v.string()),
  retracted_at: v.nullable(Timestamp),
  retraction_reason: v.nullable(v.string()),
  created_at: Timestamp,
  current: v.pipe(v.boolean(), v.description("This event is the claim's current outcome.")),
});

export const ProposalOutcomesSchema = v.object({
  proposal_id: v.number(),
  outcome: OutcomeFields.outcome,
  outcome_on: OutcomeFields.outcome_on,
  divergence: OutcomeFields.divergence,
  events: v.array(OutcomeEventSchema),
});

const Share = v.pipe(
  v.nullable(v.string()),
  v.description(
    "A share of the checked claimed dollars, 0 to 1 as a decimal string; null when none was checked.",
  ),
);

const Tally = v.record(v.string(), v.object({ claims: v.number(), claimed: Money }));

export const OutcomeTotalsSchema = v.object({
  commission: v.string(),
  agency_code: v.nullable(v.string()),
  agency_name: v.nullable(v.string()),
  claims: v.number(),
  claimed: Money,
  checked_claims: v.pipe(v.number(), v.description("Claims with an outcome on record.")),
  checked: v.pipe(Money, v.description("Claimed dollars of the claims with an outcome on record.")),
  still_cut: v.pipe(
    Money,
    v.description(
      "Of those, claimed dollars whose outcome is terminated, partially_terminated, descoped, closed_out or expired.",
    ),
  ),
  not_cut: v.pipe(
    Money,
    v.description(
      "Claimed dollars whose outcome is continued, grew, extended, reinstated or vacated.",
    ),
  ),
  other: Money,
  share_checked: Share,
  share_still_cut: Share,
  share_not_cut: Share,
  by_outcome: Tally,
  by_divergence: Tally,
});

export const OutcomeTotalsQuery = v.strictObject({
  commission: v.optional(v.pipe(Slug, v.description("Commission slug."), v.examples(["doge"]))),
  agency: AgencyCodeParam("USAspending toptier agency code (see /v1/agencies).", "080"),
  format: v.optional(v.pipe(v.picklist(["json", "csv"]), v.description("`csv` for RFC 4180 CSV."))),
});

/** An outcome totals route: a whole table, as JSON `{data}` or CSV. */
export const describeOutcomeTotals = (operationId: string, summary: string, description: string) =>
  describeRoute({
    operationId,
    tags: ["Outcomes"],
    summary,
    description,
    responses: {
      200: jsonResponse("The totals.", v.object({ data: v.array(OutcomeTotalsSchema) }), true),
      ...errorResponses(400, 503),
    },
  });

/** An editor's outcome event: a source is required, as for every editor's fact. */
export const OutcomeEventBody = v.strictObject({
  kind: v.picklist(OUTCOME_KINDS),
  occurred_on: v.nullable(DateField),
  evidence: v.picklist(OUTCOME_EVIDENCE),
  source_name: v.pipe(TextField(300), v.description("Who says so: a court, an agency, a tracker.")),
  source_url: HttpUrlField,
  modification_number: OptionalText(40),
  action_type: OptionalText(10),
  docket: OptionalText(100),
  detail: OptionalText(2000),
  reason: ReasonField,
});

export const OutcomeEventPath = v.object({
  id: v.pipe(
    v.string(),
    v.regex(/^[1-9][0-9]{0,14}$/, "must be a positive id"),
    v.transform(Number),
  ),
  eventId: v.pipe(
    v.string(),
    v.regex(/^[1-9][0-9]{0,14}$/, "must be a positive id"),
    v.transform(Number),
  ),
});
