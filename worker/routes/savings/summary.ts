import * as v from "valibot";
import { rollupMeta, savingsByCommission } from "../../domain/savings.ts";
import { sendTable } from "../../http/lists.ts";
import { ListsFreshness, Money } from "../../schemas/common.ts";
import {
  describeRollup,
  MEASURE_COLUMNS,
  MeasuresSchema,
  SavingsQuery,
} from "../../schemas/savings.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const savingsSummaryHandlers = factory.createHandlers(
  describeRollup(
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
      lists: ListsFreshness,
    }),
  ),
  validate("query", SavingsQuery),
  async (c) => {
    const { format, ...filters } = c.req.valid("query");
    const db = c.get("db");
    const rows = await savingsByCommission(db, filters);
    return sendTable(c, rows, {
      format,
      filename: "savings-summary.csv",
      columns: ["commission", ...MEASURE_COLUMNS, "by_status", "lists"],
      meta: await rollupMeta(db),
    });
  },
);
