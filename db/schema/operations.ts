import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
} from "drizzle-orm/pg-core";
import { createdAt, timestampTz } from "./columns.ts";
import { apiKeyRole, jobStatus } from "./enums.ts";

export type JobCounts = {
  fetched: number;
  inserted: number;
  changed: number;
  removed: number;
  /** Awards steps only: lookups that failed (recorded against their award), and sent to the queue. */
  failed?: number;
  queued?: number;
  /** Snapshot step only: files written, 1 when the day's snapshot existed already, dates deleted. */
  written?: number;
  skipped?: number;
  deleted?: number;
};

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
    /** False when the run spent its subrequest budget first; the next run resumes. */
    complete: boolean("complete").notNull().default(true),
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

/**
 * Pages of an upstream list fetched by earlier bounded runs, kept until the list is complete
 * and synced in one transaction. A partial list never reaches the proposals.
 */
export const jobStaging = pgTable(
  "job_staging",
  {
    /** The list being fetched, e.g. `doge-receipts:contracts`. */
    list: text("list").notNull(),
    page: integer("page").notNull(),
    /** The upstream's announced total when this page was fetched: a change means restart. */
    total: integer("total").notNull(),
    items: jsonb("items").$type<unknown[]>().notNull(),
    fetchedAt: timestampTz("fetched_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.list, t.page] })],
);

/**
 * One row per pipeline: held while a run works, with a lease so that a run that died never
 * blocks the next for longer than the lease.
 */
export const jobLocks = pgTable("job_locks", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: timestampTz("expires_at").notNull(),
});

/**
 * Only a SHA-256 of the secret is stored. The prefix is the key's public handle: it finds the
 * row, and lets a person recognise a key, without the secret.
 */
export const apiKeys = pgTable("api_keys", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  name: text("name").notNull(),
  role: apiKeyRole("role").notNull(),
  prefix: text("prefix").notNull().unique(),
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
    index("audit_log_at_idx").on(t.at, t.id),
    index("audit_log_resource_idx").on(t.resourceType, t.resourceId),
  ],
);

/**
 * A POST's Idempotency-Key and the response it got, written in the write's own transaction:
 * a retry replays the response instead of writing again, a concurrent twin waits on the row.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    apiKeyId: bigint("api_key_id", { mode: "number" })
      .notNull()
      .references(() => apiKeys.id),
    key: text("key").notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text("request_hash").notNull(),
    status: integer("status"),
    location: text("location"),
    body: jsonb("body"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] })],
);
