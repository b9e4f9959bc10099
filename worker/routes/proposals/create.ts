import { proposalWrites } from "../../domain/proposal-writes.ts";
import { ProposalCreateBody, proposalSpec } from "../../schemas/proposals.ts";
import { createHandlers } from "../versioned-writes.ts";

/** Editors add claims (the writing is worker/domain/proposal-writes.ts). */
export const createProposalHandlers = createHandlers({
  ...proposalSpec,
  writes: proposalWrites,
  body: ProposalCreateBody,
});
