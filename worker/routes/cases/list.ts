import { CASE_COLUMNS, findCases } from "../../domain/cases.ts";
import { sendTable } from "../../http/lists.ts";
import { CaseListQuery, describeCases } from "../../schemas/cases.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const listCasesHandlers = factory.createHandlers(
  describeCases,
  validate("query", CaseListQuery),
  async (c) => {
    const { format, ...filters } = c.req.valid("query");
    const rows = await findCases(c.get("db"), filters);
    return sendTable(c, rows, { format, filename: "cases.csv", columns: CASE_COLUMNS });
  },
);
