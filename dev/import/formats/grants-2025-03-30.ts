import { type ArchiveFormat, amount, claim, text, usDate } from "./format.ts";

/**
 * Grants with a savings figure, as the API serves them and as the archive captured them from
 * 2025-03-30 on: date, agency, recipient, value, savings, link (a USAspending award URL),
 * description, then the USAspending award's fields (kept raw; filled for few rows).
 *
 * - `savings` is the claim, `value` the grant's value: as the API.
 * - The description is DOGE's, the first `description` column; the award's own description
 *   repeats the name later in the header and is kept raw as `description_2`.
 */
export const grants20250330: ArchiveFormat = {
  id: "grants-2025-03-30",
  kind: "grants",
  seenIn: "grants-2025-03-30, the DOGE API",
  requires: ["date", "agency", "recipient", "value", "savings"],
  forbids: [],
  reads: ["date", "agency", "recipient", "value", "savings", "link", "description"],
  unobserved: [],
  receipt: (row) => ({
    date: usDate(row.date),
    agency: text(row.agency),
    recipient: text(row.recipient),
    value: amount(row.value),
    savings: claim(row.savings),
    link: text(row.link),
    description: text(row.description),
  }),
};
