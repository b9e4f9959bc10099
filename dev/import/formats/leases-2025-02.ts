import { type ArchiveFormat, amount, claim, text, usDate } from "./format.ts";

/**
 * Leases as doge.gov listed them in February 2025 (capture of 2025-02-18): sq_ft ("3,076"), date
 * (YYYY-MM-DD or M/D/YYYY), location, description, `ceiling_value`, `value`, agency, city, state.
 *
 * The claim: as in that month's contract list, `value` is the savings claim under another name
 * and `ceiling_value` the lease's value. Matched on location and size to the API list of
 * 2025-04-12, `ceiling_value` equals the later `value` for 261 of 279 leases, and this `value`
 * the later `savings` for 156 (the later `value` for 6). A blank `value` is an unknown claim.
 *
 * The capture is three scrapes concatenated, with no scrape time (194 rows dated YYYY-MM-DD, then
 * 97 dated M/D/YYYY): its 291 rows are 111 distinct leases, most listed three times. Rows that
 * make the very same receipt are collapsed into one.
 */
export const leases202502: ArchiveFormat = {
  id: "leases-2025-02",
  kind: "leases",
  seenIn: "leases-2025-02-18",
  requires: ["sq_ft", "location", "ceiling_value", "value"],
  forbids: ["savings"],
  reads: ["sq_ft", "date", "location", "description", "ceiling_value", "value", "agency"],
  unobserved: [],
  collapseRepeats: true,
  receipt: (row) => ({
    date: usDate(row.date),
    location: text(row.location),
    sq_ft: amount(row.sq_ft),
    description: text(row.description),
    value: amount(row.ceiling_value),
    savings: claim(row.value),
    agency: text(row.agency),
  }),
};
