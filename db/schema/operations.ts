import { bigint, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, timestampTz } from "./columns.ts";
import { apiKeyRole, jobStatus } from "./enums.ts";

export type JobCounts = { fetched: number; inserted: number; changed: number; removed: number };

/** One row per step of a scheduled (or manual) run: how fresh the data is, and why it failed. */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    step: text("step").notNull(),
    /** `cron:<expression>`, `manual:<key id>` or `cli`. */
    trigger: text("trigger").notNull(),
    status: jobStatus("status").notNull().default("running"),
    startedAt: timestampTz("started_at").notNull().defaultNow(),
    finishedAt: timestampTz("finished_at"),
    counts: jsonb("counts")
      .$type<JobCounts>()
      .notNull()
      .default({ fetched: 0, inserted: 0, changed: 0, removed: 0 }),
    error: text("error"),
  },
  (t) => [
    index("job_runs_started_idx").on(t.startedAt),
    index("job_runs_step_idx").on(t.step, t.startedAt),
  ],
);

/** Where a bounded step resumes on the next tick. */
export const jobCursors = pgTable("job_cursors", {
  step: text("step").primaryKey(),
  cursor: jsonb("cursor").notNull(),
  updatedAt: timestampTz("updated_at").notNull().defaultNow(),
});

/** Only a hash of the secret is stored; the prefix lets a person recognise a key. */
export const apiKeys = pgTable("api_keys", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  name: text("name").notNull(),
  role: apiKeyRole("role").notNull(),
  prefix: text("prefix").notNull(),
  hash: text("hash").notNull().unique(),
  createdBy: text("created_by"),
  createdAt: createdAt(),
  lastUsedAt: timestampTz("last_used_at"),
  revokedAt: timestampTz("revoked_at"),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestampTz("at").notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id"),
    requestId: text("request_id"),
    details: jsonb("details"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_resource_idx").on(t.resourceType, t.resourceId),
  ],
);
