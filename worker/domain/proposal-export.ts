import type { Db } from "../../db/client.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import { listProposals, type ProposalRow } from "../../db/queries/proposals.ts";
import type { ListSpec } from "../lib/listing.ts";
import type { ProposalRecord } from "../routes/proposals/schema.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { proposalCsv, proposalRecord } from "./proposal-record.ts";

/**
 * The whole dataset as a list read in id order, keyset-paged: every claim (removed and
 * retracted ones included, flagged) with its current-methodology assessment. The streamed full
 * export and the daily snapshot both read it, so their rows and columns are the same.
 */
export function proposalExportSpec(db: Db): ListSpec<ProposalRow, ProposalRecord> {
  const filters = { methodologyVersion: METHODOLOGY_VERSION, removed: "any" as const };
  return {
    page: (after: KeysetPosition | undefined, limit: number) =>
      listProposals(db, { filters, sort: "id", desc: false, after, limit }),
    position: (row) => ({ value: row.sortValue, key: row.id }),
    record: proposalRecord,
    csv: proposalCsv,
  };
}
