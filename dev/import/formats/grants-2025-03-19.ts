import { type ArchiveFormat, amount, BLANK_CLAIM, text, usDate } from "./format.ts";

/**
 * Grants as the archive captured them until mid-March 2025 (capture of 2025-03-19): agency,
 * uploaded_on (M/D/YYYY; `uploaded_dt` is the same day in ISO), value, description, scrape time.
 *
 * - `value` is the grant's value, not a savings claim: matched on agency, date and amount to the
 *   2025-03-30 capture, it equals that list's `value` for 6,562 rows and its `savings` for 1,604
 *   (and the file sums to $123.8 B). claimed_value; savings are not observed.
 * - No recipient and no link: every receipt is unidentified, one pool per agency (as the API's
 *   grants with neither), holding their count. Recipient, link and award ids are not observed;
 *   nor is the pool's split of savings by date, which this list cannot give.
 */
export const grants20250319: ArchiveFormat = {
  id: "grants-2025-03-19",
  kind: "grants",
  seenIn: "grants-2025-03-19",
  requires: ["agency", "uploaded_on", "value"],
  forbids: ["savings", "recipient", "link"],
  reads: ["agency", "uploaded_on", "value", "description"],
  unobserved: ["recipient", "sourceUrl", "fain", "awardId", "claimedSavings", "receiptDates"],
  receipt: (row) => ({
    date: usDate(row.uploaded_on),
    agency: text(row.agency),
    recipient: null,
    value: amount(row.value),
    // Not observed: a placeholder the sync never reads (SyncInput.unobserved).
    savings: BLANK_CLAIM,
    link: null,
    description: text(row.description),
  }),
};
