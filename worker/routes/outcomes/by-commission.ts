import { OUTCOME_TOTAL_COLUMNS, outcomesByCommission } from "../../domain/outcomes.ts";
import { sendTable } from "../../http/lists.ts";
import { describeOutcomeTotals, OutcomeTotalsQuery } from "../../schemas/outcomes.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const outcomesByCommissionHandlers = factory.createHandlers(
  describeOutcomeTotals(
    "outcomesByCommission",
    "What became of the claimed cuts, per commission",
    "Of each commission's claimed dollars (live claims), how much has an outcome on record (`checked`), and of that how much still stands cut (`still_cut`: terminated, partially terminated, descoped, closed out, expired) and how much continued or came back (`not_cut`: continued, grew, extended, reinstated, vacated), with their shares of `checked`. Outcomes include other trackers' findings (e.g. The Planetary Society's NASA ledger), each named on the claim's events. `agency` limits it to one agency's claims.",
  ),
  validate("query", OutcomeTotalsQuery),
  async (c) => {
    const { format, ...filters } = c.req.valid("query");
    const rows = await outcomesByCommission(c.get("db"), filters);
    return sendTable(c, rows, {
      format,
      filename: "outcomes-by-commission.csv",
      columns: OUTCOME_TOTAL_COLUMNS,
    });
  },
);
