import { proposalWrites } from "../../domain/proposal-writes.ts";
import { ProposalIdParam, ProposalPatchBody, proposalSpec } from "../../schemas/proposals.ts";
import { updateHandlers } from "../versioned-writes.ts";

/** Editors correct claims; each correction is a new version, and outlives the next sync. */
export const updateProposalHandlers = updateHandlers({
  ...proposalSpec,
  writes: proposalWrites,
  body: ProposalPatchBody,
  idParam: ProposalIdParam,
});
