import type { StatusV2 } from "./assess-v2.ts";

/**
 * Each verdict in one sentence: the claim's page, the OpenAPI enum and METHODOLOGY.md say the
 * same (a test holds METHODOLOGY.md to these). Version 1's retired verdicts stay defined for the
 * assessments kept under it.
 */
export const STATUS_MEANING: Record<StatusV2 | "no_record" | "overstated", string> = {
  no_saving_claimed: "The claim states no saving (zero or none), so there is nothing to check.",
  unverifiable:
    "The claim names no award (no identifier, such as the receipts marked Unavailable for legal reasons, charge-card purchases and leases), so no record can check it.",
  not_found:
    "The claim names an award, and USAspending has no such award, even after a search by its PIID.",
  supported: "The record shows at least the claimed amount taken back since the commission began.",
  unconfirmed:
    "The record allows the claim (it is within what was taken back plus what is still obligated and unpaid, or the record gives no obligated total) but does not show it taken back.",
  fully_spent:
    "Everything obligated was paid and nothing was taken back: the record leaves nothing to save.",
  exceeds_record:
    "The claim is more than the record allows: it counts money never obligated (such as unexercised options or a vehicle's ceiling) or money already paid.",
  duplicate:
    "Another claim counts the same award (or the agency's own vehicle covering this order), so this one is counted there.",
  no_record: "Version 1: USAspending had no such award.",
  overstated: "Version 1: the claim was above the record's high bound.",
};

/** Shown where a claim has no assessment yet. */
export const NOT_ASSESSED_MEANING =
  "Not checked yet: the award record this claim names has not been fetched; this is no verdict.";
