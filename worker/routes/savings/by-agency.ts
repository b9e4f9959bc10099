import * as v from "valibot";
import { rollupMeta, savingsByAgency } from "../../domain/savings.ts";
import { sendTable } from "../../http/lists.ts";
import { Money } from "../../schemas/common.ts";
import {
  describeRollup,
  MEASURE_COLUMNS,
  MeasuresSchema,
  SavingsQuery,
} from "../../schemas/savings.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const savingsByAgencyHandlers = factory.createHandlers(
  describeRollup(
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
  validate("query", SavingsQuery),
  async (c) => {
    const { format, ...filters } = c.req.valid("query");
    const db = c.get("db");
    const rows = await savingsByAgency(db, filters);
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
      meta: await rollupMeta(db),
    });
  },
);
