import {
  and,
  count,
  eq,
  getTableColumns,
  gte,
  ilike,
  isNotNull,
  isNull,
  lte,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Divergence, OutcomeKind } from "../../worker/savings/outcomes.ts";
import type { Db } from "../client.ts";
import {
  assessments,
  commissions,
  proposalOutcomes,
  proposalPlaces,
  proposalSourceValues,
  proposals,
} from "../schema/index.ts";
import { searchKeyOf } from "./award-search.ts";
import { commissionNamed } from "./commissions.ts";
import { type KeysetPosition, keyset, sortValueOf } from "./keyset.ts";

// The search vector is an index, not data anyone reads.
const { search: _search, commissionId: _commissionId, ...columns } = getTableColumns(proposals);

/** The sort orders a client may ask for; anything else is a 400 at the route. */
export const PROPOSAL_SORTS = {
  id: null,
  claimed_savings: proposals.claimedSavings,
  claim_date: proposals.claimDate,
  first_seen_at: proposals.firstSeenAt,
  agency: proposals.agencyName,
} as const;
export type ProposalSort = keyof typeof PROPOSAL_SORTS;

export type ProposalFilters = {
  /** Which assessment is "the" assessment: the current methodology's. */
  methodologyVersion: string;
  commission?: string | undefined;
  agency?: string | undefined;
  kind?: (typeof proposals.kind.enumValues)[number] | undefined;
  status?: (typeof proposals.status.enumValues)[number] | undefined;
  assessmentStatus?: (typeof assessments.status.enumValues)[number] | undefined;
  claimDateFrom?: string | undefined;
  claimDateTo?: string | undefined;
  minClaimedSavings?: string | undefined;
  maxClaimedSavings?: string | undefined;
  recipient?: string | undefined;
  piid?: string | undefined;
  fain?: string | undefined;
  awardId?: string | undefined;
  q?: string | undefined;
  removed?: "true" | "false" | "any" | undefined;
  /** The claim's derived place (proposal_places). */
  state?: string | undefined;
  district?: string | undefined;
  /** The claim's current outcome and divergence (proposal_outcomes). */
  outcome?: OutcomeKind | undefined;
  divergence?: Divergence | undefined;
};

export type ProposalListOptions = {
  filters: ProposalFilters;
  sort: ProposalSort;
  desc: boolean;
  after?: KeysetPosition | undefined;
  limit: number;
};

const selection = (sortColumn: (typeof PROPOSAL_SORTS)[ProposalSort]) => ({
  ...columns,
  commission: commissions.slug,
  state: proposalPlaces.state,
  district: proposalPlaces.district,
  placeSource: proposalPlaces.placeSource,
  districtSource: proposalPlaces.districtSource,
  outcome: proposalOutcomes.outcome,
  outcomeOn: proposalOutcomes.outcomeOn,
  divergence: proposalOutcomes.divergence,
  assessment: {
    methodologyVersion: assessments.methodologyVersion,
    status: assessments.status,
    claimed: assessments.claimed,
    verifiedLow: assessments.verifiedLow,
    verifiedHigh: assessments.verifiedHigh,
    // Methodology 3's reading of the bounds: the low one is what was taken back; the high one is
    // "not ruled out" only where the record does not contradict the claim.
    takenBack: assessments.verifiedLow,
    notRuledOut: sql<
      string | null
    >`case when ${assessments.status} <> 'exceeds_record' then ${assessments.verifiedHigh}::text end`,
    recordDate: assessments.recordDate,
    recordPredatesClaim: assessments.recordPredatesClaim,
    potentialAvoided: assessments.potentialAvoided,
    ceilingCut: assessments.ceilingCut,
    duplicateOf: assessments.duplicateOf,
    computedAt: assessments.computedAt,
  },
  sortValue: sortValueOf(sortColumn),
});

export type ProposalRow = Awaited<ReturnType<typeof listProposals>>[number];

/**
 * One page of proposals with their commission and current assessment: a single statement
 * however many rows, so a page costs one round trip.
 */
export async function listProposals(db: Db, opts: ProposalListOptions) {
  return proposalPageQuery(db, opts);
}

/** The statement behind listProposals, unexecuted (`.toSQL()` gives its text, for benchmarks). */
export function proposalPageQuery(db: Db, opts: ProposalListOptions) {
  const sortColumn = PROPOSAL_SORTS[opts.sort];
  const page = keyset({ column: sortColumn, key: proposals.id, desc: opts.desc }, opts.after);
  return db
    .select(selection(sortColumn))
    .from(proposals)
    .innerJoin(commissions, eq(commissions.id, proposals.commissionId))
    .leftJoin(assessments, assessmentJoin(opts.filters.methodologyVersion))
    .leftJoin(proposalPlaces, eq(proposalPlaces.proposalId, proposals.id))
    .leftJoin(proposalOutcomes, eq(proposalOutcomes.proposalId, proposals.id))
    .where(and(...filterConditions(opts.filters), page.where))
    .orderBy(...page.orderBy)
    .limit(opts.limit);
}

