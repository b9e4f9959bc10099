import { type FpdsLink, fpdsDate, fpdsLink, fpdsMoney } from "../fpds.ts";

/**
 * Reading the archived DOGE contract lists that carry the linked FPDS record's fields beside
 * each receipt (the 2025-03-31 and 2025-04-04 captures of the public archive, data/archive/):
 * the same way for the worked example of METHODOLOGY.md and for the seed's award evidence.
 */
export type ArchiveRow = Record<string, string>;

/** The FPDS record's fields: the capture left all of them blank where it found no record. */
const FPDS_FIELDS = [
  "award_agency",
  "award_procurement_id",
  "date_signed",
  "amount_obligated",
  "amount_obligated_total",
  "amount_base_exercised_options_total",
  "amount_ultimate",
  "amount_ultimate_total",
];

/** The linked record as the archive gives it: totals as of the action, and the action itself. */
export type ArchivedRecord = {
  totalObligation: string | null;
  baseExercisedOptions: string | null;
  baseAndAllOptions: string | null;
  recipient: string | null;
  action: {
    key: string;
    modificationNumber: string | null;
    actionDate: string | null;
    obligation: string | null;
    ceilingChange: string | null;
  };
};

/**
 * A receipt link's identifiers, or null when it names no award: "Unavailable" receipts link to
 * the bare https://fpds.gov, and "Charge Card Purchase" and other receipts have no link at all.
 */
export function receiptIdentifiers(text: string | undefined): FpdsLink | null {
  const link = fpdsLink(text);
  return link?.piid && link.agency ? link : null;
}

/**
 * The link's identifiers with a task order's parent agency completed from the record: links
 * mostly leave it blank, and the record names its parent (ref_idv_*). Taken only where the
 * record names the same parent PIID as the link.
 */
export function completedIdentifiers(row: ArchiveRow): FpdsLink | null {
  const link = receiptIdentifiers(row.fpds_link);
  if (link?.parentPiid && !link.parentAgency && row.ref_idv_procurement_id === link.parentPiid) {
    return { ...link, parentAgency: row.ref_idv_agency ?? "" };
  }
  return link;
}

/** The linked FPDS record of one archived receipt, or null where the capture found none. */
export function archivedRecord(row: ArchiveRow): ArchivedRecord | null {
  if (!FPDS_FIELDS.some((f) => row[f]?.trim())) return null;
  const piid = row.award_procurement_id || receiptIdentifiers(row.fpds_link)?.piid || "";
  const mod = row.award_modification_num?.trim() || null;
  return {
    totalObligation: fpdsMoney(row.amount_obligated_total),
    baseExercisedOptions: fpdsMoney(row.amount_base_exercised_options_total),
    baseAndAllOptions: fpdsMoney(row.amount_ultimate_total),
    recipient: row.entity_name?.trim() || row.vendor?.trim() || null,
    action: {
      key: `${piid}:${mod ?? ""}`,
      modificationNumber: mod,
      actionDate: fpdsDate(row.date_signed),
      obligation: fpdsMoney(row.amount_obligated),
      ceilingChange: fpdsMoney(row.amount_ultimate),
    },
  };
}
