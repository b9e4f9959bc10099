import { proposalWrites as writes } from "../../domain/proposal-writes.ts";
import {
  ProposalCreateBody,
  ProposalIdParam,
  ProposalPatchBody,
  ProposalSchema,
} from "../../schemas/proposals.ts";
import { createHandlers, retractHandlers, updateHandlers } from "../versioned-writes.ts";

const spec = {
  resource: "proposal",
  tag: "Proposals",
  record: ProposalSchema,
  writes,
} as const;

/** Editors add, correct and retract claims (the writing is worker/domain/proposal-writes.ts). */
export const proposalWrites = {
  create: createHandlers({ ...spec, body: ProposalCreateBody }),
  update: updateHandlers({ ...spec, body: ProposalPatchBody, idParam: ProposalIdParam }),
  retract: retractHandlers({ ...spec, idParam: ProposalIdParam }),
};
