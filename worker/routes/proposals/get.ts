import { getProposal } from "../../../db/queries/proposals.ts";
import { proposalRecord } from "../../domain/proposal-record.ts";
import { sendRecord } from "../../lib/listing.ts";
import { describeOne } from "../../openapi.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { ProposalIdParam, ProposalSchema } from "./schema.ts";

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
    const row = await getProposal(c.get("db"), id, METHODOLOGY_VERSION);
    return sendRecord(c, row, proposalRecord, `No proposal with id ${id}.`);
  },
);
