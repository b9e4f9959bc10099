import Big from "big.js";
import * as v from "valibot";
import { OUTSIDE_ASSESSMENT_SORTS, type OutsideAssessmentSort } from "../../db/queries/reviews.ts";
import {
  HttpUrlField,
  MoneyField,
  OptionalText,
  ReasonField,
  Retraction,
  Slug,
  TextField,
  Timestamp,
} from "./common.ts";
import { listParams, sortParam } from "./list.ts";

/** Who published a check: the kinds the assessments file uses, and only those. */
export const ASSESSOR_KINDS = [
  "press",
  "auditor",
  "think_tank",
  "analyst",
  "self_reported",
  "audited_party",
] as const;

/** A publication date as precise as its source: 2025, 2025-02 or 2025-02-22. */
const PublishedOn = v.pipe(
  v.string(),
  v.regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
    "must be YYYY, YYYY-MM or YYYY-MM-DD",
  ),
  v.description("As precise as the source is: YYYY-MM-DD, YYYY-MM or YYYY."),
  v.examples(["2025-02-22", "2025-02"]),
);

/** An amount in the assessment's own currency, as a decimal string. */
const Amount = v.pipe(
  v.string(),
  v.regex(/^-?\d+(\.\d+)?$/),
  v.description("In `currency`, as a decimal string; never added to another currency's."),
);

const Currency = v.pipe(
  v.string(),
  v.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like USD or GBP"),
  v.description("ISO 4217 code of every amount of the record."),
);

export const OutsideAssessmentListQuery = v.strictObject({
  commission: v.optional(v.pipe(Slug, v.description("Commission slug, e.g. `doge`."))),
  assessor_kind: v.optional(
    v.pipe(v.picklist(ASSESSOR_KINDS), v.description("Only checks of this kind of author.")),
  ),
  sort: sortParam(Object.keys(OUTSIDE_ASSESSMENT_SORTS) as OutsideAssessmentSort[], "id"),
  ...listParams,
});

export const OutsideAssessmentSchema = v.object({
  id: v.number(),
  commission: v.pipe(
    v.string(),
    v.description("The slug of the commission whose claims were checked."),
  ),
  commission_name: v.string(),
  assessor: v.pipe(v.string(), v.description("Who published the check (a newsroom, an auditor…).")),
  assessor_kind: v.picklist(ASSESSOR_KINDS),
  published_on: v.nullable(PublishedOn),
  scope: v.pipe(v.string(), v.description("What the author checked.")),
  claimed: v.pipe(
    v.nullable(Amount),
    v.description("The claim the author checked, as the author gives it; null when it gave none."),
  ),
  claimed_basis: v.pipe(v.nullable(v.string()), v.description("What that claimed figure is.")),
  assessed_low: v.pipe(v.nullable(Amount), v.description("What the author found, low end.")),
  assessed_high: v.pipe(v.nullable(Amount), v.description("What the author found, high end.")),
  currency: Currency,
  finding: v.pipe(v.string(), v.description("The author's finding, in brief, as published.")),
  source: v.object({
    url: v.string(),
    kind: v.pipe(
      v.nullable(v.string()),
      v.description("`primary` (the publisher's own page) or which reprint of it the URL is."),
    ),
  }),
  note: v.pipe(
    v.string(),
    v.description("How to read the record: its author's finding, not this project's."),
  ),
  version: v.number(),
  ...Retraction,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type OutsideAssessmentRecord = v.InferOutput<typeof OutsideAssessmentSchema>;

/**
 * A range's low end is not above its high end (compared as decimals). Valibot may run this
 * before the amounts' own checks have refused them, so an amount that is no decimal is left to
 * those checks (it is not compared, and never reaches big.js, which would throw).
 */
const DECIMAL = /^\d+(\.\d+)?$/;
const amountsInOrder = (body: { assessed_low?: string | null; assessed_high?: string | null }) =>
  !DECIMAL.test(body.assessed_low ?? "") ||
  !DECIMAL.test(body.assessed_high ?? "") ||
  new Big(body.assessed_low as string).lte(body.assessed_high as string);

const fields = {
  assessor: TextField(300),
  assessor_kind: v.picklist(ASSESSOR_KINDS, `must be one of ${ASSESSOR_KINDS.join(", ")}`),
  published_on: v.optional(v.nullable(PublishedOn)),
  scope: TextField(1000),
  claimed: v.optional(v.nullable(MoneyField)),
  claimed_basis: OptionalText(1000),
  assessed_low: v.optional(v.nullable(MoneyField)),
  assessed_high: v.optional(v.nullable(MoneyField)),
  currency: Currency,
  finding: TextField(4000),
  source: v.pipe(HttpUrlField, v.description("Where the finding was published (required).")),
  source_kind: OptionalText(300),
  reason: ReasonField,
};

export const OutsideAssessmentCreateBody = v.pipe(
  v.strictObject({
    commission: v.pipe(Slug, v.description("The commission whose claims were checked.")),
    ...fields,
  }),
  v.forward(
    v.partialCheck(
      [["assessed_low"], ["assessed_high"]],
      amountsInOrder,
      "assessed_low must not exceed assessed_high",
    ),
    ["assessed_low"],
  ),
);

/** The write routes' shared description of an assessment by others. */
export const outsideAssessmentSpec = {
  resource: "assessment",
  tag: "Assessments by others",
  record: OutsideAssessmentSchema,
} as const;

export const CostEstimateSchema = v.object({
  id: v.number(),
  estimator: v.string(),
  estimator_kind: v.string(),
  published_on: v.nullable(PublishedOn),
  cost: v.pipe(v.string(), v.description("What cost is estimated.")),
  low: v.nullable(Amount),
  high: v.nullable(Amount),
  currency: Currency,
  period: v.nullable(v.string()),
  what: v.pipe(v.nullable(v.string()), v.description("The estimator's own account of the figure.")),
  source: v.object({ url: v.string(), kind: v.nullable(v.string()) }),
});
export type CostEstimateRecord = v.InferOutput<typeof CostEstimateSchema>;

export const CommissionCostsSchema = v.object({
  commission: v.string(),
  claimed: v.pipe(
    v.nullable(v.object({ amount: Amount, currency: Currency, by: v.string() })),
    v.description(
      "What the commission's live claims add up to, as it published them; null when this project holds none of its claims.",
    ),
  ),
  verified: v.pipe(
    v.nullable(
      v.object({
        amount: Amount,
        currency: Currency,
        by: v.string(),
        methodology: v.string(),
      }),
    ),
    v.description(
      "What this project's methodology finds taken back on the record, its one verified figure (see /v1/methodology); null with `claimed`.",
    ),
  ),
  estimates: v.array(CostEstimateSchema),
  note: v.string(),
});
