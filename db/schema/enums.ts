import { pgEnum } from "drizzle-orm/pg-core";

export const proposalKind = pgEnum("proposal_kind", [
  "contract",
  "grant",
  "lease",
  "program",
  "workforce",
  "regulation",
  "other",
]);

export const proposalStatus = pgEnum("proposal_status", [
  "proposed",
  "announced",
  "executed",
  "reversed",
  "blocked",
]);

/**
 * Every methodology version's statuses (METHODOLOGY.md defines each): version 1 used
 * `no_record` and `overstated`; version 2 replaced them with `not_found`, `unconfirmed`,
 * `exceeds_record` and added `no_saving_claimed`; version 3 added `unexercised_options` and
 * `not_yet_checked`. Old versions' rows keep their values.
 */
export const assessmentStatus = pgEnum("assessment_status", [
  "no_record",
  "fully_spent",
  "supported",
  "overstated",
  "duplicate",
  "unverifiable",
  "no_saving_claimed",
  "not_found",
  "unconfirmed",
  "exceeds_record",
  "unexercised_options",
  "not_yet_checked",
]);

export const jobStatus = pgEnum("job_status", ["running", "succeeded", "failed", "skipped"]);

export const apiKeyRole = pgEnum("api_key_role", ["editor", "admin", "subscriber"]);

/** How precisely a reported date is known (worker/lib/approx-date.ts). */
export const datePrecision = pgEnum("date_precision", ["day", "approximate", "month", "unknown"]);
