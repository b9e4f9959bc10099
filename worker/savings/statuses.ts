import type { StatusV3 } from "./assess-v3.ts";

/**
 * Each verdict in one sentence, as methodology 3 means it: the claim's page, the OpenAPI enum and
 * METHODOLOGY.md say the same (a test holds METHODOLOGY.md to these, and another holds each
 * sentence true of real claims of that verdict). Version 1's retired verdicts stay defined for
 * the assessments kept under it.
 */
export const STATUS_MEANING: Record<StatusV3 | "no_record" | "overstated", string> = {
  no_saving_claimed: "The claim states no saving (zero or none), so there is nothing to check.",
  unverifiable:
    "The claim names nothing to search a record by (no award, PIID, FAIN or recipient, such as the receipts marked Unavailable for legal reasons, charge-card purchases and leases), so no record can check it.",
  not_yet_checked:
    "The claim names a PIID, FAIN or recipient but no award, and no search has looked its award up yet: no verdict either way.",
  not_found:
    "USAspending has no award for what the claim names (its award, or its PIID, FAIN or recipient searched with its agency), or several it cannot tell apart: the search is shown, and no record checks the claim.",
  supported: "The record shows at least the claimed amount taken back since the commission began.",
  unconfirmed:
    "The record does not rule the claim out (it is within what was taken back plus what is still obligated, less payments where the record gives them, or the record gives no obligated total) but does not show it taken back.",
  unexercised_options:
    "The claim equals, to the dollar, the award's unexercised options (its ceiling less what was exercised or obligated): options are not savings, so only what the record shows taken back counts.",
  fully_spent:
    "Everything obligated was paid and nothing was taken back: the record leaves nothing to save.",
  exceeds_record:
    "The claim is more than the record allows, by $1 or more: it counts money never obligated (such as unexercised options or a vehicle's ceiling) or money already paid.",
  duplicate:
    "Another claim counts the same award (or the agency's own vehicle covering this order), so this one is counted there.",
  no_record: "Version 1: USAspending had no such award.",
  overstated: "Version 1: the claim was above the record's high bound.",
};

/** Shown where a claim has no assessment yet. */
export const NOT_ASSESSED_MEANING =
  "Not checked yet: the award record this claim names has not been fetched; this is no verdict.";
