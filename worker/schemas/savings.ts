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
      "Σ claimed by claims checked against an award record (supported, unconfirmed, unexercised_options, fully_spent, exceeds_record): the part of `claimed` that was checked.",
    ),
  ),
  claimed_not_yet_checked: v.pipe(
    Money,
    v.description(
      "Σ claimed by claims that name a PIID, FAIN or recipient but no award, not yet searched: unchecked, not uncheckable.",
    ),
  ),
  claimed_unverifiable: v.pipe(
    Money,
    v.description(
      "Σ claimed by claims that name no award (e.g. USAID's 'Unavailable for legal reasons' receipts, charge cards, leases): no record can check them.",
    ),
  ),
  taken_back: v.pipe(
    Money,
    v.description(
      "Verified: money on the record as taken back, Σ per claim of max(0, min(claimed, verified_low)) over the checked claims the record does not contradict. The only verified figure.",
    ),
  ),
  not_ruled_out: v.pipe(
    Money,
    v.description(
      "Not ruled out by the records (not verified): Σ per claim of max(0, min(claimed, verified_high)) over the checked claims the record does not contradict (not exceeds_record).",
    ),
  ),
  not_ruled_out_payments_unknown: v.pipe(
    Money,
    v.description(
      "The part of `not_ruled_out` whose record gives no payments: money obligated, of which any part may have been paid.",
    ),
  ),
  contradicted: v.pipe(
    v.number(),
    v.description("Claims the record contradicts (exceeds_record): in neither headline figure."),
  ),
  claimed_contradicted: v.pipe(Money, v.description("Σ claimed by the contradicted claims.")),
  contradicted_record_allows: v.pipe(
    Money,
    v.description(
      "What the contradicted claims' records would allow (Σ of their high bounds), reported apart, never added to `not_ruled_out`.",
    ),
  ),
  record_predates_claim: v.pipe(
    v.number(),
    v.description(
      "Claims judged on a record whose newest action is older than the claim: the record cannot show the claimed cut.",
    ),
  ),
  claimed_record_predates_claim: v.pipe(
    Money,
    v.description("Σ claimed by the claims judged on a record older than the claim."),
  ),
  verified_low: v.pipe(
    Money,
    v.description(
      "Deprecated (methodology 2; removed in the next version): use `taken_back`. Σ per claim of max(0, min(claimed, verified_low)), contradicted claims included.",
    ),
  ),
  verified_high: v.pipe(
    Money,
    v.description(
      "Deprecated (methodology 2; removed in the next version): not verified, and it counts what contradicted claims' records allow; use `not_ruled_out`. Σ per claim of max(0, min(claimed, verified_high)).",
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
/** Kept in JSON for one version, left out of CSV headers: no header calls the high end verified. */
const DEPRECATED = new Set(["verified_low", "verified_high"]);
export const MEASURE_COLUMNS = Object.keys(MeasuresSchema).filter((k) => !DEPRECATED.has(k));

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
