import { type ArchiveFormat, amount, claim, text, usDate } from "./format.ts";

/**
 * Contracts as doge.gov listed them in February 2025 (capture of 2025-02-18): each receipt with
 * two DOGE figures, `ceiling_value` and `value`, the list date `update_date` (and `date`), then
 * the linked FPDS record's fields.
 *
 * The claim: DOGE published no column named savings yet, and its totals were built from `value`
 * (the $8,000,000,000 ICE receipt, PIID 70CMSD22A00000008, is `value` here). Matched by PIID to
 * the API list of 2025-04-12, this file's `value` equals the later `savings` for 512 of 840
 * receipts and the later `value` for 32, while `ceiling_value` equals the later `value` for 653.
 * So `value` was the savings claim under another name and `ceiling_value` the contract value:
 * mapped as such, the ICE receipt reads as a claim of $8 B that became $8 M (03-31), and the
 * receipts DOGE did not edit show no change at all between the generations. A blank `value` (17
 * receipts, with no figures at all) is an unknown claim, not zero.
 * `update_date` equals the API's `deleted_date` for 822 of 840 receipts (`date` for 137): it is
 * the claim date; `date` is kept raw.
 */
export const contracts202502: ArchiveFormat = {
  id: "contracts-2025-02",
  kind: "contracts",
  seenIn: "contracts-2025-02-18",
  requires: ["piid", "ceiling_value", "value", "update_date"],
  forbids: ["savings"],
  reads: [
    "piid",
    "agency",
    "vendor",
    "ceiling_value",
    "value",
    "description",
    "fpds_status",
    "fpds_link",
    "update_date",
  ],
  unobserved: [],
  receipt: (row) => ({
    piid: text(row.piid),
    agency: text(row.agency),
    vendor: text(row.vendor),
    value: amount(row.ceiling_value),
    description: text(row.description),
    fpds_status: text(row.fpds_status),
    fpds_link: text(row.fpds_link),
    deleted_date: usDate(row.update_date),
    savings: claim(row.value),
  }),
};
