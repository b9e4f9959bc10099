import type { ProposalSort } from "../../../db/queries/proposals.ts";
import { proposalFilters, proposalListSpec } from "../../domain/proposals.ts";
import { sendList } from "../../http/lists.ts";
import { parseSort } from "../../lib/paging.ts";
import { describeList } from "../../openapi.ts";
import { ProposalListQuery, ProposalSchema } from "../../schemas/proposals.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const listProposalsHandlers = factory.createHandlers(
  describeList(
    {
      operationId: "listProposals",
      tag: "Proposals",
      summary: "List claimed cuts",
      description:
        "Filter, sort and page the commission's claims. Removed claims stay listed with `removed: true` unless `removed=false`. `?format=csv` (or `Accept: text/csv`) without a `limit` streams every matching row.",
    },
    ProposalSchema,
  ),
  validate("query", ProposalListQuery),
  (c) => {
    const query = c.req.valid("query");
    const filters = proposalFilters(query);
    const sort = parseSort<ProposalSort>(query.sort);
    return sendList(c, query, proposalListSpec(c.get("db"), filters, sort));
  },
);
