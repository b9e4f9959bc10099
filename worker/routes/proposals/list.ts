import type { Db } from "../../../db/client.ts";
import type { KeysetPosition } from "../../../db/queries/keyset.ts";
import {
  countProposals,
  listProposals,
  type ProposalFilters,
  type ProposalRow,
  type ProposalSort,
} from "../../../db/queries/proposals.ts";
import { proposalCsv, proposalRecord } from "../../domain/proposal-record.ts";
import { parseSort, sendList } from "../../lib/listing.ts";
import { describeList } from "../../openapi.ts";
import { METHODOLOGY_VERSION } from "../../savings/methodology.ts";
import { validate } from "../../validate.ts";
import { factory } from "../factory.ts";
import { type ProposalFilterQuery, ProposalListQuery, ProposalSchema } from "./schema.ts";

export const listProposalsHandlers = factory.createHandlers(
  describeList(
    {
      operationId: "listProposals",
      tag: "Proposals",
      summary: "List claimed cuts",
      description:
        "Filter, sort and page the commission's claims. Removed claims stay listed with `removed: true` unless `removed=false`. `?format=csv` (or `Accept: text/csv`) without a `limit` streams every matching row.",
    },
    ProposalSchema,
  ),
  validate("query", ProposalListQuery),
  (c) => {
    const query = c.req.valid("query");
    const db = c.get("db");
    const filters = proposalFilters(query);
    return sendList(c, query, proposalListSpec(db, filters, parseSort<ProposalSort>(query.sort)));
  },
);

/** The list's query parameters as database filters, on the current methodology's assessments. */
export function proposalFilters(query: ProposalFilterQuery): ProposalFilters {
  return {
    methodologyVersion: METHODOLOGY_VERSION,
    commission: query.commission,
    agency: query.agency,
    kind: query.kind,
    status: query.status,
    assessmentStatus: query.assessment_status,
    claimDateFrom: query.claim_date_from,
    claimDateTo: query.claim_date_to,
    minClaimedSavings: query.min_claimed_savings,
    maxClaimedSavings: query.max_claimed_savings,
    recipient: query.recipient,
    piid: query.piid?.toUpperCase(),
    fain: query.fain?.toUpperCase(),
    awardId: query.award_id?.toUpperCase(),
    q: query.q,
    removed: query.removed,
  };
}

/** How proposals are read as a list: shared by the list and the full export. */
export function proposalListSpec(
  db: Db,
  filters: ProposalFilters,
  sort: { name: ProposalSort; desc: boolean },
) {
  return {
    page: (after: KeysetPosition | undefined, limit: number) =>
      listProposals(db, { filters, sort: sort.name, desc: sort.desc, after, limit }),
    position: (row: ProposalRow) => ({ value: row.sortValue, key: row.id }),
    record: proposalRecord,
    total: () => countProposals(db, filters),
    csv: proposalCsv,
  };
}
