import { parseFpdsLink } from "../../../worker/jobs/doge/receipts.ts";
import { type ArchiveFormat, amount, BLANK_CLAIM, text, usDate } from "./format.ts";

/**
 * The doge.gov contract list of 2025-03-05 as richarddunks/doge_parser saved it: AGENCY,
 * DESCRIPTION, UPLOADED ON (M/D/YY), LINK, VALUE ("$440,000 "). Only a link, no PIID column.
 *
 * - VALUE is the contract value, not the savings claim (on the rows that match the 2025-04-12
 *   API list it equals the API's `value` far more often than its `savings`): claimed_value. The
 *   list carries no savings figure, no vendor and no FPDS status: those are not observed.
 * - The PIID is the one the link names (viewLinkController's `PIID`, or the `q` of an ezsearch
 *   query link), so a receipt keys as the API's does; a link naming none leaves it unidentified.
 * - UPLOADED ON is the list's date for the receipt, the API's `deleted_date`.
 * - Partial: a scrape of doge.gov's pages by another project, with no count from the source to
 *   check it by. Of the 2,334 rows, most were on the 02-18 list; yet 344 receipts listed on 02-18
 *   and again on 03-31 are not on it, so an absence from it says nothing.
 */
export const contractsList202503: ArchiveFormat = {
  id: "contracts-list-2025-03",
  kind: "contracts",
  seenIn: "data/fpds/doge-contracts-2025-03-05",
  requires: ["agency", "uploaded_on", "link", "value"],
  forbids: ["savings", "piid", "recipient"],
  reads: ["agency", "description", "uploaded_on", "link", "value"],
  unobserved: ["recipient", "sourceStatus", "claimedSavings", "receiptDates"],
  partial:
    "a scrape of the doge.gov pages by another project, with no count from the source: receipts listed before and after it are missing from it",
  receipt: (row) => {
    const link = text(row.link);
    return {
      piid: piidOf(link),
      agency: text(row.agency),
      value: amount(row.value),
      description: text(row.description),
      fpds_link: link,
      deleted_date: usDate(row.uploaded_on),
      // Not observed: a placeholder the sync never reads (SyncInput.unobserved).
      savings: BLANK_CLAIM,
    };
  },
};

function piidOf(link: string | null): string | null {
  const fromLink = parseFpdsLink(link)?.piid;
  if (fromLink) return fromLink;
  if (!link || !URL.canParse(link)) return null;
  return new URL(link).searchParams.get("q")?.trim() || null;
}
