import { proposalOutcomes } from "../../domain/outcomes.ts";
import { findProposal } from "../../domain/proposals.ts";
import { ApiError } from "../../errors.ts";
import { describeOne } from "../../openapi.ts";
import { ProposalOutcomesSchema } from "../../schemas/outcomes.ts";
import { ProposalIdParam } from "../../schemas/proposals.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";

export const proposalOutcomesHandlers = factory.createHandlers(
  describeOne(
    {
      operationId: "proposalOutcomes",
      tag: "Proposals",
      summary: "What happened to a claimed cut after the claim",
      description:
        "The claim's outcome events, oldest evidence first: USAspending transactions the job read, another tracker's ledger (named in `source_name`: its finding, not cutwatch's), court dockets, editors' findings. Retracted events stay listed with their reason. `current` marks the one that is the claim's outcome: an editor's beats a machine's, then the latest evidence. A claim with no event has no outcome (null), never a default one.",
    },
    ProposalOutcomesSchema,
  ),
  validate("param", ProposalIdParam),
  async (c) => {
    const { id } = c.req.valid("param");
    const db = c.get("db");
    const claim = await findProposal(db, id);
    if (!claim) throw new ApiError("not-found", `No proposal with id ${id}.`);
    c.header("Cache-Control", "public, max-age=60");
    return c.json({ data: await proposalOutcomes(db, claim) });
  },
);
