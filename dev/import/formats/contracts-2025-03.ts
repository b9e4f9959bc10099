import { type ArchiveFormat, amount, claim, text, usDate } from "./format.ts";

/**
 * Contracts with a savings figure, as the API serves them and as the archive captured them from
 * 2025-03-31 on: piid, agency, vendor, value, description, fpds_status, fpds_link, deleted_date,
 * savings, then (in the archive) the linked FPDS record's fields, kept raw.
 *
 * - `savings` is the claim, `value` the contract value (DESIGN.md §5): as the API.
 * - The description is DOGE's: `description` until the capture of 2025-04-04 renamed it
 *   `description_doge` (that capture's FPDS description is `requirement_desc`, not DOGE's).
 * - The 2025-03-31 capture writes USAID's withheld receipts' PIID in full ("Unavailable for legal
 *   reason"); the API and later captures say "Unavailable". Same label, same pool.
 */
export const contracts202503: ArchiveFormat = {
  id: "contracts-2025-03",
  kind: "contracts",
  seenIn: "contracts-2025-03-31, contracts-2025-04-04, the DOGE API",
  requires: ["piid", "value", "savings", "deleted_date"],
  forbids: ["ceiling_value"],
  reads: [
    "piid",
    "agency",
    "vendor",
    "value",
    "description",
    "description_doge",
    "fpds_status",
    "fpds_link",
    "deleted_date",
    "savings",
  ],
  unobserved: [],
  receipt: (row) => {
    const piid = text(row.piid);
    return {
      piid: piid && /^unavailable\b/i.test(piid) ? "Unavailable" : piid,
      agency: text(row.agency),
      vendor: text(row.vendor),
      value: amount(row.value),
      description: text(row.description_doge) ?? text(row.description),
      fpds_status: text(row.fpds_status),
      fpds_link: text(row.fpds_link),
      deleted_date: usDate(row.deleted_date),
      savings: claim(row.savings),
    };
  },
};
