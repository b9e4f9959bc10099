import type { Db } from "../../db/client.ts";
import { getProposalVersion, listProposalVersions } from "../../db/queries/history.ts";
import type { KeysetPosition } from "../../db/queries/keyset.ts";
import {
  countProposals,
  getProposal,
  getProposalSource,
  listProposals,
  type ProposalFilters,
  type ProposalRow,
  type ProposalSort,
} from "../../db/queries/proposals.ts";
import { sameFieldValue } from "../lib/money.ts";
import { type ApiRecord, isoTimestamp, snakeName, toApi } from "../lib/serialize.ts";
import { METHODOLOGY_VERSION } from "../savings/methodology.ts";
import { DRAFT_FIELDS } from "./draft.ts";

/**
 * The proposal read model: a claim as the API, the export and the pages show it, how a list of
 * claims is read, and the source's side of a claim. The routes' valibot schemas
 * (routes/proposals/schema.ts) document these shapes; a drift between them fails the type-check.
 */

/** A claim's current assessment as the API shows it. */
type AssessmentRecord = ApiRecord<NonNullable<ProposalRow["assessment"]>>;

/** A proposal as the API shows it; the assessment is inline, null until one exists. */
export type ProposalRecord = ApiRecord<Omit<ProposalRow, "sortValue" | "assessment">> & {
  removed: boolean;
  assessment: AssessmentRecord | null;
};

/** A claim with its assessment under the current methodology; undefined when there is none. */
export function findProposal(db: Db, id: number): Promise<ProposalRow | undefined> {
  return getProposal(db, id, METHODOLOGY_VERSION);
}

export function proposalRecord(row: ProposalRow): ProposalRecord {
  const { sortValue: _sortValue, assessment, ...rest } = row;
  return {
    ...toApi(rest),
    removed: rest.removedFromSourceAt !== null,
    assessment: assessment ? toApi(assessment) : null,
  };
}

/** A proposal list's filters as the API's query parameters name them (no sort, paging, format). */
export type ProposalFilterQuery = ApiRecord<Omit<ProposalFilters, "methodologyVersion">>;

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
    state: query.state,
    district: query.district,
    outcome: query.outcome,
    divergence: query.divergence,
  };
}

/** How proposals are read as a list: shared by the list, the claims page and the full export. */
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

const ASSESSMENT_COLUMNS = [
  "methodology_version",
  "status",
  "claimed",
  "taken_back",
  "not_ruled_out",
  "record_date",
  "record_predates_claim",
  "potential_avoided",
  "ceiling_cut",
  "duplicate_of",
  "computed_at",
] as const satisfies readonly (keyof AssessmentRecord)[];

const FLAT_COLUMNS = [
  "id",
  "commission",
  "kind",
  "natural_key",
  "former_keys",
  "agency_name",
  "agency_code",
  "title",
  "description",
  "recipient",
  "piid",
  "contracting_agency_id",
  "parent_piid",
  "parent_agency_id",
  "mod_number",
  "fain",
  "award_id",
  "lease_location",
  "lease_sq_ft",
  "state",
  "district",
  "place_source",
  "district_source",
  "outcome",
  "outcome_on",
  "divergence",
  "claimed_savings",
  "claimed_value",
  "claim_date",
  "status",
  "receipt_count",
  "receipt_dates",
  "source",
  "source_url",
  "source_status",
  "sources",
  "first_seen_at",
  "last_seen_at",
  "removed_from_source_at",
  "removed",
  "version",
  "retracted_at",
  "retraction_reason",
  "created_at",
  "updated_at",
] as const satisfies readonly (keyof ProposalRecord)[];

/** CSV: one flat row per proposal, the assessment as `assessment_*` columns. */
const proposalCsv = {
  filename: "proposals.csv",
  header: [...FLAT_COLUMNS, ...ASSESSMENT_COLUMNS.map((c) => `assessment_${c}`)],
  row: (p: ProposalRecord) => [
    ...FLAT_COLUMNS.map((c) => p[c]),
    ...ASSESSMENT_COLUMNS.map((c) => p.assessment?.[c]),
  ],
};

/** The source's side of a claim: its values as the last sync read them, and what editors corrected. */
export type ProposalSource = {
  proposal_id: number;
  source: string;
  /** By the API's field names. */
  values: Record<string, unknown>;
  extra: Record<string, string> | null;
  corrected: string[];
  updated_at: string;
};

type SourceRow = NonNullable<Awaited<ReturnType<typeof getProposalSource>>>;

/** The source's side of a claim; undefined when the claim has no source values. */
export function proposalSource(row: SourceRow): ProposalSource | undefined {
  const { proposal, values, updatedAt } = row;
  if (!values || !updatedAt) return undefined;
  return {
    proposal_id: proposal.id,
    source: proposal.source,
    values: Object.fromEntries(DRAFT_FIELDS.map((f) => [snakeName(f), values[f] ?? null])),
    extra: (values.extra as Record<string, string> | undefined) ?? null,
    corrected: DRAFT_FIELDS.filter((f) => !sameFieldValue(f, proposal[f], values[f])).map(
      snakeName,
    ),
    updated_at: isoTimestamp(updatedAt),
  };
}

/**
 * A claim's source side for the API and the claim's page: undefined when there is no such claim;
 * `record` undefined when it has no source values (entered by hand, or not yet synced).
 */
export async function findProposalSource(db: Db, id: number) {
  const row = await getProposalSource(db, id);
  if (!row) return undefined;
  return { record: proposalSource(row), enteredByHand: row.proposal.source === "editor" };
}

/** A claim's history, the versioned-history endpoint's and the claim page's reader. */
export const proposalVersions = listProposalVersions;

/** One version of a claim, as written. */
export const proposalVersion = getProposalVersion;
