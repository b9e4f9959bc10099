import { findProposal, proposalRecord } from "../../domain/proposals.ts";
import { sendRecord } from "../../http/lists.ts";
import { describeOne } from "../../openapi.ts";
import { ProposalIdParam, ProposalSchema } from "../../schemas/proposals.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const getProposalHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "getProposal",
      tag: "Proposals",
      summary: "One claimed cut",
      description:
        "A proposal by id, with its sources and current assessment. Removed and retracted claims stay readable.",
    },
    ProposalSchema,
  ),
  validate("param", ProposalIdParam),
  async (c) => {
    const { id } = c.req.valid("param");
    const row = await findProposal(c.get("db"), id);
    return sendRecord(c, row, proposalRecord, `No proposal with id ${id}.`);
  },
);
