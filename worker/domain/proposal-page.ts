import type { Db } from "../../db/client.ts";
import { proposalEvidence } from "../../db/queries/assessments.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { kindFreshness } from "./freshness.ts";
import { membersNearClaim } from "./members.ts";
import { proposalOutcomes } from "./outcomes.ts";
import { findProposal, findProposalSource, proposalRecord, proposalVersions } from "./proposals.ts";

// Far more versions than any claim has had; the API pages through the rest.
const MAX_VERSIONS = 500;

/** A claim's page: the claim, its evidence, members near it, what happened next, its history. */
export async function loadProposal(db: Db, id: number) {
  const row = await findProposal(db, id);
  if (!row) return undefined;
  const evidence = await proposalEvidence(db, id, METHODOLOGY_VERSION);
  const versions = await proposalVersions(db, { id, limit: MAX_VERSIONS });
  const source = await findProposalSource(db, id);
  return {
    proposal: proposalRecord(row),
    members: await membersNearClaim(db, row),
    outcomes: await proposalOutcomes(db, row),
    evidence,
    versions,
    source: source?.record,
    lists: await kindFreshness(db, row.commission, row.kind),
  };
}

export type ProposalPageData = NonNullable<Awaited<ReturnType<typeof loadProposal>>>;
