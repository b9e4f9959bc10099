import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { proposalKind } from "../../db/schema/enums.ts";
import { errorResponses, jsonResponse } from "../openapi.ts";
import { AgencyCodeParam, Money, Slug } from "./common.ts";
import { StateParam } from "./places.ts";

export const SavingsQuery = v.strictObject({
  commission: v.optional(v.pipe(Slug, v.description("Commission slug, e.g. `doge`."))),
  agency: AgencyCodeParam("USAspending toptier agency code (see /v1/agencies)."),
  kind: v.optional(v.picklist(proposalKind.enumValues)),
  state: StateParam,
  format: v.optional(v.pipe(v.picklist(["json", "csv"]), v.description("`csv` for RFC 4180 CSV."))),
});

export const MeasuresSchema = {
  claims: v.pipe(
    v.number(),
    v.description("Live claims: not removed from the source, not retracted."),
  ),
  receipts: v.pipe(v.number(), v.description("Receipts behind them (counted groups count each).")),
  claimed_as_published: v.pipe(Money, v.description("Σ claimed, as the commission published it.")),
  claimed: v.pipe(Money, v.description("Σ claimed, each award once (duplicates left out).")),
  claimed_checkable: v.pipe(
    Money,
    v.description(
      "Σ claimed by claims checked against an award record (supported, unconfirmed, fully_spent, exceeds_record): the part of `claimed` that can be verified at all.",
    ),
  ),
  claimed_unverifiable: v.pipe(
    Money,
    v.description(
      "Σ claimed by claims that name no award (e.g. USAID's 'Unavailable for legal reasons' receipts, charge cards, leases): no record can check them.",
    ),
  ),
  verified_low: v.pipe(
    Money,
    v.description(
      "Σ per claim of max(0, min(claimed, verified_low)): money on record as taken back. A claim without a computed bound adds 0.",
    ),
  ),
  verified_high: v.pipe(
    Money,
    v.description(
      "Σ per claim of max(0, min(claimed, verified_high)): what the records allow at most. A claim without a computed bound adds 0.",
    ),
  ),
  potential_avoided: v.pipe(
    Money,
    v.description("Σ unexercised options: reported apart, never savings."),
  ),
  ceiling_cut: v.pipe(
    Money,
    v.description(
      "Σ ceiling (base and all options) reductions on record since the commission began: the commission's own measure, never added into verified. 0 where records give no ceiling changes.",
    ),
  ),
  not_assessed: v.pipe(v.number(), v.description("Claims whose award record is not fetched yet.")),
  claimed_not_assessed: v.pipe(
    Money,
    v.description("Σ claimed by the claims not checked yet: no verdict either way."),
  ),
};
export const MEASURE_COLUMNS = Object.keys(MeasuresSchema);

const Meta = {
  methodology_version: v.string(),
  freshness: v.pipe(
    v.record(v.string(), v.nullable(v.string())),
    v.description("When each job step last succeeded, and the newest assessment."),
  ),
};

export const describeRollup = (
  operationId: string,
  summary: string,
  description: string,
  item: v.GenericSchema,
  extraMeta: v.ObjectEntries = {},
) =>
  describeRoute({
    operationId,
    tags: ["Savings"],
    summary,
    description,
    responses: {
      200: jsonResponse(
        "The rollup.",
        v.object({ data: v.array(item), ...Meta, ...extraMeta }),
        true,
      ),
      ...errorResponses(400, 503),
    },
  });
