import * as v from "valibot";
import { rollupMeta, savingsByMonth } from "../../domain/savings.ts";
import { sendTable } from "../../http/lists.ts";
import {
  describeRollup,
  MEASURE_COLUMNS,
  MeasuresSchema,
  SavingsQuery,
} from "../../schemas/savings.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const savingsByMonthHandlers = factory.createHandlers(
  describeRollup(
    "savingsByMonth",
    "Claimed against verified, per month of the claim",
    "One row per month of the claim date (`YYYY-MM`; claims without a date last, as null).",
    v.object({ month: v.nullable(v.string()), ...MeasuresSchema }),
  ),
  validate("query", SavingsQuery),
  async (c) => {
    const { format, ...filters } = c.req.valid("query");
    const db = c.get("db");
    const rows = await savingsByMonth(db, filters);
    return sendTable(c, rows, {
      format,
      filename: "savings-by-month.csv",
      columns: ["month", ...MEASURE_COLUMNS],
      meta: await rollupMeta(db),
    });
  },
);
