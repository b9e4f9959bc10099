import { commissionIdBySlug } from "../../db/queries/commissions.ts";
import { getProposal } from "../../db/queries/proposals.ts";
import { type ProposalRowFull, proposalTable } from "../../db/queries/versioned.ts";
import type { proposals } from "../../db/schema/index.ts";
import { fromApi } from "../lib/serialize.ts";
// The proposal read model is moving from routes/proposals/ to this layer (issue 15, part C).
import { proposalRecord } from "../routes/proposals/record.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { commissionIdOf, type VersionedResource } from "./versioned.ts";

type NewProposal = typeof proposals.$inferInsert;

/** Editors add, correct and retract claims; a hand-entered claim's source is "editor". */
export const proposalWrites: VersionedResource<
  ProposalRowFull,
  NewProposal,
  Record<string, unknown>
> = {
  table: proposalTable,
  toInsert: async (tx, { commission, reason: _reason, ...fields }) => ({
    ...(fromApi(fields) as Omit<NewProposal, "commissionId">),
    commissionId: await commissionIdOf(tx, commission as string, commissionIdBySlug),
    naturalKey: `editor:${crypto.randomUUID()}`,
    source: "editor",
  }),
  read: async (db, id) => {
    const row = await getProposal(db, id, METHODOLOGY_VERSION);
    return row && proposalRecord(row);
  },
  locate: (row) => `/v1/proposals/${row.id}`,
};
