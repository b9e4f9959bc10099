import type { ProposalRow } from "../../db/queries/proposals.ts";
import { toApi } from "../lib/serialize.ts";
import type { ProposalRecord } from "../routes/proposals/schema.ts";

/** A proposal as the API shows it; the assessment is inline, null until one exists. */
export function proposalRecord(row: ProposalRow): ProposalRecord {
  const { sortValue: _sortValue, assessment, ...rest } = row;
  return {
    ...toApi(rest),
    removed: rest.removedFromSourceAt !== null,
    assessment: assessment ? toApi(assessment) : null,
  } as ProposalRecord;
}

const ASSESSMENT_COLUMNS = [
  "methodology_version",
  "status",
  "claimed",
  "verified_low",
  "verified_high",
  "potential_avoided",
  "ceiling_cut",
  "duplicate_of",
  "computed_at",
] as const;

const FLAT_COLUMNS = [
  "id",
  "commission",
  "kind",
  "natural_key",
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
export const proposalCsv = {
  filename: "proposals.csv",
  header: [...FLAT_COLUMNS, ...ASSESSMENT_COLUMNS.map((c) => `assessment_${c}`)],
  row: (p: ProposalRecord) => [
    ...FLAT_COLUMNS.map((c) => p[c]),
    ...ASSESSMENT_COLUMNS.map((c) => p.assessment?.[c]),
  ],
};
