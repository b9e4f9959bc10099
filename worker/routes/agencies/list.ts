import type { AgencySort } from "../../../db/queries/agencies.ts";
import { agencyListSpec } from "../../domain/agencies.ts";
import { sendList } from "../../http/lists.ts";
import { csvColumns } from "../../lib/csv.ts";
import { parseSort } from "../../lib/paging.ts";
import { describeList } from "../../openapi.ts";
import { AgencyListQuery, type AgencyRecord, AgencySchema } from "../../schemas/agencies.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const listAgenciesHandlers = factory.createHandlers(
  describeList(
    {
      operationId: "listAgencies",
      tag: "Agencies",
      summary: "List agencies",
      description:
        "Toptier agencies with their aliases and what the commission claims against each.",
    },
    AgencySchema,
  ),
  validate("query", AgencyListQuery),
  (c) => {
    const query = c.req.valid("query");
    return sendList(c, query, {
      ...agencyListSpec(c.get("db"), parseSort<AgencySort>(query.sort)),
      csv: csvColumns<AgencyRecord>("agencies.csv", AgencySchema),
    });
  },
);
