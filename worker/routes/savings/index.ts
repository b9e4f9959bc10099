import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import {
  freshness,
  summaryByAgency,
  summaryByCommission,
  summaryByMonth,
} from "../../../db/queries/savings.ts";
import { proposalKind } from "../../../db/schema/enums.ts";
import type { AppEnv } from "../../env.ts";
import { sendTable } from "../../lib/listing.ts";
import { toApi } from "../../lib/serialize.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import { validate } from "../../validate.ts";
import { AgencyCodeParam, Money, Slug } from "../schemas.ts";

const Query = v.strictObject({
  commission: v.optional(v.pipe(Slug, v.description("Commission slug, e.g. `doge`."))),
  agency: AgencyCodeParam("USAspending toptier agency code (see /v1/agencies)."),
  kind: v.optional(v.picklist(proposalKind.enumValues)),
  format: v.optional(v.pipe(v.picklist(["json", "csv"]), v.description("`csv` for RFC 4180 CSV."))),
});

const MeasuresSchema = {
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
const MEASURE_COLUMNS = Object.keys(MeasuresSchema);

const Meta = {
  methodology_version: v.string(),
  freshness: v.pipe(
    v.record(v.string(), v.nullable(v.string())),
    v.description("When each job step last succeeded, and the newest assessment."),
  ),
};

const describe = (
  operationId: string,
  summary: string,
  description: string,
  item: v.GenericSchema,
) =>
  describeRoute({
    operationId,
    tags: ["Savings"],
    summary,
    description,
    responses: {
      200: jsonResponse("The rollup.", v.object({ data: v.array(item), ...Meta }), true),
      ...errorResponses(400, 503),
    },
  });

async function meta(db: Parameters<typeof freshness>[0]) {
  return {
    methodology_version: METHODOLOGY_VERSION,
    freshness: toApi(await freshness(db, METHODOLOGY_VERSION)),
  };
}

export const savingsRoutes = new Hono<AppEnv>()
  .get(
    "/summary",
    describe(
      "savingsSummary",
      "Claimed against verified, per commission",
      "Totals over live claims under the current methodology, with counts and claimed amounts by status.",
      v.object({
        commission: v.string(),
        ...MeasuresSchema,
        by_status: v.pipe(
          v.record(v.string(), v.object({ claims: v.number(), claimed: Money })),
          v.description(
            "Claims and claimed dollars per verdict (see the assessment status enum), and `not_assessed` for claims not checked yet.",
          ),
        ),
      }),
    ),
    validate("query", Query),
    async (c) => {
      const { format, ...filters } = c.req.valid("query");
      const db = c.get("db");
      const { totals, byStatus } = await summaryByCommission(db, METHODOLOGY_VERSION, filters);
      const rows = totals.map((t) => ({
        ...t,
        by_status: Object.fromEntries(
          byStatus
            .filter((s) => s.commission === t.commission)
            .map((s) => [s.status, { claims: s.claims, claimed: s.claimed }]),
        ),
      }));
      return sendTable(c, rows, {
        format,
        filename: "savings-summary.csv",
        columns: ["commission", ...MEASURE_COLUMNS, "by_status"],
        meta: await meta(db),
      });
    },
  )
  .get(
    "/by-agency",
    describe(
      "savingsByAgency",
      "Claimed against verified, per agency",
      "One row per agency (unmatched source names listed with a null code), largest claims first, beside Treasury's net outlays fiscal-year-to-date and for the prior fiscal year to the same month.",
      v.object({
        agency_code: v.nullable(v.string()),
        agency_name: v.nullable(v.string()),
        ...MeasuresSchema,
        outlays_record_date: v.nullable(v.string()),
        outlays_fytd: v.nullable(Money),
        outlays_prior_fytd: v.nullable(Money),
      }),
    ),
    validate("query", Query),
    async (c) => {
      const { format, ...filters } = c.req.valid("query");
      const db = c.get("db");
      const rows = await summaryByAgency(db, METHODOLOGY_VERSION, filters);
      return sendTable(c, rows, {
        format,
        filename: "savings-by-agency.csv",
        columns: [
          "agency_code",
          "agency_name",
          ...MEASURE_COLUMNS,
          "outlays_record_date",
          "outlays_fytd",
          "outlays_prior_fytd",
        ],
        meta: await meta(db),
      });
    },
  )
  .get(
    "/by-month",
    describe(
      "savingsByMonth",
      "Claimed against verified, per month of the claim",
      "One row per month of the claim date (`YYYY-MM`; claims without a date last, as null).",
      v.object({ month: v.nullable(v.string()), ...MeasuresSchema }),
    ),
    validate("query", Query),
    async (c) => {
      const { format, ...filters } = c.req.valid("query");
      const db = c.get("db");
      const rows = await summaryByMonth(db, METHODOLOGY_VERSION, filters);
      return sendTable(c, rows, {
        format,
        filename: "savings-by-month.csv",
        columns: ["month", ...MEASURE_COLUMNS],
        meta: await meta(db),
      });
    },
  );
