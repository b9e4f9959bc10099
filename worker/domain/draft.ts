/**
 * The draft model: the fields of a claim that come from its source, in the form every source
 * (the DOGE API's receipts, the archived lists) is turned into before a sync compares it with
 * what is stored, and the one form names are compared in. Pure: no I/O.
 */

/** The fields of a proposal that come from the source; what a change at the source can touch. */
export type ProposalDraft = {
  kind: "contract" | "grant" | "lease";
  naturalKey: string;
  agencyName: string | null;
  title: string;
  description: string | null;
  recipient: string | null;
  piid: string | null;
  contractingAgencyId: string | null;
  parentPiid: string | null;
  parentAgencyId: string | null;
  modNumber: string | null;
  fain: string | null;
  awardId: string | null;
  leaseLocation: string | null;
  leaseSqFt: number | null;
  claimedSavings: string;
  claimedValue: string | null;
  claimDate: string | null;
  receiptCount: number;
  /** A pool's receipts by claim date (`undated` for those without one); null for one receipt. */
  receiptDates: ReceiptDates | null;
  sourceUrl: string | null;
  sourceStatus: string | null;
  /**
   * Columns of an archived list that map to no field, as the file had them (non-blank cells):
   * kept in the claim's source record, never compared. Absent for the API's receipts and pools.
   */
  sourceExtra?: Record<string, string> | null;
};

/** Receipts and their summed claim per claim date, dates in order. */
export type ReceiptDates = Record<string, { receipts: number; savings: string }>;

export const DRAFT_FIELDS = [
  "agencyName",
  "title",
  "description",
  "recipient",
  "piid",
  "contractingAgencyId",
  "parentPiid",
  "parentAgencyId",
  "modNumber",
  "fain",
  "awardId",
  "leaseLocation",
  "leaseSqFt",
  "claimedSavings",
  "claimedValue",
  "claimDate",
  "receiptCount",
  "receiptDates",
  "sourceUrl",
  "sourceStatus",
] as const satisfies readonly (keyof ProposalDraft)[];

/** Upper-case, single-spaced: the form names are compared in. */
export function normalizeName(text: string | null): string {
  return (text ?? "").toUpperCase().replace(/\s+/g, " ").trim();
}
