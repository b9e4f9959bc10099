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

export const assessmentStatus = pgEnum("assessment_status", [
  "no_record",
  "fully_spent",
  "supported",
  "overstated",
  "duplicate",
  "unverifiable",
]);

export const jobStatus = pgEnum("job_status", ["running", "succeeded", "failed", "skipped"]);

export const apiKeyRole = pgEnum("api_key_role", ["editor", "admin"]);
