import { OUTCOME_TOTAL_COLUMNS, outcomesByAgency } from "../../domain/outcomes.ts";
import { sendTable } from "../../http/lists.ts";
import { describeOutcomeTotals, OutcomeTotalsQuery } from "../../schemas/outcomes.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const outcomesByAgencyHandlers = factory.createHandlers(
  describeOutcomeTotals(
    "outcomesByAgency",
    "What became of the claimed cuts, per agency",
    "One row per commission and agency with at least one claim whose outcome is on record, most checked dollars first: the same measures as `/v1/outcomes/by-commission`. Outcomes include other trackers' findings, each named on the claim's events.",
  ),
  validate("query", OutcomeTotalsQuery),
  async (c) => {
    const { format, ...filters } = c.req.valid("query");
    const rows = await outcomesByAgency(c.get("db"), filters);
    return sendTable(c, rows, {
      format,
      filename: "outcomes-by-agency.csv",
      columns: OUTCOME_TOTAL_COLUMNS,
    });
  },
);
