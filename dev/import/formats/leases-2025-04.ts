import { type ArchiveFormat, amount, claim, text, usDate } from "./format.ts";

/**
 * Leases with a savings figure, as the API serves them and as the archive captured them from
 * April 2025 on (captures of 2025-06-03, 2025-10-05): date, location, sq_ft, description (or
 * `description_doge`), value, savings, agency, then city, state and the scrape time (kept raw).
 *
 * - `savings` is the claim, `value` the lease's value: as the API.
 * - Dates in any of the archives' forms, square feet with or without thousands separators: the
 *   natural key (agency, location, size, date) comes out as the API's.
 */
export const leases202504: ArchiveFormat = {
  id: "leases-2025-04",
  kind: "leases",
  seenIn: "leases-2025-06-03, leases-2025-10-05, the DOGE API",
  requires: ["sq_ft", "location", "value", "savings"],
  forbids: ["ceiling_value"],
  reads: [
    "date",
    "location",
    "sq_ft",
    "description",
    "description_doge",
    "value",
    "savings",
    "agency",
  ],
  unobserved: [],
  receipt: (row) => ({
    date: usDate(row.date),
    location: text(row.location),
    sq_ft: amount(row.sq_ft),
    description: text(row.description_doge) ?? text(row.description),
    value: amount(row.value),
    savings: claim(row.savings),
    agency: text(row.agency),
  }),
};
