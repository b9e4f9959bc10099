import type { Db } from "../../db/client.ts";
import { listAgencies } from "../../db/queries/agencies.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import type { ProposalSort } from "../../db/queries/proposals.ts";
import { fetchPage, parseSort } from "../lib/paging.ts";
import { type ProposalFilterQuery, proposalFilters, proposalListSpec } from "./proposals.ts";

const MAX_AGENCIES = 500;

/**
 * `/proposals`: one page of the claims a search matches (after the cursor's position, which the
 * page reads), how many match, and the agencies with claims as the form's choices.
 */
export async function loadClaims(
  db: Db,
  query: ProposalFilterQuery & {
    sort: ProposalSort | `-${ProposalSort}`;
    limit?: number | undefined;
  },
  after: KeysetPosition | undefined,
) {
  const spec = proposalListSpec(db, proposalFilters(query), parseSort(query.sort));
  const [page, total, agencies] = await Promise.all([
    fetchPage(spec, after, query),
    spec.total(),
    listAgencies(db, { sort: "name", desc: false, limit: MAX_AGENCIES }),
  ]);
  // The agencies with claims, as the form's choices: code and name.
  const choices = agencies.filter((a) => a.proposalCount > 0).map((a) => [a.code, a.name] as const);
  return { ...page, total, agencies: choices };
}

export type ClaimsData = Awaited<ReturnType<typeof loadClaims>>;
