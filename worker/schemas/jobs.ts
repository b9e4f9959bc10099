import * as v from "valibot";
import { Timestamp } from "./common.ts";
import { limitParam } from "./list.ts";

export const RunsQuery = v.strictObject({
  limit: v.optional(limitParam(100, "How many runs, newest first (1–100, default 20)."), "20"),
});

export const JobRunSchema = v.object({
  id: v.number(),
  step: v.pipe(v.string(), v.description("The pipeline step, e.g. `doge-receipts`.")),
  trigger: v.pipe(v.string(), v.description("`cron:<expression>`, `manual:<key id>` or `cli`.")),
  status: v.picklist(["running", "succeeded", "failed", "skipped"]),
  started_at: Timestamp,
  finished_at: v.nullable(Timestamp),
  counts: v.object({
    fetched: v.number(),
    inserted: v.number(),
    changed: v.number(),
    removed: v.number(),
    failed: v.optional(
      v.pipe(
        v.number(),
        v.description(
          "Award lookups that failed in this run, each recorded against its award (shown on its claims' pages) and left alone until its retry time; the others went on.",
        ),
      ),
    ),
    queued: v.optional(
      v.pipe(v.number(), v.description("Award lookups sent to the queue of award lookups.")),
    ),
    written: v.optional(
      v.pipe(v.number(), v.description("Snapshot step: files of the day's snapshot written.")),
    ),
    skipped: v.optional(
      v.pipe(
        v.number(),
        v.description(
          "Snapshot step: 1 when the day's snapshot existed already (never rewritten).",
        ),
      ),
    ),
    deleted: v.optional(
      v.pipe(
        v.number(),
        v.description("Snapshot step: snapshots deleted as older than retention."),
      ),
    ),
  }),
  error: v.nullable(v.string()),
  complete: v.pipe(
    v.boolean(),
    v.description("False when the run spent its subrequest budget first; the next run resumes."),
  ),
});

export const LookupsQuery = v.strictObject({
  limit: v.optional(
    limitParam(500, "How many failed awards, newest failure first (1–500, default 50)."),
    "50",
  ),
});

export const FailedLookupSchema = v.object({
  award_id: v.pipe(v.string(), v.description("The award's key, as claims name it (`award_id`).")),
  attempts: v.pipe(v.number(), v.description("Failed attempts since its last success.")),
  last_error: v.nullable(v.string()),
  last_attempt_at: v.nullable(Timestamp),
  failed_at: v.nullable(Timestamp),
  queued_at: v.nullable(Timestamp),
  retry_at: v.pipe(
    v.nullable(Timestamp),
    v.description(
      "The job leaves the award alone until then (a backoff: 1 h doubling, at most a week).",
    ),
  ),
});
