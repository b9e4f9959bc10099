import { commissionIdBySlug } from "../../db/queries/commissions.ts";
import { type ProposalRowFull, proposalTable } from "../../db/queries/versioned.ts";
import type { proposals } from "../../db/schema/index.ts";
import { fromApi } from "../lib/serialize.ts";
import { findProposal, proposalRecord } from "./proposals.ts";
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
    const row = await findProposal(db, id);
    return row && proposalRecord(row);
  },
  locate: (row) => `/v1/proposals/${row.id}`,
};