export async function countProposals(db: Db, filters: ProposalFilters): Promise<number> {
  const [row] = await db
    .select({ total: count() })
    .from(proposals)
    .innerJoin(commissions, eq(commissions.id, proposals.commissionId))
    .leftJoin(assessments, assessmentJoin(filters.methodologyVersion))
    .leftJoin(proposalPlaces, eq(proposalPlaces.proposalId, proposals.id))
    .leftJoin(proposalOutcomes, eq(proposalOutcomes.proposalId, proposals.id))
    .where(and(...filterConditions(filters)));
  return row?.total ?? 0;
}

export async function getProposal(db: Db, id: number, methodologyVersion: string) {
  const [row] = await db
    .select(selection(null))
    .from(proposals)
    .innerJoin(commissions, eq(commissions.id, proposals.commissionId))
    .leftJoin(assessments, assessmentJoin(methodologyVersion))
    .leftJoin(proposalPlaces, eq(proposalPlaces.proposalId, proposals.id))
    .leftJoin(proposalOutcomes, eq(proposalOutcomes.proposalId, proposals.id))
    .where(eq(proposals.id, id));
  return row;
}

/**
 * A proposal as it is now beside what its source said at the last sync (`values` null when it
 * has none); undefined when there is no such proposal.
 */
export async function getProposalSource(db: Db, id: number) {
  const [row] = await db
    .select({
      proposal: proposals,
      values: proposalSourceValues.values,
      updatedAt: proposalSourceValues.updatedAt,
    })
    .from(proposals)
    .leftJoin(proposalSourceValues, eq(proposalSourceValues.proposalId, proposals.id))
    .where(eq(proposals.id, id));
  return row;
}

function assessmentJoin(methodologyVersion: string) {
  return and(
    eq(assessments.proposalId, proposals.id),
    eq(assessments.methodologyVersion, methodologyVersion),
  );
}

function filterConditions(f: ProposalFilters): (SQL | undefined)[] {
  const equal = <T>(column: Parameters<typeof eq>[0], value: T | undefined) =>
    value === undefined ? undefined : eq(column, value);
  return [
    f.commission === undefined ? undefined : commissionNamed(f.commission),
    equal(proposals.agencyCode, f.agency),
    equal(proposals.kind, f.kind),
    equal(proposals.status, f.status),
    equal(assessments.status, f.assessmentStatus),
    f.claimDateFrom ? gte(proposals.claimDate, f.claimDateFrom) : undefined,
    f.claimDateTo ? lte(proposals.claimDate, f.claimDateTo) : undefined,
    f.minClaimedSavings ? gte(proposals.claimedSavings, f.minClaimedSavings) : undefined,
    f.maxClaimedSavings ? lte(proposals.claimedSavings, f.maxClaimedSavings) : undefined,
    f.recipient ? ilike(proposals.recipient, `%${escapeLike(f.recipient)}%`) : undefined,
    equal(proposals.piid, f.piid),
    equal(proposals.fain, f.fain),
    f.awardId === undefined ? undefined : awardIdMatches(f.awardId),
    equal(proposalPlaces.state, f.state),
    equal(proposalPlaces.district, f.district),
    equal(proposalOutcomes.outcome, f.outcome),
    equal(proposalOutcomes.divergence, f.divergence),
    // Over the stored tsvector column, which the GIN index covers.
    f.q ? sql`${proposals.search} @@ websearch_to_tsquery('english', ${f.q})` : undefined,
    f.removed === "true" ? isNotNull(proposals.removedFromSourceAt) : undefined,
    f.removed === "false" ? isNull(proposals.removedFromSourceAt) : undefined,
  ];
}

/**
 * A claim by the award id USAspending writes: the stored id (grants), or a contract's key
 * (`CONT_AWD_<piid>_<agency>_<parent piid>_<parent agency>`). A task order's FPDS link mostly
 * leaves the parent agency blank where USAspending's key (and its generated_unique_award_id)
 * names it, so a key naming one matches the claim whose link left it blank. A claim that names
 * no award matches the award its award search found.
 */
function awardIdMatches(id: string) {
  // A claim naming no award whose award search found this one (db/queries/award-search.ts).
  const searched = sql`${searchKeyOf("proposals")} in (select award_id from awards
    where raw->>'resolved_award_id' = ${id.trim()} and award_id like 'search|%')`;
  const contract = /^CONT_AWD_([^_]+)_([^_]+)_([^_]+)_([^_]+)$/i.exec(id.trim());
  if (!contract) return sql`(${proposals.awardId} = ${id} or ${searched})`;
  const [, piid, agency, parentPiid, parentAgency] = contract;
  const none = (part: string | undefined) => (part === "-NONE-" ? null : (part ?? null));
  return sql`(${searched} or ${proposals.awardId} = ${id} or (${proposals.kind} = 'contract'
    and ${proposals.piid} = ${piid} and ${proposals.contractingAgencyId} = ${agency}
    and ${proposals.parentPiid} is not distinct from ${none(parentPiid)}
    and (${proposals.parentAgencyId} is null
      or ${proposals.parentAgencyId} is not distinct from ${none(parentAgency)})))`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
