import { commissionIdBySlug } from "../../../db/queries/commissions.ts";
import { getProposal } from "../../../db/queries/proposals.ts";
import { proposalTable } from "../../../db/queries/versioned.ts";
import { proposalRecord } from "../../domain/proposal-record.ts";
import { commissionIdOf, writeHandlers } from "../../edits/routes.ts";
import { fromApi } from "../../lib/serialize.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import {
  ProposalCreateBody,
  ProposalIdParam,
  ProposalPatchBody,
  ProposalSchema,
} from "./schema.ts";

/** Editors add, correct and retract claims; a hand-entered claim's source is "editor". */
export const proposalWrites = writeHandlers({
  resource: "proposal",
  tag: "Proposals",
  table: proposalTable,
  record: ProposalSchema,
  createBody: ProposalCreateBody,
  patchBody: ProposalPatchBody,
  idParam: ProposalIdParam,
  path: "/v1/proposals",
  toInsert: async (tx, { commission, reason: _reason, ...fields }) => ({
    ...(fromApi(fields) as Omit<Parameters<typeof proposalTable.insert>[1], "commissionId">),
    commissionId: await commissionIdOf(tx, commission as string, commissionIdBySlug),
    naturalKey: `editor:${crypto.randomUUID()}`,
    source: "editor",
  }),
  read: async (db, id) => {
    const row = await getProposal(db, id, METHODOLOGY_VERSION);
    return row && proposalRecord(row);
  },
});
