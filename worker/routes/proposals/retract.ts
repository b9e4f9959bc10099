import { proposalWrites } from "../../domain/proposal-writes.ts";
import { ProposalIdParam, proposalSpec } from "../../schemas/proposals.ts";
import { retractHandlers } from "../versioned-writes.ts";

/** Editors retract claims: a soft delete with a reason, kept in the history. */
export const retractProposalHandlers = retractHandlers({
  ...proposalSpec,
  writes: proposalWrites,
  idParam: ProposalIdParam,
});
