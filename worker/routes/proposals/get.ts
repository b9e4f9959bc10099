import { describeRoute } from "hono-openapi";
import { getProposal } from "../../../db/queries/proposals.ts";
import { ApiError } from "../../errors.ts";
import { LIST_CACHE_CONTROL } from "../../lib/listing.ts";
import { errorResponses, jsonResponse } from "../../openapi.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { one } from "../schemas.ts";
import { proposalRecord } from "./record.ts";
import { ProposalIdParam, ProposalSchema } from "./schema.ts";

export const getProposalHandlers = factory.createHandlers(
  describeRoute({
    operationId: "getProposal",
    tags: ["Proposals"],
    summary: "One claimed cut",
    description:
      "A proposal by id, with its sources and current assessment. Removed and retracted claims stay readable.",
    responses: {
      200: jsonResponse("The proposal.", one(ProposalSchema)),
      ...errorResponses(400, 404, 503),
    },
  }),
  validate("param", ProposalIdParam),
  async (c) => {
    const { id } = c.req.valid("param");
    const row = await getProposal(c.get("db"), id, METHODOLOGY_VERSION);
    if (!row) throw new ApiError(404, "not-found", `No proposal with id ${id}.`);
    c.header("Cache-Control", LIST_CACHE_CONTROL);
    return c.json({ data: proposalRecord(row) });
  },
);
